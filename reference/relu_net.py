"""Reference L-layer classifier of the initialization lesson: ReLU hidden layers, a sigmoid output.

Layout and notation as in the rest of :mod:`reference`: ``X`` is ``(n[0], m)``, ``Y`` is
``(1, m)`` of 0/1 labels, ``W[l]`` is ``(n[l], n[l-1])`` and ``b[l]`` is ``(n[l], 1)``, with
L = ``len(parameters) // 2`` layers:

* ``Z[l] = W[l] A[l-1] + b[l]``, ``A[l] = relu(Z[l])`` for l < L, ``A[L] = sigmoid(Z[L])``;
* the cost is :func:`reference.train.compute_cost` (cross-entropy averaged over the examples,
  clipped so that a saturated output costs about 34.5 rather than ``inf``);
* plain batch gradient descent, default rate 0.01 (the lesson's).

The lesson's ``model`` is this network with ``layers_dims = [n[0], 10, 5, 1]``, started by one
of three schemes: zeros, large random (``randn * 10``) or He (``randn * sqrt(2 / n[l-1])``).
Every function returns new arrays and leaves its arguments unchanged, so a grader can keep a
student's start and train it here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from reference.init import (
    initialize_parameters_he,
    initialize_parameters_random,
    initialize_parameters_zeros_deep,
)
from reference.train import IDENTICAL_RTOL, compute_cost, sigmoid, update_parameters

__all__ = [
    "HIDDEN",
    "LEARNING_RATE",
    "backward_propagation",
    "compute_cost",
    "forward_propagation",
    "initialize",
    "model",
    "relu",
    "train_steps",
    "units_identical",
    "update_parameters",
]

#: The lesson's hidden layer widths: ``layers_dims = [n[0], *HIDDEN, 1]``.
HIDDEN = (10, 5)
#: The lesson's learning rate.
LEARNING_RATE = 0.01

Parameters = dict[str, np.ndarray]
Cache = tuple[np.ndarray, np.ndarray]  # (A[l-1], Z[l]) of one layer


def relu(Z: np.ndarray) -> np.ndarray:
    """``max(Z, 0)`` element-wise, as float64."""
    return np.maximum(np.asarray(Z, dtype=np.float64), 0.0)


def _depth(parameters: Mapping[str, np.ndarray]) -> int:
    L = len(parameters) // 2
    missing = [k for layer in range(1, L + 1) for k in (f"W{layer}", f"b{layer}")
               if k not in parameters]  # fmt: skip
    if L < 1 or missing:
        raise ValueError(f"parameters must hold W1..WL and b1..bL, missing {missing or 'all'}")
    return L


def forward_propagation(
    X: np.ndarray, parameters: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, list[Cache]]:
    """Run the network forward; returns ``(AL, caches)``, ``AL`` of shape ``(n[L], m)`` and one
    ``(A[l-1], Z[l])`` per layer for :func:`backward_propagation`."""
    L = _depth(parameters)
    A = np.asarray(X, dtype=np.float64)
    caches: list[Cache] = []
    for layer in range(1, L + 1):
        Z = parameters[f"W{layer}"] @ A + parameters[f"b{layer}"]
        caches.append((A, Z))
        A = sigmoid(Z) if layer == L else relu(Z)
    return A, caches


def backward_propagation(
    AL: np.ndarray, Y: np.ndarray, caches: Sequence[Cache], parameters: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Gradients of the cost: ``dW1..dWL`` and ``db1..dbL``, each shaped like its parameter.

    ``dZ[L] = AL - Y`` (sigmoid and cross-entropy together), ``dW[l] = dZ[l] A[l-1]^T / m``,
    ``db[l]`` the row sums of ``dZ[l]`` over m, ``dZ[l-1] = W[l]^T dZ[l] * (Z[l-1] > 0)``.
    """
    m = np.asarray(Y).shape[1]
    L = len(caches)
    grads: dict[str, np.ndarray] = {}
    dZ = np.asarray(AL, dtype=np.float64) - Y
    for layer in range(L, 0, -1):
        A_prev, _ = caches[layer - 1]
        grads[f"dW{layer}"] = (dZ @ A_prev.T) / m
        grads[f"db{layer}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if layer > 1:
            _, Z_prev = caches[layer - 2]
            dZ = (parameters[f"W{layer}"].T @ dZ) * (Z_prev > 0)
    return grads


def train_steps(
    parameters: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    steps: int,
    learning_rate: float = LEARNING_RATE,
) -> tuple[list[Parameters], list[float]]:
    """The gradient-descent trajectory ``[p0, ..., p_steps]`` from ``parameters`` (p0 a float64
    copy) and the cost at each of those points (``steps + 1`` costs)."""
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    current = {k: np.array(v, dtype=np.float64) for k, v in parameters.items()}
    _depth(current)
    trajectory, costs = [current], []
    for _ in range(steps):
        AL, caches = forward_propagation(X, current)
        costs.append(compute_cost(AL, Y))
        current = update_parameters(
            current, backward_propagation(AL, Y, caches, current), learning_rate
        )
        trajectory.append(current)
    costs.append(compute_cost(forward_propagation(X, current)[0], Y))
    return trajectory, costs


def initialize(
    layers_dims: Sequence[int], initialization: str, rng: np.random.Generator | None = None
) -> Parameters:
    """The lesson's three starts: ``"zeros"``, ``"random"`` (``randn * 10``) or ``"he"``."""
    if initialization == "zeros":
        return initialize_parameters_zeros_deep(layers_dims)
    if initialization == "random":
        return initialize_parameters_random(layers_dims, rng=rng)
    if initialization == "he":
        return initialize_parameters_he(layers_dims, rng=rng)
    raise ValueError(f"unknown initialization {initialization!r}; use 'zeros', 'random' or 'he'")


def model(
    X: np.ndarray,
    Y: np.ndarray,
    learning_rate: float = LEARNING_RATE,
    num_iterations: int = 15000,
    initialization: str = "he",
    layers_dims: Sequence[int] | None = None,
    rng: np.random.Generator | None = None,
) -> Parameters:
    """Train the lesson's network (``layers_dims`` defaults to ``[n[0], 10, 5, 1]``) from the
    chosen start and return the final parameters."""
    dims = list(layers_dims) if layers_dims is not None else [X.shape[0], *HIDDEN, 1]
    if num_iterations < 0:
        raise ValueError(f"num_iterations must be >= 0, got {num_iterations}")
    start = initialize(dims, initialization, rng)
    return train_steps(start, X, Y, num_iterations, learning_rate)[0][-1]


def units_identical(
    parameters: Mapping[str, np.ndarray], layer: int, rtol: float = IDENTICAL_RTOL
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of units of hidden layer ``layer`` that are indistinguishable:
    the same incoming weights ``W[l][i, :]``, bias ``b[l][i]`` and outgoing weights
    ``W[l+1][:, i]``, within ``rtol`` times the largest of those entries (see
    :func:`reference.train.hidden_units_identical` for why a relative tolerance)."""
    W = np.asarray(parameters[f"W{layer}"], dtype=np.float64)
    b = np.asarray(parameters[f"b{layer}"], dtype=np.float64).reshape(-1, 1)
    W_next = np.asarray(parameters[f"W{layer + 1}"], dtype=np.float64)
    units = np.hstack([W, b, W_next.T])
    scale = float(np.max(np.abs(units))) if units.size else 0.0
    gaps = np.max(np.abs(units[:, None, :] - units[None, :, :]), axis=2)
    rows, cols = np.nonzero(np.triu(gaps <= rtol * scale, k=1))
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True)]
