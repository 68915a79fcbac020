"""`StudentCode`: the grader-side proxy for functions that run in the worker.

Properties call ``code.initialize_parameters(2, 3, 1)`` with the assignment's canonical
arguments; `grader.binding` maps them onto the signature the student wrote (as the worker
reports it), the arguments travel to the worker, the function runs there under a wall-clock
budget, and only plain data comes back. The grader owns the clock: on timeout or crash the
worker's whole process group is killed, and the next call (usually the next property) starts a
fresh worker that loads the submission again.

The frames to and from the worker travel by `grader.runner.transport`; its replies are read
(checked, cut to size) by `grader.runner.replies`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from grader import binding, load_plan
from grader.properties import Function
from grader.runner import codec, replies, sandbox, transport
from grader.runner.replies import OUTPUT_LIMIT, LoadResult
from grader.runner.world import World


class StudentFailure(Exception):
    """The student's function raised; a failure of the property, shrunk like any other."""

    def __init__(self, message: str, traceback: str = "", output: str = "") -> None:
        super().__init__(message)
        self.traceback = traceback
        self.output = output


class Abort(BaseException):
    """The worker died or ran out of time: the property stops at once (the engine decides
    the status from the subclass)."""


class StudentTimeout(Abort):
    """A call did not answer within its time limit."""


class StudentCrash(Abort):
    """The worker died or answered out of protocol."""


@dataclass
class Call:
    """One call into student code, kept to show the counterexample as a call: positional
    `args` named by `names` (the student's parameter names; empty when unknown, and then the
    assignment's), then `kwargs`."""

    function: str
    args: tuple[Any, ...]
    output: str = ""
    kwargs: dict[str, Any] = field(default_factory=dict)
    names: tuple[str, ...] = ()


@dataclass
class _Example:
    seed: int = 0
    calls: list[Call] = field(default_factory=list)


def _describe_exit(returncode: int | None) -> str:
    if returncode is None:
        return "stopped answering"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return _SIGNAL_WORDS.get(name, f"was killed by {name}")
    return f"exited with code {returncode} (sys.exit or os._exit?)"


_SIGNAL_WORDS = {
    "SIGKILL": "was killed (SIGKILL: the memory limit, or a kill signal it sent itself)",
    "SIGXCPU": "used up its CPU time limit",
    "SIGXFSZ": "wrote a file larger than the size limit",
    "SIGSEGV": "crashed (segmentation fault)",
    "SIGBUS": "crashed (bus error)",
    "SIGABRT": "aborted (os.abort or a failed C assertion)",
}


def call_seed(example_seed: int, calls: int) -> int:
    """The seed of an example's `calls`-th call into student code: the worker seeds numpy's and
    `random`'s global generators with it, so a report is the same whatever process grades."""
    digest = hashlib.blake2b(f"{example_seed}:{calls}".encode(), digest_size=4)
    return int.from_bytes(digest.digest(), "little")


class StudentCode:
    """Proxy for a submission's namespace, living in a worker process."""

    def __init__(
        self,
        cells: tuple[tuple[str, str], ...],
        *,
        launcher: sandbox.Launcher | None = None,
        call_timeout: float = 5.0,
        load_timeout: float = 20.0,
        functions: dict[str, Function] | None = None,
        preload: tuple[str, ...] = (),
        world: World | None = None,
        roots: Sequence[str] | None = None,
        roots_follow: bool = False,
    ) -> None:
        self._cells = cells
        self.plan = load_plan.plan(cells)
        # The graded functions: driver code runs only for what they need (None: every
        # top-level function). With `roots_follow`, the first load starts before they are
        # known and the worker waits for them after the definitions (see `roots`). Declared
        # functions are graded functions: what defines them runs even when it is no `def`.
        if roots is None and functions:
            roots = tuple(functions)
        self.roots: tuple[str, ...] | None = tuple(roots) if roots is not None else None
        self._roots_follow = roots_follow and roots is None
        self._roots_pending = False
        self._skip: set[int] = set()  # statements that ran out of time: not retried
        self._preload = preload  # modules a warm launcher may import before forking the worker
        self.world = world  # what the worker may see (None: no folder, no support files)
        self._launcher = launcher or sandbox.Launcher()
        self.call_timeout = call_timeout
        self.load_timeout = load_timeout
        # The assignment's declarations: what `call` binds the canonical arguments with.
        self.functions = dict(functions or {})
        self._worker: sandbox.Spawned | None = None
        self._pending = bytearray()  # bytes read from the worker beyond the last frame
        self._loaded: LoadResult | None = None
        self._first_load: LoadResult | None = None
        self._asked: dict[str, binding.Signature | None] = {}  # signatures not in the load reply
        self._example = _Example()
        self.restarts = 0
        self.last_stderr = ""
        # What the submission tried and the sandbox refused, over every worker it ran in.
        self.blocked_imports: set[str] = set()
        self.blocked_reads: set[str] = set()

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> None:
        """Spawn the worker and send it the submission; returns without waiting."""
        if self._worker is not None:
            return
        self._worker = self._launcher.spawn(self._preload, self.world)
        # A worker that stops reading must not block the grader: writes never wait.
        os.set_blocking(self._worker.request_fd, False)
        self._loaded = None
        # A worker started once the roots are known is told them at once; one started before
        # (the first, or a restart in another world before the assignment was picked) waits.
        follow = self._roots_follow and self.roots is None
        plan = {
            "statements": self.plan.to_wire(),
            "roots": None if self.roots is None else list(self.roots),
            "roots_follow": follow,
            "budget": self.load_timeout,
            "cap": load_plan.statement_budget(self.load_timeout),
            "skip": sorted(self._skip),
        }
        self._roots_pending = follow
        message = {"op": "load", "cells": [list(c) for c in self._cells], "plan": plan}
        self._send(message, self.load_timeout)

    def load_result(self) -> LoadResult:
        """Wait for the submission's top level to finish executing (first load only)."""
        if self._first_load is not None:
            return self._first_load
        self._ensure_loaded()
        assert self._loaded is not None
        self._first_load = self._loaded
        return self._loaded

    def _ensure_loaded(self) -> None:
        if self._worker is None:
            self.start()
        if self._loaded is not None:
            return
        try:
            if self._roots_pending:
                self._roots_pending = False
                roots = None if self.roots is None else list(self.roots)
                self._send({"op": "roots", "roots": roots}, self.load_timeout)
            reply = self._receive(self.load_timeout)
        except StudentTimeout:
            self._loaded = LoadResult(
                error=f"the notebook's top-level code did not finish within "
                f"{self.load_timeout:g} s (an infinite loop, or a long training run?)"
            )
            return
        except Abort as exc:
            self._loaded = LoadResult(error=f"running the notebook's top-level code: {exc}")
            return
        if not isinstance(reply, dict) or not reply.get("ok"):
            # The submission owns the worker process and can write anything to the pipe.
            self.close()
            self._loaded = LoadResult(error="the notebook's code broke the grader's protocol")
            return
        self._note_blocked(reply)
        self._loaded = replies.load_result(reply, self.plan, self.load_timeout)
        self._skip.update(self._loaded.timed_out)  # statements that ran out of time: not again
        if self._first_load is None:
            self._first_load = self._loaded

    @property
    def unavailable(self) -> dict[str, str]:
        """Names the submission's functions may find undefined, and why (from the first
        load): an import of a module the grader lacks, driver code that ran out of time."""
        return dict(self._first_load.unavailable) if self._first_load is not None else {}

    def _note_blocked(self, reply: dict[str, Any]) -> None:
        if len(self.blocked_imports) < 20:
            self.blocked_imports.update(replies.strings(reply.get("blocked")))
        if len(self.blocked_reads) < 20:
            self.blocked_reads.update(replies.strings(reply.get("blocked_reads")))

    def close(self) -> None:
        """Kill the worker and everything it started, and remove its files."""
        worker, self._worker = self._worker, None
        self._pending = bytearray()
        self._loaded = None
        self._asked = {}
        if worker is None:
            return
        for fd in (worker.request_fd, worker.reply_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        worker.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(timeout=5)
        worker.release()

    def __enter__(self) -> StudentCode:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- examples -------------------------------------------------------------------------------
    def begin_example(self, seed: int) -> None:
        """Start a new generated example: calls are recorded, and RNG seeds derive from `seed`."""
        self._example = _Example(seed=seed)

    @property
    def calls(self) -> list[Call]:
        return self._example.calls

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args: self.call(name, *args)

    def call(self, name: str, *args: Any) -> Any:
        """Run student function `name` on the canonical arguments `args` in the worker, bound to
        the signature the student wrote; return its value as plain data. A signature that
        cannot take them raises `binding.SignatureMismatch` before anything is sent."""
        self._ensure_loaded()
        bound = binding.bind(name, args, self.functions.get(name), self._signature(name))
        example = self._example
        record = Call(name, bound.args, kwargs=dict(bound.kwargs), names=bound.labels)
        example.calls.append(record)
        seed = call_seed(example.seed, len(example.calls))
        request = {"op": "call", "name": name, "args": list(bound.args), "seed": seed}
        if bound.kwargs:  # (absent means none: the common frame stays as small as it was)
            request["kwargs"] = dict(bound.kwargs)
        self._send(request, self.call_timeout)
        reply = self._receive(self.call_timeout)
        if not isinstance(reply, dict):
            raise StudentCrash("the worker answered out of protocol")
        record.output = replies.text(reply.get("output", ""), OUTPUT_LIMIT)
        self._note_blocked(reply)
        if reply.get("ok"):
            return reply.get("value")
        raise StudentFailure(
            replies.text(reply.get("error", "an error"), 2000),
            replies.text(reply.get("traceback", ""), 4000),
            record.output,
        )

    def _signature(self, name: str) -> binding.Signature | None:
        """`name`'s signature: from the load reply, else asked once per worker (a function the
        top level defined later, or not a plain function: then None, and calls go by position)."""
        assert self._loaded is not None
        found = self._loaded.signatures.get(name)
        if found is not None or self._worker is None:
            return found
        if name not in self._asked:
            self._send({"op": "signature", "name": name}, self.call_timeout)
            reply = self._receive(self.call_timeout)
            ok = isinstance(reply, dict) and reply.get("ok")
            if ok:
                self._note_blocked(reply)
            self._asked[name] = binding.parse_one(reply.get("signature")) if ok else None
        return self._asked[name]

    # -- transport ------------------------------------------------------------------------------
    def _send(self, message: Any, timeout: float) -> None:
        assert self._worker is not None
        try:
            transport.send(self._worker.request_fd, message, timeout)  # non-blocking (see start)
        except transport.Expired:
            self._timed_out(timeout)
        except transport.Closed:
            self._died()

    def _receive(self, timeout: float) -> Any:
        assert self._worker is not None
        try:
            return transport.receive(self._worker.reply_fd, self._pending, timeout)
        except transport.Expired:
            self._timed_out(timeout)
        except transport.Closed:
            self._died()
        except codec.CodecError as exc:
            self.close()
            raise StudentCrash(f"the worker sent an unreadable reply ({exc})") from None

    def _timed_out(self, timeout: float) -> NoReturn:
        self.close()
        self.restarts += 1
        raise StudentTimeout(f"did not finish within {timeout:g} s")

    def _died(self) -> NoReturn:
        assert self._worker is not None
        process = self._worker.process
        with contextlib.suppress(Exception):
            process.wait(timeout=2)
        detail = _describe_exit(process.returncode)
        self.last_stderr = _tail(self._worker.stderr_path)
        self.close()
        self.restarts += 1
        raise StudentCrash(f"the Python process running your code {detail}")


def _tail(path: str, limit: int = 2000) -> str:
    """The end of the worker's stderr: why it died, for the instructor."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - limit))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""
