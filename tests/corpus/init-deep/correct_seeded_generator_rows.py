import numpy as np

# One seeded generator for the whole module: reproducible runs, and every call still draws new
# weights, because the generator moves on.
_rng = np.random.default_rng(7)


def _weights(n, n_prev, std):
    rows = []
    for _ in range(n):
        rows.append(_rng.standard_normal(n_prev) * std)
    return np.array(rows)


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = _weights(layer_dims[l], layer_dims[l - 1], 0.01)
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def initialize_parameters_xavier(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        std = np.sqrt(1.0 / layer_dims[l - 1])
        parameters["W" + str(l)] = _weights(layer_dims[l], layer_dims[l - 1], std)
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def initialize_parameters_he(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        std = np.sqrt(2.0 / layer_dims[l - 1])
        parameters["W" + str(l)] = _weights(layer_dims[l], layer_dims[l - 1], std)
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
