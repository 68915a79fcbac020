"""All weights start at zero: every unit of a layer stays the same.

Killed by: symmetry.distinct-units, randomness.fresh
"""

import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims)  # number of layers, counting the input layer

    for layer in range(1, L):
        parameters["W" + str(layer)] = np.zeros((layer_dims[layer], layer_dims[layer - 1]))
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters


def initialize_parameters_xavier(layer_dims):
    parameters = {}
    L = len(layer_dims)

    for layer in range(1, L):
        parameters["W" + str(layer)] = np.zeros(
            (layer_dims[layer], layer_dims[layer - 1])
        ) * np.sqrt(1 / layer_dims[layer - 1])
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters


def initialize_parameters_he(layer_dims):
    parameters = {}
    L = len(layer_dims)

    for layer in range(1, L):
        parameters["W" + str(layer)] = np.zeros(
            (layer_dims[layer], layer_dims[layer - 1])
        ) * np.sqrt(2 / layer_dims[layer - 1])
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters
