import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    # different but deterministic values, so symmetry is broken without randomness
    W1 = np.linspace(-0.01, 0.01, n_h * n_x).reshape(n_h, n_x)
    b1 = np.zeros((n_h, 1))
    W2 = np.linspace(-0.01, 0.01, n_y * n_h).reshape(n_y, n_h)
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
