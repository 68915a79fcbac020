"""What every worker gets whatever its sandbox: resource limits and a scrubbed environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

# Environment variables passed through to the worker; everything else is dropped.
_PASS_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT")


@dataclass(frozen=True)
class Limits:
    """Resource limits of one worker (each submission gets its own)."""

    memory_mb: int = 2048  # address space (RLIMIT_AS)
    cpu_seconds: int = 600  # CPU time over the worker's life (RLIMIT_CPU)
    file_mb: int = 64  # largest file it may write (RLIMIT_FSIZE)
    open_files: int = 256  # RLIMIT_NOFILE
    processes: int = 64  # processes + threads, where a pids cgroup can be made
    tmp_mb: int = 256  # its private writable folder, where namespaces or bwrap allow a tmpfs


def environment(workdir: str) -> dict[str, str]:
    """The environment of a worker (or template) whose private folder is `workdir`."""
    env = {k: os.environ[k] for k in _PASS_ENV if k in os.environ}
    env.setdefault("PATH", "/usr/bin:/bin")
    env.update(
        HOME=workdir,
        TMPDIR=workdir,
        MPLBACKEND="Agg",  # plots never open a window
        MPLCONFIGDIR=workdir,
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
    )
    return env
