"""Right shapes, zero biases, but weights full of NaN and infinity."""

import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    W1[0, 0] = np.nan
    W2 = np.full((n_y, n_h), np.inf)
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
