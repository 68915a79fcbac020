"""Pids cgroups: where a writable one exists, every worker's whole process tree (or a fork
server's) runs in a cgroup of its own, which caps its processes and threads and lets the
grader kill everything in it, whatever its session or parent, so nothing it starts is missed."""

from __future__ import annotations

import atexit
import contextlib
import functools
import itertools
import os
import signal
import time
from pathlib import Path

_cgroup_counter = itertools.count()
_stale_cgroups: list[Path] = []


@functools.cache
def _cgroup_base() -> Path | None:
    """This process's own pids cgroup folder, when we may create children in it."""
    try:
        mountinfo = Path("/proc/self/mountinfo").read_text().splitlines()
        memberships = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in mountinfo:
        fields = line.split()
        sep = fields.index("-") if "-" in fields else -1
        if sep < 0 or len(fields) < sep + 4:
            continue
        fstype, options, mountpoint = fields[sep + 1], fields[sep + 3].split(","), fields[4]
        for member in memberships:
            hierarchy, controllers, path = [*member.split(":", 2), "", ""][:3]
            v1 = fstype == "cgroup" and "pids" in options and "pids" in controllers.split(",")
            v2 = fstype == "cgroup2" and hierarchy == "0"
            if not (v1 or v2):
                continue
            base = Path(mountpoint + path.rstrip("/"))
            if v2:
                try:
                    if "pids" not in (base / "cgroup.subtree_control").read_text().split():
                        continue
                except OSError:
                    continue
            if os.access(base, os.W_OK):
                return base
    return None


class Cgroup:
    """A pids cgroup holding one worker's whole process tree (or a fork server's)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, max_tasks: int) -> Cgroup | None:
        base = _cgroup_base()
        if base is None:
            return None
        for stale in list(_stale_cgroups):  # left by workers whose zombies were not yet gone
            with contextlib.suppress(OSError):
                stale.rmdir()
                _stale_cgroups.remove(stale)
        path = base / f"grader-{os.getpid()}-{next(_cgroup_counter)}"
        try:
            path.mkdir()
            (path / "pids.max").write_text(str(max_tasks))
        except OSError:
            with contextlib.suppress(OSError):
                path.rmdir()
            return None
        return cls(path)

    def wrap(self, command: list[str]) -> list[str]:
        """`command`, started inside this cgroup (a shell joins it, then execs the command)."""
        script = 'echo $$ > "$0" 2>/dev/null; exec "$@"'
        return ["/bin/sh", "-c", script, str(self.path / "cgroup.procs"), *command]

    def pids(self) -> list[int]:
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except (OSError, ValueError):
            return []

    def kill_all(self, deadline: float = 3.0, spare: int = 0) -> None:
        """SIGKILL every process in the cgroup but `spare` until none is left (pids.max bounds
        the race). Sparing our own child lets it reap what it started, so no zombie is left
        to init, and the cgroup can be removed at once."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            pids = [p for p in self.pids() if p != spare]
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.005)

    def remove(self) -> None:
        for _ in range(20):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.01)
        if not _stale_cgroups:
            atexit.register(_remove_stale_cgroups)
        _stale_cgroups.append(self.path)


def _remove_stale_cgroups() -> None:
    """Last try for cgroups whose zombies were not yet reaped when their worker was closed."""
    for stale in list(_stale_cgroups):
        with contextlib.suppress(OSError):
            stale.rmdir()
            _stale_cgroups.remove(stale)
