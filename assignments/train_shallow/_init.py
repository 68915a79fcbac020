"""Properties of the starting point: init (initialize_parameters' weights are N(0, 0.01^2), its
biases zero).

The lesson's initialization is W = np.random.randn(rows, cols) * 0.01 and b = zeros. api,
shapes and symmetry.init only ask for the right form and for units that differ, so these check
the numbers themselves, as init-shallow does: the mean and spread of the weights against the
bounds of grader.stats (false-alarm rate below 1e-11 per check from 300 draws on; a correct
submission meets at most 8 of them: 2 examples, W1 and W2, mean and spread), and every bias
exactly zero.

One call must give enough draws: the course's own template sets np.random.seed(2) inside
initialize_parameters, so every call with the same sizes returns the same weights, and a
correct student who kept that line is judged on that one draw.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.authoring import Failure, Summary, expect_centred, expect_zero_biases, std_interval

from ._base import FEW, SIZES, call_initialize, prop

STD = 0.01
INIT = ("api.initialize", "shapes.initialize")

# W1 (n_h, n_x) holds 3,600 to 10,000 weights and W2 (n_y, n_h) 360 to 1,000: one call is a sample
# large enough for the bounds (at least 300 draws each), which are then at most +-8% (W1) and
# +-26% (W2) around 0.01, while the mistakes students make are off by a factor 3 or more
# (np.random.rand: spread 0.0029 and every weight positive; a forgotten * 0.01: spread 1).
_SCALE_SIZES = {
    "n_x": st.integers(60, 100),
    "n_h": st.integers(60, 100),
    "n_y": st.integers(6, 10),
}


@prop(
    "init.scale",
    category="init",
    points=5,
    given=_SCALE_SIZES,
    depends=INIT,
    examples=2,
    hint="Draw the weights from a standard normal distribution and scale them down: "
    "W1 = np.random.randn(n_h, n_x) * 0.01 (likewise W2). Large weights saturate tanh and "
    "sigmoid, whose slope is then near 0, and learning crawls.",
)
def small_centred_weights(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """initialize_parameters draws W1 and W2 with mean 0 and standard deviation 0.01"""
    params = call_initialize(code, n_x, n_h, n_y)
    for name in ("W1", "W2"):
        weights = np.asarray(params[name], dtype=float)
        if weights.size >= 2 and np.all(weights == weights.flat[0]):
            raise Failure(
                f"every entry of {name} is {float(weights.flat[0]):.6g}; expected random draws "
                "with mean 0 and standard deviation 0.01"
            )
        if weights.ndim == 2:
            # A row repeated (np.tile) is one draw counted many times, which no bound allows
            # for; the copies are symmetry.distinct-rows' to report, so judge each row once.
            weights = np.unique(weights, axis=0)
        judge_weights(name, weights)


def judge_weights(name: str, weights: np.ndarray) -> None:
    """Fail unless `weights` look like draws from N(0, 0.01^2): mean first (an all-positive
    sample from np.random.rand has the wrong spread too, but its mean says what went wrong),
    then the spread (the mean's bound: see `grader.checks.expect_centred`)."""
    s = Summary.of(weights)
    if s.n < 300:
        return  # too few draws for the bounds (wrong shapes, or copied rows: reported elsewhere)
    expect_centred(weights, s, STD, f"the {s.n} entries of {name}")
    low, high = std_interval(STD, s.n)
    if not low <= s.std <= high:
        raise Failure(
            f"the {s.n} entries of {name} have standard deviation {s.std:.3g}; expected 0.01 "
            f"(between {low:.3g} and {high:.3g} for {s.n} draws){scale_guess(s.std / STD)}"
        )


def scale_guess(ratio: float) -> str:
    """The usual mistake behind a spread `ratio` times 0.01, when one matches."""
    if abs(ratio / 100 - 1) < 0.1:
        return ": that is a standard normal; did you forget the * 0.01?"
    if abs(ratio / 10 - 1) < 0.1:
        return ": 10 times too large (0.1 instead of 0.01?)"
    if abs(ratio * 10 - 1) < 0.1:
        return ": 10 times too small (0.001 instead of 0.01?)"
    if abs(ratio / 0.2887 - 1) < 0.1:
        return ": that is the spread of a uniform draw (np.random.rand); use np.random.randn"
    return ""


@prop(
    "init.bias-zeros",
    category="init",
    points=3,
    given={"n_x": SIZES, "n_h": SIZES, "n_y": st.integers(1, 3)},
    depends=INIT,
    examples=FEW,
    hint="Start the biases at zero: b1 = np.zeros((n_h, 1)), b2 = np.zeros((n_y, 1)). Random "
    "weights already make the hidden units differ, so the biases need no randomness.",
)
def biases_start_at_zero(code: Any, n_x: int, n_h: int, n_y: int) -> None:
    """initialize_parameters starts the biases b1 and b2 at zero"""
    params = call_initialize(code, n_x, n_h, n_y)
    expect_zero_biases((key, params[key]) for key in ("b1", "b2"))
