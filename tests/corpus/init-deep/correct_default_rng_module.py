"""Deep initializations with numpy's Generator API (unseeded: new weights every run)."""

import numpy as np

rng = np.random.default_rng()


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        assert parameters["W" + str(l)].shape == (layer_dims[l], layer_dims[l - 1])
    return parameters


def initialize_parameters_xavier(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev = layer_dims[l - 1]
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], n_prev)) / np.sqrt(n_prev)
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def initialize_parameters_he(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        n_prev = layer_dims[l - 1]
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], n_prev)) * np.sqrt(2 / n_prev)
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
