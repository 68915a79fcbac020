"""The correct solution of init-schemes, as a student would hand it in: the three
initializations and the notebook's model, which trains with the course's init_utils helpers
(the grader's clean-room copy in assignments/support/).

`grader selftest init-schemes` grades it and requires full marks; `mutants.toml` beside it
declares the mutants, each one small, realistic change of this file that some property must
catch.
"""

# ruff: noqa: E741 (the layer index is `l`, as the course writes it)

import numpy as np
from init_utils import backward_propagation, compute_loss, forward_propagation, update_parameters


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
    costs = []
    layers_dims = [X.shape[0], 10, 5, 1]

    if initialization == "zeros":
        parameters = initialize_parameters_zeros(layers_dims)
    elif initialization == "random":
        parameters = initialize_parameters_random(layers_dims)
    elif initialization == "he":
        parameters = initialize_parameters_he(layers_dims)

    for i in range(num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 1000 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost}")

    return parameters


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)  # number of layers, counting the input layer

    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))

    return parameters


def initialize_parameters_random(layers_dims):
    parameters = {}
    L = len(layers_dims)

    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))

    return parameters


def initialize_parameters_he(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1  # number of layers with weights

    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(
            2 / layers_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))

    return parameters
