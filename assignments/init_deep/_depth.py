"""Properties scale.signal-<method>: the signal through a deep stack neither vanishes nor explodes."""

from __future__ import annotations

from typing import Any

import numpy as np

from assignments.init_deep import signal
from grader.authoring import Failure

from ._base import (
    BY_KEY,
    Method,
    call_method,
    prop,
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
            params = call_method(code, method, layer_dims)
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
