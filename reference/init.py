"""Reference weight initialisations for the initialization lesson.

Conventions (shared with the rest of :mod:`reference`):

* ``W[l]`` has shape ``(n[l], n[l-1])``: row ``i`` holds the incoming weights of unit ``i``.
* ``b[l]`` has shape ``(n[l], 1)`` and always starts at zero; once the weights are random the
  units already differ, so the biases have no symmetry left to break.
* Everything is ``float64`` so that graders compare like with like.

Randomness always flows through an explicit :class:`numpy.random.Generator`. Passing one makes
a draw reproducible; passing ``None`` uses a fresh, unseeded generator.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from reference._validate import check_positive_int as _check_positive_int

__all__ = [
    "SMALL_SCALE",
    "expected_std",
    "initialize_parameters",
    "initialize_parameters_deep",
    "initialize_parameters_he",
    "initialize_parameters_random",
    "initialize_parameters_xavier",
    "initialize_parameters_zeros",
    "initialize_parameters_zeros_deep",
]

#: The "small constant" the lesson multiplies standard-normal weights by.
SMALL_SCALE = 0.01

#: The deliberately large scale of the initialization lesson's "random" scheme: standard-normal
#: weights times 10, large enough to saturate a sigmoid output from the first step.
LARGE_SCALE = 10.0


def _check_layer_dims(layer_dims: Sequence[int]) -> list[int]:
    """Validate ``layer_dims`` (input size first, output size last) and return it as ints."""
    if isinstance(layer_dims, str | bytes) or not isinstance(layer_dims, Sequence | np.ndarray):
        raise ValueError(f"layer_dims must be a sequence of positive integers, got {layer_dims!r}")
    if len(layer_dims) < 2:
        raise ValueError(
            "layer_dims needs at least 2 entries (input size and output size), "
            f"got {list(layer_dims)!r}"
        )
    return [_check_positive_int(f"layer_dims[{i}]", n) for i, n in enumerate(layer_dims)]


def _resolve_rng(rng: np.random.Generator | None) -> np.random.Generator:
    """Return ``rng``, or a fresh generator when it is ``None``."""
    if rng is None:
        return np.random.default_rng()
    if not isinstance(rng, np.random.Generator):
        # The legacy RandomState API draws different numbers; refusing it keeps seeds meaningful.
        raise TypeError(f"rng must be a numpy.random.Generator or None, got {type(rng).__name__}")
    return rng


def expected_std(method: str, n_prev: int) -> float:
    """Return the standard deviation an initialisation method targets for one layer.

    Args:
        method: ``"deep"`` or ``"0.01"`` (small constant), ``"random"`` (the large constant
            10), ``"xavier"`` or ``"he"``; case-insensitive.
        n_prev: fan-in of the layer, ``n[l-1]``.

    Returns:
        ``0.01`` for the small constant, ``10`` for ``"random"``, ``sqrt(1 / n_prev)`` for Xavier and
        ``sqrt(2 / n_prev)`` for He.

    Raises:
        ValueError: for an unknown method or a non-positive ``n_prev``.
    """
    n_prev = _check_positive_int("n_prev", n_prev)
    key = str(method).strip().lower()
    if key in ("deep", "0.01"):
        return SMALL_SCALE
    if key == "random":
        return LARGE_SCALE
    if key == "xavier":
        return math.sqrt(1.0 / n_prev)
    if key == "he":
        return math.sqrt(2.0 / n_prev)
    raise ValueError(
        f"unknown initialisation method {method!r}; use 'deep', 'random', 'xavier' or 'he'"
    )


def initialize_parameters(
    n_x: int, n_h: int, n_y: int, rng: np.random.Generator | None = None
) -> dict[str, np.ndarray]:
    """Initialise a one-hidden-layer network the way the lesson teaches.

    ``W1`` is ``(n_h, n_x)`` and ``W2`` is ``(n_y, n_h)``, both ``randn * 0.01`` so that tanh
    and the output sigmoid start in their steep, non-saturated region. ``b1`` ``(n_h, 1)`` and
    ``b2`` ``(n_y, 1)`` are zeros.

    Args:
        n_x: number of input features.
        n_h: number of hidden units.
        n_y: number of output units.
        rng: generator to draw from; ``None`` means a fresh unseeded one.

    Returns:
        A new dict with keys ``W1``, ``b1``, ``W2``, ``b2`` (all ``float64``).
    """
    n_x = _check_positive_int("n_x", n_x)
    n_h = _check_positive_int("n_h", n_h)
    n_y = _check_positive_int("n_y", n_y)
    gen = _resolve_rng(rng)
    # Draw W1 before W2 so a given seed always yields the same pair of matrices.
    return {
        "W1": gen.standard_normal((n_h, n_x)) * SMALL_SCALE,
        "b1": np.zeros((n_h, 1), dtype=np.float64),
        "W2": gen.standard_normal((n_y, n_h)) * SMALL_SCALE,
        "b2": np.zeros((n_y, 1), dtype=np.float64),
    }


def initialize_parameters_zeros(n_x: int, n_h: int, n_y: int) -> dict[str, np.ndarray]:
    """Return all-zero parameters with the shapes of :func:`initialize_parameters`.

    This is the symmetric start the lesson warns about: every hidden unit computes the same
    function, gets the same gradient and so never becomes different from the others. It exists
    so graders can demonstrate that failure, not as something to train with.
    """
    n_x = _check_positive_int("n_x", n_x)
    n_h = _check_positive_int("n_h", n_h)
    n_y = _check_positive_int("n_y", n_y)
    return {
        "W1": np.zeros((n_h, n_x), dtype=np.float64),
        "b1": np.zeros((n_h, 1), dtype=np.float64),
        "W2": np.zeros((n_y, n_h), dtype=np.float64),
        "b2": np.zeros((n_y, 1), dtype=np.float64),
    }


def _initialize_layers(
    layer_dims: Sequence[int], method: str, rng: np.random.Generator | None
) -> dict[str, np.ndarray]:
    """Shared body of the deep initialisers: ``randn * expected_std(method, n_prev)`` per layer."""
    dims = _check_layer_dims(layer_dims)
    gen = _resolve_rng(rng)
    parameters: dict[str, np.ndarray] = {}
    for layer in range(1, len(dims)):
        n_out, n_prev = dims[layer], dims[layer - 1]
        std = expected_std(method, n_prev)
        parameters[f"W{layer}"] = gen.standard_normal((n_out, n_prev)) * std
        parameters[f"b{layer}"] = np.zeros((n_out, 1), dtype=np.float64)
    return parameters


def initialize_parameters_deep(
    layer_dims: Sequence[int], rng: np.random.Generator | None = None
) -> dict[str, np.ndarray]:
    """Initialise an L-layer network with ``randn * 0.01`` weights and zero biases.

    ``layer_dims[0]`` is the input size and ``layer_dims[-1]`` the output size; the result has
    keys ``W1..WL`` and ``b1..bL`` with ``Wl`` of shape ``(layer_dims[l], layer_dims[l-1])``.
    The lesson notes that this fixed scale is fine for one hidden layer but lets the signal
    shrink layer after layer in a deep network; compare :func:`initialize_parameters_xavier`.

    Raises:
        ValueError: if ``layer_dims`` has fewer than 2 entries or a non-positive-integer entry.
    """
    return _initialize_layers(layer_dims, "deep", rng)


def initialize_parameters_xavier(
    layer_dims: Sequence[int], rng: np.random.Generator | None = None
) -> dict[str, np.ndarray]:
    """Initialise an L-layer network with Xavier scaling, ``randn * sqrt(1 / n_prev)``.

    Suited to tanh and sigmoid: it keeps the variance of pre-activations roughly constant from
    layer to layer. Shapes and keys as in :func:`initialize_parameters_deep`.

    Raises:
        ValueError: if ``layer_dims`` has fewer than 2 entries or a non-positive-integer entry.
    """
    return _initialize_layers(layer_dims, "xavier", rng)


def initialize_parameters_he(
    layer_dims: Sequence[int], rng: np.random.Generator | None = None
) -> dict[str, np.ndarray]:
    """Initialise an L-layer network with He scaling, ``randn * sqrt(2 / n_prev)``.

    Suited to ReLU, which zeroes about half its inputs; the factor 2 compensates for that lost
    variance. Shapes and keys as in :func:`initialize_parameters_deep`.

    Raises:
        ValueError: if ``layer_dims`` has fewer than 2 entries or a non-positive-integer entry.
    """
    return _initialize_layers(layer_dims, "he", rng)


def initialize_parameters_random(
    layer_dims: Sequence[int], rng: np.random.Generator | None = None
) -> dict[str, np.ndarray]:
    """Initialise an L-layer network with large weights, ``randn * 10``, and zero biases.

    The initialization lesson's counter-example: the units differ, so symmetry is broken, but
    the output's pre-activation is so large that the sigmoid saturates and the first cost is
    huge. Shapes and keys as in :func:`initialize_parameters_deep`.

    Raises:
        ValueError: if ``layer_dims`` has fewer than 2 entries or a non-positive-integer entry.
    """
    return _initialize_layers(layer_dims, "random", rng)


def initialize_parameters_zeros_deep(layer_dims: Sequence[int]) -> dict[str, np.ndarray]:
    """All-zero ``W1..WL`` and ``b1..bL`` with the shapes of :func:`initialize_parameters_deep`.

    The symmetric start of the initialization lesson: every unit of a layer computes the same
    function and gets the same update, so the layer never becomes more than one unit.

    Raises:
        ValueError: if ``layer_dims`` has fewer than 2 entries or a non-positive-integer entry.
    """
    dims = _check_layer_dims(layer_dims)
    parameters: dict[str, np.ndarray] = {}
    for layer in range(1, len(dims)):
        parameters[f"W{layer}"] = np.zeros((dims[layer], dims[layer - 1]), dtype=np.float64)
        parameters[f"b{layer}"] = np.zeros((dims[layer], 1), dtype=np.float64)
    return parameters
