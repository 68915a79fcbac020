"""The batch from start to end: find the submissions, skip current ones, grade the rest in
parallel, write each report as it arrives, then grades.csv and the class summary."""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from grader import courses
from grader.batch import archive, outputs, state
from grader.batch.config import BatchConfig
from grader.batch.discovery import discover
from grader.batch.model import AssignmentInfo, BatchResult, Row, Task, TaskOutcome
from grader.batch.pool import LocalPool
from grader.batch.progress import make_progress
from grader.courses import CourseProfile
from grader.errors import GraderError, UsageError
from grader.results import Report
from grader.version import __version__


class BatchError(GraderError):
    """The batch itself could not go on (its outputs cannot be written): the grader failed."""

    exit_code = 3


def default_jobs() -> int:
    """One grading process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def grade(config: BatchConfig, stream: TextIO | None = None) -> BatchResult:
    """Grade every submission of `config.source`; see `grader.grade` for what is written.
    Progress goes to `stream` (default stderr)."""
    started = time.monotonic()
    source, outdir, assignment = Path(config.source), Path(config.outdir), config.assignment
    course, seed = config.run.course, config.run.seed
    run = dataclasses.asdict(config.run)  # once: the pool and every task carry these settings
    pool = None
    if config.executor == "local" and assignment in courses.names(course):
        # Started first, so the grading processes import while this one does. (An unknown
        # assignment starts none: courses.assignment below says it is unknown.)
        pool = LocalPool(
            config.jobs or default_jobs(),
            assignment,
            run,
            config.backstop,
        )
        pool.start()
    result = BatchResult(outdir=outdir, assignment=assignment)
    extracted: Path | None = None
    try:
        if assignment not in courses.names(course):
            courses.assignment(assignment, course)  # the usage error naming the known ones
        root = source
        if source.is_file():
            extracted = Path(tempfile.mkdtemp(prefix="grader-batch-"))
            unpacked = archive.extract(source, extracted)
            root = unpacked.root
            result.warnings += [f"zip: {s}" for s in unpacked.skipped]
        found = discover(root)
        if not found.submissions:
            raise UsageError(f"{source}: no .py or .ipynb submissions found")
        state.writable(outdir)
        state.write_marker(outdir, {"source": str(source), "assignment": assignment, "seed": seed})
        rows = [
            Row(
                student=s.student,
                key=s.key,
                submission=s.relpath,
                path=s.path,
                sha256=s.sha256(),
                ignored=s.ignored,
                layout=s.layout,
            )
            for s in found.submissions
        ]
        result.rows = rows
        # Asked only now: the grading processes import the assignment meanwhile.
        the_assignment = _assignment_info(assignment, pool, course)
        _remove_stale(outdir, {r.key for r in rows})
        prints = {
            r.key: state.fingerprint(
                student=r.student,
                sha256=r.sha256,
                assignment=assignment,
                version=the_assignment.version,
                seed=seed,
                grader_version=__version__,
                course=course.digest if course else None,
            )
            for r in rows
        }
        todo = []
        for row in rows:
            kept = state.current_report(outdir / "reports" / f"{row.key}.json", prints[row.key])
            if config.resume and kept is not None:
                row.report, row.status, row.resumed = kept, kept.status.value, True
                row.seconds = kept.duration
            else:
                todo.append(row)
        display = make_progress(len(todo), config.progress, stream)
        if result.resumed:
            display.log(f"kept {result.resumed} current reports; grading {len(todo)}")
        by_key = {r.key: r for r in rows}

        def on_done(outcome: TaskOutcome) -> None:
            row = by_key[outcome.key]
            _record(row, outcome)
            try:
                if row.report is not None:
                    outputs.write_report(outdir, row.key, row.report, prints[row.key])
                outputs.write_feedback(outdir, row)
            except OSError as exc:
                raise BatchError(f"cannot write to {outdir}: {exc.strerror or exc}") from None
            display.advance(row)

        ship = config.executor == "dask"
        tasks = [_task(r, assignment, run, ship=ship) for r in todo]
        try:
            _execute(tasks, on_done, pool, config.scheduler, config.backstop)
        except KeyboardInterrupt:
            result.interrupted = True
        finally:
            display.close()
        result.warnings += _warnings(found.other_files)
        _finish(result, the_assignment, outdir, started)
    finally:
        if pool is not None:
            pool.close()
        if extracted is not None:
            archive.cleanup(extracted)
    return result


#: Layouts where a student's file lies among other students' files: its worker gets a private
#: empty folder instead of the file's folder.
SHARED_LAYOUTS = ("flat", "canvas", "blackboard")


def _assignment_info(
    name: str, pool: LocalPool | None, course: CourseProfile | None
) -> AssignmentInfo:
    """What the driver needs of the assignment: from a grading process when there are any (so
    this process never imports the assignment and Hypothesis), else from the assignment."""
    info = pool.assignment_info() if pool is not None else None
    return info or AssignmentInfo.of(courses.assignment(name, course))


def _task(row: Row, assignment: str, config: dict[str, Any], *, ship: bool) -> Task:
    data = row.path.read_bytes()
    return Task(
        key=row.key,
        path=str(row.path),
        submission=row.submission,
        assignment=assignment,
        config=config,
        data=data if ship else None,
        group=_group(data),
        own_folder=row.layout not in SHARED_LAYOUTS,
    )


def _group(data: bytes) -> str:
    """ "plots" for a submission that likely imports matplotlib (a guess from its raw text:
    it only decides which grading process takes it, never how it is graded)."""
    return "plots" if b"matplotlib" in data or b"pylab" in data else ""


def _execute(
    tasks: Sequence[Task],
    on_done: Any,
    pool: LocalPool | None,
    scheduler: str | None,
    backstop: float,
) -> None:
    """Grade `tasks` in the local `pool` `grade` started, or (no pool) on the Dask cluster."""
    if not tasks:
        return
    if pool is not None:
        pool.run(tasks, on_done)
        return
    from grader.batch.dask_executor import run_on_cluster

    run_on_cluster(tasks, on_done, scheduler or "", backstop)


def _record(row: Row, outcome: TaskOutcome) -> None:
    row.seconds = outcome.seconds
    if outcome.report is not None:
        row.report = Report.from_dict(outcome.report)
        row.status = row.report.status.value
        row.error = ""
    else:
        row.report = None
        row.status = outcome.status
        row.error = outcome.error


def _remove_stale(outdir: Path, keys: set[str]) -> None:
    """Reports and feedback of students no longer in SOURCE would mislead: remove them."""
    for folder, suffix in (("reports", ".json"), ("feedback", ".md")):
        for path in (outdir / folder).glob(f"*{suffix}"):
            if path.stem not in keys:
                path.unlink(missing_ok=True)


def _warnings(other_files: list[str]) -> list[str]:
    if not other_files:
        return []
    shown = ", ".join(other_files[:5]) + (" ..." if len(other_files) > 5 else "")
    return [f"{len(other_files)} files are not .py or .ipynb and were not graded: {shown}"]


def _finish(result: BatchResult, assignment: Any, outdir: Path, started: float) -> None:
    from grader.batch import summary

    result.duration = time.monotonic() - started
    try:
        outputs.write_grades(outdir, result.rows, assignment)
        summary.write(outdir, result, assignment)
    except OSError as exc:
        raise BatchError(f"cannot write to {outdir}: {exc.strerror or exc}") from None
