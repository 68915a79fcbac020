"""The sandbox: each confinement layer holds on its own where the machine offers it, a worker
and everything it starts are gone after `close`, exit causes reach the grader intact, and the
fork-server launcher keeps the plain launcher's contract at a fraction of its cost.

Every probe here is harmless even if confinement fails: it creates a new file in the test's
own folder, sends signal 0 (a permission check) and talks to a socket the test owns.
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.runner import _jail, sandbox
from grader.runner.student import StudentCode, StudentCrash, StudentTimeout

REPO = Path(__file__).resolve().parent.parent
ROOT = os.geteuid() == 0
LANDLOCK = _jail.landlock_abi()
BWRAP = sandbox.bwrap_usable()
needs_bwrap = pytest.mark.skipif(not BWRAP, reason="bubblewrap is not usable here")
needs_root = pytest.mark.skipif(not ROOT, reason="namespaces need root (CAP_SYS_ADMIN)")
needs_landlock = pytest.mark.skipif(LANDLOCK < 6, reason="needs Landlock ABI >= 6")

COMBOS = [
    pytest.param(sandbox.Launcher, "process", id="plain-process"),
    pytest.param(sandbox.ForkServerLauncher, "process", id="fork-process"),
    pytest.param(sandbox.Launcher, "bwrap", id="plain-bwrap", marks=needs_bwrap),
    pytest.param(sandbox.ForkServerLauncher, "bwrap", id="fork-bwrap", marks=needs_bwrap),
]


@pytest.fixture(scope="module")
def warm() -> Iterator[dict[str, sandbox.ForkServerLauncher]]:
    """One fork server per mode, shared by the tests that only need some worker."""
    launchers = {"process": sandbox.ForkServerLauncher("process")}
    if BWRAP:
        launchers["bwrap"] = sandbox.ForkServerLauncher("bwrap")
    yield launchers
    for launcher in launchers.values():
        launcher.close()


@contextlib.contextmanager
def student(launcher: sandbox.Launcher, source: str, **kwargs: float) -> Iterator[StudentCode]:
    code = StudentCode((("probe.py", source),), launcher=launcher, **kwargs)
    try:
        assert code.load_result().error == ""
        yield code
    finally:
        code.close()


def info(code: StudentCode) -> dict[str, object]:
    code._send({"op": "info"}, 5)
    return code._receive(5)["info"]


# -- how a worker is confined -------------------------------------------------------------------
PROBE = """
import errno, os, socket

def attempt(action):
    try:
        action()
        return "allowed"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))

def probe(folder, port, reference):
    def write():
        with open(os.path.join(folder, "probe-" + str(os.getpid())), "x") as f:
            f.write("x")
    def read():
        with open(reference) as f:
            f.read(1)
    def tcp():
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    def udp():
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", port))
    def own_folder():
        with open("mine.txt", "w") as f:
            f.write("mine")
    parent = os.getppid()
    return {
        "write": attempt(write),
        "read": attempt(read),
        "tcp": attempt(tcp),
        "udp": attempt(udp),
        "own": attempt(own_folder),
        "signal": attempt(lambda: os.kill(parent, 0)) if parent > 0 else "no parent",
    }
"""


@pytest.fixture
def server() -> Iterator[tuple[int, list[str]]]:
    """A TCP and a UDP socket on one port; the list records whatever reaches them."""
    tcp = socket.create_server(("127.0.0.1", 0))
    port = tcp.getsockname()[1]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", port))
    tcp.settimeout(0.05)
    udp.settimeout(0.05)
    seen: list[str] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                tcp.accept()[0].close()
                seen.append("tcp")
            with contextlib.suppress(OSError):
                udp.recvfrom(16)
                seen.append("udp")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield port, seen
    stop.set()
    thread.join()
    tcp.close()
    udp.close()


def probe(launcher: sandbox.Launcher, folder: Path, port: int) -> dict[str, str]:
    with student(launcher, PROBE) as code:
        return code.probe(str(folder), port, str(REPO / "reference" / "init.py"))


@pytest.mark.parametrize(("cls", "mode"), COMBOS)
def test_a_worker_writes_only_its_own_folder_reads_no_grader_file_and_reaches_nothing(
    cls: type[sandbox.Launcher],
    mode: str,
    tmp_path: Path,
    server: tuple[int, list[str]],
) -> None:
    port, seen = server
    with cls(mode) as launcher:
        result = probe(launcher, tmp_path, port)
    assert result["own"] == "allowed"
    assert result["write"] != "allowed" and list(tmp_path.iterdir()) == []
    assert result["read"] != "allowed"
    # A datagram may leave the socket (a sandbox has its own loopback); it must reach nobody.
    assert result["tcp"] != "allowed" and seen == []
    assert result["signal"] != "allowed"


@needs_landlock
def test_landlock_alone_keeps_files_grader_sources_tcp_and_signals_in(
    tmp_path: Path, server: tuple[int, list[str]]
) -> None:
    """What an unprivileged machine without bwrap still gets. UDP is the known gap: Landlock
    does not cover it (only namespaces or bwrap do)."""
    port, seen = server
    with sandbox.ForkServerLauncher("process", namespaces=False) as launcher:
        result = probe(launcher, tmp_path, port)
    assert result["write"] == "EACCES" and list(tmp_path.iterdir()) == []
    assert result["read"] == "EACCES"
    assert result["tcp"] == "EACCES" and "tcp" not in seen
    assert result["signal"] == "EPERM"
    assert result["own"] == "allowed"


@needs_root
def test_namespaces_alone_keep_files_grader_sources_network_and_the_grader_in(
    tmp_path: Path, server: tuple[int, list[str]]
) -> None:
    port, seen = server
    with sandbox.ForkServerLauncher("process", landlock=False) as launcher:
        result = probe(launcher, tmp_path, port)
    # Its private root holds only its world: the test's folder and the checkout are not there.
    assert result["write"] == "ENOENT" and list(tmp_path.iterdir()) == []
    assert result["read"] == "ENOENT"
    assert result["tcp"] != "allowed" and seen == []
    assert result["signal"] == "no parent"  # its parent is outside its pid namespace
    assert result["own"] == "allowed"


@pytest.mark.parametrize(("cls", "mode"), COMBOS)
def test_the_worker_says_which_layers_it_runs_under(cls: type[sandbox.Launcher], mode: str) -> None:
    with cls(mode) as launcher, student(launcher, "x = 1") as code:
        layers = info(code)
    assert layers["landlock"] == LANDLOCK
    # Namespaces need CAP_SYS_ADMIN: root, or bwrap's user namespace.
    assert layers["isolated"] == (ROOT or mode == "bwrap")


def test_the_checkout_is_hidden_but_the_interpreter_is_not() -> None:
    # The interpreter's folders may lie inside the checkout (CI's .venv does): they are listed
    # so the sandbox can keep them readable; every other test here runs workers that import
    # numpy through them.
    hidden, interpreter = sandbox.hidden_paths()
    assert str(REPO) in hidden
    assert str(Path(sys.prefix).resolve()) in interpreter
    assert str(Path(os.path.realpath(sys.executable)).parent) in interpreter


# -- nothing is left behind ---------------------------------------------------------------------
ESCAPE = """
import os, sys
def escape(marker):
    # Double fork and setsid: a grandchild outside the worker's session and process group,
    # ignoring SIGTERM and SIGHUP. Returns once it has exec'd (the pipe is non-inheritable,
    # so its exec closes the last writer), so the test can see it by its marker.
    ready_r, ready_w = os.pipe()
    if os.fork() == 0:
        os.close(ready_r)
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c",
                "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                "signal.signal(signal.SIGHUP, signal.SIG_IGN); time.sleep(120)", marker])
        os._exit(0)
    os.close(ready_w)
    os.wait()
    os.read(ready_r, 1)
    os.close(ready_r)
    return "escaped"
"""


def marked(marker: str) -> list[int]:
    """Live processes whose command line or name carries `marker`."""
    found = []
    for name in os.listdir("/proc"):
        with contextlib.suppress(OSError):
            if not name.isdigit():
                continue
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes()
            stat = Path(f"/proc/{name}/stat").read_bytes()
            comm, state = stat.split(b"(", 1)[1].rsplit(b")", 1)
            if state.split()[0] != b"Z" and marker.encode() in cmdline + comm:
                found.append(int(name))
    return found


def gone(marker: str, within: float = 3.0) -> bool:
    deadline = time.monotonic() + within
    while marked(marker) and time.monotonic() < deadline:
        time.sleep(0.02)
    left = marked(marker)
    for pid in left:  # never leave one to the next test
        os.kill(pid, 9)
    return not left


LAYERS = [
    *COMBOS,
    pytest.param(
        lambda mode: sandbox.ForkServerLauncher(mode, namespaces=False, landlock=False),
        "process",
        id="fork-process-subreaper-only",
    ),
]


@pytest.mark.parametrize(("cls", "mode"), LAYERS)
def test_a_daemon_the_worker_started_dies_with_the_worker(cls, mode: str) -> None:  # type: ignore[no-untyped-def]
    marker = f"sandbox-test-{os.getpid()}-{time.monotonic_ns()}"
    with cls(mode) as launcher, student(launcher, ESCAPE) as code:
        assert code.escape(marker) == "escaped"
        assert marked(marker), "the grandchild never started: the test would prove nothing"
    assert gone(marker)


@pytest.mark.skipif(sandbox._cgroup_base() is None, reason="no writable pids cgroup here")
def test_the_process_limit_stops_a_fork_bomb() -> None:
    source = """
import ctypes, os, time
def bomb(marker, tries):
    started = 0
    for _ in range(tries):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            ctypes.CDLL(None).prctl(15, marker.encode(), 0, 0, 0)  # PR_SET_NAME: a tag
            time.sleep(60)
            os._exit(0)
        started += 1
    return started
"""
    marker = f"bomb{os.getpid() % 100000}"
    with student(sandbox.Launcher("process"), source) as code:
        started = code.bomb(marker, 150)
        assert len(marked(marker)) == started
    # The cgroup holds the supervisor, the worker and its children: processes + 4 tasks.
    assert 0 < started <= sandbox.Limits().processes + 2
    assert gone(marker)


# -- how a worker ends --------------------------------------------------------------------------
ENDINGS = """
import ctypes, os, signal, time
def segfault():
    ctypes.string_at(0)
def leave(code):
    os._exit(code)
def spin():
    while True:
        pass
def fine():
    return "fine"
def flood_stderr():
    for _ in range(100):
        os.write(2, b"!" * 100_000)
    return "flooded"
"""


@pytest.mark.parametrize(("cls", "mode"), COMBOS)
def test_crashes_and_exits_reach_the_grader_with_their_cause(
    cls: type[sandbox.Launcher], mode: str
) -> None:
    with cls(mode) as launcher, student(launcher, ENDINGS, call_timeout=1.0) as code:
        with pytest.raises(StudentCrash, match="segmentation fault"):
            code.segfault()
        with pytest.raises(StudentCrash, match="exited with code 3"):
            code.leave(3)
        with pytest.raises(StudentTimeout):
            code.spin()
        assert code.fine() == "fine"  # on a fresh worker
        assert code.restarts == 3


def test_a_stderr_flood_costs_no_disk(warm: dict[str, sandbox.ForkServerLauncher]) -> None:
    """10 MB written straight to fd 2: the supervisor keeps the first 32 KB (and the last 32 KB
    once the worker ends), so the file an instructor reads stays small."""
    with student(warm["process"], ENDINGS) as code:
        assert code.flood_stderr() == "flooded"
        assert code._worker is not None
        path = code._worker.stderr_path
        assert os.path.getsize(path) <= _jail.STDERR_HEAD
    assert not os.path.exists(path)  # removed with the worker


# -- the fork server ----------------------------------------------------------------------------
def test_a_forked_worker_has_the_contract_of_a_started_one(
    warm: dict[str, sandbox.ForkServerLauncher],
) -> None:
    spawned = warm["process"].spawn()
    try:
        assert spawned.process.poll() is None
        with pytest.raises(subprocess.TimeoutExpired):
            spawned.process.wait(0.05)
        spawned.process.kill()
        assert spawned.process.wait(5) < 0
        assert spawned.process.poll() == spawned.process.returncode
    finally:
        for fd in (spawned.request_fd, spawned.reply_fd):
            os.close(fd)
        spawned.release()
    assert not os.path.exists(spawned.workdir)


@pytest.mark.parametrize("mode", ["process", pytest.param("bwrap", marks=needs_bwrap)])
def test_nothing_one_submission_leaves_reaches_the_next(
    mode: str, warm: dict[str, sandbox.ForkServerLauncher]
) -> None:
    source = (
        ESCAPE
        + """
import tempfile
def leave(marker):
    with open("left.txt", "w") as f:
        f.write("secret")
    try:
        with open(os.path.join(tempfile.gettempdir(), "left-tmp.txt"), "w") as f:
            f.write("secret")
    except OSError:
        pass
    escape(marker)
    return os.getcwd()
def look(folder):
    return os.listdir("."), os.path.exists(os.path.join(folder, "left.txt"))
"""
    )
    marker = f"sandbox-next-{os.getpid()}-{time.monotonic_ns()}"
    launcher = warm[mode]
    with student(launcher, source) as first:
        folder = first.leave(marker)
        assert marked(marker)
    assert gone(marker)
    with student(launcher, source) as second:
        listing, still_there = second.look(folder)
    assert listing == [] and not still_there


def test_the_template_is_restarted_when_it_dies() -> None:
    with sandbox.ForkServerLauncher("process") as launcher:
        with student(launcher, "def f():\n    return 1") as code:
            assert code.f() == 1
        assert launcher._template is not None
        os.killpg(launcher._template.pid, 9)
        launcher._template.wait()
        with student(launcher, "def f():\n    return 2") as code:
            assert code.f() == 2


def test_close_stops_the_template_and_everything_it_started() -> None:
    launcher = sandbox.ForkServerLauncher("process")
    launcher.start()
    assert launcher._template is not None
    template = launcher._template
    launcher.close()
    assert template.poll() is not None


def test_a_forked_grader_process_gets_its_own_template(
    warm: dict[str, sandbox.ForkServerLauncher],
) -> None:
    """A pool that forks after the launcher started must not talk to the parent's template."""
    launcher = warm["process"]
    launcher.start()
    parent_template = launcher._template
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked child
        try:
            with student(launcher, "def f():\n    return 41 + 1") as code:
                ok = code.f() == 42 and launcher._template is not parent_template
            launcher.close()
        except BaseException:
            ok = False
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(child, 0)
    os.close(read)
    assert answer == b"1"
    assert parent_template is not None and parent_template.poll() is None  # still ours


def test_threads_may_share_one_fork_server(warm: dict[str, sandbox.ForkServerLauncher]) -> None:
    results: list[object] = []

    def grade(k: int) -> None:
        with student(warm["process"], f"def f():\n    return {k}") as code:
            results.append(code.f())

    threads = [threading.Thread(target=grade, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1, 2, 3]  # type: ignore[type-var]


def _first_call(launcher: sandbox.Launcher) -> float:
    started = time.perf_counter()
    with student(launcher, "import numpy as np\ndef f():\n    return np.ones(2)") as code:
        code.f()
    return time.perf_counter() - started


def test_a_warm_worker_is_several_times_cheaper_than_a_fresh_interpreter() -> None:
    """Time from spawn to the first call's answer (medians; the margin absorbs a busy machine)."""
    with sandbox.Launcher("process") as plain:
        fresh = statistics.median(_first_call(plain) for _ in range(3))
    with sandbox.ForkServerLauncher("process") as forked:
        forked.start()
        warm = statistics.median(_first_call(forked) for _ in range(5))
    print(f"first call: fresh interpreter {fresh * 1000:.0f} ms, warm fork {warm * 1000:.0f} ms")
    assert warm * 3 < fresh


def test_only_a_submission_that_imports_matplotlib_gets_a_template_holding_it(
    warm: dict[str, sandbox.ForkServerLauncher],
) -> None:
    plots = "import sys\nbefore = 'matplotlib.pyplot' in sys.modules\nimport matplotlib.pyplot as plt\ndef f():\n    return before\n"
    plain = "import sys\ndef f():\n    return 'matplotlib' in sys.modules\n"
    assert sandbox.preloads_for([("a.py", plots)]) == ("matplotlib.pyplot",)
    assert sandbox.preloads_for([("a.py", "from matplotlib import pyplot\n")]) == (
        "matplotlib.pyplot",
    )
    assert sandbox.preloads_for([("a.py", plain), ("b.py", "# import matplotlib\n")]) == ()
    launcher = warm["process"]
    with contextlib.closing(
        StudentCode((("p.py", plots),), launcher=launcher, preload=("matplotlib.pyplot",))
    ) as code:
        assert code.f() is True  # imported by the template before the fork
    with student(launcher, plain) as code:
        assert code.f() is False  # the plain template never imported it
    assert set(launcher._templates) >= {(), ("matplotlib.pyplot",)}
