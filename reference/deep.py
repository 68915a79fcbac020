"""Reference L-layer network of the course's "Step by Step" lesson: ReLU hidden layers, a
sigmoid output, cross-entropy cost, batch gradient descent.

The course's API and notation, exactly, because the train-deep grader compares student code
against it layer by layer:

* ``parameters`` holds ``W1..WL`` (``Wl`` is ``(n[l], n[l-1])``) and ``b1..bL`` (``(n[l], 1)``);
  ``X`` is ``(n[0], m)``, one column per example; ``Y`` is ``(1, m)`` of 0/1 labels.
* ``linear_forward`` gives ``(Z, (A_prev, W, b))``; ``linear_activation_forward`` gives
  ``(A, ((A_prev, W, b), Z))``; ``L_model_forward`` gives ``(AL, caches)``, one cache per layer.
* ``L_model_backward`` gives ``dW{l}``, ``db{l}`` and, under the course's newer naming, the
  gradient with respect to ``A[l]`` as ``dA{l}`` for ``l = 0..L-1``.

Vectorised numpy throughout; no function modifies its arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from reference.train import COST_CLIP_EPS, sigmoid

__all__ = [
    "L_model_backward",
    "L_model_forward",
    "compute_cost",
    "depth",
    "layer_units_identical",
    "linear_activation_backward",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "relu",
    "train",
    "update_parameters",
]

Parameters = dict[str, np.ndarray]
LinearCache = tuple[np.ndarray, np.ndarray, np.ndarray]
Cache = tuple[LinearCache, np.ndarray]
ACTIVATIONS = ("relu", "sigmoid")


def relu(z: np.ndarray) -> np.ndarray:
    """``max(0, z)`` element-wise, as float64."""
    return np.maximum(0.0, np.asarray(z, dtype=np.float64))


def depth(parameters: Mapping[str, np.ndarray]) -> int:
    """The number of layers L of a parameters dict holding exactly W1..WL and b1..bL."""
    return len(parameters) // 2


def linear_forward(A: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, LinearCache]:
    """``Z = W A + b`` and the cache ``(A, W, b)`` that linear_backward needs."""
    return W @ A + b, (A, W, b)


def _activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be 'relu' or 'sigmoid', not {activation!r}")


def linear_activation_forward(
    A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str
) -> tuple[np.ndarray, Cache]:
    """One layer: ``A = g(W A_prev + b)``, with the cache ``((A_prev, W, b), Z)``."""
    _activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = relu(Z) if activation == "relu" else sigmoid(Z)
    return A, (linear_cache, Z)


def L_model_forward(
    X: np.ndarray, parameters: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, list[Cache]]:
    """ReLU for layers 1..L-1, sigmoid for layer L; ``(AL, caches)`` with one cache per layer."""
    L = depth(parameters)
    A, caches = X, []
    for layer in range(1, L + 1):
        activation = "sigmoid" if layer == L else "relu"
        A, cache = linear_activation_forward(
            A, parameters[f"W{layer}"], parameters[f"b{layer}"], activation
        )
        caches.append(cache)
    return A, caches


def compute_cost(AL: np.ndarray, Y: np.ndarray) -> float:
    """Cross-entropy ``-(1/m) sum(Y log AL + (1 - Y) log(1 - AL))`` as a float (AL clipped by
    reference.train.COST_CLIP_EPS, so a saturated output costs ~34.5, never inf)."""
    m = Y.shape[1]
    P = np.clip(np.asarray(AL, dtype=np.float64), COST_CLIP_EPS, 1 - COST_CLIP_EPS)
    return float(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)) / m)


def linear_backward(
    dZ: np.ndarray, cache: LinearCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(dA_prev, dW, db)`` from dZ and the linear cache ``(A_prev, W, b)``."""
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def linear_activation_backward(
    dA: np.ndarray, cache: Cache, activation: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One layer backwards: ``dZ = dA * g'(Z)`` (the derivative at Z, from the cache), then
    linear_backward."""
    _activation(activation)
    linear_cache, Z = cache
    if activation == "relu":
        dZ = np.where(Z > 0, dA, 0.0)
    else:
        s = sigmoid(Z)
        dZ = dA * s * (1 - s)
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL: np.ndarray, Y: np.ndarray, caches: Sequence[Cache]) -> Parameters:
    """Gradients ``dW{l}``, ``db{l}`` (l = 1..L) and ``dA{l}``, the gradient with respect to A[l]
    (l = 0..L-1), the course's newer naming."""
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    grads: Parameters = {}
    for layer in range(L, 0, -1):
        activation = "sigmoid" if layer == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[layer - 1], activation)
        grads[f"dA{layer - 1}"] = dA
        grads[f"dW{layer}"] = dW
        grads[f"db{layer}"] = db
    return grads


def update_parameters(
    parameters: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray], learning_rate: float
) -> Parameters:
    """One step of gradient descent on every layer, as new arrays."""
    L = depth(parameters)
    new: Parameters = {}
    for layer in range(1, L + 1):
        for kind in "Wb":
            key = f"{kind}{layer}"
            new[key] = parameters[key] - learning_rate * grads[f"d{key}"]
    return new


def train(
    parameters: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    steps: int,
    learning_rate: float,
) -> tuple[Parameters, list[float]]:
    """`steps` steps of batch gradient descent from `parameters`: the final parameters and the
    cost before each step and after the last (``steps + 1`` costs)."""
    P = {k: np.array(v, dtype=np.float64) for k, v in parameters.items()}
    costs = []
    for _ in range(steps):
        AL, caches = L_model_forward(X, P)
        costs.append(compute_cost(AL, Y))
        P = update_parameters(P, L_model_backward(AL, Y, caches), learning_rate)
    costs.append(compute_cost(L_model_forward(X, P)[0], Y))
    return P, costs


def layer_units_identical(
    parameters: Mapping[str, np.ndarray], layer: int, rtol: float = 1e-9
) -> bool:
    """Whether every unit of hidden `layer` is the same as every other: the same incoming weights
    (rows of W{layer}), the same bias, the same outgoing weights (columns of W{layer + 1}),
    within a relative tolerance `rtol` (BLAS may round identical rows differently)."""
    W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
    out = parameters[f"W{layer + 1}"].T
    units = np.hstack([W, b, out])
    return bool(np.allclose(units, units[:1], rtol=rtol, atol=1e-12))
