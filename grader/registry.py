"""Finding assignments: the shipped ones under `assignments/`, any a package registers under
the entry-point group ``grader.assignments``, and any registered in this process with
`register` (a test, a script or a notebook that defines its own)."""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import os
import pkgutil

from grader.errors import UsageError
from grader.properties import Assignment


@functools.cache
def _modules() -> dict[str, str]:
    """Assignment name -> module path, without importing any assignment."""
    import assignments

    found = {
        info.name.replace("_", "-"): f"assignments.{info.name}"
        for info in pkgutil.iter_modules(assignments.__path__)
        if info.ispkg and not info.name.startswith("_")
    }
    for entry in importlib.metadata.entry_points(group="grader.assignments"):
        found.setdefault(entry.name, entry.value)
    return dict(sorted(found.items()))


# Assignments registered in this process by `register`, by name.
_registered: dict[str, Assignment] = {}


def register(assignment: Assignment) -> Assignment:
    """Make `assignment` known by its name in this process (``grader.check(path, name)``,
    ``grader selftest`` run in-process...). Shipped and entry-point assignments need no call;
    a registered assignment hides a shipped one of the same name. Returns `assignment`."""
    if not isinstance(assignment, Assignment):
        raise TypeError(f"register() takes an Assignment, not {type(assignment).__name__}")
    _registered[assignment.name] = assignment
    get.cache_clear()
    return assignment


def unregister(name: str) -> None:
    """Forget an assignment that `register` made known (no error when it was not)."""
    _registered.pop(name, None)
    get.cache_clear()


def names() -> list[str]:
    """Names of every known assignment, sorted."""
    return sorted({*_modules(), *_registered})


@functools.cache
def get(name: str) -> Assignment:
    """The assignment called `name`; a UsageError naming the known ones otherwise."""
    if name in _registered:
        return _registered[name]
    modules = _modules()
    if name not in modules:
        known = ", ".join(names()) or "none"
        raise UsageError(f"unknown assignment {name!r} (known: {known})")
    target = modules[name]
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    assignment = getattr(module, attr or "assignment")
    if not isinstance(assignment, Assignment):
        raise UsageError(f"{target} does not define an Assignment")
    return assignment


def support_hint(name: str | None) -> tuple[str, ...]:
    """The support paths assignment `name` most likely declares, known without importing it
    (a worker starts before the assignment is imported; `grader.api.check` verifies the
    guess and restarts the worker in the rare case it was wrong): its own when it is already
    loaded, the built-in support folder for a shipped (or not yet known) assignment."""
    from grader.runner.world import assignment_support, builtin_support

    if name is not None and name in _registered:
        return assignment_support(_registered[name])
    if name is None or _shipped(name):
        return (builtin_support(),)
    return ()


def _shipped(name: str) -> bool:
    """Whether `name` is a shipped assignment, without scanning entry points (~10 ms, paid
    before the worker could start)."""
    import assignments

    folder = name.replace("-", "_")
    return not folder.startswith("_") and any(
        os.path.isfile(os.path.join(path, folder, "__init__.py")) for path in assignments.__path__
    )


def all_assignments() -> list[Assignment]:
    return [get(n) for n in names()]
