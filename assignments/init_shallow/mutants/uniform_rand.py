"""Draws from a uniform distribution on [0, 1) (np.random.rand) instead of a normal one.

Killed by: scale.std, scale.gaussian
"""

import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.rand(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.rand(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
