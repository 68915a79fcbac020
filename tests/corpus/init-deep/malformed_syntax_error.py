import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims))
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def initialize_parameters_xavier(layer_dims):
    return initialize_parameters_deep(layer_dims)


def initialize_parameters_he(layer_dims):
    return initialize_parameters_deep(layer_dims)
