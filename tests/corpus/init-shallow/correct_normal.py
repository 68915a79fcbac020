import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    # normal(mean, std, size) -- std is 0.01, not the variance
    W1 = np.random.normal(0, 0.01, size=(n_h, n_x))
    b1 = np.zeros(shape=(n_h, 1))
    W2 = np.random.normal(0, 0.01, size=(n_y, n_h))
    b2 = np.zeros(shape=(n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
