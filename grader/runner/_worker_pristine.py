"""The worker's own world: the modules it relies on, kept as they were before student code ran.

Part of the worker (see `_worker`); injected as ``_grader_worker_pristine``. `Pristine`
snapshots those modules' namespaces and swaps them with the submission's versions around
each step of student code, so a submission that patches ``len`` or ``json.dumps`` fools only
itself. Nothing here is a security boundary (see `_worker`).
"""

from __future__ import annotations

import sys
import types
from typing import Any


class Pristine:
    """Two worlds in one process: the worker's own steps (reading a request, seeding, listing
    functions, encoding a reply) see the modules they rely on as they were before any student
    code ran; the student's steps see the modules as the student left them.

    So a submission that patches ``len``, ``json.dumps``, ``random.seed`` or ``isinstance``
    fools only its own code: the worker still answers the grader correctly.

    The pristine world is the default; `student` installs the submission's world around its
    code and takes it back after, so a call costs one check of the namespaces when nothing
    changed (the common case): a read of each dict's modification tag where CPython keeps
    one (see `dict_tag`), else an entry-by-entry comparison (tens of microseconds).
    """

    def __init__(self, modules: list[types.ModuleType]) -> None:
        self.tag = dict_tag()
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

    def student(self) -> Pristine:
        """``with pristine.student():`` the student's code runs in the world it made. (A plain
        context manager, not a generator: it wraps every call into student code.)"""
        return self

    def __enter__(self) -> None:
        self._give_back()

    def __exit__(self, *exc: object) -> None:
        self._take_back()


def dict_tag() -> Any:
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
