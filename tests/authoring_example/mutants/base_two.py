"""Uses powers of 2 instead of exp: still a distribution, but not the softmax.

Killed by: math.definition
"""

import numpy as np


def softmax(z):
    e = np.exp2(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
