"""No dnn_utils: the student's own activations with their own derivative, @ for products, a
mean for the cost (a 0-d array after np.squeeze is never made: np.mean gives a numpy float),
db reshaped instead of keepdims, a while loop backwards, and a copying dict-comprehension
update whose first argument is named `params`."""

import copy

import numpy as np


def _sigmoid(Z):
    return 1.0 / (1.0 + np.exp(-Z)), Z


def _relu(Z):
    return Z * (Z > 0), Z


def initialize_parameters(n_x, n_h, n_y):
    return {
        "W1": np.random.normal(0.0, 0.01, size=(n_h, n_x)),
        "b1": np.zeros((n_h, 1)),
        "W2": np.random.normal(0.0, 0.01, size=(n_y, n_h)),
        "b2": np.zeros((n_y, 1)),
    }


def initialize_parameters_deep(layer_dims):
    return {
        key: value
        for l in range(1, len(layer_dims))
        for key, value in (
            (f"W{l}", np.random.randn(layer_dims[l], layer_dims[l - 1]) / 100),
            (f"b{l}", np.zeros((layer_dims[l], 1))),
        )
    }


def linear_forward(A, W, b):
    return W @ A + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = {"relu": _relu, "sigmoid": _sigmoid}[activation](Z)
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters):
    L = len(parameters) // 2
    caches, A = [], X
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(
            A, parameters[f"W{l}"], parameters[f"b{l}"], "sigmoid" if l == L else "relu"
        )
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    return -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))


def linear_backward(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=1).reshape(-1, 1) / m


def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "relu":
        dZ = dA * (Z > 0)
    else:
        s = 1.0 / (1.0 + np.exp(-Z))
        dZ = dA * s * (1 - s)
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    grads = {}
    l = len(caches)
    dA = (AL - Y) / (AL * (1 - AL))
    activation = "sigmoid"
    while l >= 1:
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], activation)
        grads[f"dA{l - 1}"] = dA
        activation = "relu"
        l -= 1
    return grads


def update_parameters(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}
