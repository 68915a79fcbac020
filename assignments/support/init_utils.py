"""The initialization lesson's helpers, under the module name its notebooks import.

Course notebooks start with ``from init_utils import sigmoid, relu, compute_loss,
forward_propagation, backward_propagation, update_parameters, predict, load_dataset,
plot_decision_boundary, predict_dec``. This module provides those names, written for this grader
from their documented behaviour: the three-layer network LINEAR -> RELU -> LINEAR -> RELU ->
LINEAR -> SIGMOID that the notebook's ``model`` trains, and the two-class circles it trains on
(this module's own points, with the lesson's shapes and labels). Only numpy is imported up front:
scikit-learn may be missing where the grader runs, and matplotlib is imported when a plot is drawn.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "backward_propagation",
    "compute_loss",
    "forward_propagation",
    "load_dataset",
    "plot_decision_boundary",
    "predict",
    "predict_dec",
    "relu",
    "sigmoid",
    "update_parameters",
]

#: The circles come from generators of their own, so loading them never moves numpy's global
#: random state (a notebook's later np.random calls draw what they would have drawn without it).
_TRAIN_SEED = 1
_TEST_SEED = 2


def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), element-wise (the activation only, no cache).

    Computed as exp(-log(1 + exp(-x))) so that large |x| neither overflows nor warns."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float)))


def relu(x):
    """max(0, x), element-wise (the activation only, no cache)."""
    return np.maximum(0, x)


def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID on X (n_x, m).

    parameters holds W1 (n1, n_x), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1).
    Returns (a3, cache): a3 of shape (1, m), the output probabilities, and the tuple
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) that backward_propagation reads."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)
    return a3, (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)


def backward_propagation(X, Y, cache):
    """Gradients of compute_loss for the network of forward_propagation, from its cache.

    Returns a dict with dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1 and db1; each dW and db
    has its parameter's shape. The 1/m of the mean is taken once, in dz3."""
    m = X.shape[1]
    _, a1, _, _, _, a2, W2, _, _, a3, W3, _ = cache
    dz3 = (a3 - Y) / m
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3)
    dz2 = da2 * (a2 > 0)
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2)
    dz1 = da1 * (a1 > 0)
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {
        "dz3": dz3,
        "dW3": dW3,
        "db3": db3,
        "da2": da2,
        "dz2": dz2,
        "dW2": dW2,
        "db2": db2,
        "da1": da1,
        "dz1": dz1,
        "dW1": dW1,
        "db1": db1,
    }


def compute_loss(a3, Y):
    """The cross-entropy loss averaged over the m examples, -(1/m) sum(Y log a3 + (1-Y) log(1-a3)).

    A term 0 * log(0) (a saturated output that is right) counts as 0; a saturated output that is
    wrong makes the loss infinite, as a start with very large weights shows."""
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1.0 / m * np.nansum(logprobs)


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every layer l = 1 .. L, L = len(parameters) // 2:
    W_l -= learning_rate * dW_l and b_l -= learning_rate * db_l.

    The dict it is given is updated (its entries replaced by new arrays) and returned."""
    L = len(parameters) // 2
    for layer in range(1, L + 1):
        for kind in ("W", "b"):
            key = f"{kind}{layer}"
            parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters


def predict(X, y, parameters):
    """Labels predicted for X (1 where the output probability exceeds 0.5), as an integer array
    of shape (1, m); prints the accuracy against the true labels y."""
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(int)
    print("Accuracy: " + str(np.mean(p[0, :] == np.ravel(y))))
    return p


def predict_dec(parameters, X):
    """Predictions (True for class 1, where the output probability exceeds 0.5) for X (n_x, m),
    as plot_decision_boundary's model: ``lambda x: predict_dec(parameters, x.T)``."""
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5


def _circles(seed: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """m points on two noisy concentric circles, radius 1 (label 0) and 0.8 (label 1), half
    each, in a shuffled order: X (2, m) and Y (1, m)."""
    rng = np.random.default_rng(seed)
    outer, inner = m - m // 2, m // 2
    angle = np.r_[np.linspace(0, 2 * np.pi, outer, endpoint=False),
                  np.linspace(0, 2 * np.pi, inner, endpoint=False)]  # fmt: skip
    radius = np.r_[np.ones(outer), np.full(inner, 0.8)]
    labels = np.r_[np.zeros(outer, dtype=int), np.ones(inner, dtype=int)]
    X = radius * np.vstack([np.cos(angle), np.sin(angle)]) + rng.normal(0.0, 0.05, (2, m))
    order = rng.permutation(m)
    return X[:, order], labels[order].reshape(1, m)


def load_dataset() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The lesson's two classes of circles: (train_X, train_Y, test_X, test_Y), with train_X of
    shape (2, 300), train_Y (1, 300), test_X (2, 100) and test_Y (1, 100); labels 0 (outer
    circle) and 1 (inner circle), as integers. The same call always returns the same points.
    (The course's version also scatters the training set; plot it with plt.scatter if wanted.)"""
    train_X, train_Y = _circles(_TRAIN_SEED, 300)
    test_X, test_Y = _circles(_TEST_SEED, 100)
    return train_X, train_Y, test_X, test_Y


def plot_decision_boundary(model: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y) -> None:
    """Shade the plane by `model`'s prediction and draw the points of X (2, m) coloured by y.

    `model` receives a grid of points as an array of shape (k, 2), one point per row (notebooks
    pass ``lambda x: predict_dec(parameters, x.T)``), and returns one label per point in any
    shape holding k values. Draws on the current matplotlib figure with any backend, a
    display-less one such as Agg included."""
    import matplotlib.pyplot as plt  # only when a plot is drawn: it takes a while to import

    X = np.asarray(X, dtype=float)
    pad, steps = 1.0, 300
    xs = np.linspace(X[0].min() - pad, X[0].max() + pad, steps)
    ys = np.linspace(X[1].min() - pad, X[1].max() + pad, steps)
    xx, yy = np.meshgrid(xs, ys)
    labels = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=float).reshape(xx.shape)
    plt.contourf(xx, yy, labels, cmap=plt.cm.Spectral)
    plt.xlabel("x1")
    plt.ylabel("x2")
    plt.scatter(X[0], X[1], c=np.ravel(y), s=40, cmap=plt.cm.Spectral)
