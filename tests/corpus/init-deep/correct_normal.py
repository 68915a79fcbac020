import numpy as np


def initialize_parameters_deep(layer_dims):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = np.random.normal(0, 0.01, size=(layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros(shape=(layer_dims[l], 1))
    return params


def initialize_parameters_xavier(layer_dims):
    params = {}
    for l in range(1, len(layer_dims)):
        std = np.sqrt(1.0 / layer_dims[l - 1])
        params[f"W{l}"] = np.random.normal(loc=0.0, scale=std, size=(layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros(shape=(layer_dims[l], 1))
    return params


def initialize_parameters_he(layer_dims):
    params = {}
    for l in range(1, len(layer_dims)):
        std = np.sqrt(2.0 / layer_dims[l - 1])
        params[f"W{l}"] = np.random.normal(loc=0.0, scale=std, size=(layer_dims[l], layer_dims[l - 1]))
        params[f"b{l}"] = np.zeros(shape=(layer_dims[l], 1))
    return params
