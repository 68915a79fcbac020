import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    # written so it also works for the deep network next week
    layer_dims = [n_x, n_h, n_y]
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
