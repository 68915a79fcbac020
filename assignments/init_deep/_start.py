"""Properties of the start all three functions share: bias-zeros, randomness (each call draws
new weights) and symmetry (no two units of a layer start alike).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from grader.authoring import expect_distinct_units, expect_fresh_draws, expect_zero_biases

from ._base import (
    API,
    DEEPER,
    ROLES,
    bound_methods,
    call_method,
    layer_arrays,
    prop,
    role_name,
)

# -- bias-zeros ---------------------------------------------------------------------------------


@prop(
    "bias-zeros.zero",
    category="bias-zeros",
    roles=ROLES,
    points=7,
    given=DEEPER,
    depends=API,
    examples=3,
    hint="Start every bias at zero: np.zeros((layer_dims[l], 1)). Random weights already make "
    "the units differ, so the biases need no randomness.",
)
def biases_are_zero(code: Any, layer_dims: list[int]) -> None:
    """All three functions start every bias b1..bL at zero"""
    for method in bound_methods(code):
        biases = layer_arrays(call_method(code, method, layer_dims), "b", method)
        expect_zero_biases(biases, prefix=f"{role_name(code, method)}: ")


# -- randomness ---------------------------------------------------------------------------------

# Widths of at least 6: each row of W then holds 6 or more weights (each matrix 36 or more), so
# two rows of a correct draw, or two whole draws, coincide with probability far below 1e-9, even
# in float16, where two draws are equal with probability about 1e-3 per entry.
layer_dims_wide = st.lists(st.integers(6, 40), min_size=3, max_size=5)


@prop(
    "randomness.fresh",
    category="randomness",
    roles=ROLES,
    points=7,
    given={"layer_dims": layer_dims_wide},
    depends=API,
    examples=2,
    hint="Do not call np.random.seed or make a seeded generator inside the functions: every "
    "call must draw new random weights.",
)
def fresh_every_call(code: Any, layer_dims: list[int]) -> None:
    """Each call draws new random weights"""
    for method in bound_methods(code):
        first = dict(layer_arrays(call_method(code, method, layer_dims), "W", method))
        second = dict(layer_arrays(call_method(code, method, layer_dims), "W", method))
        expect_fresh_draws(
            code,
            first,
            second,
            calls=f"two calls of {role_name(code, method)} with the same layer_dims",
            why="every network should start from new random weights",
        )


# -- symmetry -----------------------------------------------------------------------------------


@prop(
    "symmetry.distinct-units",
    category="symmetry",
    roles=ROLES,
    points=7,
    given={"layer_dims": layer_dims_wide},
    depends=API,
    examples=3,
    hint="Units of a layer that start with the same incoming weights compute the same function "
    "and receive the same updates forever. Draw a separate random number for every weight.",
)
def units_start_different(code: Any, layer_dims: list[int]) -> None:
    """In every layer, no two units start with the same incoming weights"""
    for method in bound_methods(code):
        for key, W in layer_arrays(call_method(code, method, layer_dims), "W", method):
            expect_distinct_units(W, key, prefix=f"{method.function}: ")
