"""Helpers for writing properties: each raises `Failure` with a message written for a student.

Values from student code arrive as plain data (see `grader.runner.codec`): numbers, strings,
lists, tuples, dicts, numpy arrays, or an `Opaque` standing for anything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from grader.properties import Failure
from grader.runner.codec import Opaque, SubclassedArray
from grader.stats import Summary, mean_bound


def describe(value: Any) -> str:
    """A short phrase for a value's type, as a student would say it ("a list", "an int array")."""
    if isinstance(value, Opaque):
        return value.description
    if isinstance(value, SubclassedArray):
        return f"a {value.original} (a subclass of numpy.ndarray)"
    if isinstance(value, np.ndarray):
        return f"a numpy array of dtype {value.dtype} and shape {value.shape}"
    if isinstance(value, np.generic):
        return f"a numpy scalar of dtype {value.dtype}"
    if value is None:
        return "None"
    name = type(value).__name__
    article = "an" if name[0] in "aeiou" else "a"
    return f"{article} {name}"


def expect_dict(value: Any, keys: Sequence[str], what: str) -> dict[str, Any]:
    """`value` must be a dict with exactly `keys`; returns it."""
    wanted = ", ".join(keys)
    if not isinstance(value, dict):
        raise Failure(f"{what} returned {describe(value)}; expected a dict with keys {wanted}")
    missing = [k for k in keys if k not in value]
    extra = sorted(k for k in value if k not in keys)
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(repr(k) for k in missing))
        if extra:
            parts.append("unexpected " + ", ".join(repr(k) for k in extra))
        got = ", ".join(repr(k) for k in value) or "no keys"
        raise Failure(
            f"{what} returned a dict with keys {got} ({'; '.join(parts)}); "
            f"expected exactly {wanted} (key names are case-sensitive)"
        )
    return value


def expect_float_array(value: Any, name: str, *, finite: bool = True) -> np.ndarray:
    """`value` must be a plain numpy array of floating dtype (and finite); returns it."""
    if isinstance(value, SubclassedArray):
        raise Failure(f"{name} is {describe(value)}; return a plain numpy array (np.ndarray)")
    if not isinstance(value, np.ndarray):
        hint = (
            " (use np.array / np.zeros, not Python lists)"
            if isinstance(value, list | tuple)
            else ""
        )
        raise Failure(f"{name} is {describe(value)}; expected a numpy array of floats{hint}")
    if not np.issubdtype(value.dtype, np.floating):
        raise Failure(
            f"{name} has dtype {value.dtype}; expected floats (e.g. float64): "
            "integer arrays cannot hold small weights or be updated by gradient descent"
        )
    if finite and not np.all(np.isfinite(value)):
        bad = "NaN" if np.any(np.isnan(value)) else "infinite"
        raise Failure(f"{name} contains {bad} values")
    return value


def as_array(value: Any, name: str) -> np.ndarray:
    """`value` as a float array for numeric checks, or a Failure saying what it is instead."""
    if isinstance(value, np.ndarray):
        return np.asarray(value, dtype=float) if value.dtype != object else _no(value, name)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return _no(value, name)
    return arr


def _no(value: Any, name: str) -> np.ndarray:
    raise Failure(f"{name} is {describe(value)}; expected a numpy array of numbers")


def shape_of(value: Any) -> tuple[int, ...] | None:
    return tuple(value.shape) if isinstance(value, np.ndarray) else None


def expect_shape(arr: Any, expected: tuple[int, ...], name: str, meaning: str = "") -> None:
    """`arr` must be an array of shape `expected`; `meaning` names it in the lesson's terms,
    e.g. "(n_h, n_x), one row per hidden unit"."""
    got = shape_of(arr)
    if got is None:
        raise Failure(f"{name} is {describe(arr)}; expected an array of shape {expected}")
    if got != expected:
        extra = ""
        if len(got) == 1 and len(expected) == 2 and got[0] == expected[0]:
            extra = " (a 1-D array is not a column vector)"
        elif len(got) == 2 and got == expected[::-1]:
            extra = " (it looks transposed)"
        explain = f" = {meaning}" if meaning else ""
        raise Failure(f"{name} has shape {got}; expected {expected}{explain}{extra}")


def expect_zeros(value: Any, name: str) -> None:
    """`value` must hold only zeros (a bias at initialization); the failure says how many
    entries are not and the largest of them."""
    values = np.asarray(value)
    if np.any(values != 0):
        nonzero = int(np.count_nonzero(values))
        raise Failure(
            f"{name} has {nonzero} non-zero entr{'y' if nonzero == 1 else 'ies'} out of "
            f"{values.size} (largest {float(np.max(np.abs(values))):.3g}); expected all zeros"
        )


def expect_centred(sample: np.ndarray, summary: Summary, spread: float, where: str) -> None:
    """Initial weights drawn around zero: fail unless the mean of `sample` (summarised as
    `summary`) is within the bound of `grader.stats.mean_bound`, taken at the larger of the
    expected standard deviation `spread` and the sample's own. So it is never tighter than the
    bound for a correct sample, and weights 100 times too large (a forgotten scale) are told
    about their spread, not about a mean that merely wobbles 100 times more. `where` names
    the sample for the student ("the 400 entries of W1")."""
    bound = mean_bound(max(spread, summary.std), summary.n)
    if abs(summary.mean) <= bound:
        return
    sign = ""
    if np.all(sample >= 0) or np.all(sample <= 0):
        sign = f", and every one of them is {'positive' if summary.mean > 0 else 'negative'}"
    raise Failure(
        f"{where} have mean {summary.mean:.3g}{sign}; expected about 0 (within ±{bound:.2g}): "
        "weights are centred on zero, half positive and half negative (np.random.rand "
        "draws from [0, 1); np.random.randn draws from a normal distribution centred on 0)"
    )


def identical_pairs(vectors: np.ndarray | Iterable[np.ndarray]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of vectors that are exactly equal."""
    rows = np.asarray(vectors, dtype=float) + 0.0  # + 0.0 turns -0.0 into 0.0
    seen: dict[bytes, int] = {}
    pairs = []
    for j, row in enumerate(rows.reshape(len(rows), -1)):
        key = row.tobytes()
        if key in seen:
            pairs.append((seen[key], j))
        else:
            seen[key] = j
    return pairs


#: `repeat_cause`'s answer when the repeated weights look drawn, so only a seed explains them.
SEEDED_CAUSE = "is a seed set inside the function?"


def repeat_cause(value: np.ndarray, name: str, others: Iterable[np.ndarray] = ()) -> str:
    """Why a function returned exactly the same `name` on two calls, for a check of fresh random
    draws: weights that are all one number were never drawn (zeros, a constant, a row the loop
    never fills), which a seed inside the function would not explain. A single non-zero number
    says nothing either way unless the call's `others` weights are that same number too."""
    with np.errstate(all="ignore"):
        flat = np.asarray(value, dtype=float).ravel()
        rest = [np.asarray(o, dtype=float).ravel() for o in others]
    if not flat.size or not np.all(flat == flat[0]):
        return SEEDED_CAUSE
    alike = flat.size > 1 or flat[0] == 0
    if not alike and rest:
        pooled = np.concatenate(rest)
        alike = pooled.size > 0 and bool(np.all(pooled == flat[0]))
    if not alike:
        return SEEDED_CAUSE
    what = "0" if flat[0] == 0 else f"{flat[0]:.6g}"
    also = " (as is every other weight)" if rest and flat.size == 1 and flat[0] != 0 else ""
    return (
        f"every entry of {name} is {what} on both calls{also}, so the weights are not drawn at "
        "random at all: np.zeros, a constant, or entries the code never fills?"
    )
