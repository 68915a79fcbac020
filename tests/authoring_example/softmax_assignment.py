"""softmax: the worked example of docs/authoring.md, written only with grader's public API.

The student writes ``softmax(z)`` for z of shape (n, m), one column per example, returning
the column-wise softmax. Four properties: the shape, each column a distribution, the
definition, and stability for large inputs.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.authoring import Assignment, Failure, expect_float_array, expect_shape

assignment = Assignment(
    name="softmax",
    title="A numerically stable softmax",
    functions={"softmax": ("z",)},
    description="softmax(z): the softmax of each column of z (n, m), one column per example.",
)


def logits(limit: float) -> st.SearchStrategy[np.ndarray]:
    """Float arrays of shape (n, m), 1 <= n, m <= 5, with entries in [-limit, limit]."""
    shapes = st.tuples(st.integers(1, 5), st.integers(1, 5))
    return hnp.arrays(np.float64, shapes, elements=st.floats(-limit, limit))


def softmax_of(z: np.ndarray) -> np.ndarray:
    """The right answer, computed in the grader (never trust the student's own)."""
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


@assignment.property(
    "api.shape",
    category="api",
    points=2,
    given={"z": logits(5)},
    hint="Return a numpy array with one probability per entry of z: the same shape as z.",
)
def same_shape(code, z):
    """Returns a float array with the shape of z"""
    out = expect_float_array(code.softmax(z), "softmax(z)", finite=False)
    expect_shape(out, z.shape, "softmax(z)", "the shape of z")


@assignment.property(
    "math.distribution",
    category="math",
    points=3,
    given={"z": logits(5)},
    depends=("api.shape",),
    hint="Normalise each column (axis=0, keepdims=True): one column is one example.",
)
def columns_are_distributions(code, z):
    """Each column holds probabilities that sum to 1"""
    out = np.asarray(code.softmax(z))
    with np.errstate(all="ignore"):  # a student's result may hold inf or NaN: no warnings
        sums = out.sum(axis=0)
    wrong = np.flatnonzero(np.abs(sums - 1) > 1e-9)
    if wrong.size:
        j = int(wrong[0])
        raise Failure(f"column {j} sums to {sums[j]:.6g}; expected 1 (each column is one example)")
    if np.any(out < 0) or np.any(out > 1):
        raise Failure("some entries are outside [0, 1]; probabilities cannot be")


@assignment.property(
    "math.definition",
    category="math",
    points=3,
    given={"z": logits(5)},
    depends=("math.distribution",),
    hint="softmax(z)[i, j] = exp(z[i, j]) / sum over k of exp(z[k, j]).",
)
def matches_the_definition(code, z):
    """Matches exp(z) divided by its column sums"""
    out, want = np.asarray(code.softmax(z)), softmax_of(z)
    if not np.allclose(out, want, rtol=1e-7, atol=1e-12):
        i, j = np.unravel_index(np.argmax(np.abs(out - want)), z.shape)
        raise Failure(f"entry [{i}, {j}] is {out[i, j]:.6g}; expected {want[i, j]:.6g}")


@assignment.property(
    "stability.large",
    category="stability",
    points=2,
    given={"z": logits(1000)},
    depends=("api.shape",),
    hint="Subtract each column's maximum first: softmax(z) = softmax(z - max), and then exp "
    "never overflows.",
)
def stable_for_large_inputs(code, z):
    """Stays finite for inputs as large as ±1000"""
    out = np.asarray(code.softmax(z), dtype=float)
    if not np.all(np.isfinite(out)):
        raise Failure("the result contains NaN or inf: exp(z) overflowed (exp(710) is inf)")
