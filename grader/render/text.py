"""The terminal report a student reads: per property a mark, the title and the points; for a
failure, what was wrong, the smallest call that shows it, and a hint. Colour only on a terminal."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from grader.render._common import points as _points
from grader.render._common import shown_output
from grader.results import PropertyResult, Report, ReportStatus, Status

_MARKS = {
    Status.PASSED: ("✓", "green"),
    Status.FAILED: ("✗", "red"),
    Status.TIMEOUT: ("⏱", "red"),
    Status.ERROR: ("!", "magenta"),
    Status.SKIPPED: ("-", "dim"),
}


def _detail(console: Console, label: str, text: str, style: str = "") -> None:
    """One indented detail line; continuation lines wrap under the text, not the margin."""
    body = Text()
    if label:
        body.append(f"{label} ", style=f"bold {style}".strip())
    body.append(text, style="cyan" if label.startswith("smallest") else "")
    console.print(Padding(body, (0, 0, 0, 6), expand=False))


def _property(console: Console, row: PropertyResult, verbose: bool) -> None:
    mark, style = _MARKS[row.status]
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(ratio=1)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_row(
        Text(mark, style=f"bold {style}"),
        Text(row.title, style="dim" if row.status is Status.SKIPPED else ""),
        Text(f"{_points(row.points)}/{_points(row.max_points)}", style=style),
    )
    console.print(grid)
    if row.status is Status.PASSED:
        if row.message:  # why it passed, when a course rule decided (grader.properties.note)
            _detail(console, "", row.message)
        return
    if row.status is Status.SKIPPED:
        _detail(console, "", row.message)
        return
    if row.message:
        _detail(console, "", row.message)
    if row.counterexample is not None:
        label = (
            "smallest failing call:" if row.counterexample.function else "smallest failing input:"
        )
        _detail(console, label, row.counterexample.call)
    if row.output.strip():
        _detail(console, "your function printed:", shown_output(row))
    if row.hint:
        _detail(console, "hint:", row.hint, "yellow")
    if verbose and row.traceback:
        _detail(console, "", row.traceback.rstrip())


def render(report: Report, *, color: bool = False, width: int = 88, verbose: bool = False) -> str:
    """The report as terminal text (ANSI colours when `color`)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        emoji=False,
        color_system="standard" if color else None,
    )
    title = report.assignment_title or report.assignment
    console.print(f"[bold]{escape(report.assignment)}[/bold] · {escape(title)}")
    console.print(f"submission: {escape(report.submission)}")
    if report.course:
        console.print(f"course: {escape(report.course)}")
    if report.status is ReportStatus.LOAD_ERROR:
        console.print("\n[bold red]Your submission could not be graded:[/bold red]")
        for reason in report.load_errors:
            console.print(f"  • {escape(reason)}")
        console.print(f"\n[bold]Score: 0 / {_points(report.max_score)}[/bold]")
        return _tidy(buffer.getvalue())
    for category, rows in report.by_category().items():
        console.print(f"\n[bold]{escape(category)}[/bold]")
        for row in rows:
            _property(console, row, verbose)
    if report.load_errors:
        console.print("\n[yellow]While running your notebook:[/yellow]")
        for warning in report.load_errors:
            console.print(f"  • {escape(warning)}")
    if report.notices and verbose:
        console.print("\n[magenta]Notices for the instructor:[/magenta]")
        for notice in report.notices:
            console.print(f"  • {escape(notice)}")
    style = "green" if report.full_marks else "red"
    passed = sum(1 for p in report.properties if p.passed)
    console.print(
        f"\n[bold {style}]Score: {_points(report.score)} / {_points(report.max_score)}[/bold {style}]"
        f"  ({passed} of {len(report.properties)} properties passed)"
    )
    return _tidy(buffer.getvalue())


def _tidy(text: str) -> str:
    """Without the trailing blanks rich pads wrapped lines with."""
    return "\n".join(line.rstrip() for line in text.split("\n"))
