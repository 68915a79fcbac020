import numpy as np


def _pairs(layer_dims):
    return list(enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1))


def initialize_parameters_deep(layer_dims):
    weights = {f"W{l}": np.random.randn(n, n_prev) * 0.01 for l, (n_prev, n) in _pairs(layer_dims)}
    biases = {f"b{l}": np.zeros((n, 1)) for l, (_, n) in _pairs(layer_dims)}
    return {**weights, **biases}


def initialize_parameters_xavier(layer_dims):
    return {
        key: value
        for l, (n_prev, n) in _pairs(layer_dims)
        for key, value in (
            (f"W{l}", np.random.randn(n, n_prev) * (1 / n_prev) ** 0.5),
            (f"b{l}", np.zeros((n, 1))),
        )
    }


def initialize_parameters_he(layer_dims):
    return {
        key: value
        for l, (n_prev, n) in _pairs(layer_dims)
        for key, value in (
            (f"W{l}", np.random.randn(n, n_prev) * (2 / n_prev) ** 0.5),
            (f"b{l}", np.zeros((n, 1))),
        )
    }
