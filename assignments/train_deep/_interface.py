"""Properties of form: api (each function returns the right kind of value) and shapes.

The cache layouts are not api's business: a cache is a 3-tuple or a pair here, and whether it
is the course's (A, W, b) and ((A_prev, W, b), Z) is checked with the values (forward.*), so a
student whose forward and backward agree on another order loses those points only.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.authoring import Failure, StudentFailure, describe, expect_float_array, expect_shape
from reference import deep

from ._base import (
    FEW,
    INIT_DEEP,
    INIT_SHALLOW,
    LAYER_DIMS,
    SOME,
    Net,
    call_activation_forward,
    call_linear_forward,
    call_model_backward,
    call_model_forward,
    call_update,
    expect_triple,
    form_only,
    nets,
    prop,
    unpack_cache,
)

SHALLOW = ("W1", "b1", "W2", "b2")


def call_initialize_deep(code: Any, layer_dims: list[int]) -> dict[str, np.ndarray]:
    """The student's initialize_parameters_deep: a dict of exactly W1..WL, b1..bL float arrays."""
    value = code.initialize_parameters_deep(list(layer_dims))
    if not isinstance(value, dict):
        raise Failure(f"initialize_parameters_deep returned {describe(value)}; expected a dict "
                      "{'W1': ..., 'b1': ..., ...}")  # fmt: skip
    L = len(layer_dims) - 1
    wanted = [f"{kind}{layer}" for layer in range(1, L + 1) for kind in "Wb"]
    missing = [k for k in wanted if k not in value]
    extra = sorted(str(k) for k in value if k not in wanted)
    if missing or extra:
        loop = ""
        if f"W{L}" in missing and f"W{L - 1}" not in missing:
            loop = ": the loop stops one layer early; layers are range(1, len(layer_dims))"
        elif "W0" in extra:
            loop = ": layers are numbered from 1, range(1, len(layer_dims))"
        parts = [f"missing {', '.join(missing)}"] if missing else []
        parts += [f"unexpected {', '.join(extra)}"] if extra else []
        raise Failure(f"initialize_parameters_deep({list(layer_dims)}) returned keys "
                      f"{', '.join(map(str, value))} ({'; '.join(parts)}) for L = {L} layers"
                      f"{loop}")  # fmt: skip
    return {k: expect_float_array(value[k], k) for k in wanted}


def call_initialize(code: Any, n_x: int, n_h: int, n_y: int) -> dict[str, np.ndarray]:
    value = code.initialize_parameters(n_x, n_h, n_y)
    if not isinstance(value, dict) or any(k not in value for k in SHALLOW):
        raise Failure(f"initialize_parameters returned {describe(value)}"
                      f"{' with keys ' + ', '.join(map(str, value)) if isinstance(value, dict) else ''}; "
                      "expected a dict with W1, b1, W2, b2")  # fmt: skip
    return {k: expect_float_array(value[k], k) for k in SHALLOW}


# -- api -------------------------------------------------------------------------------------------
#
# api asks for the form of what each function returns, on the inputs least likely to make a
# buggy function raise: every layer one unit wide, so a transposed product or a sum over the
# wrong axis still runs and is left to its value property (the course's own asserts, such as
# AL.shape == (1, m), hold there too). A function that raises even here (unwritten, or a KeyError
# on every network) fails api; on other inputs, raising is the value properties' to report
# (see form_only).


def unit_nets() -> Any:
    """Networks of L = 2 or 3 layers of one unit each, on 1 to 3 examples."""
    return nets(st.integers(3, 4).map(lambda size: [1] * size), st.integers(1, 3))


@prop(
    "api.initialize",
    category="api",
    roles=(INIT_DEEP,),
    points=1,
    given={
        "layer_dims": st.integers(1, 4).flatmap(
            lambda n: st.lists(st.just(n), min_size=3, max_size=4)
        )
    },
    examples=FEW,
    hint="initialize_parameters_deep returns one dict with 'W' + str(l) and 'b' + str(l) for "
    "l in range(1, len(layer_dims)).",
)
def deep_initializer_returns_dict(code: Any, layer_dims: list[int]) -> None:
    """initialize_parameters_deep returns a dict of float arrays W1..WL, b1..bL"""
    call_initialize_deep(code, layer_dims)


@prop(
    "api.initialize-shallow",
    category="api",
    roles=(INIT_SHALLOW,),
    points=1,
    given={"n": st.integers(1, 4)},
    examples=FEW,
    hint="initialize_parameters returns {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}.",
)
def shallow_initializer_returns_dict(code: Any, n: int) -> None:
    """initialize_parameters returns a dict of float arrays W1, b1, W2, b2"""
    call_initialize(code, n, n + 1, 1)


@prop(
    "api.forward",
    category="api",
    points=3,
    given={"net": unit_nets()},
    examples=FEW,
    hint="linear_forward returns (Z, cache) with cache = (A, W, b); linear_activation_forward "
    "returns (A, cache) with cache = (linear_cache, activation_cache); L_model_forward returns "
    "(AL, caches), one cache per layer.",
)
def forward_functions_return_pairs(code: Any, net: Net) -> None:
    """The forward functions return (output, cache), and L_model_forward one cache per layer"""
    W, b = net.parameters["W1"], net.parameters["b1"]
    call_linear_forward(code, net.X, W, b)
    for activation in ("relu", "sigmoid"):
        call_activation_forward(code, net.X, W, b, activation)
    call_model_forward(code, net.X, net.parameters)


@prop(
    "api.backward",
    category="api",
    points=3,
    given={"net": unit_nets()},
    examples=FEW,
    hint="linear_backward and linear_activation_backward return (dA_prev, dW, db); "
    "L_model_backward returns a dict with 'dW' + str(l), 'db' + str(l) for every layer and the "
    "activation gradients 'dA' + str(l).",
)
def backward_functions_return_gradients(code: Any, net: Net) -> None:
    """The backward functions take the caches your forward functions make and return (dA_prev, dW, db), and L_model_backward a dict of gradients"""
    X, P = net.X, net.parameters
    AL, caches = deep.L_model_forward(X, P)
    (A_prev, W, b), Z = caches[0]
    dA = np.ones_like(Z)
    # Each backward function is fed what the student's own forward function gives, when it
    # gives something of the right form: a cache layout of one's own, used consistently, is the
    # student's choice here (forward.* and backward.* check the course's layout).
    linear_cache = _own(lambda: call_linear_forward(code, A_prev, W, b)[1], (A_prev, W, b))
    expect_triple(code.linear_backward(dA, linear_cache), "linear_backward")
    for activation in ("relu", "sigmoid"):
        cache = _own(lambda a=activation: call_activation_forward(code, A_prev, W, b, a)[1],
                     caches[0])  # fmt: skip
        expect_triple(
            code.linear_activation_backward(dA, cache, activation),
            f'linear_activation_backward(..., activation="{activation}")',
        )
    own_AL, own_caches = _own(lambda: call_model_forward(code, X, P), (AL, caches))
    if not (isinstance(own_AL, np.ndarray) and own_AL.shape == AL.shape):
        own_AL, own_caches = AL, caches
    call_model_backward(code, own_AL, net.Y, own_caches, net.L)


def _own(make: Any, fallback: Any) -> Any:
    """What the student's forward function gives, or `fallback` when it raises or gives the
    wrong form (api.forward's to report)."""
    try:
        return make()
    except (Failure, StudentFailure):
        return fallback


@prop(
    "api.update",
    category="api",
    points=2,
    given={"net": unit_nets()},
    examples=FEW,
    hint="Return the updated parameters as a dict with the same keys W1..WL, b1..bL.",
)
def update_returns_parameters(code: Any, net: Net) -> None:
    """update_parameters returns a dict of float arrays W1..WL, b1..bL"""
    grads = {"d" + k: np.ones_like(v) for k, v in net.parameters.items()}
    call_update(code, net.parameters, grads, 0.1)


# -- shapes ----------------------------------------------------------------------------------------


@prop(
    "shapes.initialize",
    category="shapes",
    roles=(INIT_DEEP,),
    points=2,
    given={"layer_dims": LAYER_DIMS},
    depends=("api.initialize",),
    examples=SOME,
    hint="W{l} is (layer_dims[l], layer_dims[l-1]), one row per unit of layer l; b{l} is the "
    "column np.zeros((layer_dims[l], 1)).",
)
def initialize_shapes(code: Any, layer_dims: list[int]) -> None:
    """initialize_parameters_deep gives W{l} of shape (n[l], n[l-1]) and b{l} of shape (n[l], 1)"""
    params = call_initialize_deep(code, layer_dims)
    for layer in range(1, len(layer_dims)):
        n, n_prev = layer_dims[layer], layer_dims[layer - 1]
        expect_shape(params[f"W{layer}"], (n, n_prev), f"W{layer}", f"(n[{layer}], n[{layer - 1}])")
        expect_shape(params[f"b{layer}"], (n, 1), f"b{layer}", f"(n[{layer}], 1), a column")


def _cache_shapes(cache: Any, layer: int, n: int, n_prev: int, m: int) -> None:
    """The shapes of a cache in the documented layout (another layout is forward's to report)."""
    try:
        A_prev, W, b, Z = unpack_cache(cache, layer)
    except Failure:
        return
    expect_shape(A_prev, (n_prev, m), f"layer {layer}'s cached A_prev", f"(n[{layer - 1}], m)")
    expect_shape(W, (n, n_prev), f"layer {layer}'s cached W", f"(n[{layer}], n[{layer - 1}])")
    expect_shape(b, (n, 1), f"layer {layer}'s cached b", f"(n[{layer}], 1)")
    expect_shape(Z, (n, m), f"layer {layer}'s cached Z", f"(n[{layer}], m)")


@prop(
    "shapes.forward",
    category="shapes",
    points=3,
    given={"net": nets()},
    depends=("api.forward",),
    examples=SOME,
    hint="Every activation has one column per example: Z = np.dot(W, A_prev) + b is "
    "(n[l], m), and AL is (1, m).",
)
def forward_shapes(code: Any, net: Net) -> None:
    """Z, A, AL and every cached array have the lesson's shapes, (n[l], m) for activations"""
    W, b, m = net.parameters["W1"], net.parameters["b1"], net.m
    n, n_prev = W.shape
    with form_only():
        Z, _ = call_linear_forward(code, net.X, W, b)
        expect_shape(Z, (n, m), "linear_forward's Z", "(n[l], m), one column per example")
    for activation in ("relu", "sigmoid"):
        with form_only():
            A, cache = call_activation_forward(code, net.X, W, b, activation)
            expect_shape(A, (n, m), f"A of the {activation} layer", "(n[l], m)")
            _cache_shapes(cache, 1, n, n_prev, m)
    with form_only():
        AL, caches = call_model_forward(code, net.X, net.parameters)
        expect_shape(AL, (1, m), "AL", "(1, m), one probability per example")
        dims = net.layer_dims
        for layer, cache in enumerate(caches, start=1):
            _cache_shapes(cache, layer, dims[layer], dims[layer - 1], m)


def _gradient_shapes(triple: tuple, A_prev: np.ndarray, W: np.ndarray, what: str) -> None:
    dA_prev, dW, db = triple
    for name, value, shape in (("dA_prev", dA_prev, A_prev.shape), ("dW", dW, W.shape),
                               ("db", db, (W.shape[0], 1))):  # fmt: skip
        _expect_gradient_shape(value, shape, f"{what}'s {name}", name)


def _expect_gradient_shape(value: Any, shape: tuple, label: str, name: str) -> None:
    got = np.shape(value)
    if got == shape:
        return
    why = ""
    if name.startswith("db"):
        if got == ():
            why = " (np.sum without axis=1 adds up everything: np.sum(dZ, axis=1, keepdims=True))"
        elif len(got) == 1 and got[0] == shape[0]:
            why = " (np.sum(..., axis=1) drops the column: add keepdims=True)"
        elif len(got) == 2 and got[0] == 1 and (shape[0] != 1 or got[1] != 1):
            why = (" (a sum over axis=0 adds up the units, leaving one entry per example; sum "
                   "over axis=1, the examples)")  # fmt: skip
    elif len(got) == 2 and got == shape[::-1]:
        why = " (it looks transposed)"
    raise Failure(f"{label} has shape {got}; expected {shape}, the shape of what it is the "
                  f"gradient of{why}")  # fmt: skip


@prop(
    "shapes.backward",
    category="shapes",
    points=3,
    given={"net": nets()},
    depends=("api.backward",),
    examples=SOME,
    hint="Each gradient has the shape of what it differentiates: dW like W, db like b (sum over "
    "the examples, np.sum(dZ, axis=1, keepdims=True)), dA_prev like A_prev.",
)
def backward_shapes(code: Any, net: Net) -> None:
    """dA_prev, dW and db have the shapes of A_prev, W and b, in every layer"""
    AL, caches = deep.L_model_forward(net.X, net.parameters)
    (A_prev, W, b), Z = caches[0]
    dA = np.ones_like(Z)
    with form_only():
        triple = expect_triple(code.linear_backward(dA, (A_prev, W, b)), "linear_backward")
        _gradient_shapes(triple, A_prev, W, "linear_backward")
    for activation in ("relu", "sigmoid"):
        what = f'linear_activation_backward(..., "{activation}")'
        with form_only():
            triple = expect_triple(code.linear_activation_backward(dA, caches[0], activation), what)
            _gradient_shapes(triple, A_prev, W, what)
    with form_only():
        grads = call_model_backward(code, AL, net.Y, caches, net.L)
        for layer in range(1, net.L + 1):
            for kind in "Wb":
                key = f"{kind}{layer}"
                shape = net.parameters[key].shape
                _expect_gradient_shape(grads["d" + key], shape, "d" + key, "d" + key)
        for layer, dA_l in enumerate(grads["dA"]):
            shape = caches[layer][0][0].shape
            _expect_gradient_shape(dA_l, shape, f"the gradient of A{layer}", "dA")
