"""The correct solution of init-deep, as a student would hand it in (a submission cannot import
`reference`).

`grader selftest init-deep` grades it and requires full marks; `mutants.toml` beside it declares the
mutants, each one small, realistic change of this file that some property must catch.
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
        ) * np.sqrt(2 / layer_dims[layer - 1])
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))

    return parameters
