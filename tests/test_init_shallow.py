"""init-shallow graded end to end through the real CLI: every submission in the corpus gets the
result its expected.toml states (full marks for every correct style, less for every bug, a
load-error report for files that cannot load)."""

from __future__ import annotations

import pytest

from corpus_harness import expectations, grade_all, problems

ASSIGNMENT = "init-shallow"
EXPECTATIONS = expectations(ASSIGNMENT)


@pytest.fixture(scope="module")
def graded():
    return grade_all(ASSIGNMENT, [e.file for e in EXPECTATIONS], jobs=2)


def test_corpus_is_large_enough():
    kinds = [e.expect for e in EXPECTATIONS]
    assert kinds.count("full") >= 12
    assert kinds.count("partial") >= 25
    assert any(e.file.endswith(".ipynb") for e in EXPECTATIONS if e.expect == "full")
    assert any(e.file.endswith(".ipynb") for e in EXPECTATIONS if e.expect == "partial")


@pytest.mark.parametrize("exp", EXPECTATIONS, ids=[e.file for e in EXPECTATIONS])
def test_submission_gets_expected_result(exp, graded):
    assert problems(exp, graded[exp.file]) == []
