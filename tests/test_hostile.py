"""Hostile submissions (tests/corpus/hostile): whatever a submission does, it gets a fair report
of its own, the grader lives, nothing around it changes and nothing it started keeps running.

Each file is graded in a world of its own (tmp folders with sentinel files: the class folder
above it, its own folder, another student's folder, an output folder and a home folder that
the grader's $HOME points at), from a private copy whose placeholders name that world, a
unique marker for the processes it starts and a local server it may try to reach.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import secrets
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from corpus_harness import Expectation, Graded, problems

HOSTILE = Path(__file__).parent / "corpus" / "hostile"
REPO = Path(__file__).resolve().parent.parent
ASSIGNMENT = "init-shallow"
CALL_TIMEOUT = "2"  # seconds per call: generous for these functions, cheap for the loops
# Real folders an attack may plant marker-named files in: the test looks there, and cleans up.
PLANT_SITES = ("/tmp", "/var/tmp", "/dev/shm", str(REPO), str(REPO / "grader"), str(REPO / "tests"))


def expectations() -> dict[str, dict[str, Any]]:
    """expected.toml of the hostile corpus: file name -> its table."""
    return tomllib.loads((HOSTILE / "expected.toml").read_text())


CASES = expectations()


def expectation(name: str) -> Expectation:
    entry = CASES[name]
    return Expectation(
        file=name,
        expect=entry["expect"],
        fails=tuple(entry.get("fails", ())),
        passes=tuple(entry.get("passes", ())),
        reason=entry.get("reason", ""),
        score=entry.get("score"),
        note=entry.get("note", ""),
    )


# -- the world around one submission ------------------------------------------------------------
def tree(root: Path) -> dict[str, str]:
    """Every file and folder under `root`: relative path -> content hash ("dir" for folders)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            found[os.path.relpath(os.path.join(dirpath, name), root)] = "dir"
        for name in filenames:
            path = Path(dirpath, name)
            digest = "link" if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
            found[os.path.relpath(path, root)] = digest
    return found


def tagged_processes(marker: str) -> list[int]:
    """Live processes whose command line or name carries `marker`."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmdline = f.read()
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        state = stat[stat.rfind(b")") + 2 :][:1]
        comm = stat[stat.find(b"(") + 1 : stat.rfind(b")")]
        if state != b"Z" and (marker.encode() in cmdline or marker.encode() in comm):
            found.append(int(name))
    return found


@dataclass
class Watch:
    """Counts tagged processes while a grade runs (so a test knows the attack really ran)."""

    marker: str
    most: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Watch:
        if not self.marker:  # nothing to watch (the leftover check after the grade still runs)
            return self

        def loop() -> None:
            while not self._stop.is_set():
                self.most = max(self.most, len(tagged_processes(self.marker)))
                self._stop.wait(0.05)

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()


class Listener:
    """A TCP and a UDP socket on one local port, recording anything that reaches them."""

    def __init__(self) -> None:
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.port = self.tcp.getsockname()[1]
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.received: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.tcp, self.udp], [], [], 0.05)
            for sock in ready:
                if sock is self.tcp:
                    conn, peer = sock.accept()
                    self.received.append(f"tcp connection from {peer}")
                    conn.close()
                else:
                    data, peer = sock.recvfrom(4096)
                    self.received.append(f"udp datagram {data!r} from {peer}")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.tcp.close()
        self.udp.close()


@dataclass
class World:
    """Folders around one submission: the class folder (its parent's parent), its own folder,
    another student's folder, an output folder and a home folder, each with sentinel files."""

    root: Path
    name: str
    marker: str = field(default_factory=lambda: "hz" + secrets.token_hex(5))
    listener: Listener = field(default_factory=Listener)

    def __post_init__(self) -> None:
        self.klass = self.root / "class"
        self.own = self.klass / "alice"
        self.other = self.klass / "bob"
        self.output = self.root / "out"
        self.home = self.root / "home"
        for folder in (self.own, self.other, self.output, self.home):
            folder.mkdir(parents=True, exist_ok=True)
        (self.klass / "roster.csv").write_text("student,email\nalice,a@x\nbob,b@x\n")
        (self.own / "notes.txt").write_text("alice's own notes\n")
        (self.other / "solution.py").write_text("# bob's work: must never change\n")
        (self.output / "old-report.json").write_text('{"score": 42}\n')
        (self.home / ".bashrc").write_text("# the instructor's shell\n")
        self.submission = self.own / self.name
        self.submission.write_text(self.copy_of(self.name, self.marker))
        self.before = tree(self.root)

    def copy_of(self, name: str, marker: str) -> str:
        """Hostile file `name` with its placeholders naming this world and `marker`."""
        targets = [str(p) for p in (self.klass, self.other, self.output, self.home)]
        values = {
            "@@MARKER@@": marker,
            "@@TARGETS@@": json.dumps(targets),
            "@@REPO@@": str(REPO),
            "@@PORT@@": str(self.listener.port),
            # A piece of the submission's path: only this test's grader has it in its argv.
            "@@SELF@@": str(self.root),
        }
        source = (HOSTILE / name).read_text()
        for placeholder, value in values.items():
            source = source.replace(placeholder, value)
        return source

    def env(self) -> dict[str, str]:
        """The grader's environment: HOME points at the sentinel home folder."""
        return {**os.environ, "HOME": str(self.home), "NO_COLOR": "1"}

    def problems(self, ignore: tuple[Path, ...] = ()) -> list[str]:
        """Everything the submission changed or left behind outside its worker (and clean-up
        of whatever it did leave, so one failure does not spill into other tests)."""
        found = []
        skip = {os.path.relpath(p, self.root) for p in (self.submission, *ignore)}
        after = {k: v for k, v in tree(self.root).items() if not any(_under(k, s) for s in skip)}
        before = {k: v for k, v in self.before.items() if not any(_under(k, s) for s in skip)}
        if after != before:
            changed = sorted(
                k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
            )
            found.append(f"files changed around the submission: {changed}")
        found += leftovers(self.marker)
        if self.listener.received:
            found.append(f"the network was reached: {self.listener.received}")
        return found

    def close(self) -> None:
        self.listener.close()


def leftovers(marker: str) -> list[str]:
    """Files planted and processes left running by the submission tagged `marker` (removed
    and killed as they are found, so one failure does not spill into other tests)."""
    found = []
    for folder in PLANT_SITES:
        with contextlib.suppress(OSError):
            planted = [n for n in os.listdir(folder) if marker in n]
            if planted:
                found.append(f"files left in {folder}: {planted}")
            for name in planted:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
    deadline = time.monotonic() + 3
    while (left := tagged_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    if left:
        found.append(f"processes left running: {left}")
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, 9)
    return found


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + os.sep)


def report_problems(entry: dict[str, Any], report: dict[str, Any]) -> list[str]:
    """The extra expectations of the hostile corpus (message, notice, capped output)."""
    found = []
    texts = [p["message"] for p in report["properties"]] + list(report["load_errors"])
    if entry.get("message") and not any(entry["message"] in t for t in texts):
        found.append(f"no message mentions {entry['message']!r}: {texts}")
    if entry.get("notice") and not any(entry["notice"] in n for n in report["notices"]):
        found.append(f"no notice mentions {entry['notice']!r}: {report['notices']}")
    for prop in report["properties"]:
        if len(prop["output"]) > 5000 or len(prop["message"]) > 5000:
            found.append(f"{prop['id']}: output or message not capped")
    return found


def _mode_used(mode: str) -> str:
    from grader.runner.sandbox import resolve_mode

    return resolve_mode(mode)


# -- grading one file ---------------------------------------------------------------------------
def check_in_world(root: Path, name: str, mode: str, launcher: Any = None) -> list[str]:
    """Grade hostile file `name` in a fresh world (through the CLI when its entry says `cli`,
    else through grader.api.check with `launcher`); every problem found."""
    world = World(root, name)
    entry = CASES[name]
    try:
        with Watch(world.marker if entry.get("processes") else "") as watch:
            if entry.get("cli"):
                report, code, stderr = _check_cli(world, mode)
            else:
                report, code, stderr = _check_api(world, mode, entry, launcher)
        if report is None:
            return [
                f"grader check gave no report (exit {code}): {stderr[-1500:]}",
                *world.problems(),
            ]
        found = _judge(name, report, code, mode)
        if entry.get("processes") and watch.most == 0:
            found.append("the attack's processes were never seen: the test proves nothing")
        if watch.most > entry.get("max_processes", 10**6):
            found.append(f"{watch.most} tagged processes at once; the limit is not holding")
        if stderr.strip():
            found.append(f"the grader wrote to stderr: {stderr[-800:]}")
        return found + world.problems()
    finally:
        world.close()


def _check_cli(world: World, mode: str) -> tuple[dict[str, Any] | None, int, str]:
    command = [sys.executable, "-m", "grader", "check", str(world.submission), "-a", ASSIGNMENT]
    command += ["--format", "json", "--timeout", CALL_TIMEOUT, "--sandbox", mode]
    proc = subprocess.run(
        command, capture_output=True, text=True, timeout=240, env=world.env(), cwd=world.output
    )
    if proc.returncode not in (0, 1):
        return None, proc.returncode, proc.stderr
    try:  # stdout must be the real report and nothing else
        return json.loads(proc.stdout), proc.returncode, proc.stderr
    except json.JSONDecodeError:
        return None, proc.returncode, f"stdout is not one JSON report: {proc.stdout[:500]!r}"


def _check_api(
    world: World, mode: str, entry: dict[str, Any], launcher: Any
) -> tuple[dict[str, Any], int, str]:
    """In-process `grader.api.check` (what `grader check` runs), with fewer examples per
    property: the attacks do not need many, and the suite's time is shared."""
    from grader.api import check
    from grader.config import RunConfig

    config = RunConfig(
        call_timeout=float(CALL_TIMEOUT),
        load_timeout=entry.get("load_timeout", 20.0),
        sandbox=mode,
        examples=0.3,
    )
    report = check(world.submission, ASSIGNMENT, config=config, launcher=launcher)
    return report.to_dict(), 0 if report.full_marks else 1, ""


def _judge(name: str, report: dict[str, Any], code: int, mode: str) -> list[str]:
    graded = Graded(report, code)
    for prop in report["properties"]:
        graded.categories.setdefault(prop["category"], []).append(prop["status"])
    found = problems(expectation(name), graded) + report_problems(CASES[name], report)
    if report["sandbox"] != _mode_used(mode):
        found.append(f"report says sandbox {report['sandbox']!r}, expected {_mode_used(mode)!r}")
    return found


# -- grader check, every file -------------------------------------------------------------------
RUNS = [(name, "auto") for name in CASES] + [
    (name, "process") for name, entry in CASES.items() if entry.get("process_mode")
]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[str]]:
    """Every run of RUNS, before the tests look: the CLI runs in a background thread (they
    are subprocesses), the in-process runs one after another with one warm launcher per mode."""
    from grader.runner.sandbox import ForkServerLauncher

    def run(case: tuple[str, str], launcher: Any = None) -> list[str]:
        name, mode = case
        root = tmp_path_factory.mktemp(f"{Path(name).stem}-{mode}")
        return check_in_world(root, name, mode, launcher)

    cli = [c for c in RUNS if CASES[c[0]].get("cli")]
    with ThreadPoolExecutor(max_workers=1) as background:
        pending = {case: background.submit(run, case) for case in cli}
        results: dict[tuple[str, str], list[str]] = {}
        for mode in ("auto", "process"):
            with ForkServerLauncher(_mode_used(mode)) as launcher:
                for case in [c for c in RUNS if c[1] == mode and c not in pending]:
                    results[case] = run(case, launcher)
        results.update({case: future.result() for case, future in pending.items()})
    return results


@pytest.mark.parametrize(("name", "mode"), RUNS, ids=[f"{n}-{m}" for n, m in RUNS])
def test_hostile_submission_gets_its_own_fair_report_and_touches_nothing(
    graded: dict[tuple[str, str], list[str]], name: str, mode: str
) -> None:
    """The report meets expected.toml, the grader lived and printed only the real report,
    the sentinel files are untouched, no file was planted in /tmp or the checkout, no process
    was left running and the network was not reached."""
    assert graded[(name, mode)] == []


# -- grader grade, the whole corpus at once -----------------------------------------------------
def test_grader_grade_gives_every_hostile_student_a_row_and_touches_nothing(
    tmp_path: Path,
) -> None:
    """The whole corpus as one class (bob's untouched solution included): every student gets a
    report and a grades.csv row, the batch exits 0, the folders around stay as they were and
    no process any of them started is left running."""
    world = World(tmp_path, "nan_inf.py")  # alice's file is replaced by the whole corpus
    shutil.rmtree(world.own)
    # Files that never finish loading cost 20 s each here; the test above covers them.
    names = sorted(n for n, entry in CASES.items() if "load_timeout" not in entry)
    markers = {}
    for name in names:
        student = world.klass / Path(name).stem.replace("_", "-")
        student.mkdir()
        markers[student.name] = "hz" + secrets.token_hex(5)
        (student / name).write_text(world.copy_of(name, markers[student.name]))
    world.before = tree(world.root)
    outdir = world.output / "batch"
    try:
        command = [sys.executable, "-m", "grader", "grade", str(world.klass), "-a", ASSIGNMENT]
        command += ["-o", str(outdir), "--timeout", CALL_TIMEOUT, "-j", "2"]
        proc = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=600,
            env=world.env(),
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        with open(outdir / "grades.csv", encoding="utf-8-sig") as f:
            rows = {row["student"]: row for row in csv.DictReader(f)}
        assert set(rows) == {*markers, "bob"}
        for student in markers:
            report = json.loads((outdir / "reports" / f"{student}.json").read_text())
            assert report["status"] in ("graded", "load-error"), student
        # The grader's own caches, if any, live in its $HOME.
        caches = (world.home / ".cache", world.home / ".config")
        found = world.problems(ignore=(outdir, *caches))
        for marker in markers.values():
            found += leftovers(marker)
        assert found == []
    finally:
        world.close()
