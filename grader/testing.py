"""Testing an assignment's properties in this process, without a worker: fast enough to run a
rubric against a correct solution and against hand-written mistakes in a unit test.

    from grader import Status
    from grader.testing import grade, solution

    outcomes = grade(assignment, solution("assignments/softmax/correct.py"))
    assert all(o.status is Status.PASSED for o in outcomes.values())

    def naive(z):  # a mistake, as a student would make it
        e = np.exp(z)
        return e / e.sum(axis=0, keepdims=True)

    outcomes = grade(assignment, solution("correct.py", softmax=naive), only={"stability.large"})
    assert "overflowed" in outcomes["stability.large"].message

`InProcess` stands in for the proxy a property receives as `code`, and behaves as it does
where a property can tell: calls are bound to the function's real signature (see
`grader.authoring.Function`), arguments and results cross as the plain data the worker would
send (anything else arrives as a description), numpy's and `random`'s global generators are
seeded before each call as in the worker, and a function that raises becomes a
`StudentFailure`. It does not isolate anything: the functions run in this process, with no
sandbox and no time limit. Use `grader selftest` for that.
"""

from __future__ import annotations

import dataclasses
import inspect
import random
import sys
import traceback
import types
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from grader import binding
from grader.config import RunConfig
from grader.properties import Assignment, Function
from grader.runner import codec
from grader.runner.engine import run
from grader.runner.student import Call, StudentFailure, call_seed

if TYPE_CHECKING:
    from grader.results import Outcome

__all__ = ["InProcess", "grade", "solution"]


class InProcess:
    """The student's code, as functions of this process: ``InProcess({"f": f})`` is what a
    property sees as `code`, where ``code.f(x)`` or ``code.call("f", x)`` calls `f`.

    functions: name -> function (a module's namespace will do: functions that call each
        other by name then see replacements, as in `solution`).
    assignment: whose `functions` declare the canonical parameters, to bind calls to each
        function's real signature as grading does; without it, calls go by position.
    """

    def __init__(self, functions: Mapping[str, Any], assignment: Assignment | None = None) -> None:
        self.functions = functions
        self.declared: Mapping[str, Function] = assignment.functions if assignment else {}
        self.call_timeout = 60.0  # set by the engine; nothing enforces it in-process
        self.unavailable: dict[str, str] = {}  # names from modules that failed to import
        self._seed = 0
        self._calls: list[Call] = []

    def begin_example(self, seed: int) -> None:
        """Start a generated example: calls are recorded afresh, seeds derive from `seed`."""
        self._seed, self._calls = seed, []

    @property
    def calls(self) -> list[Call]:
        """The calls of the current example (the engine shows the last one of a failure)."""
        return self._calls

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args: self.call(name, *args)

    def call(self, name: str, *args: Any) -> Any:
        """Call function `name` with the canonical arguments `args`, as the worker would."""
        function = self.functions.get(name)
        spec = self.declared.get(name)
        signature = _signature(function) if callable(function) else None
        bound = binding.bind(name, args, spec, signature)
        record = Call(name, bound.args, kwargs=dict(bound.kwargs), names=bound.labels)
        self._calls.append(record)
        if not callable(function):
            raise StudentFailure(f"NameError: {name} is not defined")
        # The worker's seed for this call (see StudentCode.call), so reports match.
        seed = call_seed(self._seed, len(self._calls))
        np.random.seed(seed % 2**32)
        random.seed(seed)
        sent_args = _plain(bound.args)
        sent_kwargs = _plain(dict(bound.kwargs))
        try:
            value = function(*sent_args, **sent_kwargs)
        except Exception as exc:
            error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            raise StudentFailure(error, traceback.format_exc()) from None
        return _plain(value)


def _plain(value: Any) -> Any:
    """`value` as it arrives from the other side of the worker's pipe: a copy, in plain data."""
    return codec.decode_frame(codec.encode(value))


def _signature(function: Callable[..., Any]) -> binding.Signature | None:
    """`function`'s parameters as the worker reports them (None when they cannot be read)."""
    try:
        params = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    return binding.parse_one(
        [[p.name, p.kind.name.lower(), p.default is not p.empty] for p in params]
    )


def solution(path: str | Path, /, **changes: Any) -> dict[str, Any]:
    """The top-level names of the Python file `path` (a solution in student form), with the
    functions in `changes` replaced: ``solution("correct.py", softmax=naive)``.

    The file runs as a module of its own, with its folder first on sys.path while it runs (as
    the worker puts a submission's folder). Replacements go into that module's namespace, so
    the file's other functions call them (a replaced ``forward_propagation`` is the one its
    ``nn_model`` uses)."""
    path = Path(path).resolve()
    module = types.ModuleType(f"_solution_{path.stem}")
    module.__file__ = str(path)
    code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
    sys.path.insert(0, str(path.parent))
    sys.modules[module.__name__] = module  # (dataclasses and pickling look a module up)
    try:
        exec(code, module.__dict__)
    finally:
        sys.path.remove(str(path.parent))
        sys.modules.pop(module.__name__, None)
    module.__dict__.update(changes)
    return module.__dict__


def grade(
    assignment: Assignment,
    functions: Mapping[str, Any] | InProcess,
    *,
    only: Iterable[str] | None = None,
    config: RunConfig | None = None,
) -> dict[str, Outcome]:
    """Run `assignment`'s properties on `functions` in this process: property id -> its
    outcome (``.status``, a `grader.Status`; ``.message``; ``.counterexample.call``).

    only: the ids of the properties to run (with the properties they depend on); all when
        None. An unknown id is a KeyError.
    config: seed, examples and the like (`grader.RunConfig`); the default run's otherwise.
    """
    code = functions if isinstance(functions, InProcess) else InProcess(functions, assignment)
    needed = {p.id for p in assignment.properties} if only is None else set(only)
    for id in needed:
        assignment.get(id)  # raises KeyError for an id the assignment does not have
    for prop in reversed(assignment.properties):
        if prop.id in needed:
            needed.update(prop.depends)
    part = dataclasses.replace(
        assignment, properties=[p for p in assignment.properties if p.id in needed]
    )
    return {o.property_id: o for o in run(part, code, config or RunConfig())}
