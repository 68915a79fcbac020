import numpy as np


def initialize_parameters_deep(layer_dims):
    out = {}
    for l in range(1, len(layer_dims)):
        out["W" + str(l)] = (np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01).astype(np.float32)
        out["b" + str(l)] = np.zeros((layer_dims[l], 1), dtype=np.float32)
    return out


def initialize_parameters_xavier(layer_dims):
    out = {}
    for l in range(1, len(layer_dims)):
        W = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(1 / layer_dims[l - 1])
        out["W" + str(l)] = W.astype(np.float32)
        out["b" + str(l)] = np.zeros((layer_dims[l], 1), dtype=np.float32)
    return out


def initialize_parameters_he(layer_dims):
    out = {}
    for l in range(1, len(layer_dims)):
        W = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2 / layer_dims[l - 1])
        out["W" + str(l)] = W.astype(np.float32)
        out["b" + str(l)] = np.zeros((layer_dims[l], 1), dtype=np.float32)
    return out
