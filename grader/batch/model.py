"""The data a batch passes around: a task sent to a grading process, and one row per student."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.results import Report, ReportStatus, Status

#: Row status when no report exists because the grader (not the submission) failed on it.
GRADER_ERROR = "grader-error"
#: Row status when grading did not finish within the submission-level backstop.
BACKSTOP_TIMEOUT = "timeout"
#: Seconds one submission's whole grading may take unless the instructor says otherwise.
DEFAULT_BACKSTOP = 600.0


@dataclass(frozen=True)
class PropertyInfo:
    """One property as the batch driver shows it (grades.csv column, summary line)."""

    id: str
    title: str
    category: str
    points: float
    hint: str | None = None


@dataclass(frozen=True)
class AssignmentInfo:
    """What the batch driver needs to know of an assignment: grades.csv's columns, the
    summary's lines and the version that makes a stored report current.

    Plain data, so a grading process (which imports the assignment anyway) can send it: the
    driver then never imports the assignment, nor Hypothesis and numpy with it (~0.2 CPU s
    taken from the grading processes while they start)."""

    name: str
    title: str
    version: str
    properties: tuple[PropertyInfo, ...]

    @property
    def max_score(self) -> float:
        return sum(p.points for p in self.properties)

    @classmethod
    def of(cls, assignment: Any) -> AssignmentInfo:
        """The info of a `grader.Assignment`."""
        return cls(
            name=assignment.name,
            title=assignment.title,
            version=assignment.version,
            properties=tuple(
                PropertyInfo(p.id, p.title, p.category, p.points, p.hint)
                for p in assignment.properties
            ),
        )


@dataclass(frozen=True)
class Task:
    """Everything a grading process needs for one submission: plain data, picklable.

    `data` carries the file's bytes when the grading process may not see the instructor's disk
    (a Dask cluster); locally it is None and `path` is read directly.
    """

    key: str
    path: str
    submission: str  # the name shown in the report: the file's path inside SOURCE
    assignment: str
    config: dict[str, Any]  # RunConfig fields
    data: bytes | None = None
    # Submissions of one group need the same kind of warm worker template (e.g. "plots": one
    # holding matplotlib, ~1 s to start); the local pool sends a group to one process.
    group: str = ""
    # Whether the worker sees the file's folder (a folder per student) or only a private
    # empty one (a flat folder of many students' files).
    own_folder: bool = True


@dataclass(frozen=True)
class TaskOutcome:
    """What a grading process sends back for one task."""

    key: str
    report: dict[str, Any] | None = None  # Report.to_dict(), None when the grader failed
    error: str = ""  # one line for the instructor when report is None
    traceback: str = ""  # the grader's traceback when report is None, for a bug report
    seconds: float = 0.0
    status: str = ""  # GRADER_ERROR or BACKSTOP_TIMEOUT when report is None


@dataclass
class Row:
    """One student in the batch: where their file is and what grading it gave."""

    student: str
    key: str
    submission: str
    path: Path
    sha256: str
    ignored: tuple[str, ...] = ()
    layout: str = ""  # how the student was found (see grader.batch.discovery)
    report: Report | None = None
    status: str = ""  # report status, or GRADER_ERROR / BACKSTOP_TIMEOUT
    error: str = ""
    seconds: float = 0.0
    resumed: bool = False  # the report was kept from an earlier run

    @property
    def done(self) -> bool:
        return self.report is not None or bool(self.status)

    @property
    def note(self) -> str:
        """Why the row looks the way it does, in one line (for grades.csv)."""
        parts = []
        report = self.report
        if report is not None and report.status is ReportStatus.LOAD_ERROR:
            parts.append(report.load_errors[0] if report.load_errors else "could not be loaded")
        elif report is not None:
            slow = [p.id for p in report.properties if p.status is Status.TIMEOUT]
            if slow:
                parts.append(f"timed out in {', '.join(slow)}")
        if self.error:
            parts.append(self.error)
        if self.ignored:
            parts.append(f"newest file graded; also found {', '.join(self.ignored)}")
        # One line: messages can hold newlines (a SyntaxError's caret), which a spreadsheet
        # shows as a tall cell.
        return " ".join("; ".join(parts).split())


@dataclass
class BatchResult:
    """What `grader.grade` did: one row per student, and where the outputs are."""

    outdir: Path
    assignment: str
    rows: list[Row] = field(default_factory=list)
    interrupted: bool = False
    duration: float = 0.0
    warnings: list[str] = field(default_factory=list)  # skipped zip members, stray files

    @property
    def graded(self) -> int:
        """Submissions that got a report (graded or load-error), this run or a resumed one."""
        return sum(1 for r in self.rows if r.report is not None)

    @property
    def failed(self) -> list[Row]:
        """Rows without a report because the grader failed on them or they hit the backstop."""
        return [r for r in self.rows if r.report is None and r.status]

    @property
    def pending(self) -> list[Row]:
        """Rows not graded at all (the batch was interrupted before them)."""
        return [r for r in self.rows if not r.done]

    @property
    def resumed(self) -> int:
        return sum(1 for r in self.rows if r.resumed)

    @property
    def ok(self) -> bool:
        """True when every submission got a report."""
        return not self.interrupted and all(r.report is not None for r in self.rows)

    @property
    def grades_csv(self) -> Path:
        return self.outdir / "grades.csv"

    @property
    def summary_html(self) -> Path:
        return self.outdir / "summary.html"

    @property
    def summary_json(self) -> Path:
        return self.outdir / "summary.json"
