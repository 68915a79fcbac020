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

from grader.authoring import Failure, Layer, expect_scale, expect_zero_biases

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
        judge_weights(name, weights, LABELS[name])


#: How the lesson names each weight matrix's fan-in and fan-out.
LABELS = {"W1": ("n_x", "n_h"), "W2": ("n_h", "n_y")}


def judge_weights(name: str, weights: np.ndarray, labels: tuple[str, str]) -> None:
    """Fail unless the matrix `weights` looks drawn from N(0, 0.01^2) (grader.library's
    expect_scale: mean, then spread, naming the likely mistake); `labels` name its fan-in and
    fan-out ("n_x", "n_h"). A row repeated (np.tile) is one draw counted many times, which no
    bound allows for; the copies are symmetry's to report, so each row is judged once."""
    weights = np.asarray(weights, dtype=float)
    fan_out, fan_in = weights.shape if weights.ndim == 2 else (1, max(weights.size, 1))
    if weights.ndim == 2:
        weights = np.unique(weights, axis=0)
    layer = Layer(STD, "0.01", fan_in, fan_out, *labels)
    expect_scale(weights, layer, f"the {weights.size} entries of {name}")


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
