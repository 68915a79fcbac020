"""Reports are typed data: frozen, scored purely, and their JSON round-trips."""

from __future__ import annotations

import dataclasses
import json

import pytest

from grader import Assignment
from grader.results import Counterexample, Outcome, Report, ReportStatus, Status, strip_timing
from grader.scoring import load_error, score


def toy() -> Assignment:
    a = Assignment("toy", "Toy assignment", functions={"f": ("x",)})
    a.property("a.one", category="a", points=3, hint="think")(lambda code: None)
    a.property("a.two", category="a", points=2)(lambda code: None)
    a.property("b.three", category="b", points=5, depends=("a.one",))(lambda code: None)
    return a


def scored(*outcomes: Outcome) -> Report:
    return score(outcomes, toy(), submission="s.py", seed=4, grader_version="9")


def test_a_property_earns_its_points_only_when_it_passed():
    report = scored(
        Outcome("a.one", Status.PASSED),
        Outcome(
            "a.two",
            Status.FAILED,
            message="wrong",
            counterexample=Counterexample("f", {"x": 1}, "f(x=1)"),
        ),
        Outcome("b.three", Status.TIMEOUT, message="slow"),
    )
    assert [p.points for p in report.properties] == [3, 0, 0]
    assert report.score == 3
    assert report.max_score == 10
    assert not report.full_marks


def test_hints_are_shown_only_for_failures():
    passed = scored(Outcome("a.one", Status.PASSED))
    failed = scored(Outcome("a.one", Status.FAILED, message="x"))
    assert passed.properties[0].hint is None
    assert failed.properties[0].hint == "think"


def test_full_marks():
    report = scored(*(Outcome(i, Status.PASSED) for i in ("a.one", "a.two", "b.three")))
    assert report.full_marks
    assert report.score == 10
    assert isinstance(report.score, int)


def test_a_load_error_scores_zero_and_skips_everything():
    report = load_error(
        toy(), submission="s.py", reasons=["SyntaxError"], seed=0, grader_version="9"
    )
    assert report.status is ReportStatus.LOAD_ERROR
    assert report.score == 0
    assert all(p.status is Status.SKIPPED for p in report.properties)
    assert report.load_errors == ("SyntaxError",)


def test_json_round_trips():
    report = scored(
        Outcome(
            "a.one",
            Status.FAILED,
            message="m",
            counterexample=Counterexample("f", {"x": [1, 2]}, "f(x=[1, 2])"),
            duration=0.5,
        ),
    )
    data = json.loads(json.dumps(report.to_dict()))
    assert Report.from_dict(data) == report


def test_reports_are_frozen():
    report = scored()
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.score = 99  # type: ignore[misc]


def test_strip_timing_removes_only_durations():
    data = scored(Outcome("a.one", Status.PASSED, duration=1.5)).to_dict()
    stripped = strip_timing(data)
    assert "duration" not in stripped
    assert "duration" not in stripped["properties"][0]
    assert stripped["score"] == data["score"]


def test_an_unknown_schema_is_refused():
    with pytest.raises(ValueError, match="schema"):
        Report.from_dict({"schema": 2})
