import numpy as np


def _uniform_like(n, n_prev, std):
    # "Same variance as a normal with this std": a uniform on [-a, a] has variance a^2 / 3.
    a = np.sqrt(3) * std
    return np.random.uniform(-a, a, (n, n_prev))


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = _uniform_like(layer_dims[l], layer_dims[l - 1], 0.01)
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def initialize_parameters_xavier(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        std = np.sqrt(1 / layer_dims[l - 1])
        parameters["W" + str(l)] = _uniform_like(layer_dims[l], layer_dims[l - 1], std)
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def initialize_parameters_he(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        std = np.sqrt(2 / layer_dims[l - 1])
        parameters["W" + str(l)] = _uniform_like(layer_dims[l], layer_dims[l - 1], std)
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
