"""The worker: the only process that executes student code.

It is started by `grader.runner.sandbox` as ``python -I -c <bootstrap>``; the bootstrap injects
the codec as the module ``_grader_codec`` and then runs this file's source. It talks to the
grader over two inherited pipe descriptors (requests in, replies out), one frame per message,
and never writes results anywhere else. Everything it sends is plain data (see codec).

Requests: ``{"op": "load", "cells": [[filename, source], ...]}`` and
``{"op": "call", "name": str, "args": [...], "seed": int}``.
"""

from __future__ import annotations

import builtins
import io
import linecache
import os
import random
import sys
import traceback
import types
from typing import Any

try:  # injected by the sandbox bootstrap; the grader package itself is not importable here
    import _grader_codec as codec  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - only when imported inside the grader for inspection
    from grader.runner import codec

import numpy as np

OUTPUT_CAP = 4000
BLOCKED_PACKAGES = ("grader", "reference", "assignments")


class _CappedWriter(io.TextIOBase):
    """Collects what the student prints, keeping only the first OUTPUT_CAP characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        room = OUTPUT_CAP - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def flush(self) -> None:
        pass

    def take(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n... ({self.dropped} more characters not shown)"
        self.parts, self.size, self.dropped = [], 0, 0
        return text


class _Blocker:
    """Meta-path finder that refuses the grader's own packages, and remembers who asked."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        root = name.partition(".")[0]
        if root in BLOCKED_PACKAGES:
            self.attempts.append(name)
            raise ImportError(f"the grader's package {root!r} cannot be imported by a submission")
        return None


class Worker:
    def __init__(self, req_fd: int, rep_fd: int) -> None:
        self.req = os.fdopen(req_fd, "rb", buffering=0)
        self.rep = os.fdopen(rep_fd, "wb", buffering=0)
        # Student code runs as the real __main__ module, as it would in a notebook kernel.
        main_module = types.ModuleType("__main__")
        main_module.__dict__["__builtins__"] = builtins
        sys.modules["__main__"] = main_module
        self.namespace: dict[str, Any] = main_module.__dict__
        self.student_files: set[str] = set()
        self.out = _CappedWriter()
        self.blocker = _Blocker()

    # -- transport ------------------------------------------------------------------------
    def _read_exact(self, n: int) -> bytes:
        chunks, left = [], n
        while left:
            chunk = self.req.read(left)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def receive(self) -> Any:
        header_len, body_len = codec.frame_sizes(self._read_exact(codec.PREFIX_SIZE))
        header = self._read_exact(header_len)
        return codec.decode(header, self._read_exact(body_len) if body_len else b"")

    def send(self, value: dict[str, Any]) -> None:
        try:
            frame = codec.encode(value)
        except Exception as exc:  # a value that cannot even be described
            frame = codec.encode({"ok": False, "error": f"unsendable reply: {type(exc).__name__}"})
        view = memoryview(frame)
        while view:
            written = os.write(self.rep.fileno(), view)
            view = view[written:]

    # -- requests -------------------------------------------------------------------------
    def serve(self) -> None:
        sys.meta_path.insert(0, self.blocker)
        while True:
            try:
                request = self.receive()
            except EOFError:
                return
            op = request.get("op") if isinstance(request, dict) else None
            if op == "load":
                self.send(self.load(request["cells"]))
            elif op == "call":
                self.send(self.call(request["name"], request["args"], request["seed"]))
            else:
                self.send({"ok": False, "error": f"unknown request {op!r}"})

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

    def load(self, cells: list[list[str]]) -> dict[str, Any]:
        warnings: list[str] = []
        saved = self._redirect()
        try:
            for filename, source in cells:
                self.student_files.add(filename)
                linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
                try:
                    code = compile(source, filename, "exec")
                except SyntaxError as exc:
                    warnings.append(f"{filename}: SyntaxError: {exc.msg} (line {exc.lineno})")
                    continue
                try:
                    exec(code, self.namespace)
                except BaseException as exc:  # SystemExit, KeyboardInterrupt included
                    where = self._student_traceback(exc).strip().splitlines()
                    summary = where[-1] if where else type(exc).__name__
                    warnings.append(f"{filename}: {summary[:300]}")
        finally:
            self._restore(saved)
        functions = sorted(
            name
            for name, value in list(self.namespace.items())
            if isinstance(name, str)
            and isinstance(value, types.FunctionType | types.BuiltinFunctionType)
        )
        callables = sorted(
            name
            for name, value in list(self.namespace.items())
            if isinstance(name, str) and callable(value)
        )
        return {
            "ok": True,
            "functions": functions,
            "callables": callables,
            "warnings": warnings,
            "output": self.out.take(),
            "blocked": sorted(set(self.blocker.attempts)),
        }

    def call(self, name: str, args: list[Any], seed: int) -> dict[str, Any]:
        func = self.namespace.get(name)
        if func is None or not callable(func):
            return {"ok": False, "error": f"NameError: {name} is not defined", "traceback": ""}
        # Seed the legacy global RNGs from the example, so np.random.* users get a
        # reproducible report; a Generator the student made stays as random as they made it.
        np.random.seed(seed % 2**32)
        random.seed(seed)
        saved = self._redirect()
        try:
            value = func(*args)
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


def main() -> None:
    req_fd, rep_fd = int(sys.argv[1]), int(sys.argv[2])
    Worker(req_fd, rep_fd).serve()


if __name__ == "__grader_worker__":
    main()
