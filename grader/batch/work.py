"""Grading one task inside a grading process (a local pool process or a Dask worker).

A grading process keeps ONE worker launcher for all the submissions it grades, so whatever a
launcher keeps warm (a template process to fork student workers from) is paid for once. To use
another launcher class, change `LAUNCHER_FACTORY`: nothing else in the batch names the class.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from grader.api import check
from grader.batch.model import GRADER_ERROR, Task, TaskOutcome
from grader.config import RunConfig
from grader.errors import GraderError
from grader.runner import sandbox
from grader.runner.sandbox import Launcher


def fork_server_launcher(config: RunConfig) -> Launcher:
    """Workers forked from one warm template process (numpy already imported) per grading
    process: a submission no longer pays for an interpreter start and a numpy import, about a
    third of its CPU cost. Same sandbox mode and limits as `default_launcher`."""
    mode = sandbox.resolve_mode(config.sandbox)
    return sandbox.ForkServerLauncher(mode, sandbox.Limits(memory_mb=config.memory_mb))


#: How a grading process makes its launcher from the run's configuration (the one line to swap;
#: `grader.api.default_launcher` starts a fresh interpreter per submission instead).
LAUNCHER_FACTORY: Callable[[RunConfig], Launcher] = fork_server_launcher

_launcher: Launcher | None = None
_launcher_lock = threading.Lock()
# Dask may run several tasks in threads of one worker process; Hypothesis and the engine are
# not meant to run concurrently in one interpreter, so a process grades one task at a time.
_grading_lock = threading.Lock()


def process_launcher(config: RunConfig) -> Launcher:
    """This process's launcher, made on first use and kept for every later submission."""
    global _launcher
    with _launcher_lock:
        if _launcher is None:
            _launcher = LAUNCHER_FACTORY(config)
            # A Dask worker never says it is done: stop the warm template when it exits.
            atexit.register(close_launcher)
        return _launcher


def close_launcher() -> None:
    global _launcher
    with _launcher_lock:
        if _launcher is not None:
            _launcher.close()
            _launcher = None


def warm_up(assignment: str, config: RunConfig) -> None:
    """Import what grading needs before the first submission arrives (the engine, Hypothesis,
    the assignment) and record the inputs its properties replay under `config`, so a
    process's start-up overlaps with the other processes' work."""
    from grader import courses
    from grader.runner import engine

    engine.prepare(courses.assignment(assignment, config.course), config)


def grade_task(task: Task, launcher: Launcher | None = None) -> TaskOutcome:
    """Grade `task`; never raises for anything the submission or the grader does."""
    started = time.perf_counter()
    config = RunConfig(**task.config)
    folder = None
    try:
        path = Path(task.path)
        if task.data is not None:
            # The file travelled with the task (a cluster node may not see the instructor's
            # disk): grade a private copy with the original file name.
            folder = tempfile.mkdtemp(prefix="grader-task-")
            path = Path(folder) / Path(task.submission).name
            path.write_bytes(task.data)
        with _grading_lock:
            report = check(
                path,
                task.assignment,
                config=config,
                submission_name=task.submission,
                launcher=launcher or process_launcher(config),
                own_folder=task.own_folder,
            )
        return TaskOutcome(task.key, report=report.to_dict(), seconds=time.perf_counter() - started)
    except GraderError as exc:
        return TaskOutcome(
            task.key,
            error=f"the grader failed on this submission: {exc}",
            traceback=traceback.format_exc(),
            seconds=time.perf_counter() - started,
            status=GRADER_ERROR,
        )
    except Exception as exc:
        return TaskOutcome(
            task.key,
            error=f"the grader failed on this submission (a bug in the grader: {type(exc).__name__}: {exc})",
            traceback=traceback.format_exc(),
            seconds=time.perf_counter() - started,
            status=GRADER_ERROR,
        )
    finally:
        if folder is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)


def remote_grade(task: Task) -> TaskOutcome:
    """Entry point on a Dask worker: grade with that worker process's own launcher. Dask
    pickles functions by reference, so the worker needs this same grader installed."""
    return grade_task(task)
