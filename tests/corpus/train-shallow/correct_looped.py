import math

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.zeros((n_h, n_x))
    for i in range(n_h):
        for j in range(n_x):
            W1[i, j] = np.random.randn() * 0.01
    W2 = np.zeros((n_y, n_h))
    for i in range(n_y):
        for j in range(n_h):
            W2[i, j] = np.random.randn() * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def forward_propagation(X, parameters):
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    n_h = W1.shape[0]
    m = X.shape[1]
    Z1 = np.zeros((n_h, m))
    for i in range(n_h):  # one hidden unit at a time
        Z1[i, :] = np.dot(W1[i, :], X) + b1[i, 0]
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    m = Y.shape[1]
    total = 0.0
    for j in range(m):
        y, a = Y[0, j], A2[0, j]
        total += y * math.log(a) + (1 - y) * math.log(1 - a)
    return -total / m


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    n_h = A1.shape[0]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.zeros((1, 1))
    for j in range(m):
        db2[0, 0] += dZ2[0, j]
    db2 /= m
    dZ1 = np.dot(W2.T, dZ2) * (1 - A1 * A1)
    dW1 = np.zeros((n_h, X.shape[0]))
    db1 = np.zeros((n_h, 1))
    for i in range(n_h):
        dW1[i, :] = np.dot(dZ1[i, :], X.T) / m
        db1[i, 0] = np.sum(dZ1[i, :]) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=1.2):
    new = {}
    for name in ["W1", "b1", "W2", "b2"]:
        new[name] = parameters[name] - learning_rate * grads["d" + name]
    return new


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    n_x, n_y = X.shape[0], Y.shape[0]
    parameters = initialize_parameters(n_x, n_h, n_y)
    i = 0
    while i < num_iterations:
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print("Cost after iteration", i, cost)
        i += 1
    return parameters


def predict(parameters, X):
    A2, _ = forward_propagation(X, parameters)
    m = X.shape[1]
    predictions = np.zeros((1, m))
    for j in range(m):
        if A2[0, j] > 0.5:
            predictions[0, j] = 1
    return predictions
