import numpy as np


def _init(layer_dims, scale):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * scale(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1), dtype=int)
    return parameters


def initialize_parameters_deep(layer_dims):
    return _init(layer_dims, lambda n: 0.01)


def initialize_parameters_xavier(layer_dims):
    return _init(layer_dims, lambda n: np.sqrt(1 / n))


def initialize_parameters_he(layer_dims):
    return _init(layer_dims, lambda n: np.sqrt(2 / n))
