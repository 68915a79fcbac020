"""Pushing a signal through a deep stack built from a student's weights.

Xavier and He exist for one reason: in a deep network they keep the spread of the activations
roughly constant from layer to layer, so the signal neither vanishes nor explodes. This module
measures exactly that. Inputs of unit variance go through ``A = g(W A)`` layer after layer (tanh
for Xavier, ReLU for He; the biases are left out, they are the bias-zeros category's business);
the root-mean-square of each layer's activations is compared with the spread a correct
initialization gives *in expectation*, computed by the mean-field recursion below. Comparing
with that expectation, instead of with 1, matters for tanh: even correct Xavier weights let a
tanh signal decay slowly (q -> q - 2 q^2 per layer once q is small), and the band must not
punish what the lesson calls correct.

Why the band (see `BANDS`) is safe and sharp. The property runs one example, and Hypothesis's
first example is the strategy's simplest stack, [2, 96, 96, 96, 96, 96, 96]: six ReLU or tanh
layers of 96 units behind 2 inputs. Measured with this module's own functions at that stack,
40,000 correct pairs of draws (DRAWS = 2, averaged) per method:

* correct Xavier/tanh: the lowest layer's log(measured / expected) has mean -0.14 and sd 0.03
  (worst of 40,000: a ratio of 0.72); the highest layer's, mean -0.07 and sd 0.03 (worst 1.13).
  The band [1/2, 3/2] is 19 and 14 sd away;
* correct He/ReLU: ReLU's finite-width fluctuations compound with depth (a deep ReLU network's
  activation norms are log-normal), so the band is wider, [1/4, 4]: the lowest layer's
  log-ratio has mean -0.09 and sd 0.09 (worst 0.53), the highest mean 0.07 and sd 0.09 (worst
  1.70); the edges are 14 and 16 sd away;
* the tails: fitted beyond their 99th percentile, all four are lighter than exponential (a
  generalized Pareto shape below 0); even an exponential tail, the pessimistic model, puts the
  chance that a correct submission leaves the band below 2e-12 (He) and 1e-13 (Xavier);
* with more examples (RunConfig.examples > 1) Hypothesis draws other stacks from `stacks`;
  20,000 single draws (not even averaged) across them (2-3 inputs, 6-7 layers of 96-128
  units) left the edges at least 9.9 sd (He) and 9.6 sd (Xavier) away, and no seed came within
  a factor 1.7 (He) or 1.2 (Xavier) of an edge.

And the bugs, 2,000 pairs each at the same stack, every one outside the band:

* 0.01 weights: the spread falls by about 0.01 * sqrt(n[l-1]) per layer; ratios below 0.02;
* the wrong fan (n[l] instead of n[l-1]): the per-layer error sqrt(n[l-1] / n[l]) telescopes to
  sqrt(n[0] / n[l]) = sqrt(2 / 96), a ratio of at most 0.25 (Xavier) and 0.16 (He) from layer
  1 on. That is why the stack starts narrow and widens at once: with equal widths a wrong fan is
  invisible to any check, and with widths that go up and down it cancels out;
* He with sqrt(1/n) under ReLU: the variance halves at every layer, 2^(-l/2); at most 0.21;
* Xavier with sqrt(2/n) under tanh: the tanh units saturate while the correct spread decays;
  at least 1.69 times the expectation by the last layer (that bug is also the scale check's).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

#: Examples pushed through the stack, one per column.
INPUTS = 64

#: Independent stacks (calls) whose spreads are averaged: halves the variance of a correct
#: stack's measured spread, which for ReLU is the whole difficulty (see above).
DRAWS = 2

#: (lowest, highest) allowed ratio of the measured spread to the expected one, per activation.
BANDS = {"tanh": (0.5, 1.5), "relu": (0.25, 4.0)}


@functools.cache
def _gauss_hermite() -> tuple[np.ndarray, np.ndarray]:
    """Probabilists' Gauss-Hermite nodes and weights: E[f(Z)] for Z ~ N(0, 1) as a weighted
    sum, within 1e-6 of the truth for tanh^2 at the variances a Xavier stack meets (q <= 1)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(64)
    return nodes, weights / weights.sum()


def relu(z: np.ndarray) -> np.ndarray:
    """max(z, 0), elementwise."""
    return np.maximum(z, 0.0)


ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"tanh": np.tanh, "relu": relu}


@st.composite
def stacks(draw: st.DrawFn) -> list[int]:
    """layer_dims of a deep stack: a narrow input (2 or 3 features), then 6 or 7 wide layers.

    Narrow-then-wide is deliberate: a fan-in/fan-out mix-up only changes the spread where widths
    change, and across a jump from <= 3 to >= 96 it changes it by a factor 5.6 or more.
    """
    n_inputs = draw(st.integers(2, 3))
    depth = draw(st.integers(6, 7))
    return [n_inputs, *draw(st.lists(st.integers(96, 128), min_size=depth, max_size=depth))]


def inputs(layer_dims: Sequence[int]) -> np.ndarray:
    """Inputs of shape (n[0], INPUTS), the same for the same layer_dims, whitened: every feature
    has mean 0 and variance exactly 1, and the features are uncorrelated. (Exact moments take
    the input's own sampling noise out of the measurement, so fewer examples do.)"""
    rng = np.random.default_rng([int(n) for n in layer_dims])
    X = rng.standard_normal((INPUTS, int(layer_dims[0])))
    X -= X.mean(axis=0)
    Q, _ = np.linalg.qr(X)  # orthonormal columns, still centred (they span centred vectors)
    return Q.T * math.sqrt(INPUTS)


def expected_spreads(activation: str, gain: float, depth: int) -> np.ndarray:
    """Root-mean-square of each layer's activations, in expectation, for unit-variance inputs
    and weights of variance gain / n[l-1] (mean-field: each pre-activation is Gaussian with
    variance gain * E[a^2] of the layer below)."""
    second_moment = 1.0
    out = []
    for _ in range(depth):
        q = gain * second_moment
        if activation == "relu":
            second_moment = q / 2  # exactly: ReLU keeps half of a symmetric z's second moment
        else:
            nodes, weights = _gauss_hermite()
            g = ACTIVATIONS[activation]
            second_moment = float(np.sum(weights * g(math.sqrt(q) * nodes) ** 2))
        out.append(math.sqrt(second_moment))
    return np.array(out)


def measured_spreads(weights: Sequence[np.ndarray], X: np.ndarray, activation: str) -> np.ndarray:
    """Root-mean-square of each layer's activations when X goes through A = g(W A)."""
    g = ACTIVATIONS[activation]
    A = np.asarray(X, dtype=float)
    out = []
    with np.errstate(all="ignore"):  # an exploding student stack may overflow: inf is the answer
        for W in weights:
            # einsum, not @: these products are small, and a threaded BLAS spends ten times the
            # work on waking and spinning its threads, worst when the machine is busy (a class
            # being graded in parallel); einsum's loop runs on this thread alone.
            A = g(np.einsum("ij,jk->ik", np.asarray(W, dtype=float), A))
            out.append(float(np.sqrt(np.mean(A * A))))
    return np.array(out)


def averaged_spreads(
    stacks: Sequence[Sequence[np.ndarray]], X: np.ndarray, activation: str
) -> np.ndarray:
    """Root-mean-square of each layer's activations, pooled over independent stacks."""
    squares = [measured_spreads(weights, X, activation) ** 2 for weights in stacks]
    return np.sqrt(np.mean(squares, axis=0))


@dataclass(frozen=True)
class Departure:
    """The first layer whose spread left the band."""

    layer: int  # 1-based, as in W1..WL
    measured: float
    expected: float
    vanished: bool  # True: below the band; False: above it

    @property
    def ratio(self) -> float:
        return self.measured / self.expected


def first_departure(
    measured: np.ndarray, expected: np.ndarray, activation: str
) -> Departure | None:
    """The first layer whose measured/expected spread ratio is outside the band, if any."""
    low, high = BANDS[activation]
    for index, (got, want) in enumerate(zip(measured, expected, strict=True)):
        ratio = got / want if np.isfinite(got) else math.inf
        if not low <= ratio <= high:
            return Departure(index + 1, float(got), float(want), vanished=bool(ratio < low))
    return None
