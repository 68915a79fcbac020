import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    rng = np.random.default_rng(42)  # reproducible!
    W1 = rng.normal(0.0, 0.01, size=(n_h, n_x))
    b1 = np.zeros((n_h, 1))
    W2 = rng.normal(0.0, 0.01, size=(n_y, n_h))
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
