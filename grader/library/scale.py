"""The scale of random weights: "W ~ N(0, sigma^2), and name the mistake", written once.

Every initialization check of every assignment judges a sample of weights the same way: the
mean first (a sample that is all positive, from np.random.rand or np.abs, also has the wrong
spread, but its mean says what went wrong), then the spread against grader.stats' bounds, and
when the spread is off, the usual mistake it matches ("looks like He's sqrt(2/n[0]) instead of
0.01"). What differs between assignments is only the binding: which function (its name comes
from the role binding, `grader.roles.name`), how a layer is named ("W2", or the fan-in "n_h")
and which sigma each layer expects. An assignment describes a layer with `Layer` and calls
`expect_scale`; the message style and the catalogue of mistakes are the same everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from grader.checks import expect_centred, identical_pairs
from grader.properties import Failure
from grader.stats import Summary, std_interval

#: Fewer draws than this make no bound worth trusting (grader.stats: exact from 300 on).
MIN_DRAWS = 300
#: How close (relative) an observed spread must be to a mistake's to name that mistake.
_CLOSE = 0.1
#: The standard deviation of np.random.rand (uniform on [0, 1)): 1/sqrt(12).
_UNIFORM = 1 / math.sqrt(12)


@dataclass(frozen=True)
class Layer:
    """One weight matrix as the lesson names it: `fan_in` inputs per unit (written `in_label`,
    "n[0]" or "n_x") and `fan_out` units (`out_label`), whose weights should have standard
    deviation `sigma`, written `formula` ("0.01", "sqrt(2/n[l-1])": the general formula, which
    `expected` spells out for this layer)."""

    sigma: float
    formula: str
    fan_in: int
    fan_out: int
    in_label: str
    out_label: str

    @property
    def written(self) -> str:
        """The formula for this layer in the lesson's notation: "sqrt(2/n[0])"."""
        return self.formula.replace("n[l-1]", self.in_label)

    @property
    def expected(self) -> str:
        """The formula for this layer, spelled out: "sqrt(2/n[0]) = sqrt(2/32) = 0.25"."""
        if "n[l-1]" not in self.formula:
            return self.formula
        general = self.written
        number = self.formula.replace("n[l-1]", str(self.fan_in))
        return f"{general} = {number} = {self.sigma:.3g}"


@dataclass(frozen=True)
class Mistake:
    """A scale a student writes by mistake: how it is written, its value, and why it is wrong."""

    label: str
    value: float
    why: str


def usual_mistakes(layer: Layer) -> tuple[Mistake, ...]:
    """The scales students write instead of `layer`'s, most specific first (where two give
    the same number, the first one names it)."""
    lp, ln = layer.in_label, layer.out_label
    n_prev, n, target = layer.fan_in, layer.fan_out, layer.sigma
    fan_out = (
        f"computed from the fan-out {ln} = {n}; the scale uses the fan-in {lp} = {n_prev}, "
        "the number of inputs each unit receives"
    )
    as_std = "the variance used as the standard deviation: take its square root"
    return (
        Mistake("1", 1.0, f"a standard normal: did you forget the * {layer.formula}?"),
        Mistake("0.01", 0.01, "the small constant of the shallow lessons"),
        Mistake("10", 10.0, "the deliberately large start of the Initialization lesson"),
        Mistake(f"{target * 10:.3g}", target * 10, "10 times too large"),
        Mistake(f"{target / 10:.3g}", target / 10, "10 times too small"),
        Mistake(f"{target * 100:.3g}", target * 100, "100 times too large"),
        Mistake(f"sqrt(1/{lp})", math.sqrt(1 / n_prev), "Xavier's scale"),
        Mistake(f"sqrt(2/{lp})", math.sqrt(2 / n_prev), "He's scale"),
        Mistake(f"sqrt(1/{ln})", math.sqrt(1 / n), fan_out),
        Mistake(f"sqrt(2/{ln})", math.sqrt(2 / n), fan_out),
        Mistake(f"1/{lp}", 1 / n_prev, as_std),
        Mistake(f"2/{lp}", 2 / n_prev, as_std),
        Mistake(
            f"sqrt(2/({lp}+{ln}))",
            math.sqrt(2 / (n_prev + n)),
            f"the average of fan-in and fan-out; the scale uses the fan-in {lp} alone",
        ),
        Mistake(
            f"np.random.rand(...) * {layer.formula}",
            target * _UNIFORM,
            "a uniform draw, not a Gaussian: use np.random.randn",
        ),
    )


def name_mistake(layer: Layer, observed: float) -> str:
    """ ": that looks like <mistake> instead of <expected>, <why>" for the first usual mistake
    whose scale is within 10% of the `observed` standard deviation; "" when none is."""
    if observed == 0:
        return ": the weights are all equal"
    for m in usual_mistakes(layer):
        if not math.isclose(m.value, layer.sigma) and abs(observed / m.value - 1) < _CLOSE:
            number = "" if m.label == f"{m.value:.3g}" else f" = {m.value:.3g}"
            return f": that looks like {m.label}{number} instead of {layer.written}, {m.why}"
    return ""


def expect_scale(sample: np.ndarray, layer: Layer, where: str) -> None:
    """Fail unless `sample` looks drawn from N(0, layer.sigma^2): its mean within the bound of
    `grader.checks.expect_centred`, then its standard deviation within grader.stats'
    interval, naming the likely mistake. `where` names the sample for the student ("f: the
    400 entries of W1 (over 3 calls)"). Samples of fewer than MIN_DRAWS draws pass: too few
    for a bound to trust (wrong shapes or a seeded repeat, which other checks report)."""
    sample = np.asarray(sample, dtype=float).ravel()
    s = Summary.of(sample)
    if s.n < MIN_DRAWS:
        return
    if s.std == 0:
        # One number repeated: neither its mean nor its spread is the point.
        raise Failure(
            f"{where} are all {float(sample[0]):.6g}: they were not drawn at random; expected "
            f"random draws with mean 0 and standard deviation {layer.expected}"
        )
    expect_centred(sample, s, layer.sigma, where)
    low, high = std_interval(layer.sigma, s.n)
    if not low <= s.std <= high:
        raise Failure(
            f"{where} have standard deviation {s.std:.3g}; expected {layer.expected} (between "
            f"{low:.3g} and {high:.3g} for {s.n} draws){name_mistake(layer, s.std)}"
        )


def expect_distinct_units(W: np.ndarray, key: str, prefix: str = "") -> None:
    """No two units of a layer start with the same incoming weights: no two rows of `W` (one
    row per unit) are equal. `prefix` ("f: ") names the function when a check looks at
    several."""
    W = np.asarray(W)
    if W.ndim != 2 or W.shape[0] < 2:
        return
    pairs = identical_pairs(W)
    if pairs:
        i, j = pairs[0]
        copies = len({u for pair in pairs for u in pair})
        raise Failure(
            f"{prefix}rows {i} and {j} of {key} are identical, so units {i} and {j} of that "
            f"layer receive exactly the same incoming weights ({copies} of its {W.shape[0]} "
            "units are copies of one another); such units compute the same function and get "
            "the same gradients, so they never become different"
        )


def expect_distinct_outgoing(
    W: np.ndarray, key: str, senders: str = "units", receiver: str = "unit", prefix: str = ""
) -> None:
    """No two units of the layer before send the same weight to one unit: no row of `W` holds
    a repeated value (columns are the units that feed it). `senders` and `receiver` name the
    units as the lesson does ("hidden units", "output")."""
    W = np.asarray(W)
    if W.ndim != 2 or W.shape[1] < 2:
        return
    # Rows holding a repeated value, found with one sort instead of np.unique per row.
    repeats = (np.diff(np.sort(W, axis=1), axis=1) == 0).any(axis=1)
    hits = np.flatnonzero(repeats)
    if hits.size:
        r = hits[0]
        row = W[r]
        same = identical_pairs(row[:, None])
        if same:
            i, j = same[0]
            raise Failure(
                f"{prefix}{key}[{r}, {i}] and {key}[{r}, {j}] are equal ({float(row[i]):.6g}): "
                f"{senders} {i} and {j} send the same weight to {receiver} {r}, so "
                "they get the same gradients and never become different"
            )
