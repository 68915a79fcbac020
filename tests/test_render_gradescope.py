"""`--format gradescope`: results.json in the fields Gradescope's autograder specification names."""

from __future__ import annotations

import json

import pytest
from render_samples import graded, load_error

from grader.render import render

# The keys Gradescope's "Autograder Specifications" documents for results.json.
TOP_LEVEL = {
    "score",
    "execution_time",
    "output",
    "output_format",
    "test_output_format",
    "test_name_format",
    "visibility",
    "stdout_visibility",
    "extra_data",
    "tests",
    "leaderboard",
}
PER_TEST = {
    "score",
    "max_score",
    "status",
    "name",
    "name_format",
    "number",
    "output",
    "output_format",
    "tags",
    "visibility",
    "extra_data",
}


def results(report, **options):
    return json.loads(render(report, "gradescope", **options))


@pytest.mark.parametrize("report", [graded(), load_error()], ids=["graded", "load-error"])
def test_only_documented_fields_with_their_types(report):
    data = results(report)
    assert set(data) <= TOP_LEVEL
    assert isinstance(data["score"], int | float)
    assert isinstance(data["execution_time"], int | float)
    assert data["visibility"] == "visible"
    for test in data["tests"]:
        assert set(test) <= PER_TEST
        assert test["status"] in ("passed", "failed")
        assert isinstance(test["score"], int | float) and isinstance(test["max_score"], int | float)
        assert isinstance(test["name"], str) and isinstance(test["output"], str)


def test_scores_per_property_add_up_to_the_report():
    data = results(graded())
    assert data["score"] == 18
    assert [t["score"] for t in data["tests"]] == [8, 0, 10, 0, 0, 0]
    assert sum(t["max_score"] for t in data["tests"]) == 60
    assert data["extra_data"]["max_score"] == 60


def test_each_test_says_what_went_wrong_without_grader_tracebacks():
    tests = results(graded())["tests"]
    failed = tests[1]
    assert failed["name"] == "W1 has shape (n_h, n_x)"
    assert failed["status"] == "failed"
    assert "smallest failing call: initialize_parameters(n_x=1, n_h=2, n_y=1)" in failed["output"]
    assert "hint: One row per hidden unit." in failed["output"]
    assert failed["tags"] == ["shapes"]
    assert failed["extra_data"]["execution_time"] == 0.5
    # An error, a timeout and a skip are all "failed" to Gradescope, and students can read the
    # output: the traceback stays out.
    assert [t["status"] for t in tests[3:]] == ["failed", "failed", "failed"]
    assert "ZeroDivisionError" not in json.dumps(tests)


def test_the_summary_and_notebook_warnings_go_in_the_top_level_output():
    out = results(graded())["output"]
    assert "18 / 60 points" in out
    assert "NameError" in out


def test_a_load_error_explains_itself_and_scores_zero():
    data = results(load_error())
    assert data["score"] == 0
    assert "could not be graded" in data["output"]
    assert "is not a valid notebook" in data["output"]
    assert all(t["status"] == "failed" for t in data["tests"])


def test_visibility_is_an_option_checked_against_gradescopes_values():
    assert results(graded(), visibility="after_published")["tests"][0]["visibility"] == (
        "after_published"
    )
    with pytest.raises(ValueError, match="visibility"):
        render(graded(), "gradescope", visibility="secret")
