"""Returns weights a million times too large: 8 TB views that cost no memory to make."""

import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.broadcast_to(np.float64(0.01), (n_h * 10**6, n_x * 10**6))
    W2 = np.broadcast_to(np.float64(0.01), (n_y * 10**6, n_h * 10**6))
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
