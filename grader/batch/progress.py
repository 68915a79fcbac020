"""Progress for the instructor: a live bar on a terminal, plain lines in a log (CI, a file)."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from grader.batch.model import Row


def _describe(row: Row) -> str:
    if row.report is None:
        return f"{row.status}: {row.error}"
    report = row.report
    return f"{report.score:g}/{report.max_score:g} {report.status.value}"


class PlainProgress:
    """One line per finished submission: count, student, result, rate and time left."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.started = time.monotonic()

    def advance(self, row: Row) -> None:
        self.done += 1
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        width = len(str(self.total))
        print(
            f"[{self.done:>{width}}/{self.total}] {row.student}: {_describe(row)} "
            f"({rate:.2f}/s, ~{left:.0f} s left)",
            file=self.stream,
            flush=True,
        )

    def log(self, message: str) -> None:
        print(message, file=self.stream, flush=True)

    def close(self) -> None:
        """Nothing to tear down for plain lines."""


class RichProgress:
    """A rich progress bar: done/total, submissions per second, elapsed and ETA."""

    def __init__(self, total: int, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.2f}/s" if speed else "  -/s", style="cyan")

        self.console = Console(file=stream)
        self._progress = Progress(
            TextColumn("[bold]grading"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self._task = self._progress.add_task("grading", total=total)
        self._progress.start()

    def advance(self, row: Row) -> None:
        if row.report is None:
            from rich.text import Text

            # Student names come from file names: print them as text, never as rich markup.
            self._progress.console.print(Text.assemble((row.student, "red"), f": {_describe(row)}"))
        self._progress.advance(self._task)

    def log(self, message: str) -> None:
        self._progress.console.print(message, markup=False, highlight=False)

    def close(self) -> None:
        self._progress.stop()


class NoProgress:
    def advance(self, row: Row) -> None:
        """Silent: the Python API without a progress display."""

    def log(self, message: str) -> None:
        """Silent."""

    def close(self) -> None:
        """Silent."""


def make_progress(total: int, mode: str | None, stream: TextIO | None = None) -> Any:
    """`mode`: "bar", "lines", "none", or None to pick: a bar on a terminal, lines otherwise."""
    stream = stream or sys.stderr
    if mode is None:
        mode = "bar" if stream.isatty() else "lines"
    if mode == "bar":
        return RichProgress(total, stream)
    if mode == "lines":
        return PlainProgress(total, stream)
    return NoProgress()
