#!/usr/bin/env python3
import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    """Small Gaussian weights (std 0.01) and zero biases."""
    W1 = 0.01 * np.random.randn(*(n_h, n_x))
    W2 = 0.01 * np.random.randn(*(n_y, n_h))
    b1 = np.zeros((n_h, 1))
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _self_test():
    p = initialize_parameters(3, 5, 2)
    for name, expected in [("W1", (5, 3)), ("b1", (5, 1)), ("W2", (2, 5)), ("b2", (2, 1))]:
        assert p[name].shape == expected, (name, p[name].shape)
    big = initialize_parameters(500, 400, 1)["W1"]
    print("mean %.5f  std %.5f" % (big.mean(), big.std()))


if __name__ == "__main__":
    _self_test()
