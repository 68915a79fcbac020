"""The Dask executor: submissions graded on an existing Dask distributed cluster.

Each task carries the submission's bytes, so cluster nodes need no shared disk, only this same
grader (and its assignments) installed; reports come back as data and the instructor's machine
writes every output, exactly as in a local run. Each Dask worker process keeps one launcher
and grades one submission at a time; start workers with ``--nthreads 1`` and as many
``--nworkers`` as cores. The backstop here is a watchdog: when no submission finishes for the
backstop's duration, the ones still out are marked as not graded.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from grader.batch.model import BACKSTOP_TIMEOUT, GRADER_ERROR, Task, TaskOutcome
from grader.errors import UsageError

_POLL = 0.05  # seconds between looks at the cluster's finished tasks


def run_on_cluster(
    tasks: Sequence[Task],
    on_done: Callable[[TaskOutcome], None],
    scheduler: str,
    backstop: float,
    *,
    connect_timeout: float = 20.0,
) -> None:
    """Grade `tasks` on the cluster whose scheduler is at `scheduler`."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--executor dask needs Dask: pip install 'grader[dask]'") from None
    from grader.batch.work import remote_grade

    try:
        client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(
            f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})"
        ) from None
    run_id = uuid.uuid4().hex[:8]
    futures: dict[Any, Task] = {}
    try:
        futures = {
            client.submit(remote_grade, task, key=f"grader-{run_id}-{task.key}", pure=False): task
            for task in tasks
        }
        finished = as_completed(list(futures), loop=client.loop)
        last_progress = time.monotonic()
        while futures:
            if not finished.has_ready():
                if time.monotonic() - last_progress > backstop:
                    # Nothing finished for a whole backstop: give up on what is still out.
                    client.cancel(list(futures))
                    for task in futures.values():
                        on_done(
                            TaskOutcome(
                                task.key,
                                error=f"no submission finished on the cluster within "
                                f"{backstop:g} s",
                                status=BACKSTOP_TIMEOUT,
                            )
                        )
                    return
                time.sleep(_POLL)
                continue
            for future in finished.next_batch(block=False):
                task = futures.pop(future)
                on_done(_outcome(future, task))
            last_progress = time.monotonic()
    except KeyboardInterrupt:
        client.cancel(list(futures))
        raise
    finally:
        client.close()


def _outcome(future: object, task: Task) -> TaskOutcome:
    status = getattr(future, "status", "")
    if status == "finished":
        try:
            result = future.result()  # type: ignore[attr-defined]
        except Exception as exc:  # the result could not be unpickled here
            return TaskOutcome(
                task.key, error=f"the cluster's answer was unreadable: {exc}", status=GRADER_ERROR
            )
        if isinstance(result, TaskOutcome):
            return result
        return TaskOutcome(
            task.key, error="the cluster answered out of protocol", status=GRADER_ERROR
        )
    try:
        exc = future.exception()  # type: ignore[attr-defined]
    except Exception as error:
        exc = error
    return TaskOutcome(
        task.key,
        error=f"the grading task failed on the cluster ({type(exc).__name__}: {exc})",
        status=GRADER_ERROR,
    )
