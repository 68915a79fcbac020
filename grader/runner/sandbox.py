"""Starting the worker process: command line, environment, resource limits, isolation.

Two modes. "process": a child in its own session (so its whole process group can be killed),
with resource limits, a scrubbed environment and a private temporary working directory.
"bwrap": the same inside bubblewrap, which adds a read-only root, a private /tmp, no network,
its own PID namespace (so nothing it starts can outlive it) and hides the grader's sources.
"auto" takes bwrap when it works on this machine.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grader.errors import UsageError

_HERE = Path(__file__).resolve().parent
SANDBOX_MODES = ("auto", "bwrap", "process")

# Environment variables passed through to the worker; everything else is dropped.
_PASS_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT")


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 2048
    cpu_seconds: int = 600
    file_mb: int = 64
    open_files: int = 256


_BOOTSTRAP = """\
import resource, sys, types
def _limit(kind, value):
    try:
        resource.setrlimit(kind, (value, value))
    except (ValueError, OSError):
        pass
_limit(resource.RLIMIT_AS, {memory})
_limit(resource.RLIMIT_CPU, {cpu})
_limit(resource.RLIMIT_FSIZE, {fsize})
_limit(resource.RLIMIT_NOFILE, {nofile})
_limit(resource.RLIMIT_CORE, 0)
_codec = types.ModuleType("_grader_codec")
exec(compile({codec!r}, "<grader codec>", "exec"), _codec.__dict__)
sys.modules["_grader_codec"] = _codec
sys.argv = ["submission", "{req}", "{rep}"]
exec(compile({worker!r}, "<grader worker>", "exec"), {{"__name__": "__grader_worker__"}})
"""


@functools.cache
def _sources() -> tuple[str, str]:
    return (_HERE / "codec.py").read_text(), (_HERE / "_worker.py").read_text()


def bootstrap(req_fd: int, rep_fd: int, limits: Limits) -> str:
    """The ``-c`` program that sets limits, injects the codec and runs the worker loop."""
    codec_src, worker_src = _sources()
    return _BOOTSTRAP.format(
        memory=limits.memory_mb * 1024 * 1024,
        cpu=limits.cpu_seconds,
        fsize=limits.file_mb * 1024 * 1024,
        nofile=limits.open_files,
        codec=codec_src,
        worker=worker_src,
        req=req_fd,
        rep=rep_fd,
    )


def _environment(workdir: str) -> dict[str, str]:
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


def _hidden_paths() -> list[str]:
    """Source folders of the grader's own packages, hidden from a bwrap worker."""
    root = _HERE.parent.parent
    paths = [root / name for name in ("grader", "reference", "assignments")]
    if (root / "tests").is_dir():
        paths.append(root / "tests")
    return [str(p) for p in paths if p.is_dir()]


@functools.cache
def bwrap_usable() -> bool:
    """True when bubblewrap exists and can create the namespaces we ask for here."""
    exe = shutil.which("bwrap")
    if not exe:
        return False
    try:
        probe = subprocess.run(
            [exe, *_bwrap_flags(tempfile.gettempdir()), "--", shutil.which("true") or "true"],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def _bwrap_flags(workdir: str) -> list[str]:
    flags = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    flags += ["--bind", workdir, workdir, "--chdir", workdir]
    for path in _hidden_paths():
        flags += ["--tmpfs", path]
    flags += ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
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


@dataclass
class Spawned:
    process: subprocess.Popen[bytes]
    request_fd: int  # grader writes requests here
    reply_fd: int  # grader reads replies here
    workdir: str
    stderr_path: str


class Launcher:
    """Starts workers. One launcher may serve many submissions (a batch keeps one per process);
    `close` releases whatever it keeps warm. This one starts a fresh interpreter per worker."""

    def __init__(self, mode: str = "process", limits: Limits | None = None) -> None:
        self.mode = mode
        self.limits = limits or Limits()

    def spawn(self) -> Spawned:
        return spawn(self.mode, self.limits)

    def close(self) -> None:
        """Nothing kept warm here; subclasses that keep a template process stop it."""

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def spawn(mode: str, limits: Limits) -> Spawned:
    """Start one worker in `mode` ("bwrap" or "process"); it waits for a load request."""
    workdir = tempfile.mkdtemp(prefix="grader-worker-")
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    program = bootstrap(req_r, rep_w, limits)
    command = [sys.executable, "-I", "-B", "-c", program]
    if mode == "bwrap":
        command = [shutil.which("bwrap") or "bwrap", *_bwrap_flags(workdir), "--", *command]
    stderr_path = os.path.join(workdir, ".stderr")
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            pass_fds=(req_r, rep_w),
            cwd=workdir,
            env=_environment(workdir),
            start_new_session=True,
        )
    os.close(req_r)
    os.close(rep_w)
    return Spawned(process, req_w, rep_r, workdir, stderr_path)
