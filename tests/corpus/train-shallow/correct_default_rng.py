"""One hidden layer network, written with numpy's Generator API (no global seed)."""
import numpy as np

rng = np.random.default_rng()


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))  # stable for large |z|


def initialize_parameters(n_x, n_h, n_y):
    return {
        "W1": rng.standard_normal((n_h, n_x)) * 0.01,
        "b1": np.zeros((n_h, 1)),
        "W2": rng.standard_normal((n_y, n_h)) * 0.01,
        "b2": np.zeros((n_y, 1)),
    }


def forward_propagation(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    m = Y.shape[1]
    return float(-(Y * np.log(A2) + (1 - Y) * np.log1p(-A2)).sum() / m)


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
    return {
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.mean(axis=1, keepdims=True),
        "dW2": dZ2 @ cache["A1"].T / m,
        "db2": dZ2.mean(axis=1, keepdims=True),
    }


def update_parameters(parameters, grads, learning_rate=1.2):
    return {name: value - learning_rate * grads[f"d{name}"] for name, value in parameters.items()}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0])
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print(f"iteration {i}: cost {compute_cost(A2, Y):.4f}")
    return parameters


def predict(parameters, X):
    return forward_propagation(X, parameters)[0] > 0.5
