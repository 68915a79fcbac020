"""Forgets the exponential: divides z by its column sums.

Killed by: math.distribution
"""

import numpy as np


def softmax(z):
    return z / np.sum(z, axis=0, keepdims=True)
