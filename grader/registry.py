"""Finding assignments: the shipped ones under `assignments/`, and any a package registers
under the entry-point group ``grader.assignments``."""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
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


def names() -> list[str]:
    """Names of every known assignment, sorted."""
    return list(_modules())


@functools.cache
def get(name: str) -> Assignment:
    """The assignment called `name`; a UsageError naming the known ones otherwise."""
    modules = _modules()
    if name not in modules:
        known = ", ".join(modules) or "none"
        raise UsageError(f"unknown assignment {name!r} (known: {known})")
    target = modules[name]
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    assignment = getattr(module, attr or "assignment")
    if not isinstance(assignment, Assignment):
        raise UsageError(f"{target} does not define an Assignment")
    return assignment


def all_assignments() -> list[Assignment]:
    return [get(n) for n in names()]
