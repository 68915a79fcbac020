"""The local executor: a grading process that dies or hangs costs only the submission it held,
is replaced, and never leaves a student worker running."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from grader.batch.model import BACKSTOP_TIMEOUT, GRADER_ERROR, Task, TaskOutcome
from grader.batch.pool import LocalPool


def fake_serve(conn: Any, assignment: str, config: dict[str, Any]) -> None:
    """A grading process that obeys the task's key: 'die' exits at once, 'hang' never answers."""
    while True:
        task = conn.recv()
        if task is None:
            return
        if task.key == "die":
            os._exit(9)
        if task.key == "hang":
            time.sleep(120)
        conn.send(TaskOutcome(task.key, report={"pid": os.getpid()}, seconds=0.0))


def task(key: str, path: str = "/nowhere.py") -> Task:
    return Task(key=key, path=path, submission=f"{key}.py", assignment="init-shallow", config={})


def test_a_dead_or_hung_grading_process_costs_one_submission_and_is_replaced() -> None:
    keys = ["a", "die", "b", "hang", "c", "d"]
    pool = LocalPool(2, "init-shallow", {}, backstop=2.0, serve=fake_serve)
    done: dict[str, TaskOutcome] = {}
    started = time.monotonic()
    pool.run([task(k) for k in keys], lambda o: done.setdefault(o.key, o))
    assert sorted(done) == sorted(keys)
    assert done["die"].status == GRADER_ERROR and "exited with code 9" in done["die"].error
    assert done["hang"].status == BACKSTOP_TIMEOUT and "2 s" in done["hang"].error
    assert all(done[k].report is not None for k in "abcd")
    assert pool.replaced == 2
    assert time.monotonic() - started < 30


def test_grading_processes_are_reused_across_submissions() -> None:
    pool = LocalPool(1, "init-shallow", {}, serve=fake_serve)
    done: list[TaskOutcome] = []
    pool.run([task(k) for k in "abc"], done.append)
    assert len({o.report["pid"] for o in done if o.report}) == 1


def test_processes_started_ahead_grade_the_tasks_and_close_stops_unused_ones() -> None:
    pool = LocalPool(3, "init-shallow", {}, serve=fake_serve)
    pool.start()
    started = [slot.process for slot in pool._slots]
    assert len(started) == 3 and all(p is not None and p.is_alive() for p in started)
    done: list[TaskOutcome] = []
    pool.run([task("only")], done.append)  # fewer tasks than processes
    assert [o.key for o in done] == ["only"]
    assert done[0].report["pid"] in {p.pid for p in started if p is not None}
    assert not any(p is not None and p.is_alive() for p in started)

    idle = LocalPool(2, "init-shallow", {}, serve=fake_serve)
    idle.start()
    processes = [slot.process for slot in idle._slots]
    idle.close()  # run never came (no submission left to grade)
    assert not any(p is not None and p.is_alive() for p in processes)


def descendants(pid: int) -> set[int]:
    """Every living process below `pid`, read from /proc (Linux)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return {p for p in found if not _is_resource_tracker(p)}


def _is_resource_tracker(pid: int) -> bool:
    """multiprocessing's own helper process, which lives as long as the test process."""
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_stopping_a_grading_process_also_kills_its_student_worker(tmp_path: Path) -> None:
    hang = tmp_path / "hang.py"
    # The graded function needs what a statement that never ends would set, so loading hangs
    # (top-level code that no graded function needs is never run).
    hang.write_text(
        "import time\n"
        "def _forever():\n"
        "    while True:\n"
        "        time.sleep(0.1)\n"
        "SETTING = _forever()\n"
        "def initialize_parameters(n_x, n_h, n_y):\n"
        "    return SETTING\n"
    )
    config = {"sandbox": "process", "load_timeout": 60.0}
    pool = LocalPool(1, "init-shallow", config, backstop=5.0)
    done: list[TaskOutcome] = []
    runner = threading.Thread(target=pool.run, args=([task("hang", str(hang))], done.append))
    before = descendants(os.getpid())  # helpers that earlier tests left in this process
    runner.start()
    seen: set[int] = set()
    while runner.is_alive():
        # The grading process, its worker template and, once started, its student worker.
        seen |= descendants(os.getpid()) - before
        time.sleep(0.2)
    runner.join()
    assert done[0].status == BACKSTOP_TIMEOUT
    assert len(seen) >= 2, "expected a grading process and its student worker"
    deadline = time.monotonic() + 5
    while {p for p in seen if Path(f"/proc/{p}").exists()} and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = {p for p in seen if Path(f"/proc/{p}").exists()}
    assert not alive, "a process of the stopped grading process outlived it"


def _task(key: str, group: str = "") -> Task:
    return Task(key=key, path=key, submission=key, assignment="a", config={}, group=group)


def test_a_group_of_submissions_goes_to_one_process_which_takes_it_first() -> None:
    """Submissions that plot need a warm template of their own (~1 s to start): one process
    takes all of them, before its plain ones; the others take the plain ones in order."""
    from grader.batch.pool import _Queue

    queue = _Queue([_task("a"), _task("b"), _task("p1", "plots"), _task("c"), _task("p2", "plots")])
    taken = [(slot, queue.next_for(slot).key) for slot in (0, 1, 0, 1, 0)]
    assert taken == [(0, "p1"), (1, "a"), (0, "p2"), (1, "b"), (0, "c")]
    assert len(queue) == 0


def test_a_free_process_takes_another_ones_group_rather_than_idle() -> None:
    from grader.batch.pool import _Queue

    queue = _Queue([_task("p1", "plots"), _task("p2", "plots"), _task("p3", "plots")])
    assert queue.next_for(0).key == "p1"
    assert queue.next_for(1).key == "p2"  # nothing else is left: no waiting for process 0
    assert queue.next_for(0).key == "p3" and not queue


def greeting_serve(conn: Any, assignment: str, config: dict[str, Any]) -> None:
    """A grading process that greets like the real one, then dies on its first task."""
    from grader import registry
    from grader.batch.model import AssignmentInfo

    conn.send(AssignmentInfo.of(registry.get(assignment)))
    fake_serve(conn, assignment, config)


def dying_serve(conn: Any, assignment: str, config: dict[str, Any]) -> None:
    os._exit(3)


def test_the_driver_learns_the_assignment_from_a_grading_process() -> None:
    from grader import registry
    from grader.batch.model import AssignmentInfo

    pool = LocalPool(2, "init-shallow", {}, serve=greeting_serve)
    pool.start()
    try:
        info = pool.assignment_info()
    finally:
        pool.close()
    expected = AssignmentInfo.of(registry.get("init-shallow"))
    assert info == expected and info.max_score == registry.get("init-shallow").max_score
    assert [p.id for p in info.properties] == [
        p.id for p in registry.get("init-shallow").properties
    ]


def test_a_greeting_that_comes_with_a_task_is_not_taken_for_its_outcome() -> None:
    pool = LocalPool(1, "init-shallow", {}, serve=greeting_serve)  # run() starts it: no start()
    done: list[TaskOutcome] = []
    pool.run([task("a"), task("die"), task("b")], done.append)  # "die": a restarted process
    assert [o.key for o in done] == ["a", "die", "b"]
    assert done[0].report is not None and done[2].report is not None
    assert pool.info is not None and pool.info.name == "init-shallow"


def test_without_a_greeting_from_any_process_the_driver_is_told_none() -> None:
    pool = LocalPool(2, "init-shallow", {}, serve=dying_serve)
    pool.start()
    try:
        assert pool.assignment_info(timeout=60) is None
    finally:
        pool.close()
