"""Properties of form: api (each function returns the right kind of value) and shapes."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.authoring import Failure, describe, expect_shape
from reference.train import forward_propagation as ref_forward

from ._base import (
    FEW,
    SIZES,
    SOME,
    Net,
    Step,
    call_backward,
    call_forward,
    call_initialize,
    call_update,
    forward_shapes,
    grad_shapes,
    nets,
    prop,
    steps,
)

# -- api ---------------------------------------------------------------------------------------


@prop(
    "api.initialize",
    category="api",
    points=2,
    given={"n_x": SIZES, "n_h": SIZES},
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
    given={"n_x": SIZES, "n_h": SIZES, "n_y": st.integers(1, 3)},
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
    points=3,
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
