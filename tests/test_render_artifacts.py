"""Data a property attaches for renderers: kept from the deciding example, carried in the JSON
only when present, and ignored outside a grading run."""

from __future__ import annotations

import json

import pytest
from hypothesis import strategies as st

from grader import Assignment, Failure
from grader.config import RunConfig
from grader.properties import attach
from grader.results import Outcome, Report, Status
from grader.runner.engine import run_property
from grader.scoring import score


class _NoStudent:
    """Stands in for StudentCode: these properties never call student code."""

    def __init__(self) -> None:
        self.call_timeout = 5.0
        self.calls: list = []

    def begin_example(self, seed: int) -> None:
        self.calls = []


def _assignment() -> Assignment:
    a = Assignment("toy", "Toy", functions={"f": ("n",)})

    @a.property("fails.big", category="c", points=1, given={"n": st.integers(0, 100)})
    def fails_from_ten(code, n):
        "Fails for n >= 10"
        attach("seen", {"n": n})
        if n >= 10:
            raise Failure(f"n = {n}")

    @a.property("passes", category="c", points=1, given={"n": st.integers(0, 100)})
    def always(code, n):
        "Always passes"
        attach("seen", {"n": n})

    @a.property("bad.attachment", category="c", points=1)
    def not_json(code):
        "Attaches something that is not JSON"
        attach("oops", {"x": object()})

    return a


def test_a_failure_keeps_what_its_minimal_counterexample_attached():
    a = _assignment()
    outcome = run_property(a.get("fails.big"), a, _NoStudent(), RunConfig())
    assert outcome.status is Status.FAILED
    assert outcome.message == "n = 10"  # shrunk
    assert outcome.artifacts == {"seen": {"n": 10}}


def test_a_pass_keeps_what_its_last_example_attached():
    a = _assignment()
    outcome = run_property(a.get("passes"), a, _NoStudent(), RunConfig())
    assert outcome.status is Status.PASSED
    assert set(outcome.artifacts) == {"seen"}


def test_attaching_what_json_cannot_hold_is_a_grader_error_not_a_student_failure():
    a = _assignment()
    outcome = run_property(a.get("bad.attachment"), a, _NoStudent(), RunConfig())
    assert outcome.status is Status.ERROR


def test_outside_a_run_attach_does_nothing():
    attach("anything", object())  # no error, nothing kept


def test_artifacts_travel_through_scoring_and_json_only_when_present():
    a = _assignment()
    outcomes = [
        Outcome("fails.big", Status.FAILED, message="n = 10", artifacts={"seen": {"n": 10}}),
        Outcome("passes", Status.PASSED),
    ]
    report = score(outcomes, a, submission="s.py", seed=0, grader_version="x")
    data = report.to_dict()
    assert data["properties"][0]["artifacts"] == {"seen": {"n": 10}}
    assert "artifacts" not in data["properties"][1]
    assert Report.from_dict(json.loads(json.dumps(data))) == report


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "gradescope", "markdown", "github"])
def test_renderers_that_do_not_draw_attachments_ignore_them(fmt):
    from render_samples import graded

    from grader.render import render

    assert render(graded(), fmt)
