"""Properties of predict: 0/1 labels, 1 exactly where the network's probability exceeds 0.5."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.authoring import Failure, StudentFailure, describe
from reference.train import forward_propagation as ref_forward

from ._base import FEW, SOME, Net, call_forward, nets, prop
from ._compare import fmt

#: |A2 - 0.5| below this is a tie: the lesson's strict `A2 > 0.5` says 0, `np.round(A2)` and
#: `A2 >= 0.5` say 1 there, and rounding in another correct forward pass can tip it either way.
TIE = 1e-9


def _labels(code: Any, net: Net) -> np.ndarray:
    """predict's output as 0.0/1.0 floats of shape (1, m), or a Failure saying what it is."""
    value = code.predict(net.parameters, net.X)
    if type(value) is not np.ndarray or not (
        np.issubdtype(value.dtype, np.number) or value.dtype == bool
    ):
        raise Failure(f"predict returned {describe(value)}; expected a numpy array of 0/1 labels")
    if value.shape != (1, net.m):
        flat = " (a 1-D array: keep the (1, m) shape of A2)" if value.ndim == 1 else ""
        raise Failure(
            f"predict returned an array of shape {value.shape}; expected (1, m) = (1, {net.m}), "
            f"one label per example{flat}"
        )
    numbers = value.astype(float)
    odd = ~np.isin(numbers, (0.0, 1.0))
    if np.any(odd):
        sample = fmt(numbers[odd][0])
        looks = (
            ": those look like the probabilities A2; threshold them, A2 > 0.5"
            if np.all((numbers > 0) & (numbers < 1))
            else ""
        )
        raise Failure(f"predict returned {sample} for an example; expected only 0 or 1{looks}")
    return numbers


@prop(
    "predict.labels",
    category="predict",
    points=3,
    given={"net": nets(max_m=6)},
    depends=("api.predict",),
    examples=FEW,
    hint="predictions = (A2 > 0.5): one 0/1 (or False/True) label per example, shape (1, m).",
)
def predict_gives_labels(code: Any, net: Net) -> None:
    """predict returns one 0/1 label per example, shape (1, m)"""
    _labels(code, net)


@prop(
    "predict.threshold",
    category="predict",
    points=4,
    given={"net": nets(max_m=6)},
    depends=("predict.labels",),
    examples=SOME,
    hint="A2 is the probability of label 1: predict 1 where A2 > 0.5 and 0 elsewhere.",
)
def predict_thresholds_at_half(code: Any, net: Net) -> None:
    """predict says 1 exactly where the probability A2 is above 0.5"""
    ref_A2, _ = ref_forward(net.X, net.parameters)
    candidates = [ref_A2]
    try:  # the student's own forward pass, so a bug there is not counted again here
        own_A2, _ = call_forward(code, net.X, net.parameters)
        if own_A2.shape == ref_A2.shape:
            candidates.append(own_A2)
    except (Failure, StudentFailure):
        pass
    got = _labels(code, net)
    for A2 in candidates:
        tie = np.abs(A2 - 0.5) < TIE
        if np.all(tie | (got == (A2 > 0.5))):
            return
    raise Failure(_why(code, net, got, candidates[-1]))


def _why(code: Any, net: Net, got: np.ndarray, A2: np.ndarray) -> str:
    """What predict did instead of thresholding at 0.5. A guess is only offered when it also
    holds on 16 more examples, so a one-example coincidence is not passed off as the cause; the
    last call made is predict on the failing input again, shown as the counterexample."""
    wrong = ~(np.abs(A2 - 0.5) < TIE) & (got != (A2 > 0.5))
    j = int(np.flatnonzero(wrong[0])[0])
    text = (
        f"predict gave label {int(got[0, j])} to example {j}, whose probability A2 is "
        f"{fmt(A2[0, j])}; expected {int(A2[0, j] > 0.5)} (1 exactly when A2 > 0.5)"
    )
    probe = Net(
        X=np.random.default_rng(0).integers(-20, 21, size=(net.n_x, 16)) / 10.0,
        Y=np.zeros((1, 16)),
        parameters=net.parameters,
    )
    try:
        wide = _labels(code, probe)
        again = _labels(code, net)
    except (Failure, StudentFailure):
        return text
    if not np.array_equal(again, got):
        return text + (
            ": predict gave different labels for the same input on two calls; is something "
            "random (dropout?) in forward_propagation or predict?"
        )
    probe_A2, probe_cache = ref_forward(probe.X, probe.parameters)
    rules = [
        (probe_A2 > 0, "every label is 1, as from A2 > 0 (A2 is a probability, always above 0)"),
        (probe_cache["Z2"] > 0.5, "that is Z2 > 0.5; threshold the probability A2 = sigmoid(Z2)"),
        (probe_A2 <= 0.5, "every label is flipped"),
    ]
    for labels, why in rules:
        if np.array_equal(wide, labels.astype(float)) and not np.array_equal(
            labels, probe_A2 > 0.5
        ):
            return f"{text}: {why}"
    return text
