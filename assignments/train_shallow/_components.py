"""Properties of the building blocks: api, shapes, forward, cost, backward, update.

Each function is compared with the reference on generated inputs. Where a function consumes
another one's output, it is fed the reference's value (backward_propagation gets the reference
cache), so one bug costs its own category and not every category downstream.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader import Failure
from grader.checks import describe, expect_shape
from reference.gradcheck import numerical_gradient
from reference.train import compute_cost as ref_cost
from reference.train import forward_propagation as ref_forward
from reference.train import sigmoid

from ._base import (
    DEFAULT_RATE,
    FEW,
    GRADS,
    MANY,
    PARAMS,
    SEEDS,
    SOME,
    Net,
    as_cost,
    as_shaped,
    call_backward,
    call_forward,
    call_initialize,
    call_update,
    forward_shapes,
    grad_shapes,
    nets,
    prop,
    random_parameters,
    zero_one,
)
from ._compare import COST_RTOL, close, describe_difference, fmt

SIZE = st.integers(1, 5)


# -- api ---------------------------------------------------------------------------------------


@prop(
    "api.initialize",
    category="api",
    points=2,
    given={"n_x": SIZE, "n_h": SIZE},
    examples=FEW,
    hint="Return {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}, each built with numpy "
    "(np.random.randn, np.zeros).",
)
def initialize_returns_parameters(code: Any, n_x: int, n_h: int) -> None:
    """initialize_parameters returns a dict of float arrays W1, b1, W2, b2"""
    call_initialize(code, n_x, n_h)


@prop(
    "api.forward",
    category="api",
    points=2,
    given={"net": nets()},
    examples=FEW,
    hint="forward_propagation ends with `return A2, cache`, where cache = {'Z1': Z1, "
    "'A1': A1, 'Z2': Z2, 'A2': A2}: backward_propagation reads A1 and A2 from it.",
)
def forward_returns_pair(code: Any, net: Net) -> None:
    """forward_propagation returns (A2, cache), cache holding Z1, A1, Z2, A2"""
    call_forward(code, net.X, net.parameters)


@prop(
    "api.backward",
    category="api",
    points=2,
    given={"net": nets()},
    examples=FEW,
    hint="Return {'dW1': dW1, 'db1': db1, 'dW2': dW2, 'db2': db2}: update_parameters looks "
    "each gradient up as 'd' + the parameter's name.",
)
def backward_returns_grads(code: Any, net: Net) -> None:
    """backward_propagation returns a dict of gradients dW1, db1, dW2, db2"""
    _, cache = ref_forward(net.X, net.parameters)
    call_backward(code, net.parameters, cache, net.X, net.Y)


@dataclass(frozen=True)
class Step:
    """Parameters, gradients shaped like them, and a learning rate."""

    parameters: dict[str, np.ndarray]
    grads: dict[str, np.ndarray]
    rate: float

    def __repr__(self) -> str:  # fast and deterministic: the engine hashes it (see Net)
        p = {k: v.tolist() for k, v in self.parameters.items()}
        g = {k: v.tolist() for k, v in self.grads.items()}
        return f"Step(parameters={p}, grads={g}, rate={self.rate})"


@st.composite
def steps(draw: Any) -> Step:
    """The rate comes 0.5 first, so a counterexample shrinks to a rate that is not the default."""
    n_x, n_h, limit = draw(SIZE), draw(SIZE), draw(st.integers(1, 10))
    rng = np.random.default_rng(draw(SEEDS))
    parameters = random_parameters(rng, n_x, n_h, limit)
    grads = {"d" + k: v for k, v in random_parameters(rng, n_x, n_h, limit).items()}
    return Step(parameters, grads, draw(st.sampled_from([0.5, 0.1, 0.01, 2.0, 1.2])))


@prop(
    "api.update",
    category="api",
    points=2,
    given={"step": steps()},
    examples=FEW,
    hint="Return the updated parameters as a dict with the same keys W1, b1, W2, b2.",
)
def update_returns_parameters(code: Any, step: Step) -> None:
    """update_parameters returns a dict of float arrays W1, b1, W2, b2"""
    call_update(code, step.parameters, step.grads, step.rate)


@prop(
    "api.predict",
    category="api",
    points=2,
    given={"net": nets()},
    examples=FEW,
    hint="Return a numpy array, e.g. `return A2 > 0.5`.",
)
def predict_returns_array(code: Any, net: Net) -> None:
    """predict returns a numpy array"""
    value = code.predict(net.parameters, net.X)
    if type(value) is not np.ndarray or not (
        np.issubdtype(value.dtype, np.number) or value.dtype == bool
    ):
        raise Failure(f"predict returned {describe(value)}; expected a numpy array of 0/1 labels")


# -- shapes ------------------------------------------------------------------------------------


@prop(
    "shapes.initialize",
    category="shapes",
    points=3,
    given={"n_x": SIZE, "n_h": SIZE, "n_y": st.integers(1, 3)},
    depends=("api.initialize",),
    examples=SOME,
    hint="Row l of W1 holds hidden unit l's weights: W1 is (n_h, n_x), W2 is (n_y, n_h), and "
    "the biases are columns, np.zeros((n_h, 1)) and np.zeros((n_y, 1)).",
)
def initialize_shapes(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """initialize_parameters gives W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1)"""
    params = call_initialize(code, n_x, n_h, n_y)
    expect_shape(params["W1"], (n_h, n_x), "W1", "(n_h, n_x), one row per hidden unit")
    expect_shape(params["b1"], (n_h, 1), "b1", "(n_h, 1), a column")
    expect_shape(params["W2"], (n_y, n_h), "W2", "(n_y, n_h), one row per output unit")
    expect_shape(params["b2"], (n_y, 1), "b2", "(n_y, 1), a column")


@prop(
    "shapes.forward",
    category="shapes",
    points=3,
    given={"net": nets()},
    depends=("api.forward",),
    examples=SOME,
    hint="Every activation has one column per example: Z1 and A1 are (n_h, m), Z2 and A2 are "
    "(n_y, m). Z1 = np.dot(W1, X) + b1, with the bias column broadcast over the m columns.",
)
def forward_shapes_hold(code: Any, net: Net) -> None:
    """forward_propagation gives Z1, A1 of shape (n_h, m) and Z2, A2 of shape (1, m)"""
    A2, cache = call_forward(code, net.X, net.parameters)
    forward_shapes(A2, cache, net.n_h, net.m)


@prop(
    "shapes.backward",
    category="shapes",
    points=4,
    given={"net": nets()},
    depends=("api.backward",),
    examples=SOME,
    hint="Each gradient has its parameter's shape. Sum over the examples only: "
    "db1 = np.sum(dZ1, axis=1, keepdims=True) / m keeps one entry per hidden unit, as a column.",
)
def backward_shapes_hold(code: Any, net: Net) -> None:
    """Each gradient has the shape of its parameter (dW1 like W1, db1 like b1, ...)"""
    _, cache = ref_forward(net.X, net.parameters)
    grads = call_backward(code, net.parameters, cache, net.X, net.Y)
    grad_shapes(grads, net.parameters)


# -- forward -----------------------------------------------------------------------------------

FORWARD = ("api.forward", "shapes.forward")


@prop(
    "forward.hidden",
    category="forward",
    points=6,
    given={"net": nets()},
    depends=FORWARD,
    examples=MANY,
    hint="Z1 = np.dot(W1, X) + b1 and A1 = np.tanh(Z1): the hidden layer uses tanh.",
)
def hidden_layer(code: Any, net: Net) -> None:
    """The hidden layer computes Z1 = W1 X + b1 and A1 = tanh(Z1)"""
    A2, cache = call_forward(code, net.X, net.parameters)
    forward_shapes(A2, cache, net.n_h, net.m)
    P = net.parameters
    Z1 = P["W1"] @ net.X + P["b1"]
    if not close(cache["Z1"], Z1):
        raise Failure(
            describe_difference(
                "Z1",
                cache["Z1"],
                Z1,
                known=[
                    (P["W1"] @ net.X, "b1 is not added: Z1 = np.dot(W1, X) + b1"),
                    (P["W1"] @ net.X - P["b1"], "b1 is subtracted, not added"),
                ],
            )
        )
    A1 = np.tanh(Z1)
    if not close(cache["A1"], A1):
        raise Failure(
            describe_difference(
                "A1",
                cache["A1"],
                A1,
                known=[
                    (sigmoid(Z1), "that is sigmoid(Z1); the hidden layer uses tanh"),
                    # relu is only named where it differs from "some entries zeroed"
                    *(
                        [(np.maximum(Z1, 0), "that is relu(Z1); the hidden layer uses tanh")]
                        if np.any(Z1 > 0)
                        else []
                    ),
                    (Z1, "that is Z1 itself: the activation np.tanh is not applied"),
                ],
            )
        )


@prop(
    "forward.output",
    category="forward",
    points=6,
    given={"net": nets()},
    depends=FORWARD,
    examples=MANY,
    hint="Z2 = np.dot(W2, A1) + b2 and A2 = sigmoid(Z2): the output layer takes the hidden "
    "activations A1 and gives a probability.",
)
def output_layer(code: Any, net: Net) -> None:
    """The output layer computes Z2 = W2 A1 + b2 and A2 = sigmoid(Z2), from your A1"""
    A2, cache = call_forward(code, net.X, net.parameters)
    forward_shapes(A2, cache, net.n_h, net.m)
    P = net.parameters
    # Built on the student's own A1 and Z2, so a hidden-layer bug is forward.hidden's alone.
    Z2 = P["W2"] @ cache["A1"] + P["b2"]
    if not close(cache["Z2"], Z2):
        raise Failure(
            describe_difference(
                "Z2",
                cache["Z2"],
                Z2,
                known=[
                    (
                        P["W2"] @ cache["Z1"] + P["b2"],
                        "Z2 is built from Z1; use the activations A1",
                    ),
                    (P["W2"] @ cache["A1"], "b2 is not added: Z2 = np.dot(W2, A1) + b2"),
                ],
            )
            + " (the expected value is built from your own A1)"
        )
    expected = sigmoid(cache["Z2"])
    if not close(cache["A2"], expected):
        raise Failure(
            describe_difference(
                "A2",
                cache["A2"],
                expected,
                known=[
                    (np.tanh(cache["Z2"]), "that is tanh(Z2); the output layer uses sigmoid"),
                    (cache["Z2"], "that is Z2 itself: the sigmoid is not applied"),
                ],
            )
            + " (the expected value is sigmoid of your own Z2)"
        )
    if not close(A2, cache["A2"]):
        raise Failure(
            describe_difference("the returned A2", A2, cache["A2"])
            + "; the A2 you return should be the one in cache['A2']"
        )


# -- cost --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outputs:
    """Probabilities A2 and labels Y, both (1, m): the inputs of compute_cost."""

    A2: np.ndarray
    Y: np.ndarray

    def __repr__(self) -> str:  # fast and deterministic: the engine hashes it (see Net)
        return f"Outputs(A2={self.A2.tolist()}, Y={self.Y.tolist()})"


@st.composite
def predictions(draw: Any) -> Outputs:
    """A2 in [0.05, 0.95] in steps of 0.05 (shrinking towards 0.5, so a counterexample is easy
    to redo by hand) and 0/1 labels Y."""
    m, spread = draw(st.integers(1, 5)), draw(st.integers(0, 9))
    rng = np.random.default_rng(draw(SEEDS))
    A2 = 0.5 + rng.integers(-spread, spread + 1, size=(1, m)) / 20.0
    return Outputs(A2, zero_one(rng, m))


COST_HINT = (
    "cost = -(1/m) * np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)), with m = Y.shape[1]: "
    "both terms, averaged over the m examples."
)


@prop(
    "cost.value",
    category="cost",
    points=8,
    given={"case": predictions()},
    examples=MANY,
    hint=COST_HINT,
)
def cost_value(code: Any, case: Outputs) -> None:
    """compute_cost gives the cross-entropy averaged over the m examples"""
    A2, Y = case.A2, case.Y
    m = Y.shape[1]
    got = as_cost(code.compute_cost(A2, Y))
    expected = ref_cost(A2, Y)
    if close(got, expected, COST_RTOL):
        return
    only_y = float(-np.sum(Y * np.log(A2)) / m)
    only_not_y = float(-np.sum((1 - Y) * np.log(1 - A2)) / m)
    raise Failure(
        describe_difference(
            "the cost",
            got,
            expected,
            known=[
                (only_y, "the (1 - Y) * log(1 - A2) term, for examples with label 0, is missing"),
                (only_not_y, "the Y * log(A2) term, for examples with label 1, is missing"),
            ],
            factors=[
                (m, f"the sum is not divided by m = {m}: the cost is an average"),
                (-1.0, "the minus sign in front of the sum is missing"),
                (1 / np.log(10), "np.log10 is used; the cost uses the natural log np.log"),
                (-m, "the sum is neither negated nor divided by m"),
            ],
        )
    )


@prop(
    "cost.number",
    category="cost",
    points=4,
    given={"case": predictions()},
    examples=FEW,
    hint="np.dot(Y, np.log(A2).T) is a 1x1 matrix: return float(np.squeeze(cost)) so the cost "
    "is one number.",
)
def cost_is_number(code: Any, case: Outputs) -> None:
    """compute_cost returns one number, not an array"""
    value = code.compute_cost(case.A2, case.Y)
    if isinstance(value, np.ndarray) and value.ndim > 0:
        raise Failure(
            f"compute_cost returned {describe(value)}; expected a single number "
            "(a float): squeeze the array with float(cost) or np.squeeze(cost)"
        )
    as_cost(value)


# -- backward ----------------------------------------------------------------------------------

# Value properties do not depend on shapes.backward: a gradient holding the right numbers in the
# wrong shape (a (n_h,) db1) costs the shapes category only.
BACKWARD = ("api.backward",)


def _grads(
    net: Net, A1: np.ndarray, A2: np.ndarray, deriv: np.ndarray | None = None, m: float = 0
) -> dict[str, np.ndarray]:
    """The lesson's gradients, optionally with another tanh derivative or another m: the
    variants let a failure say which slip it looks like."""
    X, Y, W2 = net.X, net.Y, net.parameters["W2"]
    m = m or net.m
    dZ2 = A2 - Y
    dZ1 = (W2.T @ dZ2) * (1 - A1**2 if deriv is None else deriv)
    return {
        "dW1": dZ1 @ X.T / m,
        "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
        "dW2": dZ2 @ A1.T / m,
        "db2": np.sum(dZ2, axis=1, keepdims=True) / m,
    }


def _size_factors(net: Net) -> list[tuple[float, str]]:
    m, n_x = net.m, net.n_x
    if n_x == 1:
        return [
            (
                m,
                f"it is not divided by m = X.shape[1] = {m} (if m came from X.shape[0], that "
                "is n_x = 1 here)",
            ),
            (-1.0, "dZ2 should be A2 - Y, not Y - A2"),
        ]
    return [
        (m, f"it is not divided by m = X.shape[1] = {m}"),
        (m / n_x, f"it is divided by X.shape[0] = n_x = {n_x} instead of m = X.shape[1] = {m}"),
        (-1.0, "dZ2 should be A2 - Y, not Y - A2"),
    ]


def _backward_values(code: Any, net: Net, keys: tuple[str, str]) -> None:
    A2, cache = ref_forward(net.X, net.parameters)
    raw = call_backward(code, net.parameters, cache, net.X, net.Y)
    grads = {k: as_shaped(raw[k], net.parameters[k[1:]].shape, k) for k in keys}
    expected = _grads(net, cache["A1"], A2)
    A1, Z1 = cache["A1"], cache["Z1"]
    variants = [
        (_grads(net, A1, A2, deriv=1 - A1), "tanh's derivative is 1 - A1**2, not 1 - A1"),
        (_grads(net, A1, A2, deriv=1 - Z1**2), "tanh's derivative is 1 - A1**2, in A1, not Z1"),
        (
            _grads(net, A1, A2, deriv=A1 * (1 - A1)),
            "A1 * (1 - A1) is sigmoid's derivative; tanh's is 1 - A1**2",
        ),
        (
            _grads(net, A1, A2, deriv=1 - np.tanh(A1) ** 2),
            "A1 is already tanh(Z1): the derivative is 1 - A1**2",
        ),
        (_grads(net, A1, A2, deriv=np.ones_like(A1)), "dZ1 lacks tanh's derivative (1 - A1**2)"),
    ]
    for key in keys:
        if close(grads[key], expected[key]):
            continue
        known = [(v[key], why) for v, why in variants if not close(v[key], expected[key])]
        raise Failure(
            describe_difference(key, grads[key], expected[key], known, _size_factors(net))
            + " (computed from the lesson's cache, so forward_propagation is not involved)"
        )


@prop(
    "backward.output",
    category="backward",
    points=5,
    given={"net": nets()},
    depends=BACKWARD,
    examples=MANY,
    hint="dZ2 = A2 - Y; dW2 = (1/m) * np.dot(dZ2, A1.T); db2 = (1/m) * np.sum(dZ2, axis=1, "
    "keepdims=True); m = X.shape[1] is the number of examples.",
)
def output_gradients(code: Any, net: Net) -> None:
    """dW2 and db2 are the lesson's gradients of the cost"""
    _backward_values(code, net, ("dW2", "db2"))


@prop(
    "backward.hidden",
    category="backward",
    points=5,
    given={"net": nets()},
    depends=BACKWARD,
    examples=MANY,
    hint="dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2)); dW1 = (1/m) * np.dot(dZ1, X.T); "
    "db1 = (1/m) * np.sum(dZ1, axis=1, keepdims=True).",
)
def hidden_gradients(code: Any, net: Net) -> None:
    """dW1 and db1 are the lesson's gradients of the cost"""
    _backward_values(code, net, ("dW1", "db1"))


GRADCHECK_RTOL = 1e-5  # central differences are good to ~1e-9 here; bugs are off by 1e-2+
GRADCHECK_ATOL = 1e-7


@prop(
    "backward.gradcheck",
    category="backward",
    points=6,
    given={"net": nets(max_n_x=2, max_n_h=2, max_m=3)},
    depends=(*FORWARD, *BACKWARD),
    examples=3,
    hint="Gradient checking: nudge one parameter by a tiny eps, and the change of the cost "
    "divided by eps must equal its gradient. backward_propagation must differentiate exactly "
    "what forward_propagation and compute_cost compute.",
)
def gradients_match_own_cost(code: Any, net: Net) -> None:
    """Your gradients are the derivative of your own cost (checked by finite differences)"""
    X, Y, P = net.X, net.Y, net.parameters
    A2, cache = call_forward(code, X, P)
    forward_shapes(A2, cache, net.n_h, net.m)
    raw = call_backward(code, P, cache, X, Y)
    grads = {k: as_shaped(raw[k], P[k[1:]].shape, k) for k in GRADS}

    def own_cost(point: dict[str, np.ndarray]) -> float:
        return as_cost(code.compute_cost(call_forward(code, X, point)[0], Y))

    try:
        numeric = numerical_gradient(own_cost, P)
    except Failure as exc:  # e.g. a cost of nan: say why, when the cause is upstream
        raise Failure(_upstream(code, net, A2, "gradient") or str(exc)) from None
    for key in GRADS:
        got, want = grads[key], numeric[key]
        gap = float(np.linalg.norm(got - want))
        size = float(np.linalg.norm(got) + np.linalg.norm(want))
        if gap <= GRADCHECK_RTOL * size + GRADCHECK_ATOL:
            continue
        ref_A2, ref_cache = ref_forward(X, P)
        right = close(got, _grads(net, ref_cache["A1"], ref_A2)[key])
        blame = _upstream(code, net, A2, key, right)
        if blame:
            raise Failure(blame)
        idx = np.unravel_index(int(np.argmax(np.abs(got - want))), got.shape)
        code.backward_propagation(P, cache, X, Y)  # shown as the counterexample
        raise Failure(
            f"your {key} is not the derivative of your cost: nudging the parameters and watching "
            f"compute_cost(forward_propagation(X, parameters)[0], Y) gives {key}"
            f"[{', '.join(str(i) for i in idx)}] = {fmt(want[idx])}, but your "
            f"backward_propagation gives {fmt(got[idx])} (relative error {gap / size:.2g} over "
            f"all of {key}; a correct gradient is within {GRADCHECK_RTOL:g})"
        )


def _upstream(code: Any, net: Net, A2: np.ndarray, key: str, right: bool = False) -> str | None:
    """When the gradient check fails because forward_propagation or compute_cost is not the
    lesson's, a message that says so; None when both are. Its last call into the student's code
    is the one shown as the counterexample."""
    X, Y, P = net.X, net.Y, net.parameters
    ref_A2, _ = ref_forward(X, P)
    if not close(A2, ref_A2):
        j = int(np.argmax(np.abs(A2 - ref_A2)))
        call_forward(code, X, P)
        return (
            f"your {key} is not the derivative of your cost, but the cause is upstream: your "
            f"forward_propagation is not the lesson's network (A2 is {fmt(A2.flat[j])} where "
            f"tanh and sigmoid give {fmt(ref_A2.flat[j])}; see the forward category), while "
            "backward_propagation follows the lesson's network. Fix forward_propagation first"
        )
    own = as_cost(code.compute_cost(A2, Y))
    lesson = ref_cost(A2, Y)
    if close(own, lesson, COST_RTOL):
        return None
    tail = "; your gradients are the lesson's, so fixing compute_cost fixes this too"
    return (
        f"your {key} is not the derivative of your cost because your cost is not the lesson's: "
        f"compute_cost gives {fmt(own)} where the cross-entropy is {fmt(lesson)} (see the cost "
        f"category){tail if right else ''}"
    )


# -- update ------------------------------------------------------------------------------------


def _check_update(
    got: dict[str, np.ndarray], parameters: dict, grads: dict, rate: float, default: bool
) -> None:
    for key in PARAMS:
        p, g = parameters[key], grads["d" + key]
        expect_shape(got[key], p.shape, key, f"the shape of {key}")
        want = p - rate * g
        if close(got[key], want):
            continue
        known = [
            (p + rate * g, "the gradient is added; gradient descent subtracts it"),
            (p, f"{key} is returned unchanged: it is not updated"),
            (p - g, "the gradient is not multiplied by the learning rate"),
        ]
        if default:
            known += [
                (p - r * g, f"the default learning_rate is {r:g}; the lesson's is 1.2")
                for r in (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0)
            ]
        else:
            known.append(
                (p - DEFAULT_RATE * g, f"1.2 is used whatever learning_rate is passed ({rate:g})")
            )
        raise Failure(
            describe_difference(key, got[key], want, [k for k in known if not close(k[0], want)])
        )


@prop(
    "update.step",
    category="update",
    points=6,
    given={"step": steps()},
    depends=("api.update",),
    examples=MANY,
    hint="Gradient descent moves against the gradient: W1 = W1 - learning_rate * dW1, and the "
    "same for b1, W2, b2, with the learning_rate passed in.",
)
def update_step(code: Any, step: Step) -> None:
    """update_parameters takes one step W := W - learning_rate * dW for every parameter"""
    parameters, grads, rate = step.parameters, step.grads, step.rate
    _check_update(call_update(code, parameters, grads, rate), parameters, grads, rate, False)


@prop(
    "update.default",
    category="update",
    points=2,
    given={"step": steps()},
    depends=("api.update",),
    examples=FEW,
    hint="def update_parameters(parameters, grads, learning_rate=1.2): nn_model relies on "
    "this default.",
)
def update_default_rate(code: Any, step: Step) -> None:
    """update_parameters uses learning_rate = 1.2 when none is passed"""
    parameters, grads = step.parameters, step.grads
    got = call_update(code, parameters, grads)
    _check_update(got, parameters, grads, DEFAULT_RATE, True)
