import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    scale = 0.01
    W1 = np.random.randn(n_h * n_x).reshape(n_h, n_x) * scale
    W2 = np.random.randn(n_y * n_h).reshape((n_y, n_h)) * scale
    b1 = np.zeros(n_h).reshape(-1, 1)
    b2 = np.zeros(n_y).reshape(-1, 1)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
