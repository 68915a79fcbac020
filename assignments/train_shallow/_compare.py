"""Comparing a student's numbers with the reference's, and saying how they differ.

Tolerance: the generated inputs are multiples of 0.1 with |entry| <= 2 and sizes <= 5, so
every intermediate value of a correct computation is below ~50 in size, and any two correct
float64 implementations (np.dot or @, loops or vectorised, another summation order, a
hand-written tanh) agree to within ~1e-13 absolute. The bugs this assignment is about change a
value by a constant factor or a whole term, i.e. by 1e-2 or more. rtol = 1e-7 with
atol = 1e-9 sits six orders of magnitude above rounding and five below the smallest bug.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

RTOL = 1e-7
ATOL = 1e-9

#: The cost alone gets more room: students often guard the log with a small epsilon,
#: np.log(A2 + 1e-8), which moves a cost of our inputs (A2 in [0.05, 0.95]) by up to 2e-7 of
#: itself. The cost's bugs (a missing term, a missing 1/m, the sign) move it by 1e-3 of itself or
#: far more.
COST_RTOL = 1e-6


def close(got: np.ndarray | float, expected: np.ndarray | float, rtol: float = RTOL) -> bool:
    got_a, exp_a = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if got_a.shape != exp_a.shape:
        return False
    return bool(np.allclose(got_a, exp_a, rtol=rtol, atol=ATOL))


def fmt(x: float) -> str:
    return f"{float(x) + 0.0:.6g}"  # + 0.0: never print -0


def _index(idx: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in idx) + "]"


def _ratio(got: np.ndarray, expected: np.ndarray) -> float | None:
    """c when got == c * expected for one constant c != 1 (None when there is no such c)."""
    big = np.abs(expected) > 1e-6
    if not np.any(big):
        return None
    ratios = got[big] / expected[big]
    c = float(np.median(ratios))
    if not np.isfinite(c) or abs(c - 1) < 1e-6 or abs(c) < 1e-9:
        return None
    if np.allclose(got, c * expected, rtol=1e-6, atol=1e-9):
        return c
    return None


def _ratio_phrase(c: float) -> str:
    if abs(c + 1) < 1e-6:
        return "every entry has the opposite sign of the expected value"
    if abs(c) >= 1:
        return f"every entry is {c:.4g} times the expected value"
    return f"every entry is 1/{1 / c:.4g} of the expected value"


def describe_difference(
    name: str,
    got: np.ndarray | float,
    expected: np.ndarray | float,
    known: Iterable[tuple[np.ndarray | float, str]] = (),
    factors: Sequence[tuple[float, str]] = (),
) -> str:
    """One sentence for a student: where `got` differs most from `expected`, by how much, and
    the likely cause.

    known: (value, explanation) pairs, e.g. (the cost without the (1 - Y) term, "the (1 - Y)
        log(1 - A2) term is missing"); the values `got` matches explain the difference (all
        of them, when several do).
    factors: (c, explanation) pairs for `got` being c times `expected`, e.g. (m, "the sum is
        not divided by m").
    """
    g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    if g.ndim == 0:
        text = f"{name} is {fmt(g)}; expected {fmt(e)} (off by {fmt(abs(g - e))})"
    else:
        gap = np.abs(g - e)
        idx = np.unravel_index(int(np.argmax(gap)), gap.shape)
        largest = f", the largest difference of its {g.size} entries" if g.size > 1 else ""
        text = (
            f"{name}{_index(idx)} is {fmt(g[idx])}; expected {fmt(e[idx])} "
            f"(off by {fmt(gap[idx])}{largest})"
        )
    # Shrunk inputs make coincidences likely (db2 = -db1, say): when several slips explain the
    # value, name them all rather than blame the first.
    matching = list(dict.fromkeys(why for value, why in known if close(g, value)))
    if len(matching) == 1:
        return f"{text}: {matching[0]}"
    if matching:
        return f"{text}: either " + ", or ".join(matching)
    c = _ratio(g, e)
    if c is not None:
        for factor, why in factors:
            if abs(c - factor) <= 1e-6 * max(1.0, abs(factor)):
                return f"{text}: {_ratio_phrase(c)}, so {why}"
        return f"{text}: {_ratio_phrase(c)}"
    return text
