"""Properties of the starting point: init (both initializers draw N(0, 0.01^2) weights and zero
biases) and randomness (each call draws new weights).

The notebook's two-layer `initialize_parameters(n_x, n_h, n_y)` is graded with the checks of
train-shallow's init category (the same function in the same course), reused, not copied. The
statistics: one call gives at least 360 draws per weight matrix, and grader.stats' bounds make a
false alarm less likely than 1e-11 per check.

randomness.fresh (initialize_parameters) and randomness.fresh-deep (initialize_parameters_deep)
are separate properties, one per function. A course profile that allows the template's
np.random.seed(...) inside the functions (grader.roles) passes both, and the report says so;
every other check here judges one call, so a seed changes nothing else.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from assignments.train_shallow._init import LABELS, judge_weights
from grader.authoring import Failure, expect_fresh_draws, expect_shape, expect_zeros

from ._base import FEW, INIT_DEEP, INIT_SHALLOW, LAYER_DIMS, prop
from ._interface import call_initialize, call_initialize_deep

INIT = ("api.initialize", "shapes.initialize")
SIZES = st.integers(1, 5)
# Wide enough that every weight matrix holds at least 360 draws (see judge_weights).
_BIG = st.integers(60, 90)
_BIG_DIMS = st.lists(_BIG, min_size=3, max_size=4).map(lambda dims: [*dims[:-1], 6])


@prop(
    "init.shallow",
    category="init",
    roles=(INIT_SHALLOW,),
    points=3,
    given={"n_x": _BIG, "n_h": _BIG, "n_y": st.integers(6, 9)},
    depends=("api.initialize-shallow",),
    examples=2,
    hint="initialize_parameters(n_x, n_h, n_y): W1 = np.random.randn(n_h, n_x) * 0.01, "
    "b1 = np.zeros((n_h, 1)), W2 = np.random.randn(n_y, n_h) * 0.01, b2 = np.zeros((n_y, 1)).",
)
def shallow_initialization(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """initialize_parameters gives W1 (n_h, n_x), W2 (n_y, n_h) of N(0, 0.01^2) draws, zero biases"""
    params = call_initialize(code, n_x, n_h, n_y)
    expect_shape(params["W1"], (n_h, n_x), "W1", "(n_h, n_x), one row per hidden unit")
    expect_shape(params["b1"], (n_h, 1), "b1", "(n_h, 1), a column")
    expect_shape(params["W2"], (n_y, n_h), "W2", "(n_y, n_h), one row per output unit")
    expect_shape(params["b2"], (n_y, 1), "b2", "(n_y, 1), a column")
    for key in ("b1", "b2"):
        expect_zeros(params[key], key)
    for key in ("W1", "W2"):
        judge_weights(key, params[key], LABELS[key])


@prop(
    "init.scale",
    category="init",
    roles=(INIT_DEEP,),
    points=4,
    given={"layer_dims": _BIG_DIMS},
    depends=INIT,
    examples=2,
    hint="Every layer's weights are np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01: "
    "mean 0, standard deviation 0.01 (this lesson's fixed scale, not Xavier's or He's).",
)
def deep_weights_scale(code: Any, layer_dims: list[int]) -> None:
    """initialize_parameters_deep draws every layer's weights with mean 0 and standard deviation 0.01"""
    params = call_initialize_deep(code, layer_dims)
    for layer in range(1, len(layer_dims)):
        key = f"W{layer}"
        weights = params[key]
        if weights.size >= 2 and np.all(weights == weights.flat[0]):
            raise Failure(f"every entry of {key} is {float(weights.flat[0]):.6g}; expected "
                          "random draws with mean 0 and standard deviation 0.01")  # fmt: skip
        judge_weights(key, weights, (f"n[{layer - 1}]", f"n[{layer}]"))


@prop(
    "init.bias-zeros",
    category="init",
    roles=(INIT_DEEP,),
    points=3,
    given={"layer_dims": LAYER_DIMS},
    depends=INIT,
    examples=FEW,
    hint="b{l} = np.zeros((layer_dims[l], 1)): random weights already make the units differ.",
)
def deep_biases_zero(code: Any, layer_dims: list[int]) -> None:
    """initialize_parameters_deep starts every bias b1..bL at zero"""
    params = call_initialize_deep(code, layer_dims)
    for layer in range(1, len(layer_dims)):
        expect_zeros(params[f"b{layer}"], f"b{layer}")


def _fresh(code: Any, first: dict, second: dict, keys: list[str], function: str) -> None:
    expect_fresh_draws(
        code,
        {k: first[k] for k in keys},
        {k: second[k] for k in keys},
        calls=f"two calls of {function} with the same sizes",
        why="each call should draw new random weights",
    )


@prop(
    "randomness.fresh",
    category="randomness",
    roles=(INIT_SHALLOW,),
    points=2,
    given={"n_x": SIZES, "n_h": st.integers(2, 5)},
    depends=("api.initialize-shallow",),
    examples=FEW,
    hint="Do not call np.random.seed inside initialize_parameters: every call must draw new "
    "random weights (seed once, at the top of the notebook, if you want repeatable runs).",
)
def shallow_fresh(code: Any, n_x: int, n_h: int) -> None:
    """Each call of initialize_parameters draws new random weights"""
    first, second = call_initialize(code, n_x, n_h, 1), call_initialize(code, n_x, n_h, 1)
    _fresh(code, first, second, ["W1", "W2"], INIT_SHALLOW)


@prop(
    "randomness.fresh-deep",
    category="randomness",
    roles=(INIT_DEEP,),
    points=2,
    given={"layer_dims": st.lists(st.integers(2, 8), min_size=3, max_size=5)},
    depends=("api.initialize",),
    examples=FEW,
    hint="Do not call np.random.seed inside initialize_parameters_deep: every call must draw "
    "new random weights (seed once, at the top of the notebook, if you want repeatable runs).",
)
def deep_fresh(code: Any, layer_dims: list[int]) -> None:
    """Each call of initialize_parameters_deep draws new random weights"""
    first = call_initialize_deep(code, layer_dims)
    second = call_initialize_deep(code, layer_dims)
    keys = [f"W{layer}" for layer in range(1, len(layer_dims))]
    _fresh(code, first, second, keys, INIT_DEEP)
