"""The init-schemes assignment object, the names it grades, its generated inputs and validated calls.

Every function name a student reads comes from `FUNCTIONS` and `MODEL` (and the schemes'
`Scheme.function`), so a course that names them differently rebinds them in one place.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from assignments import SUPPORT
from grader.authoring import (
    Assignment,
    Extra,
    Failure,
    Function,
    StudentFailure,
    describe,
    expect_dict,
    expect_float_array,
    expect_shape,
)

#: Scheme key -> the student's function for it; and the training function.
FUNCTIONS = {
    "zeros": "initialize_parameters_zeros",
    "random": "initialize_parameters_random",
    "he": "initialize_parameters_he",
}
MODEL = "model"


@dataclass(frozen=True)
class Scheme:
    """One of the lesson's three starts: its function, its scale and why."""

    key: str
    formula: str  # the weights' standard deviation, in the lesson's notation ("0" for zeros)
    std: Callable[[int], float]  # fan-in n[l-1] -> standard deviation
    why: str

    @property
    def function(self) -> str:
        return FUNCTIONS[self.key]


ZEROS = Scheme(
    "zeros",
    "0",
    lambda n_prev: 0.0,
    "a zero start is the lesson's counter-example: every unit of a layer stays the same",
)
RANDOM = Scheme(
    "random",
    "10",
    lambda n_prev: 10.0,
    "the lesson's deliberately large start, to show how it saturates the output",
)
HE = Scheme("he", "sqrt(2/n[l-1])", lambda n_prev: math.sqrt(2.0 / n_prev),
            "He scales each layer by its fan-in n[l-1], doubled because ReLU zeroes about half "
            "of its inputs, so the activations keep their spread from layer to layer")  # fmt: skip
SCHEMES = (ZEROS, RANDOM, HE)
BY_KEY = {s.key: s for s in SCHEMES}

# model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he"):
# every argument goes by name; print_cost is left to the student's default (printing costs
# nothing here), and gets False where a signature requires it.
MODEL_FUNCTION = Function(
    ("X", "Y", "learning_rate", "num_iterations", "initialization"),
    extras={"print_cost": Extra(False)},
    variants=(("X", "Y", "learning_rate", "num_iterations", "print_cost", "initialization"),),
)

assignment = Assignment(
    name="init-schemes",
    support=(SUPPORT,),  # course helper modules: init_utils
    title="Initialization: zeros, large random and He",
    functions={
        **{name: Function(("layers_dims",)) for name in FUNCTIONS.values()},
        MODEL: MODEL_FUNCTION,
    },
    version="1",
    description=(
        "initialize_parameters_zeros / _random / _he(layers_dims): W1..WL of shape "
        "(n[l], n[l-1]) all zeros, drawn from N(0, 10^2), or from N(0, 2/n[l-1]); b1..bL zeros "
        "of shape (n[l], 1). model(X, Y, learning_rate, num_iterations, print_cost, "
        "initialization) trains the lesson's 3-layer ReLU network from the chosen start."
    ),
    template=str(Path(__file__).with_name("template.ipynb")),
)
prop = assignment.property

# -- generated layers_dims ---------------------------------------------------------------------
#
# "Depth 2 to 5": layers_dims of 3 to 6 entries (the input size, then 2 to 5 layers), widths 1 to
# 30. Hypothesis shrinks a failure to the smallest network that shows it, e.g. [1, 1, 1].
LAYERS = st.lists(st.integers(1, 30), min_size=3, max_size=6)
#: The training checks use the lesson's networks, which end in one sigmoid unit, with widths of
#: 2 or more so that there are units to compare.
WIDE_NETWORKS = st.lists(st.integers(2, 30), min_size=2, max_size=5).map(lambda d: [*d, 1])

# -- validated calls -----------------------------------------------------------------------------

_LOOP = "loop over l = 1, ..., L, which is range(1, len(layers_dims))"


def layer_keys(L: int) -> list[str]:
    return [f"{kind}{layer}" for layer in range(1, L + 1) for kind in "Wb"]


def call_init(code: Any, scheme: Scheme, layers_dims: list[int]) -> dict[str, Any]:
    """The student's dict for `layers_dims`: exactly W1..WL and b1..bL, else a Failure naming
    the missing and unexpected keys and the loop bug they usually come from."""
    try:
        value = code.call(scheme.function, list(layers_dims))
    except StudentFailure as exc:
        if "IndexError" not in str(exc):
            raise
        raise Failure(
            f"{scheme.function}({list(layers_dims)}) raised {exc}: does the loop run one layer "
            f"too far? layers_dims has {len(layers_dims)} entries, so {_LOOP}"
        ) from None
    L = len(layers_dims) - 1
    try:
        return expect_dict(value, layer_keys(L), f"{scheme.function}({list(layers_dims)})")
    except Failure as exc:
        raise Failure(f"{exc}{_key_cause(value, L)}") from None


def _key_cause(value: Any, L: int) -> str:
    if not isinstance(value, dict):
        return ""
    keys = {str(k) for k in value}
    if "W0" in keys or "b0" in keys:
        return f" (there is no layer 0: layers_dims[0] is the input size; {_LOOP})"
    if f"W{L}" not in keys and all(k in keys for k in layer_keys(L - 1)):
        return f" (the last layer is missing: {_LOOP})"
    return ""


def expect_layers(params: dict[str, Any], scheme: Scheme, layers_dims: list[int]) -> None:
    """Float arrays with the lesson's shapes: W[l] (n[l], n[l-1]), b[l] (n[l], 1)."""
    for layer in range(1, len(layers_dims)):
        n, n_prev = layers_dims[layer], layers_dims[layer - 1]
        for key, shape, meaning in (
            (f"W{layer}", (n, n_prev), f"(n[{layer}], n[{layer - 1}]), one row per unit"),
            (f"b{layer}", (n, 1), f"(n[{layer}], 1), one bias per unit, as a column"),
        ):
            expect_float_array(params[key], f"{scheme.function}: {key}")
            expect_shape(params[key], shape, f"{scheme.function}: {key}", meaning)


def shaped_init(code: Any, scheme: Scheme, layers_dims: list[int]) -> dict[str, np.ndarray]:
    """`call_init`, with every array of its lesson's shape (for the checks of values)."""
    params = call_init(code, scheme, layers_dims)
    expect_layers(params, scheme, layers_dims)
    return {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}


def call_model(
    code: Any, X: np.ndarray, Y: np.ndarray, rate: float, iterations: int, initialization: str
) -> dict[str, np.ndarray]:
    """The student's model(X, Y, learning_rate=rate, num_iterations=iterations,
    initialization=...): a dict of float arrays W1..WL, b1..bL."""
    call = (
        f"{MODEL}(X, Y, learning_rate={rate:g}, num_iterations={iterations}, "
        f"initialization={initialization!r})"
    )
    value = code.call(MODEL, X, Y, rate, iterations, initialization)
    if not isinstance(value, dict):
        raise Failure(f"{call} returned {describe(value)}; expected the trained parameters, a dict")
    L = len(value) // 2
    params = expect_dict(value, layer_keys(max(L, 1)), call)
    return {k: expect_float_array(v, f"{call}: {k}") for k, v in params.items()}
