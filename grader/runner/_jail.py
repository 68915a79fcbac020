"""The sandbox side of the worker boundary: supervisor, confinement and the warm template.

Like ``codec`` and ``_worker`` this file runs only in the worker's process tree: the launcher
(`grader.runner.sandbox`) injects its source into ``python -I -B -c <bootstrap>``, which calls
`main` with a plain-dict configuration. It imports nothing from the grader.

The tree of one worker::

    supervisor   our code only; subreaper; mirrors the worker's exit status; on SIGTERM, or
     |           when the worker ends, kills everything the worker started
     +- worker   drops its privileges, then runs the submission (`_grader_worker.Worker`);
         |       pid 1 of a fresh pid namespace when the supervisor may create one
         +- ...  whatever the submission starts

Confinement of the worker to its world (`grader.runner.world`: the submission's folder, the
support files, the interpreter), each layer applied when this machine allows it:
- namespaces (needs CAP_SYS_ADMIN: root, or inside bwrap's user namespace): its own pid
  namespace (everything it starts dies with it; the grader is not even nameable), no network
  (a network namespace of its own; inside bwrap, bwrap's, which the template's workers use one
  after another), and a private root holding only its world: the readable paths bound
  read-only, the submission's folder as an overlay whose writes vanish, a fresh size-limited
  tmpfs as its scratch folder; the host's tree is detached;
- Landlock (unprivileged, Linux >= 5.13; `grader.runner._landlock`, injected before this file
  as ``_grader_landlock``): reads only beneath its world's paths, writes only beneath its
  scratch folder, no TCP (ABI >= 4), no signals to processes outside its own sandbox (ABI >= 6);
- capabilities dropped, no_new_privs, resource limits (address space, CPU, file size, open
  files, no core dumps).

In "template" mode (the fork server) the process imports numpy once, then forks one
supervisor per request received on a Unix socket, so a fresh worker costs a fork, not an
interpreter start.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import resource
import select
import shutil
import signal
import socket
import struct
import sys
import time
from typing import Any

try:  # injected by the sandbox bootstrap; the grader package itself is not importable here
    import _grader_landlock as _landlock  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - only when imported inside the grader for inspection
    from grader.runner import _landlock

# -- Linux constants ----------------------------------------------------------------------------
PR_SET_PDEATHSIG = 1
PR_CAPBSET_DROP = 24
PR_SET_SECUREBITS = 28
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = _landlock.PR_SET_NO_NEW_PRIVS
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
CAP_SYS_ADMIN = 21

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18

# One libc handle for the jail and Landlock; Landlock's own calls live in `_landlock`.
_libc = _landlock.libc
_prctl = _landlock.prctl
landlock_abi = _landlock.landlock_abi
apply_landlock = _landlock.apply_landlock


def _has_cap(cap: int) -> bool:
    """Whether this process holds capability `cap` in its effective set."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("CapEff:"):
                    return bool(int(line.split()[1], 16) >> cap & 1)
    except OSError:
        pass
    return False


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    def enc(s: str | None) -> bytes | None:
        return s.encode() if s is not None else None

    if _libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {target}: {os.strerror(err)}")


# -- privileges and limits ----------------------------------------------------------------------
class _CapHeader(ctypes.Structure):
    _fields_ = (("version", ctypes.c_uint32), ("pid", ctypes.c_int))


class _CapData(ctypes.Structure):
    _fields_ = (
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    )


def drop_capabilities() -> None:
    """Give up every capability for good: bounding and ambient sets, then all three sets."""
    for cap in range(64):  # needs CAP_SETPCAP; where it is missing there is nothing to drop
        _prctl(PR_CAPBSET_DROP, cap)
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    # SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP(_LOCKED): uid 0 stays powerless
    _prctl(PR_SET_SECUREBITS, 0x0F)
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _libc.capset(ctypes.byref(header), data)
    _prctl(PR_SET_NO_NEW_PRIVS, 1)


def set_limits(limits: dict[str, int]) -> None:
    """Resource limits, soft = hard, so the submission cannot raise them again."""
    for kind, value in (
        (resource.RLIMIT_AS, limits["memory"]),
        (resource.RLIMIT_CPU, limits["cpu"]),
        (resource.RLIMIT_FSIZE, limits["fsize"]),
        (resource.RLIMIT_NOFILE, limits["nofile"]),
        (resource.RLIMIT_CORE, 0),
    ):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(kind, (value, value))


# -- namespaces ---------------------------------------------------------------------------------
def _unshare_all(network: bool = True) -> bool:
    """New pid, mount, IPC, UTS and (if `network`) network namespaces for the next child;
    False if refused."""
    if not _has_cap(CAP_SYS_ADMIN):
        return False
    flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS
    if network:
        flags |= CLONE_NEWNET
    return _libc.unshare(ctypes.c_int(flags)) == 0


_STATVFS_FLAGS = {  # statvfs's f_flag bits -> the mount flags a read-only remount must keep
    os.ST_NOSUID: MS_NOSUID,
    os.ST_NODEV: MS_NODEV,
    os.ST_NOEXEC: MS_NOEXEC,
    os.ST_NOATIME: 1024,
    os.ST_NODIRATIME: 2048,
    os.ST_RELATIME: 1 << 21,
}
_SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "ppc64le": 203, "s390x": 217}


def _read_only(target: str) -> None:
    """Remount the bind mount at `target` read-only, keeping the flags it has (clearing one
    is refused on mounts locked by a user namespace, as inside bubblewrap)."""
    flags = MS_REMOUNT | MS_BIND | MS_RDONLY
    with contextlib.suppress(OSError):
        kept = os.statvfs(target).f_flag
        for bit, flag in _STATVFS_FLAGS.items():
            if kept & bit:
                flags |= flag
    _mount(None, target, None, flags)


def _bind(source: str, target: str) -> None:
    """Bind `source` (a folder, a file or a symlink) at `target`, read-only."""
    if os.path.islink(source):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.symlink(os.readlink(source), target)
        return
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "a"):
            pass
    _mount(source, target, None, MS_BIND | MS_REC)
    _read_only(target)


def _folder(folder: str, root: str, base: str) -> bool:
    """The submission's folder at its own path in `root`: an overlay whose upper layer lives
    in the worker's tmpfs (writes succeed and vanish with it); read-only where the kernel
    refuses the overlay. True when it is writable."""
    lower, upper, work = f"{base}/lower", f"{base}/upper", f"{base}/work"
    for path in (lower, upper, work):
        os.makedirs(path, exist_ok=True)
    target = root + folder
    os.makedirs(target, exist_ok=True)
    _mount(folder, lower, None, MS_BIND | MS_REC)  # a plain path: no escaping in the options
    options = f"lowerdir={lower},upperdir={upper},workdir={work}"
    # Where the kernel refuses it (an old kernel in a user namespace), writes fail instead,
    # harmlessly, with EROFS.
    with contextlib.suppress(OSError):
        _mount("overlay", target, "overlay", MS_NOSUID | MS_NODEV, options)
        return True
    _mount(lower, target, None, MS_BIND | MS_REC)
    _read_only(target)
    return False


def _private_filesystem(workdir: str, tmp_bytes: int, world: dict[str, Any]) -> bool:
    """In the worker's own mount namespace, a root holding only its world: a fresh /proc, the
    few devices, every readable path bound read-only at its own path, empty folders over the
    grader's inside them, the submission's folder (see `_folder`) and a fresh size-limited
    tmpfs as the scratch folder at `workdir`. The host's tree is then out of reach: the
    process pivots into that root and detaches the old one. Changes stay inside the
    namespace. True when the submission's folder is writable (an overlay)."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", workdir, "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_bytes},mode=0700")
    root, scratch = f"{workdir}/root", f"{workdir}/scratch"
    os.makedirs(scratch, mode=0o700)
    os.makedirs(root)
    _mount(root, root, None, MS_BIND)  # pivot_root needs a mount point
    writable = False
    hides = []
    for kind, path in world["mounts"]:
        if kind == "bind":
            with contextlib.suppress(OSError):  # vanished since: nothing to see there
                _bind(path, root + path)
        elif kind == "folder":
            writable = _folder(path, root, f"{workdir}/folder")
        elif kind == "hide" and os.path.isdir(root + path):
            _mount("tmpfs", root + path, "tmpfs", MS_NOSUID | MS_NODEV, "size=4k,mode=0755")
            hides.append(root + path)
    for device in world["devices"]:
        with contextlib.suppress(OSError):
            _bind(device, root + device)
    os.makedirs(root + "/proc", exist_ok=True)
    _mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.makedirs(root + workdir, exist_ok=True)
    _mount(scratch, root + workdir, None, MS_BIND)
    for hidden in hides:  # read-only once what lies inside them is bound
        with contextlib.suppress(OSError):
            _read_only(hidden)
    old = root + "/.old-root"
    os.makedirs(old)
    _pivot(root, old)
    os.chdir("/")
    if os.path.isdir("/.old-root"):
        # MNT_DETACH: the host's tree is gone from this namespace.
        if _libc.umount2(b"/.old-root", 2) != 0:
            raise OSError(ctypes.get_errno(), "cannot detach the host's tree")
        os.rmdir("/.old-root")
    _read_only("/")
    return writable


def _pivot(new_root: str, put_old: str) -> None:
    import platform

    number = _SYS_PIVOT_ROOT.get(platform.machine())
    if number is not None:
        if _libc.syscall(number, new_root.encode(), put_old.encode()) == 0:
            return
        err = ctypes.get_errno()
        raise OSError(err, f"pivot_root: {os.strerror(err)}")
    # Elsewhere: move the new root over / and enter it (capabilities are dropped right after,
    # so chroot cannot be undone).
    os.chdir(new_root)
    _mount(new_root, "/", None, 8192)  # MS_MOVE
    os.chroot(".")


# -- the supervisor -----------------------------------------------------------------------------
def _children_of(pid: int, *, recursive: bool = True) -> list[int]:
    """Live descendants of `pid` (only its children unless `recursive`), read from /proc."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and fields[0] != b"Z":
            parents[int(name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        if recursive:
            frontier += kids
    return found


def _reap(supervisors: set[int]) -> int:
    """Reap ended children without waiting; how many of them were in `supervisors`."""
    count = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return count
        if pid == 0:
            return count
        if pid in supervisors:
            supervisors.discard(pid)
            count += 1


def kill_descendants(deadline: float = 5.0) -> None:
    """Kill everything below this process until nothing is left (a subreaper inherits every
    orphan, so a process that double-forks or calls setsid is still found)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        left = _children_of(os.getpid())
        if not left:
            _reap(set())
            return
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        _reap(set())
        time.sleep(0.002)


def supervise(cfg: dict[str, Any]) -> None:
    """Run one worker under this process and exit with its status; never returns."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    workdir = cfg["workdir"]
    made = not os.path.isdir(workdir)  # a fork server inside bwrap names a fresh folder
    if made:
        os.makedirs(workdir, mode=0o700)
    # Inside bubblewrap the whole tree already has a network namespace of its own, with no
    # way out and nothing left in it between workers (their processes die with them); a fresh
    # one per worker would only cost its creation and the kernel's slow teardown.
    isolated = bool(cfg.get("namespaces")) and _unshare_all(network=cfg.get("network", True))
    state: dict[str, Any] = {"worker": 0, "stop": False}

    def stop(signum: int, frame: Any) -> None:
        state["stop"] = True
        if state["worker"]:
            with contextlib.suppress(OSError):
                os.kill(state["worker"], signal.SIGKILL)

    # Installed before the fork, so a kill request that comes early is not lost.
    stop_signals = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
    for signum in stop_signals:
        signal.signal(signum, stop)
    # The worker's stderr goes through us, so a flood costs neither disk nor time.
    err_r, err_w = os.pipe() if hasattr(os, "pidfd_open") else (-1, -1)
    worker = os.fork()
    if worker == 0:
        code = 70
        try:
            for signum in stop_signals:
                signal.signal(signum, signal.SIG_DFL)
            if err_w >= 0:
                os.dup2(err_w, 2)
                os.close(err_w)
                os.close(err_r)
            run_worker(cfg, isolated)
            code = 0
        except BaseException:
            with contextlib.suppress(Exception):
                import traceback

                traceback.print_exc()
        finally:
            os._exit(code)
    state["worker"] = worker
    if state["stop"]:
        stop(signal.SIGTERM, None)
    for fd in (cfg["req"], cfg["rep"], err_w):
        with contextlib.suppress(OSError):
            os.close(fd)
    status = _wait_for(worker, err_r)
    if not isolated:  # in a pid namespace the kernel has already killed everything left
        kill_descendants()
    if made:
        shutil.rmtree(workdir, ignore_errors=True)
    report = cfg.get("status_fd")
    if report is not None:
        with contextlib.suppress(OSError):
            os.write(report, struct.pack("<i", status))
    _exit_like(status)


STDERR_HEAD = STDERR_TAIL = 32 * 1024


def _wait_for(worker: int, err_r: int) -> int:
    """Wait for `worker` to end, copying its stderr (first and last 32 KB) to ours; its raw
    wait status."""
    if err_r < 0:
        return _waitpid(worker)
    pidfd = os.pidfd_open(worker)
    kept = dropped = 0
    tail = b""
    watch = [err_r, pidfd]
    while True:
        ready, _, _ = select.select(watch, [], [])
        if err_r in ready:
            data = os.read(err_r, 65536)
            if not data:
                watch.remove(err_r)
            elif kept < STDERR_HEAD:
                head, rest = data[: STDERR_HEAD - kept], data[STDERR_HEAD - kept :]
                _write_all(2, head)
                kept += len(head)
                tail = rest
            else:
                tail = (tail + data)[-STDERR_TAIL:]
                dropped += len(data)
        if pidfd in ready:
            break
    status = _waitpid(worker)
    os.set_blocking(err_r, False)
    with contextlib.suppress(OSError):
        while data := os.read(err_r, 65536):  # what it wrote just before it ended
            tail = (tail + data)[-STDERR_TAIL:]
            dropped += len(data)
    dropped -= len(tail)
    if dropped > 0:
        _write_all(2, f"\n[... {dropped} bytes of stderr not kept ...]\n".encode())
    _write_all(2, tail)
    os.close(pidfd)
    os.close(err_r)
    return status


def _write_all(fd: int, data: bytes) -> None:
    with contextlib.suppress(OSError):
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]


def _waitpid(worker: int) -> int:
    """Reap children until `worker` ends; its raw wait status."""
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            return 0
        if pid == worker:
            return status


def _exit_like(status: int) -> None:
    """End this process the way the worker ended, so the launcher sees the real cause."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        with contextlib.suppress(OSError, ValueError):
            signal.signal(sig, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
            os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)


def run_worker(cfg: dict[str, Any], isolated: bool) -> None:
    """In the forked worker: confine this process to its world, then serve the grader's
    requests."""
    os.setsid()  # its own session and group: a kill(0, ...) reaches only the worker's tree
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    workdir = cfg["workdir"]
    world = cfg["world"]
    folder = world["folder"]
    writable = False
    if isolated:
        writable = _private_filesystem(workdir, cfg["limits"]["tmp"], world)
    os.chdir(folder or workdir)
    os.environ.update(HOME=workdir, TMPDIR=workdir, MPLCONFIGDIR=workdir)
    landlock = 0
    if cfg.get("landlock"):
        proc = ["/proc"] if isolated else ["/proc/self"]  # in a pid namespace /proc is its own
        readable = [*world["landlock"], *world["devices"], *proc]
        landlock = apply_landlock(workdir, readable, [folder] if writable else [])
    if cfg.get("confine") and not (isolated or landlock):
        # The launcher counted on confining reads here: never run a submission that could
        # read every file of the batch.
        raise SystemExit("grader: this worker could not confine its reads; refusing to run")
    drop_capabilities()
    keep = {0, 1, 2, cfg["req"], cfg["rep"]}
    for fd in _open_fds():
        if fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)
    set_limits(cfg["limits"])
    # As in Jupyter: the notebook's folder first on sys.path, then the support folders.
    sys.path[0:0] = world["sys_path"]
    worker_module = sys.modules["_grader_worker"]
    info = {"isolated": isolated, "landlock": landlock, "folder_writable": writable}
    worker_module.Worker(
        cfg["req"],
        cfg["rep"],
        hidden=cfg["hidden"],
        # Reading these is no attempt on the grader's files even inside its checkout: the
        # support folders, and the interpreter (a virtualenv made inside the checkout).
        shown=[*world["sys_path"], sys.prefix, sys.exec_prefix, sys.base_prefix],
        info=info,
    ).serve()


def _open_fds() -> list[int]:
    try:
        return [int(n) for n in os.listdir("/proc/self/fd")]
    except OSError:
        return list(range(3, 256))


# -- the warm template (fork server) ------------------------------------------------------------
def serve_template(cfg: dict[str, Any]) -> None:
    """Fork one supervisor per request on the control socket; never runs student code.

    A request is a JSON object with ``workdir`` and ``world`` (what the worker may see, see
    `grader.runner.world`) and four descriptors attached (request pipe,
    reply pipe, stderr file, status pipe); the answer is ``{"pid": n}`` with a pidfd of the
    new supervisor attached, so the launcher can signal and watch it across pid namespaces.
    """
    # No PR_SET_PDEATHSIG here: it follows the parent *thread*, and a launcher may be made
    # by a thread that ends; the template ends instead when its control socket closes.
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    control = socket.socket(fileno=cfg["control"])
    supervisors: set[int] = set()
    cache = _preload(list(cfg.get("preload", ())))  # None when nothing is preloaded
    # Everything imported so far is shared with every fork; keep the collector off it, so
    # a fresh worker does not copy (and re-walk) the template's whole heap.
    gc.collect()
    gc.freeze()
    ended = 0
    while True:
        ready, _, _ = select.select([control], [], [], 1.0)
        ended += _reap(supervisors)
        if not ready:
            if ended:  # a supervisor ended: anything it left behind is now ours to kill
                _kill_orphans(supervisors)
                ended = 0
            continue
        try:
            message, fds, _, _ = socket.recv_fds(control, 65536, 4)
        except OSError:
            message, fds = b"", []
        if not message or len(fds) != 4:
            for fd in fds:
                os.close(fd)
            if not message:
                if cache:
                    shutil.rmtree(cache, ignore_errors=True)
                os._exit(0)
            continue
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            control.close()
            os.setsid()
            req, rep, err, status = fds
            os.dup2(err, 2)
            os.close(err)
            child = dict(
                cfg,
                req=req,
                rep=rep,
                status_fd=status,
                workdir=request["workdir"],
                world=request["world"],
            )
            supervise(child)
        supervisors.add(pid)
        for fd in fds:
            os.close(fd)
        pidfd = os.pidfd_open(pid)
        try:
            socket.send_fds(control, [json.dumps({"pid": pid}).encode()], [pidfd])
        finally:
            os.close(pidfd)


def _preload(modules: list[str]) -> str | None:
    """Import `modules` (the launcher's choice, e.g. matplotlib.pyplot for a submission that
    plots; what is not installed is skipped) so every fork has them; returns the private
    folder holding matplotlib's font cache, to remove when the template ends (None when
    there is nothing to import). Nothing student-made runs in the template, so this trusts
    only installed packages."""
    import importlib
    import tempfile

    if not modules:
        return None
    cache = tempfile.mkdtemp(prefix="grader-template-cache-")
    os.environ["MPLCONFIGDIR"] = cache
    for name in modules:
        # Not installed, or broken: a worker that needs it imports it (and fails) itself.
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    return cache


def _kill_orphans(supervisors: set[int]) -> None:
    """Kill children of the template that are not supervisors: what a killed supervisor left."""
    for pid in _children_of(os.getpid(), recursive=False):
        if pid not in supervisors:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def main(cfg: dict[str, Any]) -> None:
    """Entry point of the bootstrap: "run" (one supervised worker) or "template"."""
    if cfg["role"] == "template":
        serve_template(cfg)
    else:
        supervise(cfg)
