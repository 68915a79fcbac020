"""Property scale.gaussian: the weights follow a normal distribution, not a uniform one rescaled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.authoring import Failure, dkw_epsilon, excess_kurtosis, kolmogorov_distance_to_normal

from ._base import (
    API,
    ROLES,
    Method,
    bound_methods,
    call_method,
    layer_arrays,
    prop,
)

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
        layers = layer_arrays(call_method(code, method, layer_dims), "W", method)
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
    for method in bound_methods(code):
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
