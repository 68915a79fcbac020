import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    # I wanted to see every weight being drawn, so no vectorization here
    W1 = np.zeros((n_h, n_x))
    for i in range(n_h):
        for j in range(n_x):
            W1[i, j] = np.random.randn() * 0.01

    b1 = np.zeros((n_h, 1))

    W2 = np.zeros((n_y, n_h))
    for i in range(n_y):
        for j in range(n_h):
            W2[i][j] = np.random.randn() * 0.01

    b2 = np.zeros((n_y, 1))

    parameters = {}
    parameters["W1"] = W1
    parameters["b1"] = b1
    parameters["W2"] = W2
    parameters["b2"] = b2
    return parameters
