"""Everything an instructor needs to write an assignment, in one namespace.

    from grader.authoring import Assignment, Failure, expect_shape, std_interval

An assignment module imports from here (or `grader.testing`, for its tests) and nowhere
else in `grader`: the modules these names come from are internal and may move. See
docs/authoring.md for the guide.

Declaring:
    `Assignment` (and its ``.property`` decorator), `Function` and `Extra` (signatures that
    differ between course versions), `register` (make an assignment known by name in this
    process), `DeclarationError` (what a wrong declaration raises, at once).
Inside a property:
    `Failure` (raise it, with a message for the student); `StudentFailure` (what a call into
    the student's code raises when their function raised: catch it only to say something
    better than "your code raised ..."); `attach` (data for the feedback page) and `note`
    (why a property passed); `roles` (the module: ``roles.name(code, "f")``,
    ``roles.bound(code, ...)``, ``roles.seed_allowed(code)`` under a course profile).
Checks that raise `Failure` with a message written for a student:
    `describe`, `as_array`, `shape_of`, `expect_dict`, `expect_float_array`, `expect_shape`,
    `expect_zeros`, `expect_centred`, `identical_pairs`, `repeat_cause`; of an
    initialization, `expect_fresh_draws` and `expect_zero_biases`; of a sample of weights,
    `expect_scale` with a `Layer` (the layer's expected spread, formula, fan-in and fan-out)
    and `name_mistake` (the usual mistake a spread matches); of units that must differ,
    `expect_distinct_units` and `expect_distinct_outgoing`; `MIN_SCALE_DRAWS`, the fewest
    draws `expect_scale` judges.
Statistics with a false-alarm rate below one in a billion for a correct answer:
    `Summary`, `mean_bound`, `std_interval`, `dkw_epsilon`, `normal_cdf`,
    `kolmogorov_distance_to_normal`, `excess_kurtosis`.
"""

from __future__ import annotations

from grader import roles
from grader.checks import (
    as_array,
    describe,
    expect_centred,
    expect_dict,
    expect_float_array,
    expect_shape,
    expect_zeros,
    identical_pairs,
    repeat_cause,
    shape_of,
)
from grader.errors import DeclarationError
from grader.library import (
    Layer,
    expect_distinct_outgoing,
    expect_distinct_units,
    expect_fresh_draws,
    expect_scale,
    expect_zero_biases,
    name_mistake,
)
from grader.library.scale import MIN_DRAWS as MIN_SCALE_DRAWS
from grader.properties import Assignment, Extra, Failure, Function, attach, note
from grader.registry import register
from grader.runner.student import StudentFailure
from grader.stats import (
    Summary,
    dkw_epsilon,
    excess_kurtosis,
    kolmogorov_distance_to_normal,
    mean_bound,
    normal_cdf,
    std_interval,
)

__all__ = [
    "MIN_SCALE_DRAWS",
    "Assignment",
    "DeclarationError",
    "Extra",
    "Failure",
    "Function",
    "Layer",
    "StudentFailure",
    "Summary",
    "as_array",
    "attach",
    "describe",
    "dkw_epsilon",
    "excess_kurtosis",
    "expect_centred",
    "expect_dict",
    "expect_distinct_outgoing",
    "expect_distinct_units",
    "expect_float_array",
    "expect_fresh_draws",
    "expect_scale",
    "expect_shape",
    "expect_zero_biases",
    "expect_zeros",
    "identical_pairs",
    "kolmogorov_distance_to_normal",
    "mean_bound",
    "name_mistake",
    "normal_cdf",
    "note",
    "register",
    "repeat_cause",
    "roles",
    "shape_of",
    "std_interval",
]
