"""Correct, but floods stdout and stderr, through print and straight to the descriptors."""

import os
import sys

import numpy as np

for i in range(100_000):
    print("training step", i, "loss", 0.5)
os.write(1, b"x" * 10_000_000)
os.write(2, b"y" * 1_000_000)
try:
    os.write(2, b"z" * 100_000_000)
except OSError as exc:
    print("stderr refused:", exc)
sys.stderr.write("e" * 1_000_000)


def initialize_parameters(n_x, n_h, n_y):
    print("W" * 20_000)
    sys.stderr.write("E" * 20_000)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
