"""Worker processes: starting one (the one place a sandboxed process is started and, when that
fails, cleaned up), and the handles the grader keeps on a running worker's process tree."""

from __future__ import annotations

import abc
import contextlib
import os
import select
import shutil
import signal
import struct
import subprocess
from dataclasses import dataclass

from grader.errors import WorkerError
from grader.runner.sandbox.cgroups import Cgroup
from grader.runner.sandbox.limits import environment


def start_process(
    command: list[str],
    *,
    what: str,
    folder: str,
    stderr_path: str,
    pass_fds: tuple[int, ...],
    max_tasks: int,
) -> tuple[subprocess.Popen[bytes], Cgroup | None]:
    """Start `command` (a worker, or a fork server's template) in a session of its own, in
    `folder` (its private one, also its HOME and TMPDIR), its stderr to `stderr_path`, inside a
    pids cgroup of its own capped at `max_tasks` where this machine allows one.

    If it cannot start, the cgroup, `folder` and `stderr_path` are removed and a WorkerError
    says "cannot start the `what`"; the caller closes its own descriptors.
    """
    cgroup = Cgroup.create(max_tasks)
    if cgroup is not None:
        command = cgroup.wrap(command)
    try:
        with open(stderr_path, "wb") as stderr:
            popen = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                pass_fds=pass_fds,
                cwd=folder,
                env=environment(folder),
                start_new_session=True,
            )
    except OSError as exc:
        discard(folder, stderr_path, cgroup)
        raise WorkerError(f"cannot start the {what}: {exc}") from None
    return popen, cgroup


def discard(folder: str, stderr_path: str, cgroup: Cgroup | None = None) -> None:
    """Remove what a started (or failed) process owned once it has ended: its cgroup, its
    private folder and its stderr file."""
    if cgroup is not None:
        cgroup.remove()
    shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError):
        os.unlink(stderr_path)


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


class PopenWorker(WorkerProcess):
    """A worker started as our own child (the supervisor, or bwrap around it)."""

    def __init__(self, popen: subprocess.Popen[bytes], cgroup: Cgroup | None, bwrap: bool):
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


class ForkedWorker(WorkerProcess):
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
        discard(self.workdir, self.stderr_path)
