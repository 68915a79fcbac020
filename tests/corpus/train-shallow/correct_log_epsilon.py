import numpy as np

EPS = 1e-8  # keeps log away from log(0)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def tanh(z):
    # written out by hand to practise
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.normal(0, 0.01, size=(n_h, n_x))
    W2 = np.random.normal(0, 0.01, size=(n_y, n_h))
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def forward_propagation(X, parameters):
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    Z1 = W1.dot(X) + b1
    A1 = tanh(Z1)
    Z2 = W2.dot(A1) + b2
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(A2 + EPS) + (1 - Y) * np.log(1 - A2 + EPS)) / m
    return float(cost)


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2.dot(A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = W2.T.dot(dZ2) * (1 - np.square(A1))
    dW1 = dZ1.dot(X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=1.2):
    updated = {}
    for key in parameters:
        updated[key] = parameters[key] - learning_rate * grads["d" + key]
    return updated


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    params = initialize_parameters(X.shape[0], n_h, Y.shape[0])
    costs = []
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, params)
        costs.append(compute_cost(A2, Y))
        grads = backward_propagation(params, cache, X, Y)
        params = update_parameters(params, grads, 1.2)
    if print_cost:
        print("final cost", costs[-1] if costs else None)
    return params


def predict(parameters, X):
    A2, _ = forward_propagation(X, parameters)
    return (A2 > 0.5) * 1
