"""Starting worker processes: command line, environment, resource limits, isolation.

Two modes. "process": ``python -I -B -c <bootstrap>`` in its own session; the bootstrap (the
jail, `grader.runner._jail`) confines the worker to its `World` (what it may read: its
folder, the support files, the interpreter) with whatever this machine allows: its own pid,
mount and network namespaces and a private root holding only its world when privileged,
Landlock (reads only in its world, writes only in its scratch folder, no TCP, no signals
out), capabilities dropped and resource limits. "bwrap": the same inside bubblewrap, whose
user namespace gives every worker the namespaces (and so its private root) without
privileges. "auto" takes bwrap when it works on this machine. Where a writable pids cgroup
exists, every worker also gets a cap on its number of processes and threads, and is killed
through the cgroup, so nothing it starts can be missed.

Two launchers with one contract (`spawn` -> `Spawned`, `close`): `Launcher` starts a fresh
interpreter per worker (~0.35 s: numpy's import); `ForkServerLauncher` keeps one warm template
process and forks each worker from it (tens of milliseconds).
"""

from __future__ import annotations

import abc
import atexit
import base64
import contextlib
import functools
import itertools
import json
import marshal
import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.errors import UsageError, WorkerError
from grader.runner import world as world_module
from grader.runner.world import World

if TYPE_CHECKING:
    from grader.config import RunConfig

_HERE = Path(__file__).resolve().parent
SANDBOX_MODES = ("auto", "bwrap", "process")

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


# The modules travel compiled (marshal, for this very interpreter; zlib and base64 keep the
# argument under the kernel's 128 KB limit): compiling their source in every worker cost
# ~50 ms, more than everything else the jail does.
_BOOTSTRAP = """\
import base64, marshal, sys, types, zlib
def _load(name, code):
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(marshal.loads(zlib.decompress(base64.b64decode(code))), module.__dict__)
    return module
sys.argv = ["submission"]
for _name, _code in {modules!r}:
    _load(_name, _code)
_load("_grader_jail", {jail!r}).main({config!r})
"""
# The worker's modules (files of this folder), loaded in this order as ``_grader_<name>``
# (leading underscore dropped) before the jail: each imports only those before it.
_WORKER_MODULES = ("codec", "_worker_pristine", "_worker_capture", "_worker_plan", "_worker")


@functools.cache
def _compiled() -> tuple[str, ...]:
    def pack(name: str) -> str:
        code = compile((_HERE / f"{name}.py").read_text(), f"<grader {name}>", "exec")
        return base64.b64encode(zlib.compress(marshal.dumps(code), 9)).decode()

    return tuple(pack(name) for name in (*_WORKER_MODULES, "_jail"))


def bootstrap(config: dict[str, Any]) -> str:
    """The ``-c`` program: loads the worker's modules and the jail, then runs the jail with
    `config`."""
    *worker_codes, jail_code = _compiled()
    modules = [
        ("_grader_" + n.lstrip("_"), c) for n, c in zip(_WORKER_MODULES, worker_codes, strict=True)
    ]
    return _BOOTSTRAP.format(modules=modules, jail=jail_code, config=config)


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


# -- what the worker may read -----------------------------------------------------------------
def hidden_paths() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(hidden, interpreter): folders a worker must not read (the grader's packages; the whole
    checkout when running from one, since .git and tests hold every answer too), and the
    interpreter's own folders, which stay readable even when they lie inside a hidden one."""
    return world_module.grader_folders(), world_module.interpreter_paths()


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


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
        from grader.runner import _jail

        if _jail.landlock_abi() > 0:
            return "landlock"
    return ""


# -- bubblewrap ---------------------------------------------------------------------------------
@functools.cache
def bwrap_usable() -> bool:
    """True when bubblewrap exists and can create the namespaces we ask for here."""
    exe = shutil.which("bwrap")
    if not exe:
        return False
    try:
        probe = subprocess.run(
            [exe, *_bwrap_flags(Limits(), template=False), "--", shutil.which("true") or "true"],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def _bwrap_flags(limits: Limits, *, template: bool, private: str = "") -> list[str]:
    """Every namespace unshared, a fresh /dev and /proc, the host's tree read-only, and
    CAP_SYS_ADMIN kept inside bwrap's user namespace (its only effect there), so that each worker builds its own
    private root holding only its world (see `grader.runner._jail`) and drops every
    capability before any student code runs. The host's tree must stay visible here: a fork
    server's template serves submissions whose folders it cannot know in advance. `private`:
    a folder given a fresh tmpfs, the process's own writable space."""
    del template  # the same for a template and a single worker
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


# -- pids cgroups -------------------------------------------------------------------------------
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


class _Cgroup:
    """A pids cgroup holding one worker's whole process tree (or a fork server's)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, max_tasks: int) -> _Cgroup | None:
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


# -- handles on running workers -----------------------------------------------------------------
class WorkerProcess(abc.ABC):
    """Handle on one worker's process tree: `poll`, `wait`, and `kill` (everything it started).

    `returncode` follows `subprocess.Popen`: the exit code, or -N when killed by signal N.
    """

    pid: int
    returncode: int | None = None

    @abc.abstractmethod
    def poll(self) -> int | None:
        """The return code if the worker has ended, else None."""

    @abc.abstractmethod
    def wait(self, timeout: float | None = None) -> int:
        """Wait for the end; raises subprocess.TimeoutExpired after `timeout` seconds."""

    @abc.abstractmethod
    def kill(self) -> None:
        """Kill the worker and every process it started, now."""

    @abc.abstractmethod
    def release(self) -> None:
        """Free what the handle holds (descriptors, cgroup) once the process has ended."""


class _PopenWorker(WorkerProcess):
    """A worker started as our own child (the supervisor, or bwrap around it)."""

    def __init__(self, popen: subprocess.Popen[bytes], cgroup: _Cgroup | None, bwrap: bool):
        self.popen = popen
        self.pid = popen.pid
        self.cgroup = cgroup
        self.bwrap = bwrap

    @property  # type: ignore[override]
    def returncode(self) -> int | None:
        return _signal_code(self.popen.returncode)

    def poll(self) -> int | None:
        self.popen.poll()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        self.popen.wait(timeout)
        return self.returncode  # type: ignore[return-value]

    def kill(self) -> None:
        if self.cgroup is not None:
            # Everything the worker started is in its cgroup, whatever its session or parent;
            # our own child goes last, after it has reaped the rest.
            self.cgroup.kill_all(spare=self.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(1.0)
        elif self.popen.poll() is None and not self.bwrap:
            # The supervisor kills the worker and everything it started, then exits.
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(1.0)
        if self.popen.poll() is None:
            # bwrap's pid namespace dies with it (--die-with-parent): one kill ends all.
            with contextlib.suppress(OSError):
                os.killpg(self.pid, signal.SIGKILL)

    def release(self) -> None:
        if self.cgroup is not None:
            self.cgroup.remove()


def _signal_code(code: int | None) -> int | None:
    """bwrap reports a command killed by signal N as exit code 128 + N; undo that."""
    if code is not None and 128 < code < 128 + 65:
        return -(code - 128)
    return code


class _ForkedWorker(WorkerProcess):
    """A supervisor forked by a fork server: not our child, so it is watched and signalled
    through a pidfd (valid across pid namespaces), and its worker's exit status arrives on a
    status pipe written just before it exits."""

    def __init__(self, pid: int, pidfd: int, status_fd: int) -> None:
        self.pid = pid
        self.pidfd = pidfd
        self.status_fd = status_fd
        self.returncode = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self.pidfd], [], [], 0)[0]:
            self._finish()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not select.select([self.pidfd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0)
            self._finish()
        return self.returncode  # type: ignore[return-value]

    def _finish(self) -> None:
        os.set_blocking(self.status_fd, False)
        try:
            data = os.read(self.status_fd, 4)
        except OSError:
            data = b""
        if len(data) == 4:
            status = struct.unpack("<i", data)[0]
            signaled = os.WIFSIGNALED(status)
            self.returncode = -os.WTERMSIG(status) if signaled else os.WEXITSTATUS(status)
        else:  # the supervisor itself was killed before it could say
            self.returncode = -signal.SIGKILL

    def _signal(self, sig: int) -> None:
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(self.pidfd, sig)

    def kill(self) -> None:
        if self.poll() is not None:
            return
        self._signal(signal.SIGTERM)  # the supervisor kills its worker's whole tree, then exits
        try:
            self.wait(2.0)
        except subprocess.TimeoutExpired:
            # The template reaps and kills whatever a killed supervisor leaves behind.
            self._signal(signal.SIGKILL)

    def release(self) -> None:
        for fd in (self.pidfd, self.status_fd):
            with contextlib.suppress(OSError):
                os.close(fd)


@dataclass
class Spawned:
    """A started worker: its process handle and the grader's ends of the two pipes."""

    process: WorkerProcess
    request_fd: int  # grader writes requests here
    reply_fd: int  # grader reads replies here
    workdir: str  # host folder private to this worker (empty when it runs in a tmpfs)
    stderr_path: str  # the worker's stderr, for the instructor when it dies

    def release(self) -> None:
        """Remove the worker's files and free its handle; call after the process has ended."""
        self.process.release()
        shutil.rmtree(self.workdir, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.unlink(self.stderr_path)


# -- launchers ----------------------------------------------------------------------------------
class Launcher:
    """Starts workers. One launcher may serve many submissions (a batch keeps one per process);
    `close` releases whatever it keeps warm. This one starts a fresh interpreter per worker.

    Each worker is confined to a `World` (what it may read, where it runs), given to `spawn`.

    `namespaces` and `landlock` switch those confinement layers off (for tests that check each
    layer alone); they are on by default (see `LAYERS_ENV`) and used wherever the machine
    allows them.
    """

    def __init__(
        self,
        mode: str = "process",
        limits: Limits | None = None,
        *,
        namespaces: bool | None = None,
        landlock: bool | None = None,
    ) -> None:
        allowed_ns, allowed_ll = allowed_layers()
        self.mode = mode
        self.limits = limits or Limits()
        self.namespaces = allowed_ns if namespaces is None else namespaces
        self.landlock = allowed_ll if landlock is None else landlock
        #: How this launcher's workers have their reads confined ("": not at all).
        self.confinement = read_confinement(
            mode, namespaces=self.namespaces, landlock=self.landlock
        )

    def jail_config(self, role: str, workdir: str) -> dict[str, Any]:
        """The plain-data configuration the jail receives (a worker's world comes apart)."""
        limits = self.limits
        return {
            "role": role,
            "workdir": workdir,
            "namespaces": self.namespaces,
            "network": self.mode != "bwrap",  # bwrap has already unshared it for the tree
            "landlock": self.landlock,
            "confine": bool(self.confinement),  # refuse to run where that fails
            "hidden": list(world_module.grader_folders()),
            "limits": {
                "memory": limits.memory_mb * 1024 * 1024,
                "cpu": limits.cpu_seconds,
                "fsize": limits.file_mb * 1024 * 1024,
                "nofile": limits.open_files,
                "tmp": limits.tmp_mb * 1024 * 1024,
            },
        }

    def command(self, program: str, *, template: bool = False, private: str = "") -> list[str]:
        """The argv that runs `program` in this launcher's sandbox mode."""
        command = [sys.executable, "-I", "-B", "-c", program]
        if self.mode == "bwrap":
            bwrap = shutil.which("bwrap") or "bwrap"
            flags = _bwrap_flags(self.limits, template=template, private=private)
            command = [bwrap, *flags, "--", *command]
        return command

    def spawn(self, preload: tuple[str, ...] = (), world: World | None = None) -> Spawned:
        """Start one worker in `world` (default: no folder, no support); it waits for a load
        request. `preload` names modules a warm launcher may import ahead of time; a fresh
        interpreter imports them when asked."""
        host_dir = tempfile.mkdtemp(prefix="grader-worker-")
        fd, stderr_path = tempfile.mkstemp(prefix="grader-stderr-")
        os.close(fd)
        workdir = host_dir
        world = (world or World()).with_scratch(workdir)
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        config = dict(self.jail_config("run", workdir), req=req_r, rep=rep_w, world=world.jail())
        command = self.command(bootstrap(config))
        cgroup = _Cgroup.create(self.limits.processes + 4)
        if cgroup is not None:
            command = cgroup.wrap(command)
        try:
            with open(stderr_path, "wb") as stderr:
                popen = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    pass_fds=(req_r, rep_w),
                    cwd=host_dir,
                    env=_environment(workdir),
                    start_new_session=True,
                )
        except OSError as exc:
            for end in (req_w, rep_r):
                os.close(end)
            if cgroup is not None:
                cgroup.remove()
            shutil.rmtree(host_dir, ignore_errors=True)
            os.unlink(stderr_path)
            raise WorkerError(f"cannot start the worker process: {exc}") from None
        finally:
            os.close(req_r)
            os.close(rep_w)
        process = _PopenWorker(popen, cgroup, bwrap=self.mode == "bwrap")
        return Spawned(process, req_w, rep_r, host_dir, stderr_path)

    def start(self, preload: tuple[str, ...] = ()) -> None:
        """Warm up ahead of the first `spawn` (nothing to warm here; a fork server starts its
        template)."""

    def close(self) -> None:
        """Nothing kept warm here; subclasses that keep a template process stop it."""

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def spawn(mode: str, limits: Limits, world: World | None = None) -> Spawned:
    """Start one worker in `mode` ("bwrap" or "process") with a one-off launcher."""
    return Launcher(mode, limits).spawn(world=world)


# Modules worth importing in a template before any fork, by the top-level name a submission
# imports: matplotlib's pyplot costs a worker ~1.2 CPU s (imports, and a font scan in its empty
# cache folder). Only submissions that import it get a template holding it: forking, and
# ending, a process that maps matplotlib costs every worker ~12 ms more CPU.
PRELOADABLE = {"matplotlib": "matplotlib.pyplot", "pylab": "matplotlib.pyplot"}
_IMPORT = re.compile(r"^[ \t]*(?:import|from)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)


def preloads_for(cells: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The modules a template should hold for a submission made of `cells` (its imports of
    PRELOADABLE packages, read from the source; never executed)."""
    wanted = {PRELOADABLE[m] for _, src in cells for m in _IMPORT.findall(src) if m in PRELOADABLE}
    return tuple(sorted(wanted))


@dataclass
class _Template:
    """One warm template process and what the launcher keeps to talk to it and stop it."""

    process: subprocess.Popen[bytes]
    control: socket.socket
    cgroup: _Cgroup | None
    stderr_path: str
    private: str  # the template's own writable folder

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        self.control.close()  # the template exits when its control socket closes
        try:
            self.process.wait(2.0)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.cgroup is not None:
            self.cgroup.kill_all()
            self.cgroup.remove()
        with contextlib.suppress(OSError):
            os.unlink(self.stderr_path)
        shutil.rmtree(self.private, ignore_errors=True)


class ForkServerLauncher(Launcher):
    """Keeps warm template processes (numpy imported, no student code ever) and forks each
    worker from one: a fresh worker costs tens of milliseconds instead of an interpreter start.

    Same contract as `Launcher`: `spawn()` returns a `Spawned` whose `process` can be polled,
    waited for and killed (with everything the worker started); `close()` stops the templates.
    Thread-safe. A template starts on the first `spawn` that needs it (or `start`) and is
    restarted if it dies; one per set of preloaded modules (see `preloads_for`), so a
    submission that plots finds pyplot imported and one that does not forks a smaller process.
    In bwrap mode a template runs inside one bubblewrap sandbox and every worker gets its own
    pid namespace and a fresh working folder inside it, so nothing a student leaves behind
    survives into the next worker.
    """

    def __init__(
        self,
        mode: str = "process",
        limits: Limits | None = None,
        *,
        namespaces: bool | None = None,
        landlock: bool | None = None,
    ) -> None:
        super().__init__(mode, limits, namespaces=namespaces, landlock=landlock)
        self._lock = threading.Lock()
        self._templates: dict[tuple[str, ...], _Template] = {}
        self._count = itertools.count()
        self._owner = os.getpid()

    @property
    def _template(self) -> subprocess.Popen[bytes] | None:
        """The process of the plain template (no preloads), if it runs: for tests."""
        template = self._templates.get(()) if self._owner == os.getpid() else None
        return template.process if template else None

    def start(self, preload: tuple[str, ...] = ()) -> None:
        """Start the template for `preload` now (otherwise the first `spawn` does)."""
        with self._lock:
            self._ensure_template(preload)

    def _ensure_template(self, preload: tuple[str, ...]) -> socket.socket:
        if self._owner != os.getpid():
            # Forked after the templates started: they and their sockets are the parent's.
            # Forget them (without closing: they are still the parent's) and start our own.
            self._templates = {}
            self._owner = os.getpid()
        template = self._templates.get(preload)
        if template is not None:
            if template.alive():
                return template.control
            self._stop_template(preload)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        # The template's own writable folder (matplotlib's font cache, when it preloads it):
        # inside bwrap a fresh tmpfs over it, since the host's tree is read-only there.
        workdir = tempfile.mkdtemp(prefix="grader-template-")
        config = dict(
            self.jail_config("template", workdir), control=theirs.fileno(), preload=list(preload)
        )
        command = self.command(bootstrap(config), template=True, private=workdir)
        # One cgroup for the template and every worker it forks (they run one at a time).
        cgroup = _Cgroup.create(self.limits.processes + 8)
        if cgroup is not None:
            command = cgroup.wrap(command)
        fd, stderr_path = tempfile.mkstemp(prefix="grader-template-")
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=fd,
                pass_fds=(theirs.fileno(),),
                cwd=workdir,
                env=_environment(workdir),
                start_new_session=True,
            )
        except OSError as exc:
            ours.close()
            if cgroup is not None:
                cgroup.remove()
            with contextlib.suppress(OSError):
                os.unlink(stderr_path)
            shutil.rmtree(workdir, ignore_errors=True)
            raise WorkerError(f"cannot start the worker template: {exc}") from None
        finally:
            os.close(fd)
            theirs.close()
        self._templates[preload] = _Template(process, ours, cgroup, stderr_path, workdir)
        return ours

    def spawn(self, preload: tuple[str, ...] = (), world: World | None = None) -> Spawned:
        world = world or World()
        with self._lock:
            try:
                return self._spawn(self._ensure_template(preload), world)
            except (OSError, ValueError, WorkerError):
                self._stop_template(preload)  # it died under us: a fresh one, one more try
                return self._spawn(self._ensure_template(preload), world)

    def _spawn(self, control: socket.socket, world: World) -> Spawned:
        host_dir = tempfile.mkdtemp(prefix="grader-worker-")
        fd, stderr_path = tempfile.mkstemp(prefix="grader-stderr-")
        workdir = host_dir  # inside bwrap too: the host's tree is visible there, read-only
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        status_r, status_w = os.pipe()
        ours = [req_w, rep_r, status_r]
        try:
            jail = world.with_scratch(workdir).jail()
            request = json.dumps({"workdir": workdir, "world": jail}).encode()
            socket.send_fds(control, [request], [req_r, rep_w, fd, status_w])
            control.settimeout(30)
            answer, fds, _, _ = socket.recv_fds(control, 4096, 1)
            if not answer or len(fds) != 1:
                raise WorkerError("the worker template stopped answering")
            pid = int(json.loads(answer)["pid"])
        except BaseException:
            for end in ours:
                os.close(end)
            shutil.rmtree(host_dir, ignore_errors=True)
            with contextlib.suppress(OSError):
                os.unlink(stderr_path)
            raise
        finally:
            for end in (req_r, rep_w, fd, status_w):
                os.close(end)
        process = _ForkedWorker(pid, fds[0], status_r)
        return Spawned(process, req_w, rep_r, host_dir, stderr_path)

    def _stop_template(self, preload: tuple[str, ...]) -> None:
        template = self._templates.pop(preload, None)
        if template is not None:
            template.stop()

    def close(self) -> None:
        """Stop the templates (workers still running are left to their StudentCode to close)."""
        with self._lock:
            if self._owner != os.getpid():
                self._templates = {}
            for preload in list(self._templates):
                self._stop_template(preload)


def warm_launcher(config: RunConfig) -> ForkServerLauncher:
    """A fork-server launcher for `config`: the batch's one-line alternative to
    `grader.api.default_launcher` (same signature, same sandbox mode and limits)."""
    return ForkServerLauncher(resolve_mode(config.sandbox), Limits(memory_mb=config.memory_mb))
