"""Gradescope's ``results.json`` (see Gradescope's "Autograder Specifications").

Top level: ``score`` (which Gradescope shows as the submission's score), ``execution_time``,
``output`` (what the student reads above the tests: the total, and why a submission could not
be loaded), ``visibility`` and ``tests``. Each test is a property: ``name`` (its title),
``number``, ``score``, ``max_score``, ``status`` ("passed" or "failed": Gradescope knows no
other), ``output`` (message, smallest failing call, printed output, hint), ``tags`` (its
category) and ``visibility``. Gradescope's format has no top-level maximum and no per-test
time, so those, with the property id, go in the ``extra_data`` objects the format provides for
data of one's own. Grader tracebacks are never put in results.json: students can read it.
"""

from __future__ import annotations

import json
from typing import Any

from grader.render._common import details_text, summary
from grader.results import Report, ReportStatus, Status

#: Gradescope's visibility settings.
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def results(report: Report, *, visibility: str = "visible") -> dict[str, Any]:
    """The results.json content as a dict."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    loaded = report.status is not ReportStatus.LOAD_ERROR
    lines = [summary(report)]
    if not loaded:
        lines.append("Your submission could not be graded:")
        lines.extend(f"  - {reason}" for reason in report.load_errors)
    elif report.load_errors:
        lines.append("While running your notebook:")
        lines.extend(f"  - {warning}" for warning in report.load_errors)
    tests = []
    for number, row in enumerate(report.properties, start=1):
        tests.append(
            {
                "name": row.title or row.id,
                "number": str(number),
                "score": _number(row.points),
                "max_score": _number(row.max_points),
                "status": "passed" if row.status is Status.PASSED else "failed",
                "output": details_text(row) or ("passed" if row.passed else row.status.value),
                "tags": [row.category],
                "visibility": visibility,
                "extra_data": {
                    "id": row.id,
                    "category": row.category,
                    "grader_status": row.status.value,
                    "execution_time": round(row.duration, 3),
                },
            }
        )
    return {
        "score": _number(report.score),
        "execution_time": max(0, round(report.duration)),
        "output": "\n".join(lines),
        "visibility": visibility,
        "tests": tests,
        "extra_data": {
            "assignment": report.assignment,
            "submission": report.submission,
            "max_score": _number(report.max_score),
            "status": report.status.value,
            "seed": report.seed,
            "grader_version": report.grader_version,
            "assignment_version": report.assignment_version,
        },
    }


def render(report: Report, *, visibility: str = "visible", **_: object) -> str:
    """results.json as text."""
    return json.dumps(results(report, visibility=visibility), indent=2, ensure_ascii=False) + "\n"
