import math
import random

import numpy as np


def _column_of_zeros(n):
    return np.array([[0.0] for _ in range(n)])


def _gaussian_matrix(rows, cols, std):
    # one weight at a time, Python's own Gaussian generator
    return np.array([[random.gauss(0.0, std) for _ in range(cols)] for _ in range(rows)])


def initialize_parameters_deep(layer_dims):
    p = {}
    for l in range(1, len(layer_dims)):
        p["W" + str(l)] = _gaussian_matrix(layer_dims[l], layer_dims[l - 1], 0.01)
        p["b" + str(l)] = _column_of_zeros(layer_dims[l])
    return p


def initialize_parameters_xavier(layer_dims):
    p = {}
    for l in range(1, len(layer_dims)):
        p["W" + str(l)] = _gaussian_matrix(layer_dims[l], layer_dims[l - 1], math.sqrt(1 / layer_dims[l - 1]))
        p["b" + str(l)] = _column_of_zeros(layer_dims[l])
    return p


def initialize_parameters_he(layer_dims):
    p = {}
    for l in range(1, len(layer_dims)):
        p["W" + str(l)] = _gaussian_matrix(layer_dims[l], layer_dims[l - 1], math.sqrt(2 / layer_dims[l - 1]))
        p["b" + str(l)] = _column_of_zeros(layer_dims[l])
    return p
