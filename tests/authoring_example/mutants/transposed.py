"""Returns the result transposed: one row per example.

Killed by: api.shape
"""

import numpy as np


def softmax(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return (e / np.sum(e, axis=0, keepdims=True)).T
