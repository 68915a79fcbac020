"""Bubblewrap: the "bwrap" sandbox mode, whose user namespace gives every worker its own
namespaces (and so its private root) without privileges; and the choice of mode."""

from __future__ import annotations

import functools
import shutil
import subprocess

from grader.errors import UsageError
from grader.runner.sandbox.limits import Limits

SANDBOX_MODES = ("auto", "bwrap", "process")


@functools.cache
def bwrap_usable() -> bool:
    """True when bubblewrap exists and can create the namespaces we ask for here."""
    exe = shutil.which("bwrap")
    if not exe:
        return False
    try:
        probe = subprocess.run(
            [exe, *bwrap_flags(Limits()), "--", shutil.which("true") or "true"],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def bwrap_flags(limits: Limits, *, private: str = "") -> list[str]:
    """Every namespace unshared, a fresh /dev and /proc, the host's tree read-only, and
    CAP_SYS_ADMIN kept inside bwrap's user namespace (its only effect there), so that each worker builds its own
    private root holding only its world (see `grader.runner._jail`) and drops every
    capability before any student code runs. The host's tree must stay visible here: a fork
    server's template serves submissions whose folders it cannot know in advance. `private`:
    a folder given a fresh tmpfs, the process's own writable space. The same for a fork
    server's template and a single worker."""
    flags = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    if private:
        flags += ["--size", str(limits.tmp_mb * 1024 * 1024), "--tmpfs", private]
    flags += ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    # CAP_DAC_OVERRIDE too: overlayfs makes its work folder with mode 0 and needs it to
    # mount the submission's folder as an overlay; and CAP_SETPCAP, so that the worker can
    # empty its bounding set and lock its securebits when it drops every capability.
    for cap in ("CAP_SYS_ADMIN", "CAP_DAC_OVERRIDE", "CAP_SETPCAP"):
        flags += ["--cap-add", cap]
    return flags


def resolve_mode(mode: str) -> str:
    """The sandbox mode actually used for `mode` ("auto" picks bwrap when usable)."""
    if mode not in SANDBOX_MODES:
        raise UsageError(f"unknown sandbox {mode!r}; choose one of {', '.join(SANDBOX_MODES)}")
    if mode == "auto":
        return "bwrap" if bwrap_usable() else "process"
    if mode == "bwrap" and not bwrap_usable():
        raise UsageError("--sandbox bwrap: bubblewrap is not installed or cannot run here")
    return mode
