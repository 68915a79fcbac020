"""What a worker may read, and which layers can confine its reads on this machine."""

from __future__ import annotations

import os
import sys

from grader.runner import world as world_module


def hidden_paths() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(hidden, interpreter): folders a worker must not read (the grader's packages; the whole
    checkout when running from one, since .git and tests hold every answer too), and the
    interpreter's own folders, which stay readable even when they lie inside a hidden one."""
    return world_module.grader_folders(), world_module.interpreter_paths()


#: Diagnostic switch: the confinement layers launchers may use, comma-separated among
#: "namespaces" and "landlock" ("none": neither), as on a machine that lacks the others.
#: Unset: every layer this machine offers.
LAYERS_ENV = "GRADER_SANDBOX_LAYERS"


def allowed_layers() -> tuple[bool, bool]:
    """(namespaces, landlock) as `LAYERS_ENV` allows them (both when it is unset)."""
    value = os.environ.get(LAYERS_ENV)
    if value is None:
        return True, True
    words = {w.strip() for w in value.split(",")}
    return "namespaces" in words, "landlock" in words


def _can_unshare() -> bool:
    """Whether a worker started here may make its own namespaces (CAP_SYS_ADMIN: root). Read
    here rather than through the jail, whose import (ctypes, libc) costs a check ~6 ms."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("CapEff:"):
                    return bool(int(line.split()[1], 16) >> 21 & 1)  # CAP_SYS_ADMIN
    except (OSError, ValueError):
        pass
    return False


def read_confinement(mode: str, *, namespaces: bool = True, landlock: bool = True) -> str:
    """How a worker's reads are confined to its world in sandbox `mode` on this machine:
    "namespaces" (a private root holding only its world: bwrap, or root), "landlock", or ""
    when nothing can confine them (the submission could read every file this user can)."""
    if not sys.platform.startswith("linux"):
        return ""  # namespaces, Landlock and bubblewrap are Linux's
    if namespaces and (mode == "bwrap" or _can_unshare()):
        return "namespaces"
    if landlock:
        from grader.runner import _landlock

        if _landlock.landlock_abi() > 0:
            return "landlock"
    return ""
