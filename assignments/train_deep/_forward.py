"""Properties of forward and cost: each forward function against the reference, the course's
cache layouts, and the cross-entropy.

forward.model walks the layers in order and stops at the first quantity that differs (the
layer's Z, its activation, or its cache), so its message names the layer a bug is in; layers
before it agree with the reference, so the failing layer's inputs are the lesson's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from assignments.train_shallow._base import Outputs, predictions
from assignments.train_shallow._compare import COST_RTOL, close, describe_difference
from grader.authoring import Failure, describe
from reference import deep
from reference.train import sigmoid

from ._base import (
    FEW,
    MANY,
    Layer,
    Net,
    as_cost,
    call_activation_forward,
    call_linear_forward,
    call_model_forward,
    layers,
    nets,
    prop,
    unpack_cache,
)

# -- forward ---------------------------------------------------------------------------------------


def _same(got: Any, want: np.ndarray) -> bool:
    return isinstance(got, np.ndarray) and close(got, want)


def _linear_cache_layout(
    cache: Any, A: np.ndarray, W: np.ndarray, b: np.ndarray, where: str
) -> None:
    """cache must be (A, W, b) in that order: linear_backward unpacks it so."""
    got = list(cache)
    if all(_same(g, w) for g, w in zip(got, (A, W, b), strict=True)):
        return
    found = []
    for entry in got:
        names = [n for n, v in (("A", A), ("W", W), ("b", b), ("Z", W @ A + b)) if _same(entry, v)]
        found.append(names[0] if names else "?")
    raise Failure(
        f"{where} is ({', '.join(found)}); the course's linear cache is (A, W, b), in that order "
        "(A the layer's input), which linear_backward unpacks as A_prev, W, b = cache"
    )


def _activation_slips(Z: np.ndarray, activation: str) -> list[tuple[np.ndarray, str]]:
    other = "sigmoid" if activation == "relu" else "relu"
    values = {"relu": deep.relu(Z), "sigmoid": sigmoid(Z)}
    slips = [(Z, f"that is Z itself: the {activation} is not applied")]
    if not close(values[other], values[activation]):
        slips.append((values[other], f"that is {other}(Z); this layer uses {activation}"))
    return slips


@prop(
    "forward.linear",
    category="forward",
    points=3,
    given={"layer": layers()},
    depends=("api.forward",),
    examples=MANY,
    hint="Z = np.dot(W, A) + b, and cache = (A, W, b): the input A, not Z, goes into the cache.",
)
def linear_forward_values(code: Any, layer: Layer) -> None:
    """linear_forward gives Z = W A + b and the cache (A, W, b)"""
    A, W, b = layer.A_prev, layer.W, layer.b
    Z, cache = call_linear_forward(code, A, W, b)
    want = W @ A + b
    if not close(Z, want):
        raise Failure(describe_difference("Z", Z, want, known=[
            (W @ A, "b is not added: Z = np.dot(W, A) + b"),
            (W @ A - b, "b is subtracted, not added"),
        ]))  # fmt: skip
    _linear_cache_layout(cache, A, W, b, "linear_forward's cache")


@prop(
    "forward.activation",
    category="forward",
    points=4,
    given={"layer": layers()},
    depends=("api.forward",),
    examples=MANY,
    hint='A = relu(Z) for activation="relu" and sigmoid(Z) for "sigmoid" (from dnn_utils, which '
    "return (A, activation_cache)); cache = (linear_cache, activation_cache), where "
    "activation_cache is Z.",
)
def activation_forward_values(code: Any, layer: Layer) -> None:
    """linear_activation_forward applies the named activation and caches ((A_prev, W, b), Z)"""
    A_prev, W, b, Z = layer.A_prev, layer.W, layer.b, layer.Z
    for activation in ("relu", "sigmoid"):
        A, cache = call_activation_forward(code, A_prev, W, b, activation)
        want = deep.relu(Z) if activation == "relu" else sigmoid(Z)
        what = f'linear_activation_forward(..., activation="{activation}")'
        if not close(A, want):
            raise Failure(describe_difference(f"the A of {what}", A, want,
                                              known=_activation_slips(Z, activation)))  # fmt: skip
        _activation_cache_layout(cache, A_prev, W, b, Z, A, what)


def _activation_cache_layout(
    cache: Any, A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, Z: np.ndarray, A: np.ndarray,
    what: str,
) -> None:  # fmt: skip
    _, _, _, cached_Z = unpack_cache(cache)
    linear_cache = cache[0]
    _linear_cache_layout(linear_cache, A_prev, W, b, f"the linear cache of {what}")
    if close(cached_Z, Z):
        return
    if close(cached_Z, A):
        raise Failure(
            f"{what} caches A as its activation cache; the course caches Z, "
            "(linear_cache, activation_cache) with activation_cache = Z, because the backward "
            "helpers take the derivative at Z (sigmoid_backward(dA, A) computes sigmoid's slope at "
            "the wrong point)"
        )
    raise Failure(describe_difference(f"the activation cache (Z) of {what}", cached_Z, Z))


@prop(
    "forward.model",
    category="forward",
    points=7,
    given={"net": nets()},
    depends=("api.forward",),
    examples=MANY,
    hint="for l in range(1, L): relu layers on parameters['W' + str(l)], 'b' + str(l); then "
    "one sigmoid layer with W{L}, b{L}, where L = len(parameters) // 2; append every layer's "
    "cache.",
)
def model_forward_values(code: Any, net: Net) -> None:
    """L_model_forward runs ReLU layers 1..L-1 and a sigmoid layer L, layer by layer as the lesson's"""
    AL, caches = call_model_forward(code, net.X, net.parameters)
    ref_AL, ref_caches = deep.L_model_forward(net.X, net.parameters)
    L = net.L
    for layer in range(1, L + 1):
        (ref_A_prev, W, b), ref_Z = ref_caches[layer - 1]
        activation = "sigmoid" if layer == L else "ReLU"
        where = f"layer {layer} of {L} ({activation})"
        A_prev, got_W, got_b, Z = unpack_cache(caches[layer - 1], layer)
        if not (_same(got_W, W) and _same(got_b, b)):
            raise Failure(
                f"the cache of {where} does not hold W{layer} and b{layer}: each layer l uses "
                "parameters['W' + str(l)] and parameters['b' + str(l)], and caches them"
            )
        if not close(A_prev, ref_A_prev):
            known = [
                (
                    ref_Z,
                    f"that is Z{layer}: the linear cache holds Z where the layer's "
                    "input belongs, linear_cache = (A_prev, W, b)",
                )
            ]
            raise Failure(describe_difference(f"A{layer - 1}", A_prev, ref_A_prev, known)
                          + f", the input A_prev cached by {where}")  # fmt: skip
        if not close(Z, ref_Z):
            known = [
                (W @ A_prev, f"b{layer} is not added"),
                (
                    deep.relu(ref_Z) if layer < L else sigmoid(ref_Z),
                    "that is the layer's activation A where its cache should hold Z: "
                    "cache = (linear_cache, activation_cache), activation_cache = Z",
                ),
            ]
            raise Failure(describe_difference(f"Z{layer}", Z, ref_Z, known)
                          + f", in {where}")  # fmt: skip
        A = AL if layer == L else unpack_cache(caches[layer], layer + 1)[0]
        want = ref_AL if layer == L else ref_caches[layer][0][0]
        if not close(A, want):
            used = "sigmoid" if layer == L else "relu"
            name = "AL" if layer == L else f"A{layer}"
            held = "" if layer == L else f" (the input that layer {layer + 1} caches)"
            known = _activation_slips(ref_Z, used)
            if layer < L and A.shape == net.X.shape:
                known.append(
                    (
                        net.X,
                        f"layer {layer + 1} is fed X, not A{layer}: each layer "
                        "takes the previous layer's activations, A_prev = A",
                    )
                )
            raise Failure(
                describe_difference(name, A, want, known=known)
                + f"; A{layer} is the output of {where}{held}"
            )


# -- cost ------------------------------------------------------------------------------------------

COST_HINT = (
    "cost = -(1/m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) with m = Y.shape[1], "
    "then np.squeeze(cost)."
)


# The cost's inputs are train-shallow's: AL in [0.05, 0.95] in steps of 0.05, where a student's
# epsilon inside the log (np.log(AL + 1e-8)) moves the cost by far less than COST_RTOL, and the
# same properties grade the same function of the one-hidden-layer lesson.


@prop(
    "cost.value",
    category="cost",
    roles=("compute_cost",),
    points=5,
    given={"case": predictions()},
    examples=MANY,
    hint=COST_HINT,
)
def cost_value(code: Any, case: Outputs) -> None:
    """compute_cost gives the cross-entropy averaged over the m examples"""
    AL, Y = case.A2, case.Y
    m = Y.shape[1]
    got = as_cost(code.compute_cost(AL, Y))
    want = deep.compute_cost(AL, Y)
    if close(got, want, COST_RTOL):
        return
    only_y = float(-np.sum(Y * np.log(AL)) / m)
    only_not_y = float(-np.sum((1 - Y) * np.log(1 - AL)) / m)
    cross = float(-(np.sum(Y.T @ np.log(AL)) + np.sum((1 - Y).T @ np.log(1 - AL))) / m)
    raise Failure(describe_difference("the cost", got, want, known=[
        (only_y, "the (1 - Y) * log(1 - AL) term, for examples with label 0, is missing"),
        (only_not_y, "the Y * log(AL) term, for examples with label 1, is missing"),
        (cross, "np.dot(Y.T, np.log(AL)) is an (m, m) matrix of every pair of examples: "
                "multiply element-wise, Y * np.log(AL), or np.dot(Y, np.log(AL).T)"),
    ], factors=[
        (m, f"the sum is not divided by m = {m}: the cost is an average"),
        (-1.0, "the minus sign in front of the sum is missing"),
        (1 / np.log(10), "np.log10 is used; the cost uses the natural log np.log"),
    ]))  # fmt: skip


@prop(
    "cost.number",
    category="cost",
    roles=("compute_cost",),
    points=3,
    given={"case": predictions()},
    examples=FEW,
    hint="np.dot(Y, np.log(AL).T) is a 1x1 matrix: cost = np.squeeze(cost) makes it one number.",
)
def cost_is_number(code: Any, case: Outputs) -> None:
    """compute_cost returns one number (a float or a 0-d array), not an array of shape (1, 1)"""
    value = code.compute_cost(case.A2, case.Y)
    if isinstance(value, np.ndarray) and value.ndim > 0:
        raise Failure(f"compute_cost returned {describe(value)}; expected a single number: "
                      "squeeze the array, cost = np.squeeze(cost)")  # fmt: skip
    as_cost(value)
