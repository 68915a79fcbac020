"""The worker: the only process that executes student code.

The launcher (`grader.runner.sandbox`) injects this file's source as the module
``_grader_worker`` (next to ``_grader_codec`` and ``_grader_jail``); the jail confines the
process and then calls `Worker.serve`. It talks to the grader over two inherited pipe
descriptors (requests in, replies out), one frame per message, and never writes results
anywhere else. Everything it sends is plain data (see codec).

Requests: ``{"op": "load", "cells": [[filename, source], ...], "plan": {...}}``,
``{"op": "call", "name": str, "args": [...], "kwargs": {...}, "seed": int}`` (kwargs optional),
``{"op": "signature", "name": str}`` and ``{"op": "info"}``.

A load with a plan (see `grader.load_plan` and `_PlanRun`) runs the submission's definitions
statement by statement and its driver code only on demand; without one, each cell runs whole.
The plan: ``{"statements": [{"cell": int, "source": str, "eager": bool, "binds": [str],
"module": str}, ...], "roots": [str] | None, "roots_follow": bool, "budget": float,
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
import dis
import inspect
import io
import linecache
import os
import random
import signal
import sys
import time
import traceback
import types
from typing import Any

try:  # injected by the sandbox bootstrap; the grader package itself is not importable here
    import _grader_codec as codec  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - only when imported inside the grader for inspection
    from grader.runner import codec

import numpy as np
import numpy.random  # lazy in numpy 2 (~60 ms); every call seeds it, so pay once, before forks

OUTPUT_CAP = 4000
BLOCKED_PACKAGES = ("grader", "reference", "assignments")
MAX_REPORTED = 20  # blocked attempts reported per kind
FUNCTION = types.FunctionType


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
        if self.size >= OUTPUT_CAP:  # the common case in a flood: count it and move on
            self.dropped += len(text)
            return len(text)
        room = OUTPUT_CAP - self.size
        self.parts.append(text[:room])
        self.size += min(room, len(text))
        self.dropped += max(0, len(text) - room)
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
            if name not in self.attempts and len(self.attempts) < MAX_REPORTED:
                self.attempts.append(name)
            raise ImportError(f"the grader's package {root!r} cannot be imported by a submission")
        return None


class _ReadWatch:
    """Audit hook noting attempts to open or list the grader's hidden folders.

    The sandbox (bwrap's empty tmpfs, or Landlock) is what makes them unreadable; this only
    remembers the attempt so the report can say so.
    """

    EVENTS = frozenset({"open", "os.listdir", "os.scandir", "os.chdir", "os.stat"})

    def __init__(self, hidden: list[str], shown: list[str] | None = None) -> None:
        self.hidden = tuple(h.rstrip("/") for h in hidden)
        # Folders of the worker's world inside a hidden one (the built-in support files):
        # reading them is what they are there for.
        self.shown = tuple(s.rstrip("/") for s in shown or ())
        self.attempts: list[str] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if event not in self.EVENTS or not self.hidden or not args:
            return
        path = args[0]
        if isinstance(path, int) or path is None:
            return
        try:
            path = os.path.abspath(os.fsdecode(os.fspath(path)))
        except Exception:
            return
        if any(path == s or path.startswith(s + "/") for s in self.shown):
            return
        for folder in self.hidden:
            if (path == folder or path.startswith(folder + "/")) and path not in self.attempts:
                if len(self.attempts) < MAX_REPORTED:
                    self.attempts.append(path)
                return


class _Pristine:
    """Two worlds in one process: the worker's own steps (reading a request, seeding, listing
    functions, encoding a reply) see the modules they rely on as they were before any student
    code ran; the student's steps see the modules as the student left them.

    So a submission that patches ``len``, ``json.dumps``, ``random.seed`` or ``isinstance``
    fools only its own code: the worker still answers the grader correctly.

    The pristine world is the default; `student` installs the submission's world around its
    code and takes it back after, so a call costs one check of the namespaces when nothing
    changed (the common case): a read of each dict's modification tag where CPython keeps
    one (see `_dict_tag`), else an entry-by-entry comparison (tens of microseconds).
    """

    def __init__(self, modules: list[types.ModuleType]) -> None:
        self.tag = _dict_tag()
        self.snapshots = [_Snapshot(m.__dict__, self.tag) for m in modules]
        self.theirs: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def _take_back(self) -> None:
        """Remember the submission's changes, then restore the original namespaces."""
        self.theirs = []
        for snap in self.snapshots:
            if snap.unchanged(self.tag):
                continue
            self.theirs.append((snap.namespace, dict(snap.namespace)))
            _replace(snap.namespace, snap.pristine)
            snap.mark_pristine(self.tag)  # restoring changed the tag

    def _give_back(self) -> None:
        for namespace, state in self.theirs:
            _replace(namespace, state)

    def student(self) -> _Pristine:
        """``with pristine.student():`` the student's code runs in the world it made. (A plain
        context manager, not a generator: it wraps every call into student code.)"""
        return self

    def __enter__(self) -> None:
        self._give_back()

    def __exit__(self, *exc: object) -> None:
        self._take_back()


def _dict_tag() -> Any:
    """A function giving, for a dict, a live view of its modification tag (``view.value`` reads
    the tag now), or None where this interpreter has none.

    CPython 3.11 to 3.13 keep in every dict a 64-bit tag that changes whenever the dict is
    modified (PEP 509's ``ma_version_tag``, after the object header and the item count).
    Comparing it answers "did this namespace change?" in constant time. Layouts differ between
    builds and versions, so the reader is trusted only after it has watched a probe dict
    change: the count must be where expected and every modification must change the tag.
    """
    try:
        import ctypes

        if sys.implementation.name != "cpython":
            return None
        header = object.__basicsize__
        count = ctypes.c_ssize_t
        tag_type = ctypes.c_uint64

        def view(d: dict[Any, Any]) -> Any:
            # A dict never moves, and the snapshot holding the view holds the dict.
            return tag_type.from_address(id(d) + header + 8)

        probe: dict[str, int] = {"a": 1}
        watch = view(probe)
        seen = [watch.value]
        probe["a"] = 2
        seen.append(watch.value)
        probe["b"] = 3
        seen.append(watch.value)
        del probe["a"]
        seen.append(watch.value)
        if count.from_address(id(probe) + header).value != 1 or len(set(seen)) != 4:
            return None
        if watch.value != seen[-1]:
            return None
        return view
    except Exception:
        return None


class _Snapshot:
    """One namespace as it was before any student code ran, and how to tell it still is."""

    __slots__ = ("namespace", "pristine", "tag_value", "view")

    def __init__(self, namespace: dict[str, Any], tag: Any) -> None:
        self.namespace = namespace
        self.pristine = dict(namespace)
        self.view = tag(namespace) if tag else None
        self.tag_value = self.view.value if self.view is not None else 0

    def mark_pristine(self, tag: Any) -> None:
        if tag and self.view is not None:
            self.tag_value = self.view.value

    def unchanged(self, tag: Any) -> bool:
        """By the dict's tag where there is one; else entry by entry. Dict equality checks
        identity first, in C, so the unchanged case runs no Python code; an entry that did
        change is compared with ``==``, which may run the submission's ``__eq__`` or fail
        (an array): any doubt counts as a change."""
        if tag and self.view is not None:
            return self.view.value == self.tag_value
        try:
            return bool(self.namespace == self.pristine)
        except Exception:
            return False


def _replace(namespace: dict[str, Any], state: dict[str, Any]) -> None:
    for key in [k for k in namespace if k not in state]:
        del namespace[key]
    namespace.update(state)


def _own_modules() -> list[types.ModuleType]:
    import json.decoder
    import json.encoder
    import math
    import struct

    return [
        builtins, json, json.encoder, json.decoder, math, struct, np, np.random, random,
        traceback, linecache, types, io, codec, inspect,
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
        self.out = _CappedWriter()
        self.blocker = _Blocker()
        self.reads = _ReadWatch(list(hidden or ()), list(shown or ()))
        self.info = dict(info or {})
        self.pristine = _Pristine(_own_modules())

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
                    report = _PlanRun(self, cells, plan, warnings).run()
                except (EOFError, _OutOfTime):
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


# -- loading as a plan ------------------------------------------------------------------------
_GLOBAL_OPS = frozenset(
    {"LOAD_GLOBAL", "LOAD_NAME", "STORE_GLOBAL", "DELETE_GLOBAL", "LOAD_FROM_DICT_OR_GLOBALS"}
)
_CO_OPTIMIZED = 0x1  # a function's code (a class body or a module's has no fast locals)
_EAGER_NESTED = frozenset({"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"})
_FUTURE_FLAGS = 0
for _feature in __import__("__future__").all_feature_names:
    _FUTURE_FLAGS |= getattr(__import__("__future__"), _feature).compiler_flag


class _OutOfTime(BaseException):
    """A statement ran past its budget (raised from SIGALRM, again every 50 ms until it
    stops, so a bare ``except:`` in the student's loop does not keep it running)."""


def _global_names(code: types.CodeType, eager_only: bool = False) -> set[str]:
    """The global names `code` reads or writes, in nested code too. With `eager_only`, only
    code that runs when `code` itself runs (a class body, a comprehension), not the bodies of
    the functions it defines: what a ``def`` statement needs is its defaults and decorators."""
    names: set[str] = set()
    stack = [code]
    while stack:
        current = stack.pop()
        names.update(i.argval for i in dis.get_instructions(current) if i.opname in _GLOBAL_OPS)
        for const in current.co_consts:
            if isinstance(const, types.CodeType):
                body = const.co_flags & _CO_OPTIMIZED and const.co_name not in _EAGER_NESTED
                if not (eager_only and body):
                    stack.append(const)
    return names


class _PlanRun:
    """One load by plan: definitions in place, driver statements only when something needs
    what they bind (see `grader.load_plan`).

    A statement is "pending" until it runs; it ends "ran", "failed" or "timeout". Needs are
    read from code objects: a driver statement's own code, and, for each name it or a root
    reads that holds one of the submission's functions (or classes), that function's global
    names, recursively. The binders of a needed name that run are those after the last
    statement binding it that already ran (Jupyter's last writer wins), and before the
    statement that needs it.
    """

    def __init__(
        self, worker: Worker, cells: list[list[str]], plan: dict[str, Any], warnings: list[str]
    ) -> None:
        self.worker = worker
        self.namespace = worker.namespace
        self.warnings = warnings
        self.filenames = [str(c[0]) for c in cells]
        self.statements: list[dict[str, Any]] = list(plan.get("statements") or [])
        self.plan = plan
        self.state = ["pending"] * len(self.statements)
        self.on_demand: list[int] = []
        self.missing: list[list[Any]] = []
        self.codes: dict[int, types.CodeType | None] = {}
        self.binders: dict[str, list[int]] = {}
        for index, statement in enumerate(self.statements):
            for name in statement.get("binds") or ():
                self.binders.setdefault(name, []).append(index)
        self.seen: set[tuple[Any, float]] = set()
        self.future = 0
        self.armed = False
        budget = float(plan.get("budget") or 20.0)
        # Time to spare for the reply: the grader's clock runs out at `budget`.
        self.deadline = time.monotonic() + budget - min(1.0, budget / 10)
        self.cap = max(budget / 4, 0.5)  # one on-demand statement's budget
        self.alarm = self._install_alarm()
        for index in plan.get("skip") or ():
            if isinstance(index, int) and 0 <= index < len(self.statements):
                self.state[index] = "timeout"  # timed out in an earlier worker: not again

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        try:
            for index, statement in enumerate(self.statements):
                if statement.get("eager") and self.state[index] == "pending":
                    code = self._code(index)
                    if code is not None:
                        self._ensure(_global_names(code, eager_only=True), index)
                    # A definition takes microseconds: even with the load's time spent, it
                    # gets a moment, so one slow statement never costs the functions after it.
                    now = time.monotonic()
                    self._execute(index, max(min(self.deadline, now + self.cap), now + 0.05))
            roots = self.plan.get("roots")
            if self.plan.get("roots_follow"):
                message = self.worker.receive()
                roots = message.get("roots") if isinstance(message, dict) else None
            if not isinstance(roots, list):
                roots = [
                    name
                    for name, value in list(dict.items(self.namespace))
                    if isinstance(value, types.FunctionType) and self._ours(value)
                ]
            self._ensure([r for r in roots if isinstance(r, str)], len(self.statements))
            self._check_unrun_imports()
        finally:
            if self.alarm is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self.alarm)
        return {
            "not_run": [i for i, s in enumerate(self.state) if s == "pending"],
            "on_demand": self.on_demand,
            "timed_out": [i for i, s in enumerate(self.state) if s == "timeout"],
            "failed": [i for i in self.on_demand if self.state[i] == "failed"],
            "missing": self.missing,
        }

    def _check_unrun_imports(self) -> None:
        """Imports nothing needed did not run; whether their module exists is still worth
        saying. The import system finds a top-level module without importing it."""
        import importlib.util

        for index, statement in enumerate(self.statements):
            module = str(statement.get("module") or "")
            root = module.partition(".")[0]
            if self.state[index] != "pending" or not root or root in sys.modules:
                continue
            try:
                found = importlib.util.find_spec(root) is not None
            except Exception:  # a broken finder or package: as good as missing
                found = False
            if not found:
                self.missing.append([index, root])

    def _ensure(self, names: Any, before: int) -> None:
        """Run, in source order, the pending statements (before `before`) that the names in
        `names` need, and what those need in turn (found first, without recursion: a chain
        of hundreds of statements must not exhaust the worker's own stack)."""
        needed: set[int] = set()
        work = [(name, before) for name in names]
        while work:
            name, limit = work.pop()
            if (name, limit) in self.seen:
                continue
            self.seen.add((name, limit))
            candidates = [i for i in self.binders.get(name, ()) if i < limit]
            done = [i for i in candidates if self.state[i] != "pending"]
            last = max(done) if done else -1
            for index in candidates:
                if index > last and self.state[index] == "pending" and index not in needed:
                    needed.add(index)
                    code = self._code(index)
                    if code is not None:
                        work.extend((n, index) for n in _global_names(code))
            for code in self._codes_of(dict.get(self.namespace, name)):
                if (id(code), limit) not in self.seen:
                    self.seen.add((id(code), limit))
                    work.extend((n, limit) for n in _global_names(code))
        for index in sorted(needed):
            if self.state[index] == "pending":
                self.on_demand.append(index)
                self._execute(index, min(self.deadline, time.monotonic() + self.cap))

    def _codes_of(self, value: Any) -> list[types.CodeType]:
        """The code of a function of the submission, or of a class's methods: what it reads
        is needed in turn."""
        codes: list[types.CodeType] = []
        try:
            if isinstance(value, types.FunctionType) and self._ours(value):
                codes.append(value.__code__)
            elif (
                isinstance(value, type) and type.__getattribute__(value, "__module__") == "__main__"
            ):
                for member in list(type.__getattribute__(value, "__dict__").values()):
                    member = getattr(member, "__func__", member)  # static/class methods
                    getter = getattr(member, "fget", None)  # properties
                    for f in (member, getter):
                        if isinstance(f, types.FunctionType) and self._ours(f):
                            codes.append(f.__code__)
        except Exception:  # an object that resists inspection needs nothing we can tell
            return []
        return codes

    # -- one statement ------------------------------------------------------------------------
    def _ours(self, function: types.FunctionType) -> bool:
        return function.__code__.co_filename in self.worker.student_files

    def _code(self, index: int) -> types.CodeType | None:
        if index not in self.codes:
            statement = self.statements[index]
            filename = self.filenames[statement["cell"]]
            try:
                self.codes[index] = compile(
                    statement["source"], filename, "exec", flags=self.future, dont_inherit=True
                )
            except (SyntaxError, ValueError) as exc:
                self.codes[index] = None
                self.state[index] = "failed"
                line = getattr(exc, "lineno", None)
                msg = getattr(exc, "msg", str(exc))
                self.warnings.append(f"{filename}: {type(exc).__name__}: {msg} (line {line})")
        return self.codes[index]

    def _execute(self, index: int, deadline: float) -> None:
        code = self._code(index)
        if code is None or self.state[index] != "pending":
            return
        statement = self.statements[index]
        left = deadline - time.monotonic()
        if left <= 0:
            self.state[index] = "timeout"
            self._warn_timeout(index)
            return
        try:
            if self.alarm is not None:
                signal.setitimer(signal.ITIMER_REAL, left, 0.05)
            try:
                with self.worker.pristine.student():
                    self.armed = True
                    try:
                        exec(code, self.namespace)
                    finally:
                        self.armed = False
            finally:
                if self.alarm is not None:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    sys.settrace(None)
        except _OutOfTime:
            self.state[index] = "timeout"
            self._warn_timeout(index)
            return
        except BaseException as exc:  # SystemExit, KeyboardInterrupt included
            self.state[index] = "failed"
            absent = getattr(exc, "name", None)
            if isinstance(exc, ModuleNotFoundError) and statement.get("module"):
                self.missing.append([index, absent if isinstance(absent, str) else ""])
                return
            where = self.worker._student_traceback(exc).strip().splitlines()
            summary = where[-1] if where else type(exc).__name__
            self.warnings.append(f"{self.filenames[statement['cell']]}: {summary[:300]}")
            return
        self.state[index] = "ran"
        self.future |= code.co_flags & _FUTURE_FLAGS  # `from __future__ import ...`

    def _warn_timeout(self, index: int) -> None:
        filename = self.filenames[self.statements[index]["cell"]]
        self.warnings.append(
            f"{filename}: top-level code did not finish in the time it had and was stopped"
        )

    def _install_alarm(self) -> Any:
        def trace(frame: Any, event: str, arg: Any) -> Any:
            # Not on "exception": raising there would be caught like the first raise, and
            # an error in a trace function turns tracing off.
            if self.armed and event in ("line", "call"):
                raise _OutOfTime
            return trace if self.armed else None

        def ring(signum: int, frame: Any) -> None:
            if not self.armed:  # never inside the worker's own steps around the statement
                return
            # An ``except BaseException: pass`` in the student's loop would catch the raise
            # below; tracing the running frames raises again on the handler's first line,
            # which no handler of that ``try`` catches.
            sys.settrace(trace)
            while frame is not None:
                frame.f_trace = trace
                frame = frame.f_back
            raise _OutOfTime

        try:
            return signal.signal(signal.SIGALRM, ring)
        except (ValueError, OSError):  # not the main thread: no per-statement budgets
            return None
