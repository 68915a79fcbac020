"""What each initialization returns: its keys and types (api), shapes, zero biases, zero weights
for the zero start, and fresh random draws on every call.

Each function is checked on its own first, so one broken function costs its own points; the
checks of all three at once wait for all three to return dicts of arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.authoring import expect_float_array, expect_fresh_draws, expect_zeros

from ._base import HE, LAYERS, RANDOM, SCHEMES, ZEROS, Scheme, call_init, expect_layers, prop


def _api_property(scheme: Scheme) -> None:
    def returns_layer_dict(code: Any, layers_dims: list[int]) -> None:
        params = call_init(code, scheme, layers_dims)
        for key, value in params.items():
            expect_float_array(value, f"{scheme.function}: {key}")

    returns_layer_dict.__doc__ = (
        f"{scheme.function} returns a dict of exactly W1..WL and b1..bL, numpy arrays of "
        "finite floats, for every depth"
    )
    prop(
        f"api.{scheme.key}",
        category="api",
        roles=(scheme.function,),
        points=3,
        given={"layers_dims": LAYERS},
        examples=5,
        hint="Start from parameters = {} and, for l in range(1, len(layers_dims)), set "
        "parameters['W' + str(l)] and parameters['b' + str(l)] to numpy arrays (np.zeros, "
        "np.random.randn).",
    )(returns_layer_dict)


def _shapes_property(scheme: Scheme) -> None:
    def layers_have_shapes(code: Any, layers_dims: list[int]) -> None:
        expect_layers(call_init(code, scheme, layers_dims), scheme, layers_dims)

    layers_have_shapes.__doc__ = (
        f"{scheme.function} returns W1..WL of shape (n[l], n[l-1]) and b1..bL of shape (n[l], 1)"
    )
    prop(
        f"shapes.{scheme.key}",
        category="shapes",
        roles=(scheme.function,),
        points=4,
        given={"layers_dims": LAYERS},
        depends=(f"api.{scheme.key}",),
        examples=5,
        hint="W[l] has one row per unit of layer l and one column per input it receives: "
        "(layers_dims[l], layers_dims[l-1]); b[l] is np.zeros((layers_dims[l], 1)).",
    )(layers_have_shapes)


for _scheme in SCHEMES:
    _api_property(_scheme)
for _scheme in SCHEMES:
    _shapes_property(_scheme)


def _bias_property(scheme: Scheme) -> None:
    def biases_start_at_zero(code: Any, layers_dims: list[int]) -> None:
        params = call_init(code, scheme, layers_dims)
        for layer in range(1, len(layers_dims)):
            expect_zeros(params[f"b{layer}"], f"{scheme.function}: b{layer}")

    biases_start_at_zero.__doc__ = f"{scheme.function} starts every bias b1..bL at zero"
    prop(
        f"bias-zeros.{scheme.key}",
        category="bias-zeros",
        roles=(scheme.function,),
        points=2,
        given={"layers_dims": LAYERS},
        depends=(f"api.{scheme.key}",),
        examples=3,
        hint="Every scheme starts the biases at zero: np.zeros((layers_dims[l], 1)). Random "
        "weights already make the units differ, so the biases need no randomness.",
    )(biases_start_at_zero)


for _scheme in SCHEMES:
    _bias_property(_scheme)


def zero_start_is_zero(code: Any, layers_dims: list[int]) -> None:
    params = call_init(code, ZEROS, layers_dims)
    for layer in range(1, len(layers_dims)):
        expect_zeros(params[f"W{layer}"], f"{ZEROS.function}: W{layer}")


zero_start_is_zero.__doc__ = f"{ZEROS.function} sets every weight W1..WL to exactly 0"
prop(
    "zeros.weights",
    category="zeros",
    roles=(ZEROS.function,),
    points=6,
    given={"layers_dims": LAYERS},
    depends=("api.zeros",),
    examples=3,
    hint="The zero start sets every weight to zero: np.zeros((layers_dims[l], layers_dims[l-1])).",
)(zero_start_is_zero)


# Widths of at least 6: two draws of a correct function coincide in a matrix of 36 or more random
# numbers with probability far below 1e-9.
FRESH = st.lists(st.integers(6, 30), min_size=3, max_size=5)


def _fresh_property(scheme: Scheme, points: float) -> None:
    def fresh_every_call(code: Any, layers_dims: list[int]) -> None:
        first = call_init(code, scheme, layers_dims)
        second = call_init(code, scheme, layers_dims)
        weights = {k: np.asarray(v) for k, v in first.items() if k.startswith("W")}
        expect_fresh_draws(
            code,
            weights,
            {k: np.asarray(second[k]) for k in weights},
            calls=f"two calls of {scheme.function} with the same layers_dims",
            why="every network should start from new random weights",
        )

    fresh_every_call.__doc__ = f"{scheme.function} draws new random weights on every call"
    prop(
        f"randomness.{scheme.key}",
        category="randomness",
        roles=(scheme.function,),
        points=points,
        given={"layers_dims": FRESH},
        depends=(f"api.{scheme.key}",),
        examples=2,
        hint="Do not call np.random.seed or make a seeded generator inside the function: every "
        "call must draw new random weights.",
    )(fresh_every_call)


_fresh_property(RANDOM, 2)
_fresh_property(HE, 3)
