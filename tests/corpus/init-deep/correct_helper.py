import math

import numpy as np


def _initialize(layer_dims, scale_for):
    """One shared loop; scale_for(n_prev) gives the standard deviation of a layer's weights."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        parameters["W%d" % l] = np.random.standard_normal(size=(n, n_prev)) * scale_for(n_prev)
        parameters["b%d" % l] = np.zeros_like(parameters["W%d" % l][:, :1])
    return parameters


def initialize_parameters_deep(layer_dims):
    return _initialize(layer_dims, lambda n_prev: 0.01)


def initialize_parameters_xavier(layer_dims):
    return _initialize(layer_dims, lambda n_prev: math.sqrt(1 / n_prev))


def initialize_parameters_he(layer_dims):
    return _initialize(layer_dims, lambda n_prev: math.sqrt(2 / n_prev))
