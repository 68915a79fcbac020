"""Unit tests of the softmax rubric, run in this process on plain functions."""

from pathlib import Path

import numpy as np
from softmax_assignment import assignment

from grader import Status
from grader.testing import grade, solution

CORRECT = Path(__file__).parent / "correct.py"


def test_the_solution_passes_every_property():
    outcomes = grade(assignment, solution(CORRECT))
    assert all(o.status is Status.PASSED for o in outcomes.values())


def test_exp_without_the_maximum_overflows_from_710():
    def naive(z):
        with np.errstate(all="ignore"):
            e = np.exp(z)
            return e / np.sum(e, axis=0, keepdims=True)

    outcomes = grade(assignment, solution(CORRECT, softmax=naive), only={"stability.large"})
    failed = outcomes["stability.large"]
    assert failed.status is Status.FAILED
    assert failed.counterexample.call == "softmax(z=[[710.]])"
