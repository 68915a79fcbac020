import numpy
from numpy.random import randn


def initialize_parameters(n_x, n_h, n_y):
    W1 = randn(n_h, n_x) * .01
    b1 = numpy.zeros((n_h, 1), dtype=float)
    W2 = randn(n_y, n_h) * .01
    b2 = numpy.zeros((n_y, 1), dtype=float)
    return dict(W1=W1, b1=b1, W2=W2, b2=b2)
