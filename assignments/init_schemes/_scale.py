"""The scale of the random starts: every layer's weights have mean 0 and the scheme's standard
deviation (10, or He's sqrt(2/n[l-1])), and they follow a normal distribution.

The bounds are grader.stats': each spends at most 1e-11 of false-alarm probability from 300
draws on, whatever numpy call draws the weights (a seeded global RNG, np.random.normal, an
unseeded default_rng()). A correct submission meets at most 2 examples x 2 schemes x 5 layers x
(mean, spread) + 2 shape tests = 42 of them here, so it loses points by chance with probability
below 1e-9.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.authoring import (
    MIN_SCALE_DRAWS,
    Failure,
    Layer,
    dkw_epsilon,
    excess_kurtosis,
    expect_scale,
    kolmogorov_distance_to_normal,
    roles,
)

from ._base import HE, RANDOM, Scheme, shaped_init
from ._base import prop as _prop

# Widths alternate between 8-12 and 24-30 units, so every layer's fan-in n[l-1] and fan-out n[l]
# differ by a factor 2 or more: He computed from the wrong one is off by sqrt(2) or more in every
# layer (with equal widths no check can tell). Every layer then holds at least 192 weights.
_NARROW, _WIDE = (8, 12), (24, 30)
#: Draws pooled per layer: the bounds are then +-14% around the target, and a scale off by
#: sqrt(2) (He against Xavier, or the wrong fan) lands far outside them.
LAYER_DRAWS = 1200
MIN_DRAWS = MIN_SCALE_DRAWS  # (grader.library judges no fewer)
MAX_CALLS = 8


@st.composite
def alternating(draw: st.DrawFn) -> list[int]:
    """2 to 4 layers whose widths alternate between 8-12 and 24-30 units."""
    narrow_first = draw(st.booleans())
    dims = []
    for i in range(draw(st.integers(3, 5))):
        low, high = _NARROW if (i % 2 == 0) == narrow_first else _WIDE
        dims.append(draw(st.integers(low, high)))
    return dims


def _pooled_layers(
    code: Any, scheme: Scheme, dims: list[int]
) -> tuple[list[np.ndarray], int, list[int]]:
    """Each layer's weights pooled over enough calls to hold LAYER_DRAWS draws per layer, the
    number of calls, and the layers_dims they were drawn with. Stops at a repeated draw (a seed
    inside the function: repeats add no information); where the course allows that seed, the
    sample comes from one wider call instead (`_one_wider_call`)."""
    smallest = min(a * b for a, b in zip(dims[1:], dims[:-1], strict=False))
    L = len(dims) - 1
    pools: list[list[np.ndarray]] = [[] for _ in range(L)]
    calls = 0
    for _ in range(min(MAX_CALLS, math.ceil(LAYER_DRAWS / smallest))):
        params = shaped_init(code, scheme, dims)
        layers = [params[f"W{layer}"].ravel() for layer in range(1, L + 1)]
        if pools[0] and np.array_equal(layers[0], pools[0][0]):
            if roles.seed_allowed(code):
                return _one_wider_call(code, scheme, dims, LAYER_DRAWS / smallest)
            break
        calls += 1
        for pool, W in zip(pools, layers, strict=True):
            pool.append(W)
    return [np.concatenate(pool) for pool in pools], calls, dims


def widened(dims: list[int], growth: float) -> list[int]:
    """`dims` with every width multiplied by the same whole factor, so that every weight matrix
    holds `growth` times as many entries or more (fan-in and fan-out keep their ratios)."""
    factor = max(1, math.ceil(math.sqrt(growth)))
    return [n * factor for n in dims]


def _one_wider_call(
    code: Any, scheme: Scheme, dims: list[int], growth: float
) -> tuple[list[np.ndarray], int, list[int]]:
    """Where a course allows a seed inside the function, every call replays the same random
    stream, and calls of other sizes restart it too, so pooling them would count draws twice.
    One call with wider layers gives the whole sample."""
    wide = widened(dims, growth)
    params = shaped_init(code, scheme, wide)
    return [params[f"W{layer}"].ravel() for layer in range(1, len(wide))], 1, wide


def _judge(
    scheme: Scheme, layer: int, dims: list[int], sample: np.ndarray, calls: int, seeded: bool
) -> None:
    """One layer's pooled weights against the scheme's scale (grader.library's expect_scale)."""
    n_prev = dims[layer - 1]
    spec = Layer(
        sigma=scheme.std(n_prev),
        formula=scheme.formula,
        fan_in=n_prev,
        fan_out=dims[layer],
        in_label=f"n[{layer - 1}]",
        out_label=f"n[{layer}]",
    )
    over = f" (over {calls} calls)" if calls > 1 else ""
    if seeded:
        over = " (one wider call: seeded, every call repeats its draw)"
    where = f"{scheme.function}({dims}): the {np.asarray(sample).size} entries of W{layer}{over}"
    expect_scale(sample, spec, where)


def _scale_property(scheme: Scheme, points: float) -> None:
    def layer_scale(code: Any, layers_dims: list[int]) -> None:
        samples, calls, dims = _pooled_layers(code, scheme, layers_dims)
        for layer, sample in enumerate(samples, start=1):
            _judge(scheme, layer, dims, sample, calls, dims != layers_dims)

    layer_scale.__doc__ = (
        f"{scheme.function}: every layer's weights have mean 0 and standard deviation "
        f"{scheme.formula}"
    )
    _prop(
        f"scale.{scheme.key}",
        category="scale",
        roles=(scheme.function,),
        points=points,
        given={"layers_dims": alternating()},
        depends=(f"shapes.{scheme.key}",),
        examples=2,
        hint=f"Layer l's weights are np.random.randn(layers_dims[l], layers_dims[l-1]) * "
        f"{scheme.formula}: {scheme.why}.",
    )(layer_scale)


_scale_property(RANDOM, 8)
_scale_property(HE, 9)


# -- the shape of the distribution ---------------------------------------------------------------
#
# A uniform draw rescaled to the right spread passes every check of mean and spread; only the
# distribution's shape tells it from a normal one. Each layer is standardised by its own mean and
# standard deviation (which only lowers a correct sample's Kolmogorov distance: see
# assignments/init_deep) and the pooled sample is held to the DKW bound of grader.stats. With
# 20,000 draws the bound is 0.026; a standardised uniform sample is 0.057 away from the normal
# curve. Simulated with layers of this strategy's sizes, 1,000 correct samples stayed below 0.41
# times the bound, and a uniform sample lands at 2.3 times it.

GAUSSIAN_DRAWS = 20_000
GAUSSIAN_MAX_CALLS = 8
#: 4 or 5 layers of 28 to 30 units each side: at least 3,136 weights a call, each layer 784+.
GAUSSIAN_LAYERS = st.lists(st.integers(28, 30), min_size=5, max_size=6)


def _standardised(
    code: Any, scheme: Scheme, dims: list[int]
) -> tuple[np.ndarray, int, set, list[int]]:
    """Every layer's weights standardised by its own mean and spread, pooled over as many calls
    as GAUSSIAN_DRAWS takes; the number of calls, the signs the raw weights take, and the
    layers_dims drawn with (wider where a course allows a seed inside the function: one call)."""
    pooled: list[np.ndarray] = []
    signs: set[int] = set()
    first: np.ndarray | None = None
    calls = got = 0
    while got < GAUSSIAN_DRAWS and calls < GAUSSIAN_MAX_CALLS:
        params = shaped_init(code, scheme, dims)
        if first is not None and np.array_equal(params["W1"], first):
            # The same draw again: a seed inside the function.
            if roles.seed_allowed(code):
                # One wider call holds the whole sample (see _one_wider_call).
                weights = sum(a * b for a, b in zip(dims[1:], dims[:-1], strict=False))
                wide = widened(dims, GAUSSIAN_DRAWS / weights)
                pooled, signs = [], set()
                _add_layers(scheme, shaped_init(code, scheme, wide), wide, pooled, signs)
                return np.concatenate(pooled), 1, signs, wide
            break
        first = params["W1"]
        calls += 1
        got += _add_layers(scheme, params, dims, pooled, signs)
    return np.concatenate(pooled), calls, signs, dims


def _add_layers(
    scheme: Scheme, params: dict[str, np.ndarray], dims: list[int], pooled: list, signs: set
) -> int:
    """Append every layer of one call, standardised, to `pooled`; the number of weights."""
    got = 0
    for layer in range(1, len(dims)):
        x = params[f"W{layer}"].ravel()
        sd = x.std(ddof=1)
        if not sd > 0:
            raise Failure(
                f"{scheme.function}: every entry of W{layer} is {float(x[0]):.6g}; the "
                "weights should be random draws from a normal distribution"
            )
        pooled.append((x - x.mean()) / sd)
        signs.update(int(v) for v in np.unique(np.sign(x)))
        got += x.size
    return got


def _looks(sample: np.ndarray, signs: set) -> str:
    if signs <= {0, 1} or signs <= {-1, 0}:
        return "; every one of them has the same sign (np.random.rand? np.abs?)"
    k = excess_kurtosis(sample)
    if np.isfinite(k) and k < -0.8:
        return (
            ": they look uniformly spread over an interval, as np.random.uniform or "
            "np.random.rand draw them (a flat histogram, not a bell curve)"
        )
    return ""


def _gaussian_property(scheme: Scheme) -> None:
    def weights_are_gaussian(code: Any, layers_dims: list[int]) -> None:
        sample, calls, signs, dims = _standardised(code, scheme, layers_dims)
        n = sample.size
        if n < GAUSSIAN_DRAWS * 3 // 4:
            return  # too few weights to judge the shape (after a seeded repeat)
        distance, bound = kolmogorov_distance_to_normal(sample), dkw_epsilon(n)
        drawn = f"{calls} calls" if calls > 1 else f"one call with layers_dims {dims}"
        if distance > bound:
            raise Failure(
                f"{scheme.function}: the {n} weights of {drawn} do not follow a normal "
                "distribution: rescaled to mean 0 and spread 1 layer by layer, their cumulative "
                f"histogram is up to {distance:.3f} away from the normal curve's, where {n} "
                f"normal draws stay below {bound:.3f}{_looks(sample, signs)}"
            )

    weights_are_gaussian.__doc__ = (
        f"{scheme.function} draws its weights from a normal (Gaussian) distribution"
    )
    _prop(
        f"scale.gaussian-{scheme.key}",
        category="scale",
        roles=(scheme.function,),
        points=3,
        given={"layers_dims": GAUSSIAN_LAYERS},
        depends=(f"api.{scheme.key}",),
        examples=1,
        hint="Draw the weights from a normal distribution: np.random.randn(...) times the scale. "
        "np.random.uniform and np.random.rand draw from a flat distribution, even when "
        "rescaled.",
    )(weights_are_gaussian)


_gaussian_property(RANDOM)
_gaussian_property(HE)
