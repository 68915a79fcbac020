"""Assignments and their properties: what an instructor writes.

A property is a plain function plus one decorator::

    init = Assignment("init-shallow", "Initialize a one-hidden-layer network",
                      functions={"initialize_parameters": ("n_x", "n_h", "n_y")})

    @init.property("shapes.weights", category="shapes", points=10,
                   given={"n_x": sizes, "n_h": sizes, "n_y": sizes}, depends=("api.keys",),
                   hint="Row l of W1 holds the weights of hidden unit l.")
    def weights_have_layer_shapes(code, n_x, n_h, n_y):
        "W1 is (n_h, n_x) and W2 is (n_y, n_h), for every size."
        params = code.initialize_parameters(n_x, n_h, n_y)
        ...
        raise Failure("W1 has shape (1, 2); expected (n_h, n_x) = (2, 1): rows are hidden units")

The engine, not the property, applies Hypothesis to `given`; the docstring's first line is the
title a student reads. `code` is a `StudentCode` proxy: calling ``code.f(...)`` runs the
student's `f` in the worker and returns plain data.
"""

from __future__ import annotations

import builtins
import contextlib
import contextvars
import inspect
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import _declaration
from grader.errors import DeclarationError

PropertyFunc = Callable[..., None]


class Failure(AssertionError):
    """Raised by a property when the student's code is wrong; the message is for the student."""


# Where `attach` puts data while the engine runs one example (None outside a run).
_artifacts: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "grader_artifacts", default=None
)


def attach(name: str, data: Any) -> None:
    """Keep small JSON-able `data` under `name` with this property's result.

    Only the example that decides the result keeps what it attached: the minimal counterexample
    of a failure, or the last example tried for a pass. Renderers that know `name` draw it (the
    HTML page plots "trajectories"); the others ignore it. Outside a grading run it does nothing.
    Call it before raising `Failure`, so a failing example keeps its data.
    """
    store = _artifacts.get()
    if store is None:
        return
    json.dumps(data, allow_nan=False)  # a property bug surfaces here, not in a renderer
    store[name] = data


#: The artifact under which `note` keeps its text; the engine makes it a passed result's message.
NOTE = "note"


def note(text: str) -> None:
    """Say why a property passed when it passed by a rule the student may not expect, e.g.
    "seeded inside the function (allowed by this course)". The text becomes the passed
    result's message; a failure's own message wins over it."""
    attach(NOTE, text)


@contextlib.contextmanager
def recording_artifacts() -> Iterator[dict[str, Any]]:
    """The engine's side of `attach`: collects what one example attaches."""
    store: dict[str, Any] = {}
    token = _artifacts.set(store)
    try:
        yield store
    finally:
        _artifacts.reset(token)


@dataclass(frozen=True)
class Extra:
    """A parameter that some versions of a course add to a function, and the value it gets when
    a student's signature requires it: `value` as it is, or ``make(given)`` built from the
    arguments the property passed, by canonical name (e.g. a ``parameters`` dict whose shapes
    fit the given ``A2``). Values must depend on the given arguments alone, so a replayed
    example replays the call."""

    value: Any = None
    make: Callable[[Mapping[str, Any]], Any] | None = None

    def produce(self, given: Mapping[str, Any]) -> Any:
        return self.make(given) if self.make is not None else self.value


@dataclass(frozen=True)
class Function:
    """A function the student writes, as an assignment declares it.

    params: its canonical parameters, in the order properties pass them (``code.f(a, b)``).
    extras: parameters the student's signature may require that a property does not pass,
        by name, with the value they get (course versions: ``compute_cost(A2, Y, parameters)``,
        a required ``learning_rate``). A canonical parameter may have one too, for calls that
        leave it out.
    variants: other accepted parameter lists, shown to a student whose signature cannot be
        matched (each must be bindable from `params` and `extras`).

    Iterating a Function gives its canonical parameter names, as the plain tuple of names that
    an assignment may still give instead of a Function.
    """

    params: tuple[str, ...]
    extras: Mapping[str, Extra] = field(default_factory=dict)
    variants: tuple[tuple[str, ...], ...] = ()

    def __iter__(self) -> Iterator[str]:
        return iter(self.params)

    def __len__(self) -> int:
        return len(self.params)

    def forms(self, name: str) -> list[str]:
        """Every accepted call form, canonical first: ``["compute_cost(A2, Y)", ...]``."""
        return [f"{name}({', '.join(ps)})" for ps in (self.params, *self.variants)]


@dataclass(frozen=True)
class Property:
    id: str
    title: str
    category: str
    points: float
    func: PropertyFunc
    given: Mapping[str, Any] = field(default_factory=dict)  # name -> Hypothesis strategy
    depends: tuple[str, ...] = ()
    hint: str | None = None
    examples: int = 15  # generated inputs to try (before shrinking)
    timeout: float | None = None  # per call into student code; None = the run's default
    # The functions (roles) it calls: a course profile that binds none of them drops it, and
    # one that binds some runs it on those (see grader.roles). Empty: it needs every function.
    roles: tuple[str, ...] = ()


@dataclass
class Assignment:
    """An assignment: the functions a student writes and the properties that grade them.

    name: the id used on the command line (``-a init-shallow``) and in notebook metadata.
    functions: each required function: a `Function`, or just the names of its parameters in
        order. Used to call the student's function by its real signature (see
        `grader.binding`), to show counterexamples as calls and to infer the assignment from a
        submission. Plain tuples become Functions.
    version: bump when the properties change, so stored batch reports are re-graded.
    support: files or folders of helper modules the course's notebooks import (e.g.
        ``planar_utils``), offered read-only on every worker's sys.path after the
        submission's folder and ``--support`` (a folder as it is; a file as a folder of one).
    """

    name: str
    title: str
    functions: dict[str, Function]
    version: str = "1"
    description: str = ""
    template: str | None = None  # path of the student template notebook, if any
    support: tuple[str | Path, ...] = ()
    properties: list[Property] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.functions = {
            name: spec if isinstance(spec, Function) else Function(tuple(spec))
            for name, spec in self.functions.items()
        }

    def property(
        self,
        id: str,
        *,
        category: str,
        points: float,
        given: Mapping[str, Any] | None = None,
        depends: tuple[str, ...] | list[str] = (),
        hint: str | None = None,
        examples: int = 15,
        timeout: float | None = None,
        roles: tuple[str, ...] | list[str] = (),
    ) -> Callable[[PropertyFunc], PropertyFunc]:
        """Register the decorated function as a property of this assignment.

        A declaration that cannot work raises `DeclarationError` here, naming the property and
        the argument: a `given` key that no parameter of the function takes, a parameter that
        `given` does not draw, negative points, a `depends` or `roles` given as one string or
        naming what does not exist (a dependency must be declared first), a duplicate id."""
        where = f"{self.name}: property {id!r}"
        depends, roles = _declaration.check_arguments(
            where,
            id=id,
            category=category,
            points=points,
            given=given,
            depends=depends,
            hint=hint,
            examples=examples,
            timeout=timeout,
            roles=roles,
            declared=[p.id for p in self.properties],
            functions=self.functions,
        )

        def register(func: PropertyFunc) -> PropertyFunc:
            _declaration.check_function(where, func, given or {})
            if any(p.id == id for p in self.properties):  # declared since property() was called
                raise DeclarationError(f"{where} is a duplicate: property ids must be unique")
            doc = inspect.getdoc(func) or ""
            title = doc.strip().splitlines()[0] if doc.strip() else id
            prop = Property(
                id=id,
                title=title,
                category=category,
                points=points,
                func=func,
                given=dict(given or {}),
                depends=tuple(depends),
                hint=hint,
                examples=examples,
                timeout=timeout,
                roles=tuple(roles),
            )
            self.properties.append(prop)
            return func

        return register

    @builtins.property  # plain `property` is the decorator method above
    def max_score(self) -> float:
        return sum(p.points for p in self.properties)

    def categories(self) -> list[str]:
        seen: list[str] = []
        for p in self.properties:
            if p.category not in seen:
                seen.append(p.category)
        return seen

    def get(self, property_id: str) -> Property:
        for p in self.properties:
            if p.id == property_id:
                return p
        raise KeyError(property_id)
