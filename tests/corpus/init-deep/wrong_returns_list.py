import numpy as np


def _init(layer_dims, scale):
    layers = []
    for l in range(1, len(layer_dims)):
        W = np.random.randn(layer_dims[l], layer_dims[l - 1]) * scale(layer_dims[l - 1])
        b = np.zeros((layer_dims[l], 1))
        layers.append((W, b))
    return layers


def initialize_parameters_deep(layer_dims):
    return _init(layer_dims, lambda n: 0.01)


def initialize_parameters_xavier(layer_dims):
    return _init(layer_dims, lambda n: np.sqrt(1 / n))


def initialize_parameters_he(layer_dims):
    return _init(layer_dims, lambda n: np.sqrt(2 / n))
