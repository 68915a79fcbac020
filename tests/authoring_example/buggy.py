import numpy as np


def softmax(z):
    e = np.exp(z)  # overflows to inf for z > 709
    return e / np.sum(e, axis=0, keepdims=True)
