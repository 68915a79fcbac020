"""Properties of backward and update: the gradients, their finite-difference check against the
student's own cost, and the gradient-descent step.

backward_propagation is fed the reference's cache, so a bug in forward_propagation does not cost
the backward category twice; only the gradient check uses the student's own forward pass, as a
gradient check must.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from grader.authoring import Failure, StudentFailure, expect_shape
from reference.gradcheck import numerical_gradient
from reference.train import compute_cost as ref_cost
from reference.train import forward_propagation as ref_forward

from ._base import (
    DEFAULT_RATE,
    FEW,
    GRADS,
    MANY,
    PARAMS,
    Net,
    Step,
    as_cost,
    as_shaped,
    call_backward,
    call_forward,
    call_update,
    forward_shapes,
    nets,
    prop,
    steps,
)
from ._compare import COST_RTOL, close, describe_difference, fmt

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
    for key in keys:
        if close(grads[key], expected[key]):
            continue
        known = [
            (variant[key], why)
            for variant, why in _slips(net, cache)
            if not close(variant[key], expected[key])
        ]
        raise Failure(
            describe_difference(key, grads[key], expected[key], known, _size_factors(net))
            + "; this used the lesson's cache, so forward_propagation is not involved"
        )


def _slips(net: Net, cache: dict[str, np.ndarray]) -> list[tuple[dict[str, np.ndarray], str]]:
    """The gradients as the usual slips in tanh's derivative compute them, to name the slip."""
    A1, Z1, A2 = cache["A1"], cache["Z1"], cache["A2"]
    return [
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
        (
            _grads(net, A1, A2, deriv=1 - A2**2),
            "tanh's derivative is 1 - A1**2, from the hidden layer's A1, not the output's A2",
        ),
        (
            {**_grads(net, A1, A2), "dW2": (A2 - net.Y) @ Z1.T / net.m},
            "dW2 = dZ2 A1.T / m takes the activations A1, not Z1",
        ),
    ]


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
    points=5,
    # m >= 2 columns: with m = 1 a missing 1/m is no error, and both drawn networks could have
    # m = 1.
    given={"net": nets(max_n_x=2, max_n_h=2, max_m=3, min_m=2)},
    depends=("api.forward", "shapes.forward", *BACKWARD),
    examples=2,  # each costs ~40 calls; backward.output/hidden already try ten inputs
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
            f"all of {key}; a correct gradient is within 1e-5)"
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


def _swapped(key: str, p: np.ndarray, grads: dict, rate: float) -> list[tuple[np.ndarray, str]]:
    """`key` stepped with another parameter's gradient (a copy-paste slip that broadcasting
    lets through, such as b1 - learning_rate * db2)."""
    found = []
    for other in PARAMS:
        g = np.asarray(grads["d" + other])
        if other == key:
            continue
        try:
            moved = p - rate * np.broadcast_to(g, p.shape)
        except ValueError:
            continue
        found.append((moved, f"{key} is updated with d{other}; each parameter takes its own "
                             f"gradient, {key} - learning_rate * d{key}"))  # fmt: skip
    return found


def _update_slips(
    key: str, parameters: dict, grads: dict, rate: float, default: bool
) -> list[tuple[np.ndarray, str]]:
    """`key` as the usual slips in update_parameters compute it, to name the slip."""
    p, g = parameters[key], grads["d" + key]
    known = [
        (p + rate * g, "the gradient is added; gradient descent subtracts it"),
        (p, f"{key} is returned unchanged: it is not updated"),
        (p - g, "the gradient is not multiplied by the learning rate"),
        *_swapped(key, p, grads, rate),
    ]
    if default:
        return known + [
            (p - r * g, f"the default learning_rate is {r:g}; the lesson's is 1.2")
            for r in (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0)
        ]
    return [
        *known,
        (p - DEFAULT_RATE * g, f"1.2 is used whatever learning_rate is passed ({rate:g})"),
    ]


def _check_update(
    got: dict[str, np.ndarray],
    parameters: dict,
    grads: dict,
    rate: float,
    default: bool,
    again: Callable[[dict, dict], dict[str, np.ndarray]],
) -> None:
    """Compare one update with the lesson's. `again(parameters, grads)` calls the student's
    update_parameters once more, the same way: when several slips explain a (shrunk, often
    degenerate) input, a probe with distinct gradients tells which one it is."""
    for key in PARAMS:
        p, g = parameters[key], grads["d" + key]
        expect_shape(got[key], p.shape, key, f"the shape of {key}")
        want = p - rate * g
        if close(got[key], want):
            continue
        known = [k for k in _update_slips(key, parameters, grads, rate, default)
                 if not close(k[0], want)]  # fmt: skip
        if sum(close(got[key], value) for value, _ in known) > 1:
            known = _probe_slips(key, known, parameters, grads, rate, default, again)
        raise Failure(describe_difference(key, got[key], want, known))


def _probe_slips(
    key: str,
    known: list[tuple[np.ndarray, str]],
    parameters: dict,
    grads: dict,
    rate: float,
    default: bool,
    again: Callable[[dict, dict], dict[str, np.ndarray]],
) -> list[tuple[np.ndarray, str]]:
    """The slips in `known` that also explain an update with distinct, non-zero gradients of
    the same shapes; every one of them when the probe cannot tell."""
    rng = np.random.default_rng(7)
    probe = {k: (rng.integers(1, 90, size=np.shape(v)) / 100.0) * rng.choice([-1, 1], np.shape(v))
             for k, v in grads.items()}  # fmt: skip
    try:
        result = again(parameters, probe)
        seen = np.asarray(result[key], dtype=float)
    except (Failure, StudentFailure, KeyError, TypeError, ValueError):
        return known
    finally:
        again(parameters, grads)  # the failing input stays the last call, the counterexample
    holds = {why for value, why in _update_slips(key, parameters, probe, rate, default)
             if close(seen, value)}  # fmt: skip
    kept = [k for k in known if k[1] in holds]
    return kept or known


@prop(
    "update.step",
    category="update",
    points=5,
    given={"step": steps()},
    depends=("api.update",),
    examples=MANY,
    hint="Gradient descent moves against the gradient: W1 = W1 - learning_rate * dW1, and the "
    "same for b1, W2, b2, with the learning_rate passed in.",
)
def update_step(code: Any, step: Step) -> None:
    """update_parameters takes one step W := W - learning_rate * dW for every parameter"""
    parameters, grads, rate = step.parameters, step.grads, step.rate
    got = call_update(code, parameters, grads, rate)
    _check_update(got, parameters, grads, rate, False, lambda p, g: call_update(code, p, g, rate))


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
    _check_update(got, parameters, grads, DEFAULT_RATE, True, lambda p, g: call_update(code, p, g))
