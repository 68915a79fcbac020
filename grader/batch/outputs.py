"""Writing a batch's per-student files and grades.csv; every file is written atomically.

grades.csv is UTF-8 **with** a byte-order mark and CRLF line ends: Excel opens a BOM-less UTF-8
CSV in the machine's legacy code page and mangles names like "Zoë"; LibreOffice, Google Sheets,
pandas and the Canvas/Moodle importers all accept the BOM (Python's csv module reads it with
``encoding="utf-8-sig"``). A cell that starts with = + - @ (or a tab / carriage return) gets a
leading apostrophe so a student-chosen name cannot become a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from grader import render
from grader.batch.model import AssignmentInfo, Row
from grader.batch.state import BATCH_KEY
from grader.files import atomic_write
from grader.results import Report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def report_json(report: Report, fingerprint: dict[str, Any]) -> str:
    """The report as schema-1 JSON, plus the batch fingerprint under an extra key.

    Compact, one line: Python's JSON encoder is C code only without ``indent``, and indenting
    a report (its artifacts hold a few thousand numbers) cost the driver ~5 ms a submission.
    People read the feedback pages; `--resume` and scripts read these.
    """
    data = report.to_dict()
    data[BATCH_KEY] = fingerprint
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_report(outdir: Path, key: str, report: Report, fingerprint: dict[str, Any]) -> Path:
    path = outdir / "reports" / f"{key}.json"
    atomic_write(path, report_json(report, fingerprint))
    return path


def feedback_markdown(row: Row) -> str:
    """The student's feedback: the Markdown renderer when installed, else the text report."""
    if row.report is None:
        return (
            f"# Feedback on {row.submission}\n\n"
            "The autograder could not finish grading this submission. This is not a verdict on "
            "your work: your instructor has been told and will look at it.\n"
        )
    note = ""
    if row.ignored:
        names = ", ".join(f"`{n}`" for n in row.ignored)
        note = f"\n\n> Graded your newest file, `{row.submission}`; not graded: {names}.\n"
    if "markdown" in render.formats():
        return render.render(row.report, "markdown") + note
    text = render.render(row.report, "text", color=False)
    fence = "````" if "```" in text else "```"
    return f"# Feedback on {row.submission}\n\n{fence}text\n{text.rstrip()}\n{fence}\n{note}"


def write_feedback(outdir: Path, row: Row) -> Path:
    path = outdir / "feedback" / f"{row.key}.md"
    atomic_write(path, feedback_markdown(row))
    return path


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _number(x: float) -> str:
    return format(x, ".10g") if isinstance(x, float) else str(x)


def grades_rows(rows: Iterable[Row], assignment: AssignmentInfo) -> list[list[str]]:
    """The table of grades.csv: a header, then one row per student sorted by student."""
    ids = [p.id for p in assignment.properties]
    table = [["student", "submission", "score", "max_score", "status", *ids, "note"]]
    for row in sorted(rows, key=lambda r: (r.student.casefold(), r.student, r.key)):
        if not row.done:
            continue
        if row.report is None:
            cells = ["", _number(assignment.max_score), row.status, *([""] * len(ids))]
        else:
            earned = {p.id: p.points for p in row.report.properties}
            cells = [
                _number(row.report.score),
                _number(row.report.max_score),
                row.report.status.value,
                *(_number(earned.get(i, 0)) for i in ids),
            ]
        table.append([_cell(row.student), _cell(row.submission), *cells, _cell(row.note)])
    return table


def grades_csv(rows: Iterable[Row], assignment: AssignmentInfo) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(grades_rows(rows, assignment))
    return buffer.getvalue().encode("utf-8-sig")


def write_grades(outdir: Path, rows: Iterable[Row], assignment: AssignmentInfo) -> Path:
    path = outdir / "grades.csv"
    atomic_write(path, grades_csv(rows, assignment))
    return path
