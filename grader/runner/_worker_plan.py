"""Loading as a plan, the worker's half: definitions in place, driver statements on demand.

Part of the worker (see `_worker`); injected as ``_grader_worker_plan``. The grader's half,
`grader.load_plan`, classifies the statements; `PlanRun` runs them, reading from code
objects which global names a graded function needs, and gives each statement a time budget.
"""

from __future__ import annotations

import dis
import signal
import sys
import time
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the worker module imports this one, never the other way round
    from grader.runner._worker import Worker

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


class PlanRun:
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
        # One on-demand statement's budget, as the grader computed it (`statement_budget`).
        self.cap = float(plan.get("cap") or budget)
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
