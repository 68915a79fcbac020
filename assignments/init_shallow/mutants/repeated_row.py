"""Draws one row and repeats it: every hidden unit gets the same incoming weights.

Killed by: symmetry.distinct-units
"""

import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.tile(np.random.randn(1, n_x) * 0.01, (n_h, 1))
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
