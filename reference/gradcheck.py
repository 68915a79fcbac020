"""Finite-difference gradient checking, the yardstick for any backward pass.

:func:`numerical_gradient` estimates gradients independently of the calculus in
:func:`reference.train.backward_propagation`; :func:`relative_error` compares the two on a
scale-free footing, so one threshold (e.g. ``1e-6``) works for large and small gradients alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

__all__ = ["directional_derivative", "numerical_gradient", "relative_error"]

#: Floor of the denominator in :func:`relative_error`, so two zero arrays compare as equal
#: (error 0) instead of producing ``0 / 0``.
_TINY = float(np.finfo(np.float64).tiny)


def numerical_gradient(
    f: Callable[[dict[str, np.ndarray]], float],
    params: Mapping[str, np.ndarray],
    eps: float = 1e-6,
) -> dict[str, np.ndarray]:
    """Estimate the gradient of a scalar function of several arrays by central differences.

    Each entry ``x`` of each array is nudged in turn and the derivative is taken as
    ``(f(x + eps) - f(x - eps)) / (2 eps)``, whose error is ``O(eps^2)``, far below the one-sided
    ``O(eps)``. ``f`` always receives a dict of ``float64`` copies, so neither the caller's
    arrays nor integer dtypes get in the way; ``params`` itself is never modified.

    Args:
        f: maps a dict shaped like ``params`` to a scalar.
        params: the point at which to differentiate.
        eps: step size; ``1e-6`` balances truncation against float64 rounding for costs of
            order one.

    Returns:
        A dict with key ``"d" + name`` for every ``name`` in ``params``, each shaped like it.
    """
    point = {name: np.array(value, dtype=np.float64) for name, value in params.items()}
    grads: dict[str, np.ndarray] = {}
    for name, array in point.items():
        grad = np.zeros_like(array)
        flat, flat_grad = array.reshape(-1), grad.reshape(-1)  # views into the copies
        for index in range(flat.size):
            original = flat[index]
            flat[index] = original + eps
            f_plus = float(f(point))
            flat[index] = original - eps
            f_minus = float(f(point))
            flat[index] = original  # restore before moving on, so only one entry ever differs
            flat_grad[index] = (f_plus - f_minus) / (2.0 * eps)
        grads["d" + name] = grad
    return grads


def directional_derivative(
    f: Callable[[dict[str, np.ndarray]], float],
    params: Mapping[str, np.ndarray],
    direction: Mapping[str, np.ndarray],
    eps: float = 1e-6,
) -> float:
    """The derivative of ``f`` at ``params`` along ``direction`` (arrays keyed like a subset of
    ``params``), by one central difference: ``(f(p + eps d) - f(p - eps d)) / (2 eps)``.

    Two evaluations of ``f`` instead of two per entry: comparing it with ``sum(grad * d)`` checks
    a whole gradient at once, and a random ``d`` misses a wrong gradient with probability 0.
    ``params`` is never modified.
    """
    plus = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    minus = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    for key, d in direction.items():
        plus[key] = plus[key] + eps * np.asarray(d, dtype=np.float64)
        minus[key] = minus[key] - eps * np.asarray(d, dtype=np.float64)
    return (float(f(plus)) - float(f(minus))) / (2.0 * eps)


def _as_vector(value: np.ndarray | Mapping[str, np.ndarray], keys: list[str]) -> np.ndarray:
    """Flatten an array, or the arrays of a mapping in ``keys`` order, into one vector."""
    if isinstance(value, Mapping):
        if not keys:
            return np.zeros(0)
        return np.concatenate([np.ravel(np.asarray(value[k], dtype=np.float64)) for k in keys])
    return np.ravel(np.asarray(value, dtype=np.float64))


def relative_error(
    a: np.ndarray | Mapping[str, np.ndarray], b: np.ndarray | Mapping[str, np.ndarray]
) -> float:
    """Return ``||a - b|| / max(||a|| + ||b||, tiny)`` with Euclidean norms, as a float.

    ``a`` and ``b`` are arrays of the same shape, or two mappings with the same keys (e.g. an
    analytic and a numerical gradient dict), which are compared as one long vector. The result
    is 0 for equal inputs and at most 1.

    Raises:
        ValueError: on mismatched shapes or keys, or when only one argument is a mapping.
    """
    if isinstance(a, Mapping) != isinstance(b, Mapping):
        raise ValueError("compare two arrays or two mappings, not one of each")
    keys: list[str] = []
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            raise ValueError(f"mappings have different keys: {sorted(a)} vs {sorted(b)}")
        keys = sorted(a)
        for key in keys:
            if np.shape(a[key]) != np.shape(b[key]):
                raise ValueError(
                    f"shapes differ for {key!r}: {np.shape(a[key])} vs {np.shape(b[key])}"
                )
    elif np.shape(a) != np.shape(b):
        raise ValueError(f"shapes differ: {np.shape(a)} vs {np.shape(b)}")
    vec_a, vec_b = _as_vector(a, keys), _as_vector(b, keys)
    numerator = float(np.linalg.norm(vec_a - vec_b))
    denominator = max(float(np.linalg.norm(vec_a) + np.linalg.norm(vec_b)), _TINY)
    return numerator / denominator
