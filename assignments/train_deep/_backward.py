"""Properties of backward: each backward function fed the course's caches, ReLU's derivative at
Z, and a gradient check of the student's whole backward pass against their own forward pass.

The value properties feed the reference's caches in the documented layout, so a forward bug
does not cost the backward category too. The gradient check feeds the student's own forward
caches into their own backward pass: a cache order of one's own, used consistently, passes it
(and symmetry and training), while the layout checks of forward.* and the properties here,
which give the documented layout, still ask for the course's.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from assignments.train_shallow._compare import COST_RTOL, close, describe_difference, fmt
from grader.authoring import Failure, StudentFailure
from reference import deep
from reference.gradcheck import directional_derivative
from reference.train import sigmoid

from ._base import (
    MANY,
    SEEDS,
    Layer,
    Net,
    as_cost,
    as_shaped,
    call_model_backward,
    call_model_forward,
    expect_triple,
    layers,
    nets,
    nonzero_tenths,
    prop,
    tenths,
    unpack_cache,
)


class _course_caches:
    """``with _course_caches(): ...``: an exception the student's code raises while given the
    course's caches says so, since a layout of the student's own (used consistently by their
    forward functions, which api.backward accepts) is the usual cause."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, tb: Any) -> None:
        if kind is not None and issubclass(kind, StudentFailure):
            raise Failure(
                f"your code raised {error} (given the course's cache layout: each layer's "
                "cache is (linear_cache, activation_cache), with linear_cache = (A_prev, W, b) "
                "and activation_cache = Z)"
            ) from None


# -- the lesson's gradients and the usual slips, to name a difference ------------------------------


def _linear_grads(dZ: np.ndarray, A_prev: np.ndarray, W: np.ndarray) -> tuple:
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def _dZ(dA: np.ndarray, Z: np.ndarray, A_prev: np.ndarray, rule: str) -> np.ndarray | None:
    """dZ under the right rule ("relu", "sigmoid") or a slip; None when a slip cannot apply."""
    if rule == "relu":
        return np.where(Z > 0, dA, 0.0)
    if rule == "sigmoid":
        s = sigmoid(Z)
        return dA * s * (1 - s)
    if rule == "identity":
        return dA
    if rule == "mask A_prev":
        return np.where(A_prev > 0, dA, 0.0) if A_prev.shape == Z.shape else None
    if rule == "mask dA":
        return np.where(dA > 0, dA, 0.0)
    if rule == "sigmoid of A":
        s = sigmoid(deep.relu(Z))
        return dA * s * (1 - s)
    raise ValueError(rule)


_RULE_WHY = {
    "relu": "that is ReLU's derivative; this layer is a sigmoid layer: use sigmoid_backward",
    "sigmoid": "that is sigmoid's derivative; ReLU layers use relu_backward",
    "identity": "dZ = dA: the activation's derivative (relu_backward or sigmoid_backward) is "
    "not applied",
    "mask A_prev": "ReLU's derivative is taken from A_prev, the layer's input (linear_cache[0]); "
    "it is taken at this layer's Z, the activation cache: relu_backward(dA, activation_cache)",
    "mask dA": "dZ is dA where dA > 0; ReLU's derivative depends on the sign of Z, not of dA",
    "sigmoid of A": "the derivative is taken at A = relu(Z); take it at Z, the activation cache",
}


def _size_factors(m: int, n_prev: int) -> list[tuple[float, str]]:
    also = (" (if m came from A_prev.shape[0], that is n[l-1] = 1 here)" if n_prev == 1 and m > 1
            else "")  # fmt: skip
    found = [(float(m), f"it is not divided by m = A_prev.shape[1] = {m}{also}"),
             (-1.0, "its sign is flipped")]  # fmt: skip
    if n_prev != m:
        found.append((m / n_prev, f"it is divided by A_prev.shape[0] = {n_prev} instead of "
                                  f"m = A_prev.shape[1] = {m}"))  # fmt: skip
    return found


def _compare_triple(
    got: tuple, want: tuple, A_prev: np.ndarray, W: np.ndarray, dZ: np.ndarray, what: str,
    slips: list[tuple[tuple, str]] = (),  # type: ignore[assignment]
) -> None:  # fmt: skip
    """Compare (dA_prev, dW, db) with the lesson's, dW first; a difference is explained by the
    slips that give all three of the student's values when there are such, else by those that
    give the differing one (dW alone often cannot tell two slips apart)."""
    m, n_prev = A_prev.shape[1], A_prev.shape[0]
    shapes = (A_prev.shape, W.shape, (W.shape[0], 1))
    names = ("dA_prev", "dW", "db")
    values = [as_shaped(got[i], shapes[i], f"{what}'s {names[i]}") for i in range(3)]
    slips = list(slips)
    if W.shape[0] == W.shape[1]:
        slips.append(((W @ dZ, want[1], want[2]), "dA_prev = np.dot(W.T, dZ): W is not transposed"))
    slips.append(((want[0] / m, want[1], want[2]), "dA_prev = np.dot(W.T, dZ) is not divided by m"))
    whole = [(s, why) for s, why in slips if all(close(values[i], s[i]) for i in range(3))]
    for index in (1, 2, 0):
        if close(values[index], want[index]):
            continue
        known = [(s[index], why) for s, why in (whole or slips) if not close(s[index], want[index])]
        raise Failure(describe_difference(f"{what}'s {names[index]}", values[index], want[index],
                                          known, _size_factors(m, n_prev)))  # fmt: skip


@prop(
    "backward.linear",
    category="backward",
    points=5,
    given={"layer": layers()},
    depends=("api.backward",),
    examples=MANY,
    hint="A_prev, W, b = cache; m = A_prev.shape[1]; dW = np.dot(dZ, A_prev.T) / m; "
    "db = np.sum(dZ, axis=1, keepdims=True) / m; dA_prev = np.dot(W.T, dZ).",
)
def linear_backward_values(code: Any, layer: Layer) -> None:
    """linear_backward gives dA_prev = W.T dZ, dW = dZ A_prev.T / m and db = sum(dZ) / m"""
    A_prev, W, b, dZ = layer.A_prev, layer.W, layer.b, layer.dA
    got = expect_triple(code.linear_backward(dZ, (A_prev, W, b)), "linear_backward")
    _compare_triple(got, _linear_grads(dZ, A_prev, W), A_prev, W, dZ, "linear_backward")


@prop(
    "backward.activation",
    category="backward",
    points=4,
    given={"layer": layers()},
    depends=("api.backward",),
    examples=MANY,
    hint="linear_cache, activation_cache = cache; dZ = relu_backward(dA, activation_cache) for "
    '"relu", sigmoid_backward(dA, activation_cache) for "sigmoid"; then '
    "linear_backward(dZ, linear_cache).",
)
def activation_backward_values(code: Any, layer: Layer) -> None:
    """linear_activation_backward takes the named activation's derivative, then linear_backward"""
    A_prev, W, b, Z, dA = layer.A_prev, layer.W, layer.b, layer.Z, layer.dA
    for activation in ("relu", "sigmoid"):
        what = f'linear_activation_backward(..., "{activation}")'
        with _course_caches():
            got = expect_triple(code.linear_activation_backward(dA, ((A_prev, W, b), Z), activation),
                                what)  # fmt: skip
        right_dZ = _dZ(dA, Z, A_prev, activation)
        want = _linear_grads(right_dZ, A_prev, W)
        slips = []
        for rule in ("relu", "sigmoid", "identity", "mask A_prev", "mask dA", "sigmoid of A"):
            dZ = _dZ(dA, Z, A_prev, rule)
            if rule != activation and dZ is not None:
                slips.append((_linear_grads(dZ, A_prev, W), _RULE_WHY[rule]))
        _compare_triple(got, want, A_prev, W, right_dZ, what, slips)


#: Signs of (Z, dA) in the first row's first three columns of every trap: a derivative taken
#: at Z keeps only the first entry, one taken from A_prev (positive where Z is not) keeps the
#: other two, and one taken from dA's sign keeps the second, so each slip gives other numbers.
_TRAP_SIGNS = ((1, -1), (-1, 1), (-1, -1))


@st.composite
def relu_traps(draw: Any) -> Layer:
    """A layer with as many inputs as units (n = n_prev), where A_prev >= 0 (as every ReLU
    output is) is positive exactly where Z is negative: a derivative taken from A_prev, from
    dA's sign or from nothing gives other numbers than the one taken at Z."""
    n, m, limit = draw(st.integers(1, 4)), draw(st.integers(3, 5)), draw(st.integers(5, 10))
    rng = np.random.default_rng(draw(SEEDS))
    Z = nonzero_tenths(rng, (n, m), limit)
    dA = nonzero_tenths(rng, (n, m), 2 * limit)
    for column, (z_sign, dA_sign) in enumerate(_TRAP_SIGNS):
        Z[0, column] = z_sign * abs(Z[0, column])
        dA[0, column] = dA_sign * abs(dA[0, column])
    A_prev = np.where(Z < 0, np.abs(nonzero_tenths(rng, (n, m), limit)), 0.0)
    W = tenths(rng, (n, n), limit)
    b = Z - W @ A_prev  # so that W A_prev + b is Z exactly as drawn
    return Layer(A_prev=A_prev, W=W, b=b, dA=dA)


@prop(
    "backward.relu-at-z",
    category="backward",
    points=3,
    given={"layer": relu_traps()},
    depends=("api.backward",),
    examples=MANY,
    hint="ReLU's derivative is 1 where Z > 0 and 0 where Z <= 0, at this layer's Z: "
    "relu_backward(dA, activation_cache), where linear_cache, activation_cache = cache.",
)
def relu_derivative_at_z(code: Any, layer: Layer) -> None:
    """The ReLU layer's derivative is taken at its Z (the activation cache), not at A or dA"""
    A_prev, W, b, Z, dA = layer.A_prev, layer.W, layer.b, layer.Z, layer.dA
    what = 'linear_activation_backward(..., "relu")'
    with _course_caches():
        got = expect_triple(code.linear_activation_backward(dA, ((A_prev, W, b), Z), "relu"), what)
    right_dZ = _dZ(dA, Z, A_prev, "relu")
    want = _linear_grads(right_dZ, A_prev, W)
    slips = [(_linear_grads(dZ, A_prev, W), _RULE_WHY[rule])
             for rule in ("mask A_prev", "mask dA", "identity", "sigmoid")
             if (dZ := _dZ(dA, Z, A_prev, rule)) is not None]  # fmt: skip
    _compare_triple(got, want, A_prev, W, right_dZ, what, slips)


# -- the whole backward pass -----------------------------------------------------------------------


def _model_grads(
    AL: np.ndarray, Y: np.ndarray, caches: list, hidden: str = "relu", output: str = "sigmoid",
    sign: float = 1.0, reuse: bool = False, m_scale: float = 1.0,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:  # fmt: skip
    """Per layer l = 1..L: (dA[l-1], dW[l], db[l]) of the lesson, or of one slip: another
    derivative for the hidden or the output layer, dAL's sign flipped, the gradient of A[L-1]
    reused for every hidden layer, or every dW and db scaled."""
    L = len(caches)
    dA = sign * -(Y / AL - (1 - Y) / (1 - AL))
    out: list[Any] = [None] * L
    first_hidden = None
    for layer in range(L, 0, -1):
        (A_prev, W, _), Z = caches[layer - 1]
        rule = output if layer == L else hidden
        if reuse and layer < L:
            dA = first_hidden
        try:
            dZ = _dZ(dA, Z, A_prev, rule)
            if dZ is None:
                return []
            dA_prev, dW, db = _linear_grads(dZ, A_prev, W)
        except ValueError:  # a slip that only some widths allow (reuse, with other widths)
            return []
        out[layer - 1] = (dA_prev, dW * m_scale, db * m_scale)
        if layer == L:
            first_hidden = dA_prev
        dA = dA_prev
    return out


def _model_slips(AL: np.ndarray, Y: np.ndarray, caches: list, m: int) -> list[tuple[list, str]]:
    L = len(caches)
    slips = [
        (
            _model_grads(AL, Y, caches, hidden="sigmoid"),
            "the hidden layers use sigmoid's derivative; layers 1..L-1 are ReLU layers: "
            'linear_activation_backward(..., "relu")',
        ),
        (
            _model_grads(AL, Y, caches, output="relu"),
            "the output layer L is a sigmoid layer: linear_activation_backward(dAL, caches[L - 1], "
            '"sigmoid")',
        ),
        (
            _model_grads(AL, Y, caches, sign=-1.0),
            "dAL has the wrong sign: dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
        ),
        (
            _model_grads(AL, Y, caches, hidden="identity"),
            "the hidden layers' ReLU derivative is missing",
        ),
        (_model_grads(AL, Y, caches, m_scale=float(m)), f"dW and db are not divided by m = {m}"),
    ]
    if L >= 3:
        slips.append((_model_grads(AL, Y, caches, reuse=True),
                      f"every hidden layer is fed the gradient of A{L - 1}, the output layer's "
                      "input; layer l must take the gradient of A[l], which layer l + 1 just "
                      "computed (grads['dA' + str(l + 1)] in the loop)"))  # fmt: skip
    return [(grads, why) for grads, why in slips if grads]


@prop(
    "backward.model",
    category="backward",
    points=7,
    given={"net": nets()},
    depends=("api.backward",),
    examples=MANY,
    hint='dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)); layer L with "sigmoid" and '
    'caches[L - 1]; then for l in reversed(range(L - 1)): layer l + 1 with "relu", '
    "caches[l] and the gradient of A[l + 1] that the previous step stored.",
)
def model_backward_values(code: Any, net: Net) -> None:
    """L_model_backward gives the lesson's gradients, layer by layer from the output back"""
    AL, caches = deep.L_model_forward(net.X, net.parameters)
    L, m = net.L, net.m
    with _course_caches():
        grads = call_model_backward(code, AL, net.Y, caches, L)
    want = _model_grads(AL, net.Y, caches)
    for layer in range(L, 0, -1):
        (A_prev, W, b), _ = caches[layer - 1]
        activation = "sigmoid" if layer == L else "ReLU"
        where = f", in layer {layer} of {L} ({activation}); this used the lesson's caches"
        for index, name, shape in ((1, f"dW{layer}", W.shape), (2, f"db{layer}", b.shape),
                                   (0, f"dA{layer - 1}", A_prev.shape)):  # fmt: skip
            source = grads["dA"][layer - 1] if index == 0 else grads[name]
            label = name if index else f"the gradient of A{layer - 1}"
            value = as_shaped(source, shape, label)
            expected = want[layer - 1][index]
            if close(value, expected):
                continue
            known = [(s[layer - 1][index], why) for s, why in _model_slips(AL, net.Y, caches, m)
                     if not close(s[layer - 1][index], expected)]  # fmt: skip
            raise Failure(describe_difference(label, value, expected, known) + where)


GRADCHECK_RTOL = 1e-5  # a central difference is good to ~1e-9 here; bugs are off by 1e-2 or more
GRADCHECK_ATOL = 1e-7


@prop(
    "backward.gradcheck",
    category="backward",
    points=5,
    given={"net": nets(st.lists(st.integers(1, 4), min_size=3, max_size=5), st.integers(1, 4))},
    depends=("api.forward", "api.backward"),
    examples=3,  # each costs 4 calls per parameter array; the value checks try more inputs
    hint="Gradient checking: nudge the parameters by a tiny eps along a direction d, and the "
    "change of the cost divided by eps must equal sum(grad * d). L_model_backward must "
    "differentiate exactly what your L_model_forward and compute_cost compute, with the caches "
    "your L_model_forward makes.",
)
def gradients_match_own_cost(code: Any, net: Net) -> None:
    """Your gradients are the derivative of your own cost, through your own caches (checked by finite differences)"""
    X, Y, P, L = net.X, net.Y, net.parameters, net.L
    AL, caches = call_model_forward(code, X, P)
    grads = call_model_backward(code, AL, Y, caches, L)
    try:
        shaped = {k: as_shaped(grads["d" + k], v.shape, "d" + k) for k, v in P.items()}
    except Failure as exc:
        raise Failure(f"fed the caches of your own L_model_forward, L_model_backward gives "
                      f"gradients of other shapes than the parameters': {exc}") from None  # fmt: skip

    def own_cost(point: dict[str, np.ndarray]) -> float:
        return as_cost(code.compute_cost(call_model_forward(code, X, point)[0], Y))

    def lesson_cost(point: dict[str, np.ndarray]) -> float:
        return deep.compute_cost(call_model_forward(code, X, point)[0], Y)

    rng = np.random.default_rng(int(abs(X).sum() * 1000) % 2**32)
    for layer in range(L, 0, -1):  # the output layer first: where a gradient goes wrong first
        for kind in "Wb":
            key = f"{kind}{layer}"
            d = rng.choice([-1.0, 1.0], size=P[key].shape) * rng.uniform(0.5, 1.0, P[key].shape)
            got = shaped[key]
            analytic = float(np.sum(got * d))
            slope = directional_derivative(own_cost, P, {key: d})
            if _agree(slope, analytic):
                continue
            # A cost or a forward pass that is not the lesson's is their categories' to report:
            # the backward pass is right when it differentiates the lesson's cost of your
            # network, or (your network not being the lesson's) when it is the lesson's
            # backward pass on your caches.
            if _agree(directional_derivative(lesson_cost, P, {key: d}), analytic):
                continue
            if _lesson_backward_on(caches, grads, AL, Y, L):
                return
            raise Failure(_blame(code, net, AL, key, slope, analytic))


def _agree(slope: float, analytic: float) -> bool:
    return abs(slope - analytic) <= GRADCHECK_RTOL * (abs(slope) + abs(analytic)) + GRADCHECK_ATOL


def _lesson_backward_on(caches: list, grads: dict, AL: np.ndarray, Y: np.ndarray, L: int) -> bool:
    """Whether `grads` are the lesson's backward pass over the student's own `caches` (which
    must be in the course's layout to tell)."""
    try:
        course = [((A_prev, W, b), Z) for A_prev, W, b, Z in (unpack_cache(c) for c in caches)]
        with np.errstate(all="ignore"):
            want = deep.L_model_backward(AL, Y, course)
    except (Failure, ValueError, TypeError):
        return False
    return all(
        close(np.asarray(grads[k], dtype=float).reshape(np.shape(want[k])), want[k])
        if np.size(grads[k]) == np.size(want[k])
        else False
        for k in want
        if k[1] in "Wb"
    )


def _blame(code: Any, net: Net, AL: np.ndarray, key: str, slope: float, analytic: float) -> str:
    """Why the gradient check failed: forward or cost not the lesson's (upstream), or the
    backward pass itself. The last call into the student's code is the counterexample shown."""
    X, Y, P = net.X, net.Y, net.parameters
    ref_AL, _ = deep.L_model_forward(X, P)
    if not close(AL, ref_AL):
        call_model_forward(code, X, P)
        return (
            f"d{key} is not the derivative of your cost, but the cause is upstream: your "
            "L_model_forward is not the lesson's network (see the forward category), while "
            "L_model_backward follows the lesson's. Fix L_model_forward first"
        )
    own, lesson = as_cost(code.compute_cost(AL, Y)), deep.compute_cost(AL, Y)
    if not close(own, lesson, COST_RTOL):
        return (
            f"d{key} is not the derivative of your cost because your cost is not the lesson's: "
            f"compute_cost gives {fmt(own)} where the cross-entropy is {fmt(lesson)} (see the "
            "cost category)"
        )
    code.L_model_backward(AL, Y, call_model_forward(code, X, P)[1])
    return (
        f"your d{key} is not the derivative of your cost: moving {key} by eps along a direction d "
        f"changes compute_cost(L_model_forward(X, parameters)[0], Y) at the rate {fmt(slope)}, "
        f"but your gradient gives sum(d{key} * d) = {fmt(analytic)}. L_model_backward, fed the "
        "caches of your own L_model_forward, must give the gradients of what it computed"
    )
