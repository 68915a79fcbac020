"""init-deep: initialize an L-layer network three ways (0.01, Xavier, He).

The student writes three functions of ``layer_dims`` (input size first, output size last):
``initialize_parameters_deep`` (weights ``randn * 0.01``), ``initialize_parameters_xavier``
(``randn * sqrt(1 / n[l-1])``) and ``initialize_parameters_he`` (``randn * sqrt(2 / n[l-1])``),
each returning W1..WL of shape (n[l], n[l-1]) and zero biases b1..bL of shape (n[l], 1).

Every property holds for any correct implementation, whatever numpy call draws the numbers
(seeded global RNG, ``np.random.normal``, an unseeded ``default_rng()``). The statistical
checks spend at most 1e-11 of false-alarm probability each (grader.stats' bounds, exact from 300
draws on: tests/test_init_deep.py) and a correct submission meets at most 51 of them (3 methods,
2 examples, 4 layers, mean and spread; and one test of the distribution's shape per method), so
it loses points with probability below 6e-10; the equality checks (symmetry, randomness) compare
rows of 6 or more random numbers, whose chance of coinciding is smaller still; the signal
check's band is justified empirically in `signal`.

Structure and dependencies: each function is checked on its own first (`api.<method>`: a dict
of float arrays; `shapes.<method>`: exactly W1..WL and b1..bL, with the lesson's shapes), and
that function's scale and signal checks depend only on those, so a student can finish one
function at a time and one broken function costs its own points, not the others'. The checks
that look at all three at once (bias-zeros, randomness, symmetry) wait for all three to return
dicts of arrays.
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
from assignments.init_deep import signal
from grader.authoring import (
    Assignment,
    Failure,
    StudentFailure,
    Summary,
    describe,
    dkw_epsilon,
    excess_kurtosis,
    expect_centred,
    expect_float_array,
    expect_fresh_draws,
    expect_shape,
    expect_zero_biases,
    identical_pairs,
    kolmogorov_distance_to_normal,
    roles,
    std_interval,
)


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
_LAYER_KEY = re.compile(r"^([Wb])(\d+)$")
_LOOSE_KEY = re.compile(r"^([WwBb])_?(\d+)$")


#: Every method's function: the roles a course profile may bind (some or all of them).
ROLES = tuple(m.function for m in METHODS)


def _bound(code: Any) -> list[Method]:
    """The methods whose function `code` binds: all three, unless a course binds fewer."""
    return [BY_FUNCTION[f] for f in roles.bound(code, ROLES)]


def _name(code: Any, method: Method) -> str:
    """The name the student's function for `method` has (a course may rename it)."""
    return roles.name(code, method.function)


def _call(code: Any, method: Method, layer_dims: list[int]) -> dict[str, Any]:
    """The student's dict for `layer_dims` (api.<method> has already checked its type)."""
    value = code.call(method.function, list(layer_dims))
    if not isinstance(value, dict):
        raise Failure(
            f"{method.function} returned {describe(value)}; expected a dict of parameters"
        )
    return value


def _layer_arrays(
    params: dict[str, Any], kind: str, method: Method
) -> list[tuple[str, np.ndarray]]:
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


# -- api ----------------------------------------------------------------------------------------


def _expect_keys(params: dict[str, Any], method: Method, L: int) -> None:
    """Exactly W1..WL and b1..bL. api.<method> checks it first; shapes.<method> again, on
    networks api did not draw."""
    wanted = [f"{kind}{layer}" for layer in range(1, L + 1) for kind in "Wb"]
    missing = [k for k in wanted if k not in params]
    extra = sorted(str(k) for k in params if k not in wanted)
    if missing or extra:
        raise Failure(f"{method.function}: {_key_problem(missing, extra, L)}")


def _api_property(method: Method) -> None:
    def returns_dict_of_arrays(code: Any, layer_dims: list[int]) -> None:
        # The keys are the interface every later check reads, so a dict numbered from 0 or one
        # missing the last layer fails here, naming the missing and the unexpected keys.
        try:
            params = _call(code, method, layer_dims)
        except StudentFailure as exc:
            if "IndexError" not in str(exc):
                raise
            raise Failure(
                f"{method.function}({list(layer_dims)}) raised {exc}: does the loop run one "
                f"layer too far? layer_dims has {len(layer_dims)} entries, layer_dims[0] to "
                f"layer_dims[{len(layer_dims) - 1}], so the layers are range(1, len(layer_dims))"
            ) from None
        _expect_keys(params, method, len(layer_dims) - 1)
        for key, value in params.items():
            expect_float_array(value, f"{method.function}: {key!s}")

    returns_dict_of_arrays.__doc__ = (
        f"{method.function} returns a dict of exactly W1..WL and b1..bL, numpy arrays of finite "
        "floats, for every depth"
    )
    prop(
        f"api.{method.key}",
        category="api",
        roles=(method.function,),
        points=3,
        given=ANY,
        examples=5,
        hint="Return one dict, {'W1': ..., 'b1': ..., 'W2': ...}, with one 'W' + str(l) and "
        "one 'b' + str(l) for l = 1 .. L (L = len(layer_dims) - 1), whose values are numpy "
        "arrays made with np.random.randn and np.zeros (float64).",
    )(returns_dict_of_arrays)


for _method in METHODS:
    _api_property(_method)

#: What the checks of all three functions need: three dicts of float arrays.
API = tuple(f"api.{m.key}" for m in METHODS)


# -- shapes -------------------------------------------------------------------------------------


def _expect_layers(params: dict[str, Any], method: Method, layer_dims: list[int]) -> None:
    """Exactly W1..WL and b1..bL, L = len(layer_dims) - 1, with the lesson's shapes."""
    L = len(layer_dims) - 1
    _expect_keys(params, method, L)
    for layer in range(1, L + 1):
        n, n_prev = layer_dims[layer], layer_dims[layer - 1]
        expect_shape(
            params[f"W{layer}"],
            (n, n_prev),
            f"{method.function}: W{layer}",
            f"(n[{layer}], n[{layer - 1}]), one row per unit of layer {layer}",
        )
        expect_shape(
            params[f"b{layer}"],
            (n, 1),
            f"{method.function}: b{layer}",
            f"(n[{layer}], 1), one bias per unit of layer {layer}, as a column",
        )


def _key_problem(missing: list[str], extra: list[str], L: int) -> str:
    """What is wrong with the keys, and the loop bug it usually comes from."""
    parts = []
    if missing:
        parts.append("is missing " + ", ".join(missing))
    if extra:
        parts.append("has unexpected " + ", ".join(extra))
    keys = "W1 and b1" if L == 1 else f"W1..W{L} and b1..b{L}"
    said = f"the dict {' and '.join(parts)}; layer_dims of length {L + 1} describe L = {L} "
    said += f"layer{'s' if L > 1 else ''}, so expected exactly {keys}"
    loop = "loop over l = 1, ..., L, which is range(1, len(layer_dims))"
    if "W0" in extra or "b0" in extra:
        return said + (
            f" (there is no layer 0: layer_dims[0] is the input size, and the inputs have no "
            f"weights; {loop})"
        )
    if missing and missing[-1] == f"b{L}" and f"W{L}" in missing:
        return said + f" (the last layer is missing: {loop})"
    beyond = [k for k in extra if (m := _LAYER_KEY.match(k)) and int(m.group(2)) > L]
    if beyond and len(beyond) == len(extra) and not missing:
        return said + (
            " (layers beyond L: is the dict created outside the function, so that it keeps "
            "the layers of earlier calls? Start from parameters = {} inside the function)"
        )
    if any(_LAYER_KEY.match(k) is None for k in extra):
        return said + (
            " (key names are exact and case-sensitive: 'W' + str(l) and 'b' + str(l), "
            "as in 'W1', 'b1')"
        )
    return said


def _shapes_property(method: Method) -> None:
    def layers_have_shapes(code: Any, layer_dims: list[int]) -> None:
        params = _call(code, method, layer_dims)
        _expect_layers(params, method, layer_dims)

    # The docstring's first line is the title the student reads (set before registering).
    layers_have_shapes.__doc__ = (
        f"{method.function} returns W1..WL of shape (n[l], n[l-1]) and b1..bL of shape (n[l], 1)"
    )
    prop(
        f"shapes.{method.key}",
        category="shapes",
        roles=(method.function,),
        points=6,
        given=ANY,
        depends=(f"api.{method.key}",),
        examples=5,
        hint="For l = 1 .. L: W{l} is np.random.randn(layer_dims[l], layer_dims[l-1]) times the "
        "scale, one row per unit of layer l; b{l} is np.zeros((layer_dims[l], 1)).",
    )(layers_have_shapes)


for _method in METHODS:
    _shapes_property(_method)


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
    for method in _bound(code):
        biases = _layer_arrays(_call(code, method, layer_dims), "b", method)
        expect_zero_biases(biases, prefix=f"{_name(code, method)}: ")


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
    for method in _bound(code):
        first = dict(_layer_arrays(_call(code, method, layer_dims), "W", method))
        second = dict(_layer_arrays(_call(code, method, layer_dims), "W", method))
        expect_fresh_draws(
            code,
            first,
            second,
            calls=f"two calls of {_name(code, method)} with the same layer_dims",
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
    for method in _bound(code):
        for key, W in _layer_arrays(_call(code, method, layer_dims), "W", method):
            if W.ndim != 2 or W.shape[0] < 2:
                continue
            pairs = identical_pairs(W)
            if pairs:
                i, j = pairs[0]
                alone = len({u for pair in pairs for u in pair})
                raise Failure(
                    f"{method.function}: rows {i} and {j} of {key} are identical, so units {i} "
                    f"and {j} of that layer receive exactly the same incoming weights ({alone} "
                    f"of its {W.shape[0]} units are copies of one another); such units compute "
                    "the same function and get the same gradients, so they never become "
                    "different"
                )


# -- scale --------------------------------------------------------------------------------------

# Widths alternate between a narrow band and a wide one, so every layer's fan-in n[l-1] and
# fan-out n[l] differ by a factor 2 or more: a scale computed from the wrong one is off by
# sqrt(2) or more in every layer. (With equal widths no check can tell them apart.) Every layer
# has at least 10 * 32 = 320 weights, so a single draw is already a sample large enough for the
# bounds of grader.stats (their exact false-alarm rate is below 1e-11 from 300 draws on).
_NARROW, _WIDE = (10, 16), (32, 64)

# Draws pooled per layer before judging it: with 1,200 draws the bounds are +-14% around the
# target, and a scale off by sqrt(2) (He versus Xavier, or the wrong fan) lands 9 standard
# errors outside them.
LAYER_DRAWS = 1200
MIN_DRAWS = 300
MAX_CALLS = 8


@st.composite
def layer_dims_alternating(draw: st.DrawFn) -> list[int]:
    """2 to 4 layers whose widths alternate between 10-16 and 32-64 units."""
    narrow_first = draw(st.booleans())
    length = draw(st.integers(3, 5))
    dims = []
    for i in range(length):
        low, high = _NARROW if (i % 2 == 0) == narrow_first else _WIDE
        dims.append(draw(st.integers(low, high)))
    return dims


def _gather(
    code: Any, method: Method, layer_dims: list[int]
) -> tuple[list[np.ndarray], int, list[int]]:
    """Each layer's weights, pooled over enough calls to hold LAYER_DRAWS draws per layer:
    (samples, calls, the layer_dims they were drawn with)."""
    smallest = min(a * b for a, b in zip(layer_dims[1:], layer_dims[:-1], strict=False))
    wanted = min(MAX_CALLS, math.ceil(LAYER_DRAWS / smallest))
    L = len(layer_dims) - 1
    pools: list[list[np.ndarray]] = [[] for _ in range(L)]
    calls = 0
    for _ in range(wanted):
        params = _call(code, method, layer_dims)
        calls += 1
        layers = [np.asarray(params[f"W{layer}"], dtype=float) for layer in range(1, L + 1)]
        if pools[0] and np.array_equal(layers[0].ravel(), pools[0][0]):
            # The same draw again (a seed inside the function): repeats add no information,
            # and counting them would shrink the bounds below what one draw can meet.
            calls -= 1
            if roles.seed_allowed(code):
                return _one_larger_draw(code, method, layer_dims, smallest)
            break
        for pool, W in zip(pools, layers, strict=True):
            pool.append(W.ravel())
    return [np.concatenate(pool) for pool in pools], calls, layer_dims


def _one_larger_draw(
    code: Any, method: Method, layer_dims: list[int], smallest: int
) -> tuple[list[np.ndarray], int, list[int]]:
    """Where a course allows a seed inside the function, every call replays the same random
    stream: calls of other sizes restart it too, so their weights overlap and pooling them
    would count draws twice. The sample comes from one call instead, with every width
    multiplied by the same factor (the fan-in and fan-out still differ by the same ratios)
    until each layer holds LAYER_DRAWS weights: the bounds are those of LAYER_DRAWS draws."""
    factor = math.ceil(math.sqrt(LAYER_DRAWS / smallest))
    dims = [n * factor for n in layer_dims]
    params = _call(code, method, dims)
    L = len(dims) - 1
    return (
        [np.asarray(params[f"W{layer}"], dtype=float).ravel() for layer in range(1, L + 1)],
        1,
        dims,
    )


def _scale_property(method: Method, points: float) -> None:
    def layer_scale(code: Any, layer_dims: list[int]) -> None:
        samples, calls, dims = _gather(code, method, layer_dims)
        over = f" (over {calls} calls)" if calls > 1 else ""
        if dims != layer_dims:
            over = f" (drawn with layer_dims {dims}: seeded, every call repeats its draw)"
        for layer, sample in enumerate(samples, start=1):
            _judge_layer(method, layer, dims, sample, over)

    layer_scale.__doc__ = (
        f"{method.function}: every layer's weights have mean 0 and standard deviation "
        f"{method.formula}"
    )
    prop(
        f"scale.{method.key}",
        category="scale",
        roles=(method.function,),
        points=points,
        given={"layer_dims": layer_dims_alternating()},
        depends=(f"shapes.{method.key}",),
        examples=2,
        hint=f"Layer l's weights are np.random.randn(n[l], n[l-1]) * {method.formula}: "
        f"{method.why}.",
    )(layer_scale)


def _judge_layer(
    method: Method, layer: int, layer_dims: list[int], sample: np.ndarray, over: str
) -> None:
    """Fail if one layer's pooled weights stray from mean 0 or from the method's scale."""
    if sample.size < MIN_DRAWS:
        return  # too few draws for a bound we can trust (only after a seeded repeat)
    n, n_prev = layer_dims[layer], layer_dims[layer - 1]
    target = method.std(n_prev)
    s = Summary.of(sample)
    where = f"{method.function}: the {s.n} entries of W{layer}{over}"
    # The mean first: a sample that is all positive (np.random.rand, np.abs) also has the wrong
    # spread, but its mean says what went wrong.
    expect_centred(sample, s, target, where)
    low, high = std_interval(target, s.n)
    if not low <= s.std <= high:
        raise Failure(
            f"{where} have standard deviation {s.std:.3g}; expected "
            f"{_formula_for(method, layer, n_prev)} (between {low:.3g} and {high:.3g} for "
            f"{s.n} draws){_scale_guess(method, s.std, layer, n, n_prev)}"
        )


def _formula_for(method: Method, layer: int, n_prev: int) -> str:
    """The method's scale for one layer, spelled out: "sqrt(2/n[0]) = sqrt(2/32) = 0.25"."""
    target = method.std(n_prev)
    if method.gain == 0:
        return f"{target:g}"
    general = method.formula.replace("l-1", str(layer - 1))
    number = method.formula.replace("n[l-1]", str(n_prev))
    return f"{general} = {number} = {target:.3g}"


def _scale_guess(method: Method, observed: float, layer: int, n: int, n_prev: int) -> str:
    """The scale the student probably used, when one of the usual mistakes matches."""
    if observed == 0:
        return ": the weights are all equal"
    lp, ln = f"n[{layer - 1}]", f"n[{layer}]"
    fan_out = (
        f"computed from the fan-out {ln} = {n}; the scale uses the fan-in {lp} = {n_prev}, the "
        "number of inputs each unit receives"
    )
    as_std = "the variance used as the standard deviation: take its square root"
    candidates = [
        ("0.01", 0.01, "the constant for shallow networks; a deep network needs a scale that "
         "follows each layer's fan-in"),
        (f"sqrt(1/{lp})", math.sqrt(1 / n_prev), "Xavier's scale"),
        (f"sqrt(2/{lp})", math.sqrt(2 / n_prev), "He's scale"),
        (f"sqrt(1/{ln})", math.sqrt(1 / n), fan_out),
        (f"sqrt(2/{ln})", math.sqrt(2 / n), fan_out),
        ("1", 1.0, "a standard normal: the scale factor is missing"),
        (f"1/{lp}", 1 / n_prev, as_std),
        (f"2/{lp}", 2 / n_prev, as_std),
        (f"sqrt(2/({lp}+{ln}))", math.sqrt(2 / (n_prev + n)), "the average of fan-in and "
         f"fan-out; this lesson scales by the fan-in {lp} alone"),
    ]  # fmt: skip
    target = method.std(n_prev)
    for label, value, why in candidates:
        if not math.isclose(value, target) and abs(observed / value - 1) < 0.1:
            number = "" if label == f"{value:.3g}" else f" = {value:.3g}"
            return f": that is {label}{number}, {why}"
    return ""


_scale_property(BY_KEY["deep"], 8)
_scale_property(BY_KEY["xavier"], 10)
_scale_property(BY_KEY["he"], 10)


# -- the shape of the distribution -----------------------------------------------------------------
#
# A uniform draw rescaled to the right variance (np.random.uniform(-a, a), a = sqrt(3) * std)
# passes every check of mean and spread; only the shape of the distribution tells it from a
# normal one. Each layer is standardised by its own sample mean and standard deviation before the
# layers are pooled (layers of different scales pooled as they are would make a non-normal
# mixture), and the pooled sample's Kolmogorov distance to N(0, 1) is held to the DKW bound of
# grader.stats. For a correct sample the per-layer standardisation only lowers the distance: in
# the limit, the pooled empirical process has the same law whatever the split into layers, the
# Brownian bridge with its projection on location and scale removed (as for one sample
# standardised by its own estimates), and by Anderson's inequality that process's supremum is
# stochastically smaller than the bridge's, whose tail DKW bounds (tests/test_init_deep.py checks
# it by simulation too: correct samples stay below 0.3 times the bound). A standardised uniform
# sample is 0.057 from the normal curve; with 20,000 draws the bound is 0.026 and the sampling
# noise about 0.005 (DKW: above 0.03 with probability below 1e-15), so the uniform bug fails on
# every draw, not by luck.

GAUSSIAN_DRAWS = 20_000
#: Layers with fewer weights are left out: standardising a handful of values by their own mean
#: and spread distorts their shape (two values always standardise to -0.71 and +0.71).
GAUSSIAN_MIN_LAYER = 1_000
GAUSSIAN_MAX_CALLS = 4

# Two layers of 100 to 120 units each side: 20,000 to 28,800 weights in a single call, so one call
# of each function gives the whole sample (a seed inside the function costs nothing here; that is
# randomness.fresh's to report).
layer_dims_gaussian = st.lists(st.integers(100, 120), min_size=3, max_size=3)


@dataclass
class _Pooled:
    """One function's weights, each layer standardised by its own mean and standard deviation."""

    sample: np.ndarray
    keys: list[str]  # the weight matrices it holds ("W1", "W2")
    calls: int
    signs: set[int]  # the signs (-1, 0, 1) the raw weights take


def _standardised_weights(code: Any, method: Method, layer_dims: list[int]) -> _Pooled:
    """Every large enough weight matrix, standardised by its own mean and standard deviation and
    pooled, over as many calls as GAUSSIAN_DRAWS takes."""
    pooled: list[np.ndarray] = []
    keys: list[str] = []
    signs: set[int] = set()
    first: np.ndarray | None = None
    calls = got = 0
    while got < GAUSSIAN_DRAWS and calls < GAUSSIAN_MAX_CALLS:
        layers = _layer_arrays(_call(code, method, layer_dims), "W", method)
        calls += 1
        if first is not None and np.array_equal(layers[0][1], first):
            calls -= 1
            break  # the same draw again: a seed inside the function; repeats add nothing
        first = layers[0][1]
        for key, W in layers:
            x = np.asarray(W, dtype=float).ravel()
            if x.size < GAUSSIAN_MIN_LAYER:
                continue
            sd = x.std(ddof=1)
            if not sd > 0:
                raise Failure(
                    f"{method.function}: every entry of {key} is {float(x[0]):.6g}; the weights "
                    "should be random draws from a normal distribution"
                )
            pooled.append((x - x.mean()) / sd)
            signs.update(int(v) for v in np.unique(np.sign(x)))
            got += x.size
            if key not in keys:
                keys.append(key)
    sample = np.concatenate(pooled) if pooled else np.empty(0)
    return _Pooled(sample, keys, calls, signs)


def _shape_phrase(pooled: _Pooled) -> str:
    """What the weights look like instead, when it is recognisable."""
    sample = pooled.sample
    if pooled.signs <= {0, 1} or pooled.signs <= {-1, 0}:
        sign = "positive" if 1 in pooled.signs else "negative"
        return (
            f"; every one of them is {sign} (np.abs, np.random.rand?), where a normal "
            "distribution centred on 0 gives as many negative weights as positive ones"
        )
    k = excess_kurtosis(sample)
    distinct = np.unique(sample).size
    if distinct <= sample.size // 2:
        return (
            f"; only {distinct} of the {sample.size} weights are different numbers: rows or "
            "entries are copies of one another instead of separate draws"
        )
    if np.isfinite(k) and k < -0.8:
        return (
            ": they look uniformly spread over an interval, as drawn by np.random.uniform or "
            "np.random.rand (a flat histogram, not a bell curve)"
        )
    if np.isfinite(k) and k > 1.0:
        return ": too many of them are near 0 or far out in the tails for a bell curve"
    return ""


@prop(
    "scale.gaussian",
    category="scale",
    roles=ROLES,
    points=6,
    given={"layer_dims": layer_dims_gaussian},
    depends=API,
    examples=1,
    hint="Draw the weights from a normal distribution: np.random.randn(n[l], n[l-1]) times the "
    "scale. np.random.uniform and np.random.rand draw from a flat distribution, even when "
    "rescaled to the right spread; the scales of the lesson are for normal draws.",
)
def gaussian_shape(code: Any, layer_dims: list[int]) -> None:
    """All three functions draw their weights from a normal (Gaussian) distribution"""
    for method in _bound(code):
        pooled = _standardised_weights(code, method, layer_dims)
        n = pooled.sample.size
        if n < GAUSSIAN_DRAWS * 3 // 4:
            continue  # too few weights to judge the shape (shapes.<method> says why)
        distance = kolmogorov_distance_to_normal(pooled.sample)
        bound = dkw_epsilon(n)
        if distance > bound:
            over = f" over {pooled.calls} calls" if pooled.calls > 1 else ""
            raise Failure(
                f"{method.function}: the {n} weights of {', '.join(pooled.keys)}{over} do not "
                "follow a normal distribution: rescaled to mean 0 and spread 1 layer by layer, "
                f"their cumulative histogram is up to {distance:.3f} away from the normal "
                f"curve's, where {n} normal draws stay below {bound:.3f}{_shape_phrase(pooled)}"
            )


# -- the signal through a deep stack ---------------------------------------------------------------


def _signal_property(method: Method) -> None:
    act = method.activation
    name = "tanh" if act == "tanh" else "ReLU"

    def signal_survives(code: Any, layer_dims: list[int]) -> None:
        L = len(layer_dims) - 1
        X = signal.inputs(layer_dims)
        stacks: list[list[np.ndarray]] = []
        for _ in range(signal.DRAWS):
            params = _call(code, method, layer_dims)
            # Only the weights: the biases are bias-zeros' business, and zero when right.
            weights = [np.asarray(params[f"W{layer}"], dtype=float) for layer in range(1, L + 1)]
            if stacks and np.array_equal(weights[0], stacks[0][0]):
                break  # the same draw again (a seed inside the function): nothing to average
            stacks.append(weights)
        measured = signal.averaged_spreads(stacks, X, act)
        expected = signal.expected_spreads(act, method.gain, L)
        departure = signal.first_departure(measured, expected, act)
        if departure is not None:
            raise Failure(_signal_message(method, name, departure, measured))

    signal_survives.__doc__ = (
        f"{method.function}: the signal neither vanishes nor explodes through a deep {name} network"
    )
    prop(
        f"scale.signal-{method.key}",
        category="scale",
        roles=(method.function,),
        points=9,
        given={"layer_dims": signal.stacks()},
        depends=(f"shapes.{method.key}",),
        examples=1,
        hint=f"With {method.formula} the spread of a {name} network's activations stays about "
        "the same from layer to layer; a scale that ignores the fan-in n[l-1] makes it shrink "
        "or grow with depth.",
    )(signal_survives)


def _signal_message(method: Method, name: str, d: signal.Departure, measured: np.ndarray) -> str:
    """Where the signal left the band, which way, and the spreads that led there."""
    low, high = signal.BANDS[method.activation]
    profile = ", ".join(f"{x:.2g}" for x in measured[: d.layer])
    layers = "layer 1" if d.layer == 1 else f"layers 1 to {d.layer}"
    what = "vanished" if d.vanished else "exploded"
    if not d.vanished and method.activation == "tanh":
        what = "exploded (the tanh units saturate)"
    return (
        f"the signal {what} by layer {d.layer}: inputs of spread 1 pushed through a "
        f"{len(measured)}-layer {name} network built from your weights (A = "
        f"{name.lower()}(W A)) have activation spreads (root-mean-square) {profile} in "
        f"{layers}; with {method.formula} weights the spread at layer {d.layer} is about "
        f"{d.expected:.2g}, and yours is {d.ratio:.2g} times that (allowed: {low:.2g} to "
        f"{high:.2g} times). {method.why[0].upper()}{method.why[1:]}."
    )


_signal_property(BY_KEY["xavier"])
_signal_property(BY_KEY["he"])
