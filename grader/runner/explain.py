"""Why a student's function raised, when the cause is not the student's maths.

Two causes read like bugs but are not: a name the student's code expected from something the
grader could not provide (a course helper module it lacks, top-level code that ran out of
time), and course code written for numpy 1.x that numpy 2 rejects. `explain` adds, to the
error a student's function raised, one sentence naming the cause and the one-line fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_NAME_ERROR = re.compile(r"NameError: name '(\w+)' is not defined")
_NUMPY_ATTRIBUTE = re.compile(r"AttributeError: module 'numpy' has no attribute '(\w+)'")

# Removed numpy names: (what removed it, the replacement a student writes).
_REMOVED = {
    "asscalar": ("numpy 1.23", "`a.item()`"),
    "float": ("numpy 1.24", "`float` (or `np.float64`)"),
    "int": ("numpy 1.24", "`int` (or `np.int64`)"),
    "object": ("numpy 1.24", "`object`"),
    "str": ("numpy 1.24", "`str`"),
    "complex": ("numpy 1.24", "`complex` (or `np.complex128`)"),
    "float_": ("numpy 2.0", "`np.float64`"),
    "complex_": ("numpy 2.0", "`np.complex128`"),
    "NaN": ("numpy 2.0", "`np.nan`"),
    "NAN": ("numpy 2.0", "`np.nan`"),
    "Inf": ("numpy 2.0", "`np.inf`"),
    "Infinity": ("numpy 2.0", "`np.inf`"),
    "infty": ("numpy 2.0", "`np.inf`"),
    "NINF": ("numpy 2.0", "`-np.inf`"),
    "PINF": ("numpy 2.0", "`np.inf`"),
    "product": ("numpy 2.0", "`np.prod`"),
    "cumproduct": ("numpy 2.0", "`np.cumprod`"),
    "alltrue": ("numpy 2.0", "`np.all`"),
    "sometrue": ("numpy 2.0", "`np.any`"),
    "in1d": ("numpy 2.0", "`np.isin`"),
    "trapz": ("numpy 2.0", "`np.trapezoid`"),
    "msort": ("numpy 2.0", "`np.sort(a, axis=0)`"),
    "asfarray": ("numpy 2.0", "`np.asarray(a, dtype=float)`"),
    "unicode_": ("numpy 2.0", "`np.str_`"),
    "string_": ("numpy 2.0", "`np.bytes_`"),
}

_TO_SCALAR = (
    "numpy 2 turns only 0-d arrays into Python numbers: `float(x)`, `int(x)` and `'%f' % x` "
    "of an array of shape (1, 1), which numpy 1 accepted, now fail. If x holds one number, "
    "use `x.item()` or `float(np.squeeze(x))`"
)
_FORMAT = (
    "a format such as `{:f}` or `{:.2f}` takes a number, not an array (even of shape (1, 1)): "
    "format `x.item()` or `float(np.squeeze(x))` instead"
)


def explain(error: str, unavailable: Mapping[str, str] | None = None) -> str:
    """`error` (``"NameError: name 'sigmoid' is not defined"``) with its cause appended when
    the cause is one of those above; `error` unchanged otherwise."""
    hint = _hint(error, unavailable or {})
    return f"{error} ({hint})" if hint else error


def _hint(error: str, unavailable: Mapping[str, str]) -> str:
    match = _NAME_ERROR.search(error)
    if match:
        name = match.group(1)
        if name in unavailable:
            return unavailable[name]
        if "*" in unavailable:
            return f"`{name}`: {unavailable['*']}"
        return ""
    match = _NUMPY_ATTRIBUTE.search(error)
    if match and match.group(1) in _REMOVED:
        name = match.group(1)
        release, fix = _REMOVED[name]
        return (
            f"`np.{name}` was removed in {release} and the grader runs numpy 2: use {fix}; "
            "this is not a mistake in your maths"
        )
    if "only 0-dimensional arrays can be converted to Python scalars" in error:
        return _TO_SCALAR
    if "unsupported format string passed to numpy.ndarray.__format__" in error:
        return _FORMAT
    return ""
