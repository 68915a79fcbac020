"""The deep-network lesson's activation helpers, under the module name its notebooks import.

``from dnn_utils import sigmoid, sigmoid_backward, relu, relu_backward``. Written for this grader
from their documented behaviour: each forward function takes Z and returns ``(A, cache)`` with
``cache = Z``, kept for the backward pass; each backward function takes ``(dA, cache)`` and
returns dZ = dA * g'(Z), of Z's shape.
"""

from __future__ import annotations

import numpy as np

__all__ = ["relu", "relu_backward", "sigmoid", "sigmoid_backward"]


def _logistic(Z: np.ndarray) -> np.ndarray:
    # exp(-log(1 + exp(-Z))): no overflow or warning for large |Z|.
    return np.exp(-np.logaddexp(0.0, -Z))


def sigmoid(Z):
    """A = 1 / (1 + exp(-Z)) element-wise; returns (A, cache) with cache = Z."""
    Z = np.asarray(Z, dtype=float)
    return _logistic(Z), Z


def relu(Z):
    """A = max(0, Z) element-wise; returns (A, cache) with cache = Z."""
    Z = np.asarray(Z, dtype=float)
    return np.maximum(0.0, Z), Z


def sigmoid_backward(dA, cache):
    """dZ = dA * s * (1 - s), with s = sigmoid(Z) and Z = cache."""
    s = _logistic(np.asarray(cache, dtype=float))
    dZ = np.asarray(dA, dtype=float) * s * (1.0 - s)
    return dZ


def relu_backward(dA, cache):
    """dZ = dA where Z > 0, and 0 where Z <= 0 (Z = cache)."""
    Z = np.asarray(cache, dtype=float)
    return np.where(Z > 0, np.asarray(dA, dtype=float), 0.0)
