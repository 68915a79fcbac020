"""Argument checks shared by the reference modules (private)."""

from __future__ import annotations

import numpy as np


def check_positive_int(name: str, value: object) -> int:
    """Return ``value`` as an ``int`` or raise a ``ValueError`` naming the argument.

    Accepts Python and NumPy integers. ``bool`` is rejected even though it subclasses ``int``:
    ``True`` units in a layer is always a caller bug.
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)
