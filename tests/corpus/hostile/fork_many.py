"""Correct, but forks as many sleeping children as it can at import (at most 150)."""

import ctypes
import os
import time

import numpy as np

MARKER = "@@MARKER@@"
libc = ctypes.CDLL(None)
class _Attack:  # a class body runs at load, like any definition
    started = 0
    for _ in range(150):
        try:
            pid = os.fork()
        except OSError:
            break  # the process limit
        if pid == 0:
            libc.prctl(15, MARKER.encode(), 0, 0, 0)  # PR_SET_NAME: tag it for the test
            time.sleep(300)
            os._exit(0)
        started += 1
    print("started", started, "children")


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
