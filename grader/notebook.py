"""Grading from a notebook cell: `grader.check("hw.ipynb")` displays its report in Jupyter.

`CheckResult` is a thin wrapper around the `Report` that `grader.api.check` returns: Jupyter
calls its ``_repr_html_`` (the HTML feedback page as a fragment, with the symmetry plot) or
``_repr_markdown_``; everything else (``.score``, ``.properties``, ``.to_dict()`` ...) is the
report's own, and ``.report`` is the report itself. The report stays a plain frozen dataclass:
display is the wrapper's job, not the data's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from grader.config import RunConfig
from grader.results import Report


class CheckResult:
    """A graded report that knows how to show itself in Jupyter."""

    __slots__ = ("report",)

    def __init__(self, report: Report) -> None:
        self.report = report

    def __getattr__(self, name: str) -> Any:
        # Only reached for names the wrapper does not have: the report answers them.
        return getattr(self.report, name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CheckResult):
            return self.report == other.report
        if isinstance(other, Report):
            return self.report == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like the report it wraps

    def __repr__(self) -> str:
        passed = sum(1 for p in self.report.properties if p.passed)
        return (
            f"<CheckResult {self.report.assignment} {self.report.submission}: "
            f"{self.report.score:g}/{self.report.max_score:g}, "
            f"{passed} of {len(self.report.properties)} properties passed>"
        )

    def __str__(self) -> str:
        from grader.render import render

        return render(self.report, "text")

    def _repr_html_(self) -> str:
        from grader.render import render

        return render(self.report, "html", fragment=True)

    def _repr_markdown_(self) -> str:
        from grader.render import render

        return render(self.report, "markdown")


def check(
    path: str | Path,
    assignment: str | None = None,
    *,
    config: RunConfig | None = None,
    submission_name: str | None = None,
) -> CheckResult:
    """Grade one submission (.py or .ipynb); the result displays itself in Jupyter.

    Same arguments as `grader.api.check`, which returns the bare `Report`.
    """
    from grader import api

    return CheckResult(api.check(path, assignment, config=config, submission_name=submission_name))
