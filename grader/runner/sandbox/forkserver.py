"""`ForkServerLauncher`: keeps warm template processes (numpy imported, no student code ever)
and forks each worker from one (tens of milliseconds instead of an interpreter start)."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from grader.errors import WorkerError
from grader.runner.sandbox.bwrap import resolve_mode
from grader.runner.sandbox.cgroups import Cgroup
from grader.runner.sandbox.launchers import Launcher
from grader.runner.sandbox.limits import Limits
from grader.runner.sandbox.processes import ForkedWorker, Spawned, discard, start_process
from grader.runner.sandbox.program import bootstrap
from grader.runner.world import World

if TYPE_CHECKING:
    from grader.config import RunConfig


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
    cgroup: Cgroup | None
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
        discard(self.private, self.stderr_path, self.cgroup)


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
        fd, stderr_path = tempfile.mkstemp(prefix="grader-template-")
        os.close(fd)
        try:
            process, cgroup = start_process(
                self.command(bootstrap(config), private=workdir),
                what="worker template",
                folder=workdir,
                stderr_path=stderr_path,
                pass_fds=(theirs.fileno(),),
                # One cgroup for the template and every worker it forks (one at a time).
                max_tasks=self.limits.processes + 8,
            )
        except BaseException:
            ours.close()
            raise
        finally:
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
            discard(host_dir, stderr_path)
            raise
        finally:
            for end in (req_r, rep_w, fd, status_w):
                os.close(end)
        process = ForkedWorker(pid, fds[0], status_r)
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
