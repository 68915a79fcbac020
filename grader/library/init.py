"""Checks of a network's initialization: fresh random weights on every call, zero biases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from grader import roles
from grader.checks import SEEDED_CAUSE, expect_zeros, repeat_cause
from grader.properties import Failure, note


def expect_fresh_draws(
    code: Any,
    first: Mapping[str, Any],
    second: Mapping[str, Any],
    *,
    calls: str,
    why: str,
) -> None:
    """Two calls with the same arguments returned the weights `first` and `second` (key ->
    array): each weight matrix must differ between them. `calls` says which two calls ("two
    calls of f with the same layer_dims"), `why` why they must differ.

    Weights that are all one number were never drawn at random, which no course allows. A
    repeat that looks like a seed inside the function passes where the course allows it
    (`grader.roles.seed_allowed`), and the result says so."""
    for key, a in first.items():
        b = second.get(key)
        if b is None:
            continue
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or not np.array_equal(a, b):
            continue
        others = [np.asarray(v) for k, v in first.items() if k != key]
        cause = repeat_cause(a, key, others)
        if cause == SEEDED_CAUSE and roles.seed_allowed(code):
            note(roles.SEEDED_ALLOWED)
            continue
        raise Failure(f"{calls} returned exactly the same {key}; {why} ({cause})")


def expect_zero_biases(biases: Iterable[tuple[str, Any]], prefix: str = "") -> None:
    """Every (name, values) of `biases` holds only zeros; `prefix` ("f: ") names the function
    when the check looks at several."""
    for key, values in biases:
        expect_zeros(values, f"{prefix}{key}")
