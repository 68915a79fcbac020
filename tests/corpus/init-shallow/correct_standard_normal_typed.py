"""Homework 3, part 1: initialization of a 2-layer net.

Name: (redacted)
"""
from __future__ import annotations

import numpy as np


def initialize_parameters(n_x: int, n_h: int, n_y: int) -> dict[str, np.ndarray]:
    """Return small random weights and zero biases for a n_x -> n_h -> n_y network.

    Rows of each weight matrix are the units of the layer it feeds, so
    W1 is (n_h, n_x) and W2 is (n_y, n_h). Biases are column vectors.
    """
    W1: np.ndarray = np.random.standard_normal(size=(n_h, n_x)) * 0.01
    b1: np.ndarray = np.zeros((n_h, 1))
    W2: np.ndarray = np.random.standard_normal(size=(n_y, n_h)) * 0.01
    b2: np.ndarray = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
