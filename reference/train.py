"""Reference one-hidden-layer classifier: tanh hidden layer, sigmoid output.

This follows the course's API and notation exactly, because graders compare student code
against it:

* ``X`` has shape ``(n_x, m)``, one column per example; ``Y`` has shape ``(n_y, m)``
  (``n_y == 1`` for the binary task) holding 0/1 labels.
* ``Z1 = W1 X + b1``, ``A1 = tanh(Z1)``, ``Z2 = W2 A1 + b2``, ``A2 = sigmoid(Z2)``.
* ``J = -(1/m) * sum(Y log A2 + (1 - Y) log(1 - A2))``.
* Plain batch gradient descent, ``W := W - learning_rate * dW`` with default rate 1.2.

Every function returns new arrays and never modifies its arguments, so a grader can keep the
starting parameters around to compare against.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from reference.init import initialize_parameters

__all__ = [
    "COST_CLIP_EPS",
    "IDENTICAL_RTOL",
    "backward_propagation",
    "compute_cost",
    "forward_propagation",
    "hidden_units_identical",
    "layer_sizes",
    "nn_model",
    "predict",
    "sigmoid",
    "train_steps",
    "update_parameters",
]

#: Probabilities are clipped into ``[COST_CLIP_EPS, 1 - COST_CLIP_EPS]`` inside
#: :func:`compute_cost` so that a saturated output costs about 34.5 instead of ``inf``/``nan``.
#: It is small enough that no unsaturated prediction (and no gradient check) is affected.
COST_CLIP_EPS = 1e-15

#: Default relative tolerance of :func:`hidden_units_identical`; see its docstring.
IDENTICAL_RTOL = 1e-9

Parameters = dict[str, np.ndarray]


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """Return the logistic function ``1 / (1 + exp(-z))`` element-wise, as ``float64``.

    Computed piecewise so that ``exp`` only ever sees non-positive arguments: for ``z >= 0``
    use ``1 / (1 + exp(-z))``, for ``z < 0`` the equal ``exp(z) / (1 + exp(z))``. That never
    overflows (``sigmoid(±1000)`` is exactly ``1.0``/``0.0`` with no warning) and keeps full
    relative precision for very negative ``z``, where ``1 - tanh``-style formulas lose it.
    """
    z_arr = np.asarray(z, dtype=np.float64)
    # exp(-|z|) is exp(-z) where z >= 0 and exp(z) where z < 0: both pieces from one exp.
    # exp of a very negative number underflowing to 0 is the right answer, not an error, even
    # when a caller has asked NumPy to raise on underflow.
    with np.errstate(under="ignore"):
        exp_neg = np.exp(-np.abs(z_arr))
    return np.where(z_arr >= 0, 1.0 / (1.0 + exp_neg), exp_neg / (1.0 + exp_neg))


def layer_sizes(X: np.ndarray, Y: np.ndarray, n_h: int = 4) -> tuple[int, int, int]:
    """Return ``(n_x, n_h, n_y)``: input size from ``X``, output size from ``Y``.

    Raises:
        ValueError: if ``X`` or ``Y`` is not 2-D, or their numbers of examples differ.
    """
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2:
        raise ValueError(
            f"X and Y must be 2-D (features x examples), got shapes {X.shape} and {Y.shape}"
        )
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"X and Y must have the same number of columns (examples), "
            f"got {X.shape[1]} and {Y.shape[1]}"
        )
    return int(X.shape[0]), int(n_h), int(Y.shape[0])


def forward_propagation(
    X: np.ndarray, parameters: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Run the network forward.

    Returns:
        ``(A2, cache)`` where ``A2`` has shape ``(n_y, m)`` and ``cache`` holds ``Z1``, ``A1``,
        ``Z2`` and ``A2`` for :func:`backward_propagation`.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2: np.ndarray, Y: np.ndarray) -> float:
    """Return the cross-entropy cost averaged over the ``m`` examples, as a Python float.

    ``J = -(1/m) * sum(Y log A2 + (1 - Y) log(1 - A2))``, summed over every output unit and
    example. ``A2`` is clipped into ``[COST_CLIP_EPS, 1 - COST_CLIP_EPS]`` for this computation
    only, so that a fully saturated wrong prediction gives a large finite cost instead of
    ``inf`` or ``nan`` (from ``0 * log 0``); the caller's ``A2`` is untouched.

    Raises:
        ValueError: if ``A2`` and ``Y`` have different shapes.
    """
    A2 = np.asarray(A2, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if A2.shape != Y.shape:
        raise ValueError(f"A2 and Y must have the same shape, got {A2.shape} and {Y.shape}")
    m = Y.shape[1]
    probs = np.clip(A2, COST_CLIP_EPS, 1.0 - COST_CLIP_EPS)
    log_likelihood = Y * np.log(probs) + (1.0 - Y) * np.log(1.0 - probs)
    return float(-np.sum(log_likelihood) / m)


def backward_propagation(
    parameters: Mapping[str, np.ndarray],
    cache: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
) -> dict[str, np.ndarray]:
    """Return the gradients of :func:`compute_cost` with respect to each parameter.

    ``dZ2 = A2 - Y``, ``dW2 = (1/m) dZ2 A1^T``, ``db2 = (1/m) sum(dZ2, axis=1)``,
    ``dZ1 = W2^T dZ2 * (1 - A1^2)``, ``dW1 = (1/m) dZ1 X^T``, ``db1 = (1/m) sum(dZ1, axis=1)``
    (sums keep their column shape). ``1 - A1^2`` is tanh's derivative written in terms of its
    output, which is why the cache stores ``A1``.

    Returns:
        A dict with keys ``dW1``, ``db1``, ``dW2``, ``db2``, each shaped like its parameter.
    """
    m = X.shape[1]
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = (dZ2 @ A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * (1.0 - A1**2)
    dW1 = (dZ1 @ X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(
    parameters: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    learning_rate: float = 1.2,
) -> Parameters:
    """Take one gradient-descent step, ``p := p - learning_rate * grads["d" + name]``.

    Every entry of ``parameters`` is updated, so this works for any number of layers. The
    input dict and its arrays are left unchanged; a new dict of new arrays is returned.

    Raises:
        KeyError: if a parameter has no matching gradient.
    """
    updated: Parameters = {}
    for name, value in parameters.items():
        grad_name = "d" + name
        if grad_name not in grads:
            raise KeyError(f"no gradient {grad_name!r} for parameter {name!r}")
        # Out-of-place arithmetic on purpose: ``-=`` would write into the caller's arrays.
        updated[name] = value - learning_rate * grads[grad_name]
    return updated


def _check_init(init: Mapping[str, np.ndarray], n_x: int, n_h: int, n_y: int) -> Parameters:
    """Return float64 copies of ``init`` after checking it fits an ``(n_x, n_h, n_y)`` network."""
    expected = {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}
    missing = sorted(set(expected) - set(init))
    if missing:
        raise ValueError(f"init is missing parameters {missing}")
    copied: Parameters = {}
    for name, shape in expected.items():
        value = np.array(init[name], dtype=np.float64)  # np.array copies: init stays untouched
        if value.shape != shape:
            raise ValueError(f"init[{name!r}] has shape {value.shape}, expected {shape}")
        copied[name] = value
    return copied


def _step(
    parameters: Parameters, X: np.ndarray, Y: np.ndarray, learning_rate: float
) -> tuple[Parameters, float]:
    """One forward/backward/update pass; also returns the cost *before* the update."""
    A2, cache = forward_propagation(X, parameters)
    cost = compute_cost(A2, Y)
    grads = backward_propagation(parameters, cache, X, Y)
    return update_parameters(parameters, grads, learning_rate), cost


def nn_model(
    X: np.ndarray,
    Y: np.ndarray,
    n_h: int,
    num_iterations: int = 10000,
    print_cost: bool = False,
    learning_rate: float = 1.2,
    rng: np.random.Generator | None = None,
    init: Mapping[str, np.ndarray] | None = None,
) -> Parameters:
    """Train the network with batch gradient descent and return the final parameters.

    Args:
        X: inputs, ``(n_x, m)``.
        Y: 0/1 labels, ``(n_y, m)``.
        n_h: number of hidden units.
        num_iterations: number of gradient-descent steps.
        print_cost: print the cost every 1000 iterations, as the course notebook does.
        learning_rate: step size.
        rng: generator for :func:`reference.init.initialize_parameters`; ignored with ``init``.
        init: optional starting parameters (copied, never modified); they must match the
            ``(n_x, n_h, n_y)`` shapes. Graders use it to start from a symmetric point.

    Raises:
        ValueError: on inconsistent ``X``/``Y`` shapes, a negative ``num_iterations`` or an
            ``init`` with missing keys or wrong shapes.
    """
    n_x, n_h, n_y = layer_sizes(X, Y, n_h)
    if num_iterations < 0:
        raise ValueError(f"num_iterations must be >= 0, got {num_iterations}")
    if init is None:
        parameters = initialize_parameters(n_x, n_h, n_y, rng=rng)
    else:
        parameters = _check_init(init, n_x, n_h, n_y)
    for i in range(num_iterations):
        parameters, cost = _step(parameters, X, Y, learning_rate)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost:f}")
    return parameters


def predict(parameters: Mapping[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Return ``(A2 > 0.5)`` as a ``float64`` array of 0.0/1.0, shape ``(n_y, m)``.

    Float rather than bool so predictions compare and do arithmetic directly with float labels
    (``np.mean(predict(p, X) == Y)`` is the accuracy). Exactly 0.5 predicts class 0, matching
    the strict ``>`` of the course.
    """
    A2, _ = forward_propagation(X, parameters)
    return (A2 > 0.5).astype(np.float64)


def train_steps(
    parameters: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    steps: int,
    learning_rate: float = 1.2,
) -> list[Parameters]:
    """Return the gradient-descent trajectory ``[p0, p1, ..., p_steps]`` from ``parameters``.

    ``p0`` is a copy of the start, so the list has ``steps + 1`` entries and every entry is
    independent of the caller's dict. Graders use it to watch hidden units over time, e.g.
    that units which start identical are still identical after every step.

    Raises:
        ValueError: if ``steps`` is negative.
    """
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    current: Parameters = {name: np.array(value) for name, value in parameters.items()}
    trajectory = [current]
    # forward_propagation, backward_propagation and update_parameters inlined, operation for
    # operation (the same numbers, bit for bit), without their dicts: graders call this for
    # every submission, and on small networks the bookkeeping cost more than the arithmetic.
    # No cost is computed: nobody reads it here.
    W1, b1, W2, b2 = (current[name] for name in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]
    for _ in range(steps):
        A1 = np.tanh(W1 @ X + b1)
        dZ2 = sigmoid(W2 @ A1 + b2) - Y
        dW2 = (dZ2 @ A1.T) / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = (W2.T @ dZ2) * (1.0 - A1**2)
        dW1 = (dZ1 @ X.T) / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        W1, b1 = W1 - learning_rate * dW1, b1 - learning_rate * db1
        W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
        trajectory.append({"W1": W1, "b1": b1, "W2": W2, "b2": b2})
    return trajectory


def hidden_units_identical(
    parameters: Mapping[str, np.ndarray],
    atol: float = 0.0,
    rtol: float = IDENTICAL_RTOL,
) -> list[tuple[int, int]]:
    """Return the pairs ``(i, j)``, ``i < j``, of hidden units that are indistinguishable.

    Unit ``i`` is described by its incoming weights ``W1[i, :]``, its bias ``b1[i, 0]`` and its
    outgoing weights ``W2[:, i]``. Two units are identical when every one of those entries
    differs by at most ``atol + rtol * scale``, where ``scale`` is the largest absolute entry
    of ``W1``, ``b1`` and ``W2``.

    Why this tolerance: units that start identical follow the same arithmetic, so they can
    drift apart only by float64 rounding (relative ~1e-16 per operation, amplified modestly
    over many steps), while units from a random start differ by about the weights' own scale.
    ``rtol = 1e-9`` sits far from both; making it relative keeps the test meaningful whether
    weights are 0.01 or 10. An all-zero network has ``scale == 0`` and every difference is
    exactly zero, so all its units are reported identical even with ``atol == 0``.

    Returns:
        Sorted list of index pairs; empty when all units differ.
    """
    W1 = np.asarray(parameters["W1"], dtype=np.float64)
    b1 = np.asarray(parameters["b1"], dtype=np.float64).reshape(-1, 1)
    W2 = np.asarray(parameters["W2"], dtype=np.float64)
    # One row per hidden unit: everything that determines what the unit computes and where it
    # sends the result.
    units = np.hstack([W1, b1, W2.T])
    scale = float(np.max(np.abs(units))) if units.size else 0.0
    tolerance = atol + rtol * scale
    max_diff = np.max(np.abs(units[:, None, :] - units[None, :, :]), axis=2)
    rows, cols = np.nonzero(np.triu(max_diff <= tolerance, k=1))
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True)]
