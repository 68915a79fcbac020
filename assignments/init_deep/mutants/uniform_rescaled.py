"""Draws from a uniform distribution rescaled to the right variance, not from a normal one.

Killed by: scale.gaussian
"""

import numpy as np


def _uniform(n, n_prev):
    # Uniform on [-sqrt(3), sqrt(3)]: mean 0 and variance 1, like a standard normal.
    return np.random.uniform(-np.sqrt(3), np.sqrt(3), (n, n_prev))


def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)  # number of layers, counting the input layer

    for layer in range(1, L):
        parameters["W" + str(layer)] = _uniform(layer_dims[layer], layer_dims[layer - 1]) * 0.01
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters


def initialize_parameters_xavier(layer_dims):
    parameters = {}
    L = len(layer_dims)

    for layer in range(1, L):
        parameters["W" + str(layer)] = _uniform(layer_dims[layer], layer_dims[layer - 1]) * np.sqrt(
            1 / layer_dims[layer - 1]
        )
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters


def initialize_parameters_he(layer_dims):
    parameters = {}
    L = len(layer_dims)

    for layer in range(1, L):
        parameters["W" + str(layer)] = _uniform(layer_dims[layer], layer_dims[layer - 1]) * np.sqrt(
            2 / layer_dims[layer - 1]
        )
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters
