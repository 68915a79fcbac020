"""Batch grading: a folder or .zip of submissions in, one report per student, grades.csv and a
class summary out. `grader grade` on the command line; `grader.grade` in Python.

Modules, one job each: `discovery` (which files, which student), `archive` (safe .zip
extraction), `work` (grading one submission in a grading process), `pool` (the local parallel
executor), `dask_executor` (a Dask cluster), `state` (what makes a report current), `outputs`
(reports, feedback, grades.csv, atomic writes), `summary` + `html` + `charts` (the class
summary), `progress` (bar or plain lines), `config` (`BatchConfig`: every setting of a batch,
and the command that resumes it), `run` (the whole batch).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from grader.batch.config import BatchConfig
from grader.batch.model import DEFAULT_BACKSTOP, BatchResult, Row

if TYPE_CHECKING:
    from grader.courses import CourseProfile


def grade(
    source: str | Path,
    assignment: str,
    outdir: str | Path,
    *,
    jobs: int | None = None,
    resume: bool = False,
    seed: int = 0,
    sandbox: str = "auto",
    timeout: float | None = None,
    load_timeout: float | None = None,
    submission_timeout: float = DEFAULT_BACKSTOP,
    executor: str = "local",
    scheduler: str | None = None,
    progress: str | None = "none",
    stream: TextIO | None = None,
    support: tuple[str, ...] | list[str] = (),
    allow_unconfined: bool = False,
    course: CourseProfile | None = None,
) -> BatchResult:
    """Grade every submission in `source` against `assignment`, writing the results to `outdir`.

    source: a folder or a .zip of .py / .ipynb files, one student per folder, per file, or per
        LMS file name (Moodle, Canvas, Blackboard; see `grader.batch.discovery`).
    outdir: created if needed; must be new, empty, or an earlier batch's output. Gets
        ``reports/<student>.json`` (schema 1, written as each one is graded),
        ``feedback/<student>.md``, ``grades.csv``, ``summary.json`` and ``summary.html``.
    jobs: grading processes (default: one per core); each keeps one worker launcher.
    resume: keep stored reports that are current (same file content, assignment version, seed
        and grader version) and grade only the rest.
    seed, sandbox, timeout, load_timeout: as for `grader check` (`timeout`: seconds per call
        into student code; `load_timeout`: seconds its top-level code may run, default 20).
    submission_timeout: backstop on one submission's whole grading, in seconds.
    executor: "local", or "dask" with `scheduler` the address of a running Dask scheduler.
    progress: "bar", "lines", "none", or None for a bar on a terminal and lines otherwise;
        written to `stream` (default stderr).
    support: course helper files or folders every submission may import and read, after its
        own folder on sys.path (a flat folder of students' files gives it none).
    allow_unconfined: run even where this machine cannot confine what a submission reads
        (otherwise a UsageError says so before anything starts).
    course: a course profile (`grader.courses.find` / `load`) to grade under: `assignment`
        may then be one of the course's; its support joins `support`, and its seed and time
        limits apply where `seed` is 0 and `timeout` / `load_timeout` are None. A report kept
        by `resume` must have been graded under the same profile text.

    Grading processes are started with multiprocessing's "spawn": in a script (not a notebook),
    call `grade` under ``if __name__ == "__main__":``, as for any process pool.

    Returns a `BatchResult`; `result.ok` is True when every submission got a report, and
    `result.interrupted` when Ctrl-C stopped the batch (what was graded is kept and written).
    Raises `grader.GraderError` (a `UsageError`) for a missing SOURCE, an unknown assignment,
    an OUTDIR that is a file or someone else's folder, and other usage mistakes.
    """
    from grader.batch.run import grade as _grade

    config = BatchConfig.create(
        source,
        assignment,
        outdir,
        jobs=jobs,
        resume=resume,
        seed=seed,
        sandbox=sandbox,
        timeout=timeout,
        load_timeout=load_timeout,
        backstop=submission_timeout,
        executor=executor,
        scheduler=scheduler,
        progress=progress,
        support=support,
        allow_unconfined=allow_unconfined,
        course=course,
    )
    return _grade(config, stream)


__all__ = ["BatchConfig", "BatchResult", "Row", "grade"]
