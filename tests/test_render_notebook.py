"""`grader.check(...)` in a notebook: a thin wrapper that Jupyter displays as the feedback page,
while the report itself stays plain data."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from render_samples import graded

import grader
from grader.notebook import CheckResult
from grader.results import Report

SOLUTION = Path(__file__).parent.parent / "assignments" / "init_shallow" / "solution.py"


def test_the_wrapper_answers_for_the_report():
    report = graded()
    result = CheckResult(report)
    assert result.report is report
    assert (result.score, result.max_score, result.full_marks) == (18, 60, False)
    assert result.to_dict() == report.to_dict()
    assert result == report and result == CheckResult(report)
    assert "18/60" in repr(result)
    with pytest.raises(AttributeError):
        result.no_such_attribute  # noqa: B018


def test_the_report_is_not_what_displays_itself():
    assert not hasattr(Report, "_repr_html_")
    assert dataclasses.is_dataclass(graded())


def test_jupyter_gets_the_html_fragment_and_markdown():
    result = CheckResult(graded())
    html = result._repr_html_()
    assert html.startswith('<div class="grader-report">') and "<polyline" in html
    assert result._repr_markdown_().startswith("# init-shallow")


def test_ipythons_display_machinery_picks_the_html():
    formatters = pytest.importorskip("IPython.core.formatters")
    bundle, _ = formatters.DisplayFormatter().format(CheckResult(graded()))
    assert bundle["text/html"].startswith('<div class="grader-report">')
    assert "text/markdown" in bundle


def test_grader_check_grades_and_returns_the_wrapper():
    result = grader.check(SOLUTION, "init-shallow")
    assert isinstance(result, CheckResult)
    assert result.full_marks and isinstance(result.report, Report)
    assert "100 / 100" in result._repr_html_()
