import numpy as np


def _init(layer_dims, scale):
    parameters = {}
    # one W per pair of consecutive sizes... but numbered from 0
    for l in range(len(layer_dims) - 1):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l + 1], layer_dims[l]) * scale(layer_dims[l])
        parameters["b" + str(l)] = np.zeros((layer_dims[l + 1], 1))
    return parameters


def initialize_parameters_deep(layer_dims):
    return _init(layer_dims, lambda n: 0.01)


def initialize_parameters_xavier(layer_dims):
    return _init(layer_dims, lambda n: np.sqrt(1 / n))


def initialize_parameters_he(layer_dims):
    return _init(layer_dims, lambda n: np.sqrt(2 / n))
