"""init-shallow: initialize the parameters of a network with one hidden layer.

The student writes ``initialize_parameters(n_x, n_h, n_y)`` returning W1 (n_h, n_x) and
W2 (n_y, n_h) drawn from N(0, 0.01^2), and zero biases b1 (n_h, 1), b2 (n_y, 1). Every
property holds for any correct implementation, whatever numpy call draws the numbers.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from assignments import SUPPORT
from grader.authoring import (
    Assignment,
    Failure,
    Layer,
    attach,
    dkw_epsilon,
    expect_dict,
    expect_distinct_outgoing,
    expect_distinct_units,
    expect_float_array,
    expect_fresh_draws,
    expect_scale,
    expect_shape,
    expect_zero_biases,
    kolmogorov_distance_to_normal,
    roles,
)
from reference.train import hidden_units_identical, train_steps

FUNCTION = "initialize_parameters"
KEYS = ("W1", "b1", "W2", "b2")
STD = 0.01

assignment = Assignment(
    name="init-shallow",
    support=(SUPPORT,),  # course helper modules, e.g. planar_utils
    title="Initialize a one-hidden-layer network",
    functions={FUNCTION: ("n_x", "n_h", "n_y")},
    version="3",
    description=(
        "initialize_parameters(n_x, n_h, n_y): W1 (n_h, n_x) and W2 (n_y, n_h) drawn from "
        "N(0, 0.01^2); b1 (n_h, 1) and b2 (n_y, 1) zeros; returned as a dict."
    ),
    template=str(Path(__file__).with_name("template.ipynb")),
)
prop = assignment.property

sizes = st.integers(min_value=1, max_value=48)
SIZES = {"n_x": sizes, "n_h": sizes, "n_y": sizes}
API = ("api.dict", "api.arrays")


def _call(code: Any, n_x: int, n_h: int, n_y: int) -> dict[str, Any]:
    return expect_dict(code.call(FUNCTION, n_x, n_h, n_y), KEYS, roles.name(code, FUNCTION))


# -- api ----------------------------------------------------------------------------------------


@prop(
    "api.dict",
    category="api",
    points=8,
    given=SIZES,
    hint="Return {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}: the rest of the course looks "
    "parameters up by these exact names.",
)
def returns_dict(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """Returns a dict with exactly the keys W1, b1, W2, b2, for every size"""
    _call(code, n_x, n_h, n_y)


@prop(
    "api.arrays",
    category="api",
    points=7,
    given=SIZES,
    examples=10,
    depends=("api.dict",),
    hint="Build every parameter with numpy (np.random.randn, np.zeros); these give float64 "
    "arrays. Python lists, tuples and integer arrays cannot be trained.",
)
def values_are_float_arrays(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """Every parameter is a numpy array of finite floats"""
    params = _call(code, n_x, n_h, n_y)
    for key in KEYS:
        expect_float_array(params[key], key)


# -- shapes -------------------------------------------------------------------------------------


@prop(
    "shapes.weights",
    category="shapes",
    points=12,
    given=SIZES,
    depends=API,
    examples=25,
    hint="W1 maps the n_x inputs to the n_h hidden units: one row per hidden unit, so its "
    "shape is (n_h, n_x). Likewise W2 is (n_y, n_h).",
)
def weight_shapes(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """W1 has shape (n_h, n_x) and W2 has shape (n_y, n_h)"""
    params = _call(code, n_x, n_h, n_y)
    expect_shape(params["W1"], (n_h, n_x), "W1", "(n_h, n_x), one row per hidden unit")
    expect_shape(params["W2"], (n_y, n_h), "W2", "(n_y, n_h), one row per output unit")


@prop(
    "shapes.biases",
    category="shapes",
    points=8,
    given=SIZES,
    depends=API,
    hint="Biases are column vectors: np.zeros((n_h, 1)), not np.zeros(n_h), so that Z = W X + b "
    "broadcasts across the m examples.",
)
def bias_shapes(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """b1 has shape (n_h, 1) and b2 has shape (n_y, 1)"""
    params = _call(code, n_x, n_h, n_y)
    expect_shape(params["b1"], (n_h, 1), "b1", "(n_h, 1), one bias per hidden unit as a column")
    expect_shape(params["b2"], (n_y, 1), "b2", "(n_y, 1), one bias per output unit as a column")


# -- bias-zeros ---------------------------------------------------------------------------------


@prop(
    "bias-zeros.zero",
    category="bias-zeros",
    points=10,
    given=SIZES,
    examples=10,
    depends=API,
    hint="Start the biases at zero (np.zeros). Random weights already make the units differ, "
    "so the biases need no randomness.",
)
def biases_are_zero(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """The biases b1 and b2 start at zero"""
    params = _call(code, n_x, n_h, n_y)
    expect_zero_biases((key, params[key]) for key in ("b1", "b2"))


# -- randomness ---------------------------------------------------------------------------------


@prop(
    "randomness.fresh",
    category="randomness",
    points=8,
    given=SIZES,
    examples=10,
    depends=API,
    hint="Do not call np.random.seed or create a seeded generator inside the function: every "
    "call must draw new random weights.",
)
def fresh_every_call(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """Each call draws new random weights"""
    first = _call(code, n_x, n_h, n_y)
    second = _call(code, n_x, n_h, n_y)
    expect_fresh_draws(
        code,
        {key: first[key] for key in ("W1", "W2")},
        second,
        calls="two calls with the same sizes",
        why="a network initialized twice should get new random weights each time",
    )


@prop(
    "randomness.varied",
    category="randomness",
    points=7,
    given=SIZES,
    examples=10,
    depends=API,
    hint="Draw every weight separately, e.g. np.random.randn(n_h, n_x) * 0.01, rather than "
    "filling the matrix with one number.",
)
def not_one_value(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """The weights are random numbers, not one repeated value"""
    params = _call(code, n_x, n_h, n_y)
    for key in ("W1", "W2"):
        values = np.asarray(params[key])
        if values.size >= 2 and np.all(values == values.flat[0]):
            raise Failure(
                f"every entry of {key} is {float(values.flat[0]):.6g}; expected random values"
            )


# -- symmetry -----------------------------------------------------------------------------------


@prop(
    "symmetry.distinct-units",
    category="symmetry",
    points=10,
    given={"n_x": sizes, "n_h": st.integers(2, 48), "n_y": sizes},
    depends=API,
    hint="Hidden units that start with the same weights compute the same function and learn "
    "the same thing. Draw a separate random number for every entry of W1 and W2.",
)
def units_start_different(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """No two hidden units start with the same weights"""
    params = _call(code, n_x, n_h, n_y)
    expect_distinct_units(params["W1"], "W1")
    expect_distinct_outgoing(params["W2"], "W2", "hidden units", "output")


@prop(
    "symmetry.training",
    category="symmetry",
    points=10,
    given={"n_x": st.integers(1, 6), "n_h": st.integers(2, 8)},
    depends=("shapes.weights", "shapes.biases"),
    # Random weights pass and tied units fail at every size: a few examples decide, and each
    # trains a network twice (40 steps), the costliest example of the assignment.
    examples=3,
    hint="Units that start identical get identical gradients and stay identical forever, as "
    "from a zero start. Random weights break the symmetry.",
)
def training_breaks_symmetry(code: Any, n_x: int, n_h: int) -> None:
    """After training from your weights, the hidden units have learned different things"""
    params = _call(code, n_x, n_h, 1)
    start = {k: np.asarray(params[k], dtype=float) for k in KEYS}
    X, Y = _dataset(n_x)
    trajectory = train_steps(start, X, Y, steps=40)
    final = trajectory[-1]
    attach("trajectories", _trajectories(_units(trajectory), _zero_start_units(n_x, n_h)))
    pairs = hidden_units_identical(final)
    if pairs:
        i, j = pairs[0]
        alone = len({u for pair in pairs for u in pair})
        raise Failure(
            f"after 40 steps of gradient descent from your weights, hidden units {i} and {j} are "
            f"still identical ({alone} of {n_h} units move as one): units that start identical "
            "get identical gradients and identical updates, so they stay identical forever, "
            "exactly as they do from a zero start; n_h units then do the work of one"
        )


def _units(trajectory: list[dict[str, np.ndarray]]) -> list[list[float]]:
    """Each hidden unit's first incoming weight W1[i, 0] at every step (5 significant digits)."""
    path = np.array([p["W1"][:, 0] for p in trajectory])  # (steps + 1, n_h)
    return [[float(f"{x:.5g}") for x in path[:, i]] for i in range(path.shape[1])]


@functools.lru_cache(maxsize=64)
def _zero_start_units(n_x: int, n_h: int) -> list[list[float]]:
    """`_units` of training from all-zero parameters: the same for every student, so a batch
    computes it once per size. Callers must not modify it."""
    zeros = {
        "W1": np.zeros((n_h, n_x)),
        "b1": np.zeros((n_h, 1)),
        "W2": np.zeros((1, n_h)),
        "b2": np.zeros((1, 1)),
    }
    X, Y = _dataset(n_x)
    return _units(train_steps(zeros, X, Y, steps=40))


def _trajectories(yours: list[list[float]], zero: list[list[float]]) -> dict:
    """The data behind the feedback page's plot: each hidden unit's W1[i, 0] over training,
    from the student's start and from a zero start."""
    return {
        "quantity": "W1[i, 0]",
        "steps": len(yours[0]) - 1 if yours else 0,
        "panels": [
            {"label": "from your weights", "units": yours},
            {"label": "from a zero start", "units": zero},
        ],
    }


def _dataset(n_x: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n_x)
    X = rng.standard_normal((n_x, 64))
    Y = ((X[0] * X[-1] + 0.3 * X[0]) > 0).astype(float).reshape(1, -1)
    return X, Y


# -- scale --------------------------------------------------------------------------------------

_W1_SAMPLES = 20_000
_W2_SAMPLES = 2_000
_MAX_CALLS = 300


def _gather(
    code: Any, n_x: int, n_h: int, n_y: int, w2_samples: int = _W2_SAMPLES
) -> tuple[np.ndarray, np.ndarray, int]:
    """Weights pooled over as many calls as it takes to judge their distribution (at least
    _W1_SAMPLES entries of W1 and `w2_samples` of W2)."""
    w1: list[np.ndarray] = []
    w2: list[np.ndarray] = []
    calls = got1 = got2 = 0
    while (got1 < _W1_SAMPLES or got2 < w2_samples) and calls < _MAX_CALLS:
        params = _call(code, n_x, n_h, n_y)
        calls += 1
        a, b = np.asarray(params["W1"], dtype=float), np.asarray(params["W2"], dtype=float)
        if w1 and a.shape == w1[0].shape and np.array_equal(a, w1[0]):
            # The same draw again (a seed inside the function): more calls add no information,
            # and that bug is randomness.fresh's to report, not this property's.
            if roles.seed_allowed(code):
                return _one_larger_draw(code, n_x, n_h, n_y, w2_samples)
            break
        w1.append(a)
        w2.append(b)
        got1, got2 = got1 + a.size, got2 + b.size
    return np.concatenate([a.ravel() for a in w1]), np.concatenate([b.ravel() for b in w2]), calls


def _one_larger_draw(
    code: Any, n_x: int, n_h: int, n_y: int, w2_samples: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """Where a course allows a seed inside the function, every call replays the same random
    stream, and calls of other sizes restart it too: their weights overlap, so pooling them
    would count draws twice. The sample is one call's, at sizes large enough to hold
    _W1_SAMPLES entries of W1 and `w2_samples` of W2."""
    factor = math.ceil(math.sqrt(_W1_SAMPLES / (n_x * n_h)))
    n_x, n_h = n_x * factor, n_h * factor
    n_y = max(n_y, math.ceil(w2_samples / n_h))
    params = _call(code, n_x, n_h, n_y)
    a, b = np.asarray(params["W1"], dtype=float), np.asarray(params["W2"], dtype=float)
    return a.ravel(), b.ravel(), 1


# Large enough that one call already gives a fair sample of W1 (a student who seeds inside the
# function is judged on that one draw), small enough to stay fast; n_y of 10 or more makes W2
# (n_y, n_h) hold at least 1,000 entries, so one or two calls give the 2,000 W2 needs.
_SCALE_SIZES = {
    "n_x": st.integers(100, 160),
    "n_h": st.integers(100, 160),
    "n_y": st.integers(10, 16),
}


@prop(
    "scale.std",
    category="scale",
    points=12,
    given=_SCALE_SIZES,
    depends=API,
    examples=2,
    hint="Multiply standard-normal draws by 0.01: np.random.randn(n_h, n_x) * 0.01. Large "
    "weights saturate tanh and sigmoid, whose slope is then near 0, and learning crawls.",
)
def small_scale(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """Weights have mean 0 and standard deviation 0.01"""
    w1, w2, calls = _gather(code, n_x, n_h, n_y)
    over = f" (over {calls} calls)" if calls > 1 else ""
    # Each matrix's fan-in: n_x inputs reach a hidden unit, n_h reach an output unit.
    for name, sample, fan_in, fan_out in (("W1", w1, n_x, n_h), ("W2", w2, n_h, n_y)):
        layer = Layer(STD, "0.01", fan_in, fan_out, *LABELS[name])
        expect_scale(sample, layer, f"the {sample.size} entries of {name}{over}")


#: How the lesson names each weight matrix's fan-in and fan-out.
LABELS = {"W1": ("n_x", "n_h"), "W2": ("n_h", "n_y")}


@prop(
    "scale.gaussian",
    category="scale",
    points=8,
    given=_SCALE_SIZES,
    depends=API,
    examples=2,
    hint="np.random.rand draws uniformly from [0, 1); the lesson's weights come from a normal "
    "distribution: np.random.randn.",
)
def gaussian_shape(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """Weights are drawn from a normal (Gaussian) distribution, not a uniform one"""
    w1, _, calls = _gather(code, n_x, n_h, n_y, w2_samples=0)
    distance = kolmogorov_distance_to_normal(w1)
    bound = dkw_epsilon(w1.size)
    if distance > bound:
        over = f" (over {calls} calls)" if calls > 1 else ""
        k = _kurtosis_phrase(w1)
        raise Failure(
            f"the {w1.size} entries of W1{over} are not distributed like a normal distribution: "
            f"their histogram differs from the bell curve by {distance:.3f} (a normal sample of "
            f"this size stays below {bound:.3f}){k}"
        )


def _kurtosis_phrase(sample: np.ndarray) -> str:
    from grader.authoring import excess_kurtosis

    k = excess_kurtosis(sample)
    if np.isfinite(k) and k < -0.8:
        return "; the values look uniformly spread, as from np.random.rand"
    if np.all(sample >= 0) or np.all(sample <= 0):
        return "; every value has the same sign"
    return ""
