"""`--format junit`: JUnit XML that CI systems read, valid against the Jenkins/Ant JUnit schema."""

from __future__ import annotations

from pathlib import Path

import junitparser
import pytest
import xmlschema
from render_samples import EVIL, graded, load_error

from grader.render import render

SCHEMA = xmlschema.XMLSchema(Path(__file__).parent / "data" / "junit-jenkins.xsd")


def _parse(xml: str, tmp_path: Path) -> junitparser.JUnitXml:
    path = tmp_path / "report.xml"
    path.write_text(xml, encoding="utf-8")
    return junitparser.JUnitXml.fromfile(str(path))


@pytest.mark.parametrize("report", [graded(), load_error()], ids=["graded", "load-error"])
def test_the_document_is_valid_against_the_junit_schema(report):
    SCHEMA.validate(render(report, "junit"))


def test_the_schema_rejects_what_ci_systems_would_reject():
    """The schema is strict enough to catch a broken document (a check that can fail)."""
    xml = render(graded(), "junit").replace('tests="6"', 'tests="six"', 1)
    assert not SCHEMA.is_valid(xml)


def test_one_suite_per_report_with_its_counts(tmp_path):
    suites = list(_parse(render(graded(), "junit"), tmp_path))
    assert len(suites) == 1
    suite = suites[0]
    assert suite.name == "init-shallow"
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (6, 2, 1, 1)
    assert suite.time == pytest.approx(2.5)
    props = {p.name: p.value for p in suite.properties()}
    assert props["score"] == "18" and props["max_score"] == "60"
    assert props["submission"] == "hw1.ipynb"


def test_one_testcase_per_property_named_by_title_and_category(tmp_path):
    suite = next(iter(_parse(render(graded(), "junit"), tmp_path)))
    cases = list(suite)
    assert [c.classname for c in cases] == [
        "init-shallow.api",
        "init-shallow.shapes",
        "init-shallow.symmetry",
        "init-shallow.scale",
        "init-shallow.scale",
        "init-shallow.bias-zeros",
    ]
    assert cases[0].name == "Returns a dict"
    assert cases[0].is_passed
    assert cases[0].system_out == "api.dict: 8/8 points"


def test_a_failure_carries_message_counterexample_output_and_hint(tmp_path):
    cases = list(next(iter(_parse(render(graded(), "junit"), tmp_path))))
    (failure,) = cases[1].result
    assert isinstance(failure, junitparser.Failure)
    assert failure.message == "W1 has shape (1, 2); expected (n_h, n_x) = (2, 1)"
    assert "smallest failing call: initialize_parameters(n_x=1, n_h=2, n_y=1)" in failure.text
    assert "hint: One row per hidden unit." in failure.text
    assert "your function printed: debug: <script>" in failure.text
    (timeout,) = cases[3].result
    assert isinstance(timeout, junitparser.Failure)
    assert timeout.type == "timeout"


def test_an_error_carries_the_grader_traceback_and_a_skip_its_reason(tmp_path):
    cases = list(next(iter(_parse(render(graded(), "junit"), tmp_path))))
    (error,) = cases[4].result
    assert isinstance(error, junitparser.Error)
    assert "ZeroDivisionError: boom" in error.text
    (skipped,) = cases[5].result
    assert isinstance(skipped, junitparser.Skipped)
    assert skipped.message.startswith("not checked until this passes")


def test_a_load_error_is_one_failing_testcase(tmp_path):
    suite = next(iter(_parse(render(load_error(), "junit"), tmp_path)))
    cases = list(suite)
    assert (suite.tests, suite.failures) == (1, 1)
    assert len(cases) == 1
    (failure,) = cases[0].result
    assert failure.type == "load-error"
    assert "is not a valid notebook" in failure.message


def test_characters_xml_cannot_hold_are_escaped_not_dropped(tmp_path):
    xml = render(graded(), "junit")
    assert "\x07" not in xml
    cases = list(next(iter(_parse(xml, tmp_path))))
    assert cases[5].name == EVIL.replace("\x07", "\\x07").join(["Biases are zero ", ""])
