import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = 0.01 * np.random.randn(layer_dims[l], layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def initialize_parameters_xavier(layer_dims):
    # Start from the small weights and rescale: 0.01 * randn * (sqrt(1/n) / 0.01) = randn * sqrt(1/n)
    parameters = initialize_parameters_deep(layer_dims)
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] *= np.sqrt(1 / layer_dims[l - 1]) / 0.01
    return parameters


def initialize_parameters_he(layer_dims):
    # He is Xavier with twice the variance
    parameters = initialize_parameters_xavier(layer_dims)
    for key in parameters:
        if key.startswith("W"):
            parameters[key] = parameters[key] * np.sqrt(2)
    return parameters
