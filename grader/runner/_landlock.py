"""Landlock for the jail: a worker's reads confined to its world, writes to its scratch folder.

Like ``_jail`` this file runs in the worker's process tree, where the sandbox bootstrap injects
it as the module ``_grader_landlock`` before the jail, which imports it; the grader process
imports it as `grader.runner._landlock` (`readable_roots` for a world, `landlock_abi` for
what this machine offers). It imports nothing from the grader. It also holds the libc handle
and `prctl`, which the jail shares, so that both use one.

Landlock (unprivileged, Linux >= 5.13) only grants: a ruleset handles some kinds of access,
then each rule grants some of them beneath one path; everything else handled is denied.
"""

from __future__ import annotations

import ctypes
import os
import stat
from collections.abc import Sequence

PR_SET_NO_NEW_PRIVS = 38

# Landlock: the same syscall numbers on every architecture (they were added after the tables
# were unified).
_SYS_LANDLOCK_CREATE_RULESET = 444
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REFER = 1 << 13
FS_TRUNCATE = 1 << 14
FS_IOCTL_DEV = 1 << 15
_FS_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
_NET_TCP = 0b11  # LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP
_SCOPES = 0b11  # LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def prctl(option: int, arg: int = 0) -> bool:
    """prctl(2) with one argument; True when it succeeded."""
    return libc.prctl(option, ctypes.c_ulong(arg), 0, 0, 0) == 0


class _RulesetAttr(ctypes.Structure):
    _fields_ = (
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    )


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


def landlock_abi() -> int:
    """The Landlock ABI version this kernel offers (0: none)."""
    abi = libc.syscall(
        _SYS_LANDLOCK_CREATE_RULESET,
        None,
        ctypes.c_size_t(0),
        ctypes.c_uint32(_LANDLOCK_CREATE_RULESET_VERSION),
    )
    return max(0, int(abi))


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def visible(path: str, hidden: Sequence[str], exposed: Sequence[str]) -> bool:
    """Whether `path` may be read: the innermost hidden or exposed folder containing it decides."""
    depth_h = max((len(h) for h in hidden if _within(path, h)), default=-1)
    depth_x = max((len(x) for x in exposed if _within(path, x)), default=-1)
    return depth_h < 0 or depth_x > depth_h


def readable_roots(hidden: list[str], exposed: list[str], start: str = "/") -> list[str]:
    """Paths beneath which everything may be read: the tree under `start` minus the hidden
    folders.

    Landlock only grants, never denies, so the tree is walked from `start` down to each
    hidden folder, granting every sibling on the way (and every exposed folder inside a
    hidden one).
    """
    marks = [*hidden, *exposed]
    roots: list[str] = []

    def visit(directory: str) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.is_symlink():  # its target is granted (or not) where it really lives
                continue
            path = entry.path
            below = [m for m in marks if m != path and _within(m, path)]
            if below and entry.is_dir(follow_symlinks=False):
                visit(path)
            elif visible(path, hidden, exposed):
                roots.append(path)

    if visible(start, hidden, exposed) and not any(
        _within(h, start) and h != start for h in hidden
    ):
        return [start]
    visit(start)
    return roots


def apply_landlock(
    scratch: str, readable: list[str], writable: list[str] | tuple[str, ...] = ()
) -> int:
    """Confine this process (and all it starts) with Landlock; returns the ABI used (0: none).

    Reads: only beneath `readable` (each granted as it is; see `readable_roots`).
    Writes: only beneath `scratch` and `writable` (and the devices among `readable`).
    No TCP (ABI >= 4); no signals or abstract sockets beyond this sandbox (ABI >= 6).
    """
    abi = landlock_abi()
    if abi <= 0:
        return 0
    handled_fs = (1 << 13) - 1
    if abi >= 2:
        handled_fs |= FS_REFER
    if abi >= 3:
        handled_fs |= FS_TRUNCATE
    if abi >= 5:
        handled_fs |= FS_IOCTL_DEV
    attr = _RulesetAttr(handled_fs, _NET_TCP if abi >= 4 else 0, _SCOPES if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    fd = libc.syscall(
        _SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)
    )
    if fd < 0:
        return 0
    read = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
    try:
        for path in readable:
            _grant(fd, path, read, handled_fs)
        for path in (scratch, *writable):
            _grant(fd, path, handled_fs, handled_fs)
        device = FS_READ_FILE | FS_WRITE_FILE | FS_TRUNCATE | FS_IOCTL_DEV
        for path in readable:
            if path.startswith("/dev/"):
                _grant(fd, path, device, handled_fs)
        if not prctl(PR_SET_NO_NEW_PRIVS, 1):
            return 0
        if libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(fd), ctypes.c_uint32(0)) != 0:
            return 0
    finally:
        os.close(fd)
    return abi


def _grant(ruleset: int, path: str, access: int, handled: int) -> None:
    try:
        target = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        is_dir = stat.S_ISDIR(os.fstat(target).st_mode)
        allowed = access & handled & (~0 if is_dir else _FS_FILE_RIGHTS)
        rule = _PathBeneathAttr(allowed, target)
        libc.syscall(
            _SYS_LANDLOCK_ADD_RULE,
            ctypes.c_int(ruleset),
            ctypes.c_int(_LANDLOCK_RULE_PATH_BENEATH),
            ctypes.byref(rule),
            ctypes.c_uint32(0),
        )
    finally:
        os.close(target)
