"""Property scale.<method>: every layer's weights have mean 0 and the method's standard
deviation (judged by grader.library's expect_scale, which names the likely mistake).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from grader.authoring import MIN_SCALE_DRAWS, Layer, expect_scale, roles

from ._base import (
    BY_KEY,
    Method,
    call_method,
    prop,
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
MIN_DRAWS = MIN_SCALE_DRAWS  # (grader.library judges no fewer)
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
        params = call_method(code, method, layer_dims)
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
    params = call_method(code, method, dims)
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
    n_prev = layer_dims[layer - 1]
    spec = Layer(
        sigma=method.std(n_prev),
        formula=method.formula,
        fan_in=n_prev,
        fan_out=layer_dims[layer],
        in_label=f"n[{layer - 1}]",
        out_label=f"n[{layer}]",
    )
    where = f"{method.function}: the {np.asarray(sample).size} entries of W{layer}{over}"
    expect_scale(sample, spec, where)


_scale_property(BY_KEY["deep"], 8)
_scale_property(BY_KEY["xavier"], 10)
_scale_property(BY_KEY["he"], 10)
