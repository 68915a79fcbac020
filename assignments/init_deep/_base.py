"""init-deep's interface: the three methods, their roles, the assignment, and how a property
calls a method's function and finds its layers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from assignments import SUPPORT
from grader.authoring import Assignment, Failure, describe, roles


@dataclass(frozen=True)
class Method:
    """One initialization method: its function, the scale it asks for, and how to say it."""

    key: str
    function: str
    formula: str  # the standard deviation of layer l's weights, in the lesson's notation
    std: Callable[[int], float]  # fan-in n[l-1] -> standard deviation
    gain: float  # variance * fan-in: what the signal check expects (0 for the fixed 0.01)
    activation: str  # the activation the method is designed for
    why: str  # one line of the lesson: why this scale


METHODS = (
    Method(
        "deep",
        "initialize_parameters_deep",
        "0.01",
        lambda n_prev: 0.01,
        0.0,
        "tanh",
        "a small constant keeps tanh and sigmoid out of their flat, saturated region",
    ),
    Method(
        "xavier",
        "initialize_parameters_xavier",
        "sqrt(1/n[l-1])",
        lambda n_prev: math.sqrt(1.0 / n_prev),
        1.0,
        "tanh",
        "Xavier scales each layer by its fan-in n[l-1] so that a tanh network keeps the spread "
        "of its activations from layer to layer",
    ),
    Method(
        "he",
        "initialize_parameters_he",
        "sqrt(2/n[l-1])",
        lambda n_prev: math.sqrt(2.0 / n_prev),
        2.0,
        "relu",
        "He doubles Xavier's variance because ReLU zeroes about half of its inputs; scaled by "
        "the fan-in n[l-1], a ReLU network then keeps the spread of its activations",
    ),
)
BY_KEY = {m.key: m for m in METHODS}
BY_FUNCTION = {m.function: m for m in METHODS}

assignment = Assignment(
    name="init-deep",
    support=(SUPPORT,),  # course helper modules, e.g. planar_utils
    title="Initialize a deep network: 0.01, Xavier and He",
    functions={m.function: ("layer_dims",) for m in METHODS},
    version="3",
    description=(
        "initialize_parameters_deep / _xavier / _he(layer_dims): W1..WL of shape "
        "(n[l], n[l-1]) drawn from a normal distribution with standard deviation 0.01, "
        "sqrt(1/n[l-1]) or sqrt(2/n[l-1]); b1..bL zeros of shape (n[l], 1); returned as a dict."
    ),
    template=str(Path(__file__).with_name("template.ipynb")),
)
prop = assignment.property

# Depths and widths for the structural checks: 1 to 5 layers of 1 to 40 units. Hypothesis
# shrinks a failure to the smallest network that shows it (often [1, 2] or [2, 1]).
layer_dims_any = st.lists(st.integers(1, 40), min_size=2, max_size=6)
ANY = {"layer_dims": layer_dims_any}
# The checks of values rather than structure use 2 or more layers, so that a loop that stops one
# layer early (shapes' business) still leaves them something to look at.
DEEPER = {"layer_dims": st.lists(st.integers(1, 40), min_size=3, max_size=6)}

# Key names as the lesson spells them, and as the value checks accept them: those checks look at
# the numbers whatever the keys' spelling ("w1", "W_1"), which is shapes' business alone.
LAYER_KEY = re.compile(r"^([Wb])(\d+)$")
_LOOSE_KEY = re.compile(r"^([WwBb])_?(\d+)$")


#: Every method's function: the roles a course profile may bind (some or all of them).
ROLES = tuple(m.function for m in METHODS)


def bound_methods(code: Any) -> list[Method]:
    """The methods whose function `code` binds: all three, unless a course binds fewer."""
    return [BY_FUNCTION[f] for f in roles.bound(code, ROLES)]


def role_name(code: Any, method: Method) -> str:
    """The name the student's function for `method` has (a course may rename it)."""
    return roles.name(code, method.function)


def call_method(code: Any, method: Method, layer_dims: list[int]) -> dict[str, Any]:
    """The student's dict for `layer_dims` (api.<method> has already checked its type)."""
    value = code.call(method.function, list(layer_dims))
    if not isinstance(value, dict):
        raise Failure(
            f"{method.function} returned {describe(value)}; expected a dict of parameters"
        )
    return value


def layer_arrays(params: dict[str, Any], kind: str, method: Method) -> list[tuple[str, np.ndarray]]:
    """(key, array) for every weight matrix ("W") or bias ("b") the dict holds, in layer order,
    whatever the layers' numbering; a Failure when it holds none at all."""
    found = []
    for key, value in params.items():
        match = _LOOSE_KEY.match(key)
        if match and match.group(1).upper() == kind.upper() and isinstance(value, np.ndarray):
            found.append((int(match.group(2)), key, value))
    if not found:
        what = "weights W1..WL" if kind == "W" else "biases b1..bL"
        raise Failure(f"{method.function} returned no {what}; there is nothing to check")
    return [(key, value) for _, key, value in sorted(found)]


#: What the checks of all three functions need: three dicts of float arrays.
API = tuple(f"api.{m.key}" for m in METHODS)
