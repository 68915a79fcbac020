"""The worker: the only process that executes student code.

The launcher (`grader.runner.sandbox`) injects this file's code as the module
``_grader_worker``, after ``_grader_codec`` and the worker's other modules (``_worker_pristine``:
its own modules kept pristine; ``_worker_capture``: output and reads recorded;
``_worker_plan``: loading by plan) and before ``_grader_jail``; the jail confines the process
and then calls `Worker.serve`. It talks to the grader over two inherited pipe
descriptors (requests in, replies out), one frame per message, and never writes results
anywhere else. Everything it sends is plain data (see codec).

Requests: ``{"op": "load", "cells": [[filename, source], ...], "plan": {...}}``,
``{"op": "call", "name": str, "args": [...], "kwargs": {...}, "seed": int}`` (kwargs optional),
``{"op": "signature", "name": str}`` and ``{"op": "info"}``.

A load with a plan (see `grader.load_plan` and `_worker_plan`) runs the submission's definitions
statement by statement and its driver code only on demand; without one, each cell runs whole.
The plan: ``{"statements": [{"cell": int, "source": str, "eager": bool, "binds": [str],
"module": str}, ...], "roots": [str] | None, "roots_follow": bool, "budget": float, "cap": float,
"skip": [int]}``; with ``roots_follow`` the worker reads ``{"op": "roots", "roots": [str] |
None}`` after the definitions. Its reply adds, as statement indices, ``not_run``,
``on_demand``, ``timed_out``, ``failed`` (on demand) and ``missing`` (``[[index, module]]``:
imports of modules that do not exist here).

The load reply's ``"signatures"`` and the signature reply's ``"signature"`` describe a
function's parameters as ``[[name, kind, has_default], ...]`` (kind: ``inspect.Parameter.kind``
in lower case), for the grader's binder (`grader.binding`).

Nothing here is a security boundary: the submission runs in this very process and can undo
any of it (the boundary is the process, its sandbox and the codec's decoder in the grader).
What is here keeps honest submissions working, keeps a submission that patches its own
process from breaking the protocol, and reports what a dishonest one tried.
"""

from __future__ import annotations

import builtins
import inspect
import io
import linecache
import os
import random
import sys
import traceback
import types
from typing import Any

# The worker's other modules, injected by the sandbox bootstrap before this one (the grader
# package itself is not importable here).
try:
    import _grader_codec as codec  # type: ignore[import-not-found]
    import _grader_worker_capture as capture  # type: ignore[import-not-found]
    import _grader_worker_plan as planner  # type: ignore[import-not-found]
    import _grader_worker_pristine as pristine  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - only when imported inside the grader for inspection
    from grader.runner import _worker_capture as capture
    from grader.runner import _worker_plan as planner
    from grader.runner import _worker_pristine as pristine
    from grader.runner import codec

import numpy as np
import numpy.random  # lazy in numpy 2 (~60 ms); every call seeds it, so pay once, before forks

BLOCKED_PACKAGES = ("grader", "reference", "assignments")
MAX_REPORTED = capture.MAX_REPORTED  # blocked attempts reported per kind
FUNCTION = types.FunctionType
# Names the worker's tests use, from before the worker was split into modules.
_Pristine, _dict_tag = pristine.Pristine, pristine.dict_tag


class _Blocker:
    """Meta-path finder that refuses the grader's own packages, and remembers who asked."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        root = name.partition(".")[0]
        if root in BLOCKED_PACKAGES:
            if name not in self.attempts and len(self.attempts) < MAX_REPORTED:
                self.attempts.append(name)
            raise ImportError(f"the grader's package {root!r} cannot be imported by a submission")
        return None


def _own_modules() -> list[types.ModuleType]:
    import json.decoder
    import json.encoder
    import math
    import struct

    return [
        builtins, json, json.encoder, json.decoder, math, struct, np, np.random, random,
        traceback, linecache, types, io, codec, inspect, capture, planner,
    ]  # fmt: skip


class Worker:
    def __init__(
        self,
        req_fd: int,
        rep_fd: int,
        *,
        hidden: list[str] | None = None,
        shown: list[str] | None = None,
        info: dict[str, Any] | None = None,
    ) -> None:
        self.req_fd = req_fd
        self.rep_fd = rep_fd
        # Pinned before any student code runs: a submission that rebinds os.read or the codec
        # does not change how this loop talks to the grader.
        self._os_read, self._os_write = os.read, os.write
        self._pending = bytearray()
        self._encode, self._decode, self._frame_sizes = (
            codec.encode,
            codec.decode,
            codec.frame_sizes,
        )
        # Student code runs as the real __main__ module, as it would in a notebook kernel.
        main_module = types.ModuleType("__main__")
        main_module.__dict__["__builtins__"] = builtins
        sys.modules["__main__"] = main_module
        self.namespace: dict[str, Any] = main_module.__dict__
        self.student_files: set[str] = set()
        self.out = capture.CappedWriter()
        self.blocker = _Blocker()
        self.reads = capture.ReadWatch(list(hidden or ()), list(shown or ()))
        self.info = dict(info or {})
        self.pristine = pristine.Pristine(_own_modules())

    # -- transport ------------------------------------------------------------------------
    def _read_exact(self, n: int) -> bytearray:
        """The next `n` bytes of the request stream. A read takes what the pipe holds, so a
        whole small request costs one read, not one per part."""
        buffer = self._pending
        while len(buffer) < n:
            chunk = self._os_read(self.req_fd, max(n - len(buffer), 1 << 16))
            if not chunk:
                raise EOFError
            buffer += chunk
        data = buffer[:n]
        del buffer[:n]
        return data

    def receive(self) -> Any:
        header_len, body_len = self._frame_sizes(self._read_exact(codec.PREFIX_SIZE))
        header = self._read_exact(header_len)
        body = self._read_exact(body_len) if body_len else bytearray()
        return self._decode(header, body)

    def send(self, value: dict[str, Any]) -> None:
        if self.blocker.attempts:  # (absent means none: most replies, a smaller frame)
            value["blocked"] = list(self.blocker.attempts)
        if self.reads.attempts:
            value["blocked_reads"] = list(self.reads.attempts)
        try:
            frame = self._encode(value)
        except Exception as exc:  # a value that cannot even be described
            frame = self._encode({"ok": False, "error": f"unsendable reply: {type(exc).__name__}"})
        view = memoryview(frame)
        while view:
            written = self._os_write(self.rep_fd, view)
            view = view[written:]

    # -- requests -------------------------------------------------------------------------
    def serve(self) -> None:
        sys.meta_path.insert(0, self.blocker)
        sys.addaudithook(self.reads)
        while True:
            try:
                request = self.receive()
            except EOFError:
                return
            try:
                reply = self.answer(request)
            except EOFError:  # the grader went away while a load waited for its roots
                return
            self.send(reply)

    def answer(self, request: Any) -> dict[str, Any]:
        op = request.get("op") if isinstance(request, dict) else None
        if op == "load":
            return self.load(request["cells"], request.get("plan"))
        if op == "call":
            kwargs = request.get("kwargs") or {}
            return self.call(request["name"], request["args"], request["seed"], kwargs)
        if op == "signature":  # a function the load reply did not describe
            return {"ok": True, "signature": self._signature(request["name"])}
        if op == "info":  # how this worker is confined, for tests and diagnostics
            return {"ok": True, "info": self.info}
        return {"ok": False, "error": f"unknown request {op!r}"}

    def _redirect(self) -> tuple[Any, Any, Any]:
        saved = (sys.stdout, sys.stderr, sys.stdin)
        sys.stdout = sys.stderr = self.out
        sys.stdin = io.StringIO("")
        return saved

    def _restore(self, saved: tuple[Any, Any, Any]) -> None:
        sys.stdout, sys.stderr, sys.stdin = saved

    def _student_traceback(self, exc: BaseException) -> str:
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename in self.student_files
        ]
        lines = traceback.format_list(frames)
        lines += traceback.format_exception_only(type(exc), exc)
        return "".join(lines)[-3000:]

    def load(self, cells: list[list[str]], plan: dict[str, Any] | None = None) -> dict[str, Any]:
        warnings: list[str] = []
        report: dict[str, Any] = {}
        saved = self._redirect()
        try:
            for filename, source in cells:
                self.student_files.add(filename)
                linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            if plan is not None:
                try:
                    report = planner.PlanRun(self, cells, plan, warnings).run()
                except (EOFError, planner._OutOfTime):
                    raise
                except Exception as exc:  # a bug in the plan's own steps: say so, go on
                    warnings.append(f"the grader could not finish loading by plan ({exc!r:.200})")
                cells = []  # the plan ran them
            for filename, source in cells:
                try:
                    code = compile(source, filename, "exec")
                except SyntaxError as exc:
                    warnings.append(f"{filename}: SyntaxError: {exc.msg} (line {exc.lineno})")
                    continue
                try:
                    with self.pristine.student():
                        exec(code, self.namespace)
                except BaseException as exc:  # SystemExit, KeyboardInterrupt included
                    where = self._student_traceback(exc).strip().splitlines()
                    summary = where[-1] if where else type(exc).__name__
                    warnings.append(f"{filename}: {summary[:300]}")
        finally:
            self._restore(saved)
        items = list(dict.items(self.namespace))
        functions = sorted(
            name
            for name, value in items
            if type(name) is str
            and isinstance(value, types.FunctionType | types.BuiltinFunctionType)
        )
        callables = sorted(name for name, value in items if type(name) is str and callable(value))
        return {
            "ok": True,
            "functions": functions,
            "signatures": {name: self._signature(name) for name in functions},
            "callables": callables,
            "warnings": warnings,
            "output": self.out.take(),
            **report,
        }

    def _signature(self, name: str) -> list[list[Any]] | None:
        """The parameters of top-level function `name` as plain data, or None (not a plain
        function, or a signature that cannot be read). Read in the worker's own world, so a
        submission that patches `inspect` does not change it. Only what `def` makes is read or
        unwrapped: inspecting other objects may run the submission's code."""
        func = dict.get(self.namespace, name)
        for _ in range(10):  # through decorators that keep the function (functools.wraps)
            inner = dict.get(func.__dict__, "__wrapped__") if type(func) is FUNCTION else None
            if type(inner) is not FUNCTION:
                break
            func = inner
        if type(func) is not FUNCTION:
            return None
        try:
            params = inspect.signature(func, follow_wrapped=False).parameters.values()
            described = [[p.name, p.kind.name.lower(), p.default is not p.empty] for p in params]
        except Exception:
            return None
        if not all(type(name_) is str for name_, _, _ in described):
            return None
        return described

    def call(
        self, name: str, args: list[Any], seed: int, kwargs: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        func = dict.get(self.namespace, name)
        if func is None or not callable(func):
            return {"ok": False, "error": f"NameError: {name} is not defined", "traceback": ""}
        # Seed the legacy global RNGs from the example, so np.random.* users get a
        # reproducible report; a Generator the student made stays as random as they made it.
        np.random.seed(seed % 2**32)
        random.seed(seed)
        saved = self._redirect()
        try:
            with self.pristine.student():
                value = func(*args, **(kwargs or {}))
        except BaseException as exc:
            self._restore(saved)
            error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            return {
                "ok": False,
                "error": error[-1000:],
                "traceback": self._student_traceback(exc),
                "output": self.out.take(),
            }
        self._restore(saved)
        return {"ok": True, "value": value, "output": self.out.take()}
