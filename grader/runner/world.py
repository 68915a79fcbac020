"""A worker's world: what the student's code may see, built once as plain data.

A worker sees, read-only: the submission's folder (its working directory and first on
``sys.path``, as a notebook's folder is in Jupyter), the support files (instructor-provided
helper modules, on ``sys.path`` after it), and the interpreter with the system files it needs.
It may write only in a scratch folder of its own, which vanishes with it; where the sandbox
can, writes into the submission's folder land in that scratch folder too (an overlay) and
vanish as well. Nothing else is readable: not the other students' files, the output folder,
the user's home or the temporary directory.

`World` is that view; each sandbox layer (`grader.runner._jail`: a private mount table built
from it, and Landlock) enforces it. The part shared by every submission (interpreter, system
files, support) is computed once per process; a submission adds only its folder.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import site
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader.errors import UsageError

_HERE = Path(__file__).resolve().parent
_PACKAGES = ("grader", "reference", "assignments")

#: System paths a worker may read besides the interpreter: the shared libraries numpy and
#: matplotlib load, the dynamic loader's cache, time zones and fonts, the CPU topology
#: OpenBLAS reads, and the harmless devices. Missing ones are skipped.
SYSTEM_PATHS = (
    "/usr/lib",
    "/usr/lib64",
    "/usr/lib32",
    "/lib",
    "/lib64",
    "/lib32",
    "/usr/local/lib",
    "/usr/bin",
    "/bin",
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/etc/fonts",
    "/usr/share/zoneinfo",
    "/usr/share/fonts",
    "/sys/devices/system/cpu",
)
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@functools.cache
def grader_folders() -> tuple[str, ...]:
    """Folders of the grader's own packages (and the whole checkout when running from one:
    its tests and history hold every answer). A worker never reads them, except the support
    folder an assignment declares."""
    hidden: set[str] = set()
    root = _HERE.parent.parent
    if (root / "pyproject.toml").is_file() and (root / "grader").is_dir():
        hidden.add(str(root))
    for name in _PACKAGES:
        with contextlib.suppress(ImportError, ValueError):
            import importlib.util

            spec = importlib.util.find_spec(name)
            for location in (spec.submodule_search_locations or []) if spec else []:
                hidden.add(str(Path(location).resolve()))
    return tuple(sorted(hidden))


@functools.cache
def interpreter_paths() -> tuple[str, ...]:
    """The interpreter's own folders: prefix, base prefix, site-packages, its executable's."""
    found = {
        str(Path(p).resolve())
        for p in (sys.prefix, sys.base_prefix, *site.getsitepackages())
        if p and Path(p).is_dir()
    }
    found.add(os.path.dirname(os.path.realpath(sys.executable)))
    return tuple(sorted(found))


@functools.cache
def system_paths() -> tuple[str, ...]:
    """`interpreter_paths` and the `SYSTEM_PATHS` that exist here, without nested repeats."""
    paths = [*interpreter_paths(), *(p for p in SYSTEM_PATHS if os.path.lexists(p))]
    return _outermost(paths)


def _outermost(paths: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """`paths` without those inside another one (symlinks count as themselves)."""
    kept: list[str] = []
    for path in sorted(set(paths), key=lambda p: (p.count("/"), p)):
        if not any(_inside(path, k) and not os.path.islink(k) for k in kept):
            kept.append(path)
    return tuple(sorted(kept))


@dataclass(frozen=True)
class World:
    """What one worker may see and where it runs.

    folder: the submission's folder (working directory, first on sys.path, read-only), or ""
        for none (a batch's flat folder of many students: the worker gets only its scratch).
    support: instructor-provided folders, on sys.path after `folder`, in this order, read-only.
    readable: the interpreter and system paths, read-only (see `system_paths`).
    hidden: folders that stay unreadable even inside a readable one (the grader's own).
    scratch: the worker's private writable folder (its HOME and TMPDIR); set by the launcher
        for each worker it starts.
    """

    folder: str = ""
    support: tuple[str, ...] = ()
    readable: tuple[str, ...] = field(default_factory=system_paths)
    hidden: tuple[str, ...] = field(default_factory=grader_folders)
    scratch: str = ""

    @property
    def cwd(self) -> str:
        """The working directory: the submission's folder, else the scratch folder."""
        return self.folder or self.scratch

    @property
    def sys_path(self) -> tuple[str, ...]:
        """What goes in front of sys.path, in order: the folder, then the support folders."""
        return ((self.folder,) if self.folder else ()) + self.support

    @property
    def roots(self) -> tuple[str, ...]:
        """Everything readable, outermost first (scratch excluded: it is writable)."""
        own = (self.folder,) if self.folder else ()
        return tuple(sorted({*self.readable, *self.support, *own}, key=_depth))

    def with_scratch(self, scratch: str) -> World:
        return replace(self, scratch=scratch)

    def mounts(self) -> list[list[str]]:
        """The private root a worker with its own mount table builds, in order: ``["bind",
        path]`` (read-only), ``["folder", path]`` (the submission's folder: read-only, or an
        overlay whose writes vanish), ``["hide", path]`` (an empty folder over a grader
        folder inside one of them). Outer paths come first, so inner ones land on top."""
        roots = self.roots
        steps = [(p, "folder" if p == self.folder else "bind") for p in roots]
        steps += [(h, "hide") for h in self.hidden if any(_inside(h, r) and h != r for r in roots)]
        steps.sort(key=lambda s: (_depth(s[0]), s[1] != "hide"))
        return [[kind, path] for path, kind in steps]

    def landlock_roots(self) -> list[str]:
        """Paths Landlock grants reads beneath: the roots, minus the hidden folders inside
        them (Landlock only grants, so a root holding one is replaced by its other entries;
        the shared roots are walked once per process, a submission's folder only when it
        holds a grader folder, which a student's never does)."""
        shared = tuple(r for r in self.roots if r != self.folder)
        found = list(_granted(shared, self.hidden))
        if self.folder:
            found += _granted((self.folder,), self.hidden)
        return found

    def jail(self) -> dict[str, Any]:
        """The plain-data form the jail receives."""
        return {
            "folder": self.folder,
            "sys_path": list(self.sys_path),
            "mounts": self.mounts(),
            "landlock": self.landlock_roots(),
            "devices": list(DEVICES),
        }


def _depth(path: str) -> int:
    return path.rstrip("/").count("/")


@functools.cache
def _granted(roots: tuple[str, ...], hidden: tuple[str, ...]) -> tuple[str, ...]:
    """The Landlock grants for `roots`: each root, or, for one holding a hidden folder, its
    entries down to that folder (and any root lying inside a hidden folder)."""
    found: list[str] = []
    for root in roots:
        if any(_inside(h, root) and h != root for h in hidden):
            from grader.runner import _landlock  # (ctypes and libc: only when there is a walk)

            found += _landlock.readable_roots(list(hidden), list(roots), start=root)
        else:
            found.append(root)
    return tuple(found)


# -- building a world -----------------------------------------------------------------------------
def resolve_support(paths: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Absolute paths of `--support` arguments, in order; a usage error for a missing one or
    one inside the grader's own packages."""
    resolved = []
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            raise UsageError(f"--support {given}: no such file or folder")
        real = str(path.resolve())
        if any(_inside(real, h) for h in _package_folders()) and not _is_builtin_support(real):
            raise UsageError(f"--support {given}: lies inside the grader's own packages")
        resolved.append(real)
    return tuple(resolved)


def _package_folders() -> list[str]:
    """The folders of the grader's packages (the checkout around them may hold test data a
    developer grades with, which an explicit grant may expose)."""
    return [h for h in grader_folders() if Path(h).name in _PACKAGES]


def builtin_support() -> str:
    """The folder of course helper modules shipped with the built-in assignments."""
    import assignments

    return str(assignments.SUPPORT)


def _is_builtin_support(path: str) -> bool:
    return _inside(path, builtin_support())


_staged: dict[str, str] = {}


def _folder_of_one(path: str) -> str:
    """A private folder holding only the file `path`, so it can go on sys.path without its
    neighbours (made once per process, removed at exit)."""
    if path not in _staged:
        if not _staged:
            atexit.register(_remove_staged)
        folder = tempfile.mkdtemp(prefix="grader-support-")
        shutil.copy2(path, os.path.join(folder, os.path.basename(path)))
        os.chmod(folder, 0o755)
        _staged[path] = folder
    return _staged[path]


def _remove_staged() -> None:
    for folder in _staged.values():
        shutil.rmtree(folder, ignore_errors=True)
    _staged.clear()


def support_folders(paths: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """sys.path entries for support paths: a folder as it is, a file as a folder of its own."""
    folders: list[str] = []
    for path in paths:
        folder = path if os.path.isdir(path) else _folder_of_one(path)
        if folder not in folders:
            folders.append(folder)
    return tuple(folders)


def world_for(submission: str | Path | None, support: tuple[str, ...] | list[str] = ()) -> World:
    """The world of a submission file (None: no folder of its own) with `support` (absolute
    paths of files or folders, in sys.path order). A submission inside one of the grader's
    own package folders gets no folder: the grader's sources stay unreadable."""
    folder = ""
    if submission is not None:
        candidate = str(Path(submission).resolve().parent)
        if not any(_inside(candidate, h) for h in _package_folders()):
            folder = candidate
    return World(folder=folder, support=support_folders(tuple(support)))


def assignment_support(assignment: Any) -> tuple[str, ...]:
    """The existing support paths `assignment` declares, absolute, in its order."""
    found = []
    for given in getattr(assignment, "support", ()) or ():
        path = Path(given).expanduser().resolve()
        if path.exists():
            found.append(str(path))
    return tuple(found)
