"""The local executor: N grading processes, each reused for many submissions, one at a time.

Each grading process is a fresh interpreter (multiprocessing "spawn"), so nothing a grading
process does can corrupt the driver, and the driver always knows which submission each process
holds. A process that dies costs only the submission it held (an error row) and is replaced;
one that exceeds the submission-level backstop is stopped (SIGTERM first, so it kills its
student worker, then SIGKILL) and replaced. Student code never runs in these processes: it runs
in the sandboxed workers they start.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any

from grader._exit import exit_without_teardown
from grader.batch.model import (
    BACKSTOP_TIMEOUT,
    DEFAULT_BACKSTOP,
    GRADER_ERROR,
    AssignmentInfo,
    Task,
    TaskOutcome,
)

_STOP_GRACE = 3.0  # seconds a stopped grading process gets to kill its student worker


def _serve(conn: Any, assignment: str, config: dict[str, Any]) -> None:
    """Body of a grading process: say what the assignment is (an `AssignmentInfo`, the
    first message on `conn`), then grade tasks from `conn` until told to stop."""
    # Ctrl-C in a terminal reaches the whole foreground process group: the driver decides
    # what to stop, so grading processes ignore SIGINT ...
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    # ... and turn SIGTERM into an exception, so `finally` blocks kill the student worker.
    def _terminate(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _terminate)
    from grader import courses
    from grader.batch import work
    from grader.config import RunConfig

    try:
        run_config = RunConfig(**config)
        launcher = work.process_launcher(run_config)
        launcher.start()  # a warm template boots while this process imports the engine
        conn.send(AssignmentInfo.of(courses.assignment(assignment, run_config.course)))
        work.warm_up(assignment, run_config)
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                break  # the driver is gone
            if task is None:
                break
            conn.send(work.grade_task(task, launcher))
    finally:
        work.close_launcher()
    # Done: the driver waits for this process's end before it writes the summary.
    exit_without_teardown(0)


def _usable_cpus() -> list[int]:
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return []


def describe_exit(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


@dataclass
class _Slot:
    index: int = 0
    process: BaseProcess | None = None
    conn: Any = None
    task: Task | None = None
    deadline: float = 0.0

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()


class LocalPool:
    """Grades tasks in `jobs` grading processes on this machine."""

    def __init__(
        self,
        jobs: int,
        assignment: str,
        config: dict[str, Any],
        backstop: float = DEFAULT_BACKSTOP,
        *,
        serve: Callable[[Any, str, dict[str, Any]], None] | None = None,
        pin: bool = True,
    ) -> None:
        """`serve` is the body of a grading process (default `_serve`); it must be importable
        by name, as "spawn" starts each process as a fresh interpreter. `pin`: see `_pin`."""
        self.jobs = max(1, jobs)
        self._serve = serve or _serve
        self.assignment = assignment
        self.config = config
        self.backstop = backstop
        self._ctx = multiprocessing.get_context("spawn")
        self.replaced = 0  # grading processes that died or were stopped and replaced
        self.info: AssignmentInfo | None = None  # the first one a grading process sent
        self._slots: list[_Slot] = []
        self._cpus = _usable_cpus() if pin else []

    def start(self) -> None:
        """Start every grading process now, before the tasks are known: each spends about a
        second importing the grader and the assignment, which then overlaps with the driver's
        own imports and its discovery of the submissions. `run` uses them; `close` stops them
        if `run` never comes."""
        if not self._slots:
            self._slots = [_Slot(i) for i in range(self.jobs)]
            for slot in self._slots:
                self._start(slot)

    def assignment_info(self, timeout: float = 120.0) -> AssignmentInfo | None:
        """The assignment as the first started grading process describes it (see `_serve`);
        None when every process died first (say, the assignment fails to import: the caller
        imports it itself and reports why) or none answered within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        closed: set[int] = set()  # slots whose pipe ended: nothing more will come from them
        while self.info is None:
            live = [s for s in self._slots if s.alive and s.index not in closed]
            left = deadline - time.monotonic()
            if not live or left <= 0:
                return None
            handles = [s.conn for s in live] + [s.process.sentinel for s in live]  # type: ignore[union-attr]
            ready = multiprocessing.connection.wait(handles, timeout=left)
            for slot in live:
                if slot.conn in ready:
                    try:
                        self._greeted(slot.conn.recv())
                    except (EOFError, OSError):
                        closed.add(slot.index)
        return self.info

    def _greeted(self, message: Any) -> bool:
        """Keep `message` when it is a grading process's greeting; whether it was one."""
        if isinstance(message, AssignmentInfo):
            self.info = self.info or message
            return True
        return False

    def close(self) -> None:
        """Stop the grading processes `start` started (nothing to do after `run`)."""
        slots, self._slots = self._slots, []
        self._stop_all(slots)

    def _stop_all(self, slots: list[_Slot]) -> None:
        """Stop every slot's process, all at once: each takes a moment to stop its worker
        template, and one after another those moments add up at the end of every batch."""
        for slot in slots:  # ask every idle one to finish first ...
            if slot.task is None and slot.alive:
                with contextlib.suppress(OSError, ValueError):
                    slot.conn.send(None)
        for slot in slots:  # ... then wait for each (a busy one is terminated)
            self._stop(slot, asked=slot.task is None)

    def _start(self, slot: _Slot) -> None:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=self._serve,
            args=(child, self.assignment, self.config),
            name="grader-batch",
            daemon=True,
        )
        process.start()
        child.close()
        slot.process, slot.conn = process, parent
        self._pin(slot)

    def _pin(self, slot: _Slot) -> None:
        """Keep grading process number i, and the student workers it starts (they inherit the
        setting), on CPU i (modulo the CPUs this process may use).

        A grading process and its worker take turns: every call into student code is a round
        trip between them. On one CPU the worker runs the moment the grader blocks, with warm
        caches; on two, each side idles and is woken by the other, which costs more than the
        call itself on virtual machines. Measured on a 2-core VM: a round trip of 320-450 us
        pinned against 620-710 us unpinned, with a third less CPU time on both sides. With one
        CPU, or where it is not supported, nothing is pinned."""
        if len(self._cpus) < 2 or slot.process is None or slot.process.pid is None:
            return
        with contextlib.suppress(OSError):
            os.sched_setaffinity(slot.process.pid, {self._cpus[slot.index % len(self._cpus)]})

    def _stop(self, slot: _Slot, *, asked: bool) -> None:
        """Stop `slot`'s process: one `asked` to finish (by `_stop_all`) is given the time to,
        any other is terminated; either way it is killed if it does not end in time."""
        process, conn = slot.process, slot.conn
        slot.process = slot.conn = None
        slot.task = None
        if process is None:
            return
        if not asked and process.is_alive():
            process.terminate()  # SIGTERM: the process kills its student worker, then exits
        process.join(_STOP_GRACE)
        if process.is_alive():
            process.kill()
            process.join(_STOP_GRACE)
        with contextlib.suppress(OSError):
            conn.close()

    def _assign(self, slot: _Slot, task: Task) -> bool:
        if not slot.alive:
            if slot.process is not None:
                self._stop(slot, asked=False)
            self._start(slot)
        try:
            slot.conn.send(task)
        except (OSError, ValueError):
            return False
        slot.task = task
        slot.deadline = time.monotonic() + self.backstop
        return True

    def run(self, tasks: Iterable[Task], on_done: Callable[[TaskOutcome], None]) -> None:
        """Grade every task; call `on_done` in this process as each one finishes.

        KeyboardInterrupt propagates after every grading process has been stopped.
        """
        pending = _Queue(tasks)
        slots = self._slots or [_Slot(i) for i in range(min(self.jobs, len(pending)) or 1)]
        self._slots = []
        try:
            while pending or any(s.task for s in slots):
                for slot in slots:
                    if slot.task is None and pending:
                        task = pending.next_for(slot.index)
                        if not self._assign(slot, task) and not self._assign(slot, task):
                            on_done(_failed(task, "could not start a grading process"))
                busy = [s for s in slots if s.task is not None]
                if not busy:
                    continue
                wait_for = min(s.deadline for s in busy) - time.monotonic()
                handles = [s.conn for s in busy] + [s.process.sentinel for s in busy]  # type: ignore[union-attr]
                ready = multiprocessing.connection.wait(handles, timeout=max(0.0, wait_for))
                for slot in busy:
                    self._collect(slot, ready, on_done)
        finally:
            self._stop_all(slots)

    def _collect(
        self, slot: _Slot, ready: list[Any], on_done: Callable[[TaskOutcome], None]
    ) -> None:
        task = slot.task
        assert task is not None and slot.process is not None
        if slot.conn in ready:
            try:
                outcome = slot.conn.recv()
            except (EOFError, OSError, ValueError):
                outcome = None  # the process died before or while answering
            if self._greeted(outcome):
                return  # a (re)started process's first message; its outcome comes next
            if isinstance(outcome, TaskOutcome):
                slot.task = None
                on_done(outcome)
                return
            slot.process.join(1)
            why = describe_exit(slot.process.exitcode)
            self._replace(slot)
            on_done(_failed(task, f"the grading process {why} while grading this submission"))
        elif slot.process.sentinel in ready:
            slot.process.join(1)
            why = describe_exit(slot.process.exitcode)
            self._replace(slot)
            on_done(_failed(task, f"the grading process {why} while grading this submission"))
        elif time.monotonic() >= slot.deadline:
            self._replace(slot)
            on_done(
                _failed(
                    task,
                    f"grading did not finish within {self.backstop:g} s and was stopped",
                    BACKSTOP_TIMEOUT,
                )
            )

    def _replace(self, slot: _Slot) -> None:
        self._stop(slot, asked=False)
        self.replaced += 1


class _Queue:
    """Tasks in their order, except that each group of tasks (see `Task.group`) goes to one
    grading process, which takes them before its plain tasks.

    A submission that plots needs a worker template holding matplotlib, which costs its
    grading process ~1 s of CPU to start; sending every such submission to one process
    starts one template instead of one per process. A free process never idles while tasks
    remain: with only another process's group left, it takes from that group."""

    def __init__(self, tasks: Iterable[Task]) -> None:
        self._groups: dict[str, deque[tuple[int, Task]]] = {}
        for order, task in enumerate(tasks):
            self._groups.setdefault(task.group, deque()).append((order, task))
        self._homes: dict[str, int] = {}  # group -> index of the process that has it
        self._left = sum(len(q) for q in self._groups.values())

    def __len__(self) -> int:
        return self._left

    def next_for(self, slot: int) -> Task:
        """The task process `slot` takes next (there must be one)."""
        heads = [(q[0][0], group) for group, q in self._groups.items() if q]
        for _, group in heads:
            if group:
                self._homes.setdefault(group, slot)  # the first process to meet it keeps it
        # Its own group first, so a group is done early and never holds up the end of a batch;
        # then the plain tasks; another process's group only when nothing else is left.
        own = [h for h in heads if h[1] and self._homes[h[1]] == slot]
        plain = [h for h in heads if not h[1]]
        _, group = min(own or plain or heads)
        self._left -= 1
        return self._groups[group].popleft()[1]


def _failed(task: Task, why: str, status: str = GRADER_ERROR) -> TaskOutcome:
    return TaskOutcome(task.key, error=why, status=status)
