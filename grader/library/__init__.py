"""Checks shared by assignments, written once over roles (see `grader.roles`).

A check here takes what it judges (the parameters two calls returned, the biases of one call)
and the `code` it was given, from which it learns the function's bound name and the course's
seeding policy. The built-in assignments are bindings of these checks; an assignment of one's
own, or a course profile, reuses them as they are.
"""

from grader.library.init import expect_fresh_draws, expect_zero_biases
from grader.library.scale import (
    Layer,
    expect_distinct_outgoing,
    expect_distinct_units,
    expect_scale,
    name_mistake,
)

__all__ = [
    "Layer",
    "expect_distinct_outgoing",
    "expect_distinct_units",
    "expect_fresh_draws",
    "expect_scale",
    "expect_zero_biases",
    "name_mistake",
]
