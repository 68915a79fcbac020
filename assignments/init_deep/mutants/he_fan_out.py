"""He scales by the fan-out: sqrt(2 / n_l) instead of sqrt(2 / n_{l-1}).

Killed by: scale.he, scale.signal-he
"""

import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)  # number of layers, counting the input layer

    for layer in range(1, L):
        parameters["W" + str(layer)] = (
            np.random.randn(layer_dims[layer], layer_dims[layer - 1]) * 0.01
        )
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters


def initialize_parameters_xavier(layer_dims):
    parameters = {}
    L = len(layer_dims)

    for layer in range(1, L):
        parameters["W" + str(layer)] = np.random.randn(
            layer_dims[layer], layer_dims[layer - 1]
        ) * np.sqrt(1 / layer_dims[layer - 1])
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters


def initialize_parameters_he(layer_dims):
    parameters = {}
    L = len(layer_dims)

    for layer in range(1, L):
        parameters["W" + str(layer)] = np.random.randn(
            layer_dims[layer], layer_dims[layer - 1]
        ) * np.sqrt(2 / layer_dims[layer])
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters
