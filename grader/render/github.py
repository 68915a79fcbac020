"""GitHub Actions workflow commands: an annotation per property that did not pass, on the line
that defines the function it failed on, and a notice with the total.

``::error file=hw.py,line=12,title=...::message`` shows up on the pull request and the run's
summary. The renderer needs the submission's path (option ``path``, as given on the command
line, relative to the repository root) to name the file and find the line: it parses the file
(never runs it) with `grader.loading`. For a notebook, the line is the line of the notebook's
JSON text that holds the ``def`` (what GitHub's diff view shows), else line 1. Escaping follows
GitHub's rules: ``%``, CR and LF in messages; also ``:`` and ``,`` in properties.
"""

from __future__ import annotations

import re
from pathlib import Path

from grader.render._common import details_text, points, summary
from grader.results import Report, ReportStatus, Status


def escape_data(text: str) -> str:
    """A workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file, title)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def locate(path: str | Path, function: str) -> int:
    """The line of `path` where `function` is defined (1 when it cannot be found)."""
    from grader.errors import GraderError
    from grader.loading import load

    path = Path(path)
    if path.suffix.lower() == ".ipynb":
        try:
            text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            return 1
        pattern = re.compile(rf"def\s+{re.escape(function)}\s*\(")
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.search(line):
                return number
        return 1
    try:
        found = load(path).function_line(function)
    except (GraderError, OSError):
        return 1
    return found[1] if found else 1


def _function(report: Report, counterexample_function: str) -> str:
    """The function a property is about: the one its failing call went to, else the
    assignment's first required function."""
    if counterexample_function:
        return counterexample_function
    from grader import registry
    from grader.errors import GraderError

    try:
        functions = registry.get(report.assignment).functions
    except GraderError:
        return ""
    return next(iter(functions), "")


def render(report: Report, *, path: str | None = None, **_: object) -> str:
    """Workflow commands, one per line. Without `path` the annotations name the submission's
    file name and line 1."""
    file = path or report.submission
    lines_cache: dict[str, int] = {}

    def line_of(function: str) -> int:
        if not function or path is None:
            return 1
        if function not in lines_cache:
            lines_cache[function] = locate(path, function)
        return lines_cache[function]

    out = []
    where = f"file={escape_property(file)}"
    if report.status is ReportStatus.LOAD_ERROR:
        reasons = "\n".join(report.load_errors) or "the submission could not be loaded"
        out.append(
            f"::error {where},line=1,title={escape_property('Submission could not be graded')}"
            f"::{escape_data(reasons)}"
        )
    for row in report.properties:
        # Skipped properties are consequences of another failure, and GitHub shows only ten
        # annotations of each level per step: spend them on causes.
        if (
            row.status in (Status.PASSED, Status.SKIPPED)
            or report.status is ReportStatus.LOAD_ERROR
        ):
            continue
        function = _function(report, row.counterexample.function if row.counterexample else "")
        title = f"{row.title or row.id} ({points(row.points)}/{points(row.max_points)})"
        level = "warning" if row.status is Status.ERROR else "error"
        message = details_text(row) or row.status.value
        out.append(
            f"::{level} {where},line={line_of(function)},title={escape_property(title)}"
            f"::{escape_data(message)}"
        )
    out.append(f"::notice title={escape_property('Score')}::{escape_data(summary(report))}")
    return "\n".join(out) + "\n"
