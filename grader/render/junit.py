"""JUnit XML, as GitHub Actions test reporters, GitLab and Jenkins read it.

One ``<testsuite>`` per report (name = the assignment) inside a ``<testsuites>`` root, one
``<testcase>`` per property: classname ``<assignment>.<category>``, name = the property's
title. A failure or timeout is a ``<failure>`` (message, smallest failing call, printed output,
hint), a property that could not be checked is an ``<error>`` with the grader's traceback (CI
readers are instructors), a skipped property is ``<skipped>``. A submission that could not be
loaded is a single failing testcase. Points go in each testcase's ``<system-out>`` and the
score in the suite's ``<properties>``, since JUnit has no notion of points.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from grader.render._common import details_text, points
from grader.results import PropertyResult, Report, ReportStatus, Status

# Characters XML 1.0 cannot hold at all (even escaped): C0 controls but tab, newline and
# return, lone surrogates, U+FFFE/U+FFFF. Student output may contain them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """`text` with the characters XML cannot carry shown as ``\\xNN`` escapes."""
    return _INVALID_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _first_line(text: str, limit: int = 300) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _seconds(x: float) -> str:
    return f"{max(x, 0.0):.3f}"


def _testcase(suite: ET.Element, report: Report, row: PropertyResult) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": clean(f"{report.assignment}.{row.category}"),
            "name": clean(row.title or row.id),
            "time": _seconds(row.duration),
        },
    )
    body = details_text(row)
    if row.status in (Status.FAILED, Status.TIMEOUT):
        failure = ET.SubElement(
            case,
            "failure",
            {
                "message": clean(_first_line(row.message) or row.status.value),
                "type": row.status.value,
            },
        )
        failure.text = clean(body)
    elif row.status is Status.ERROR:
        error = ET.SubElement(
            case, "error", {"message": clean(_first_line(row.message)), "type": "grader-error"}
        )
        error.text = clean("\n\n".join(t for t in (body, row.traceback.rstrip()) if t))
    elif row.status is Status.SKIPPED:
        ET.SubElement(case, "skipped", {"message": clean(_first_line(row.message))})
    out = ET.SubElement(case, "system-out")
    out.text = clean(f"{row.id}: {points(row.points)}/{points(row.max_points)} points")


def _load_error_case(suite: ET.Element, report: Report) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        {"classname": clean(report.assignment), "name": "submission loads", "time": "0.000"},
    )
    reasons = list(report.load_errors) or ["the submission could not be loaded"]
    failure = ET.SubElement(
        case, "failure", {"message": clean(_first_line(reasons[0])), "type": "load-error"}
    )
    failure.text = clean("\n".join(reasons))


def render(report: Report, **_: object) -> str:
    """The report as a JUnit XML document (UTF-8, with an XML declaration)."""
    rows = list(report.properties)
    loaded = report.status is not ReportStatus.LOAD_ERROR
    counts = {
        "tests": len(rows) if loaded else 1,
        "failures": sum(r.status in (Status.FAILED, Status.TIMEOUT) for r in rows) if loaded else 1,
        "errors": sum(r.status is Status.ERROR for r in rows) if loaded else 0,
        "skipped": sum(r.status is Status.SKIPPED for r in rows) if loaded else 0,
    }
    time = _seconds(report.duration)
    root = ET.Element(
        "testsuites",
        {
            "name": clean(f"grader {report.assignment}"),
            "tests": str(counts["tests"]),
            "failures": str(counts["failures"]),
            "errors": str(counts["errors"]),
            "time": time,
        },
    )
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": clean(report.assignment),
            **{k: str(v) for k, v in counts.items()},
            "time": time,
        },
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("submission", report.submission),
        ("score", points(report.score)),
        ("max_score", points(report.max_score)),
        ("status", report.status.value),
        ("seed", str(report.seed)),
        ("grader_version", report.grader_version),
        ("assignment_version", report.assignment_version),
    ):
        ET.SubElement(props, "property", {"name": name, "value": clean(value)})
    if loaded:
        for row in rows:
            _testcase(suite, report, row)
    else:
        _load_error_case(suite, report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
