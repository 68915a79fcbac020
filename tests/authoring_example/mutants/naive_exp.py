"""Exponentiates without subtracting the maximum: overflows for large inputs.

Killed by: stability.large
"""

import numpy as np


def softmax(z):
    e = np.exp(z)
    return e / np.sum(e, axis=0, keepdims=True)
