"""Throughput and memory of `grader grade` on a generated class of notebooks.

For each assignment (init-shallow, train-shallow; one that is not registered yet is skipped, and
the table says so), 200 notebooks are generated into a temporary folder (see batch_notebooks.py)
and graded with `-j 1` and `-j 2`, three times each (`--repeat`); then a small class of 100
init-shallow notebooks (`--small-class`), where the fixed start-up of each grading process
weighs most against what `-j 2` saves. Reported: submissions per second (the median run's wall
clock for the whole command, start-up included), the speed-up of -j 2 over -j 1, when the
first report was written, peak resident memory (RSS) of the driver, of one grading process and
of one student worker, and CPU time per side: the driver and grading processes as sampled, the
student side as the worker templates' own time plus that of the workers they reaped.

Processes are sampled with psutil every 0.5 s. Each sample reads /proc for every process (~10
ms of CPU); every 0.25 s, the sampler took ~1 CPU s of a 20 s run from the two cores being
measured. Student workers are alike, so sampling some of them still finds their peak.
The grader's sources are byte-compiled first, as an installed grader has them (installed.py).
Prints a Markdown table and writes it to benchmarks/results/batch.md.

    python benchmarks/batch.py [--count 200] [--small-class 100] [--assignments ...]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_notebooks import generate
from installed import compile_sources

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "batch.md"
TARGET_RATE, TARGET_SPEEDUP, TARGET_MB = 10.0, 1.5, 200.0
TARGET_SMALL_SPEEDUP = 1.6  # -j 2 over -j 1 on the small class
SAMPLE_EVERY = 0.5  # seconds
ANALYSIS_MARKER = "<!-- analysis: kept when this file is regenerated -->"


@dataclass
class Peaks:
    """Peak RSS in MB per kind of process, over the whole run."""

    driver: float = 0.0
    grading: float = 0.0
    student: float = 0.0
    samples: int = 0
    cpu: dict[int, tuple[str, float]] = field(default_factory=dict)  # pid -> (kind, CPU s)

    def cpu_of(self, *kinds: str) -> float:
        """CPU seconds used by processes of `kinds` (sampled: each process's last <50 ms are
        missed, a few percent of a student worker's life)."""
        return sum(c for kind, c in self.cpu.values() if kind in kinds)


def _kind(proc: psutil.Process, driver: int) -> str:
    try:
        cmd = " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return ""
    if proc.pid == driver:
        return "driver"
    if "multiprocessing" in cmd or "spawn_main" in cmd:
        return "grading" if "resource_tracker" not in cmd else ""
    if cmd.startswith("bwrap") or "/bwrap " in cmd:
        return "bwrap"  # the sandbox's helper: its memory is tiny, its CPU is the worker's
    if "_grader_codec" in cmd or " -I -B -c" in cmd:
        return "student"
    return ""


def _sample(driver: psutil.Process, peaks: Peaks, stop: threading.Event) -> None:
    # What each process is, and whether a student-side one counts its reaped children, is
    # worked out once per process (by pid and start time): reading every command line again
    # at each sample cost the sampler ~1 CPU s per run, CPU the run being measured lacked.
    known: dict[tuple[int, float], tuple[str, bool]] = {}
    while not stop.is_set():
        try:
            procs = [driver, *driver.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for proc in procs:
            try:
                key = (proc.pid, proc.create_time())
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            if key not in known:
                kind = _kind(proc, driver.pid)
                # Student workers live ~0.1 s, too short to sample; the kernel adds each one's
                # CPU to the process that reaps it. So a student-side process whose parent is
                # not one (the warm template, or a worker started as a fresh interpreter)
                # counts its own time and its reaped descendants'; the others count nothing,
                # lest they count twice.
                top = False
                if kind == "student":
                    try:
                        top = _kind(proc.parent(), driver.pid) != "student"
                    except (psutil.NoSuchProcess, psutil.AccessDenied, AttributeError):
                        top = False
                known[key] = (kind, top)
            kind, top = known[key]
            if not kind:
                continue
            try:
                rss = proc.memory_info().rss / 2**20
                times = proc.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            used = times.user + times.system
            if kind == "student":
                used = used + times.children_user + times.children_system if top else 0.0
            peaks.cpu[proc.pid] = (kind, max(used, peaks.cpu.get(proc.pid, ("", 0.0))[1]))
            if kind != "bwrap":
                setattr(peaks, kind, max(getattr(peaks, kind), rss))
        peaks.samples += 1
        stop.wait(SAMPLE_EVERY)


@dataclass
class Run:
    wall: float  # seconds, the whole command
    first: float  # seconds until the first report was written
    peaks: Peaks
    code: int


def run_batch(source: Path, assignment: str, jobs: int, outdir: Path) -> Run:
    """Wall seconds, time to the first report, memory and CPU per kind of process (sampled),
    and the exit code of one `grader grade` run."""
    shutil.rmtree(outdir, ignore_errors=True)
    command = [sys.executable, "-m", "grader", "grade", str(source), "-a", assignment,
               "-o", str(outdir), "-j", str(jobs), "--progress", "none"]  # fmt: skip
    peaks = Peaks()
    stop = threading.Event()
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = threading.Thread(target=_sample, args=(psutil.Process(proc.pid), peaks, stop))
    sampler.start()
    first = float("nan")
    reports = outdir / "reports"
    while proc.poll() is None:  # a listdir every 20 ms: negligible next to what is measured
        if reports.is_dir() and any(reports.iterdir()):
            first = time.perf_counter() - started
            break
        time.sleep(0.02)
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        print(stderr.decode(errors="replace")[-2000:], file=sys.stderr)
    return Run(elapsed, first, peaks, proc.returncode)


def registered() -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "grader", "list"], capture_output=True, text=True, check=True
    )
    return [line.split()[0] for line in out.stdout.splitlines() if line.strip()]


def main() -> None:
    compile_sources()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="notebooks per assignment")
    parser.add_argument(
        "--small-class",
        type=int,
        default=100,
        help="then this many init-shallow notebooks (0: skip)",
    )
    parser.add_argument("--assignments", nargs="+", default=["init-shallow", "train-shallow"])
    parser.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per configuration; the median is reported"
    )
    args = parser.parse_args()
    known = registered()
    lines = [
        f"`grader grade` on generated notebooks ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}); targets: init-shallow >= {TARGET_RATE:g}/s with "
        f"-j 2, -j 2 >= {TARGET_SPEEDUP}x -j 1 ({TARGET_SMALL_SPEEDUP}x on the small class), "
        f"< {TARGET_MB:g} MB per worker",
        "",
        "| assignment | notebooks | mix (correct/wrong/broken) | -j | wall (s) | first report (s) "
        "| submissions/s | speed-up | CPU s per submission (grader + student) | driver CPU s "
        "| driver MB | grading process MB | student worker MB | exit |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    cases = [(a, args.count) for a in args.assignments]
    if args.small_class:
        cases.append(("init-shallow", args.small_class))
    with tempfile.TemporaryDirectory(prefix="grader-bench-") as tmp:
        for assignment, count in cases:
            if assignment not in known:
                notes.append(f"- {assignment}: skipped, not registered in this grader yet.")
                print(f"{assignment}: not registered yet; skipped", file=sys.stderr)
                continue
            source = Path(tmp) / f"{assignment}-{count}"
            try:
                made = generate(assignment, source, count)
            except ValueError as exc:
                notes.append(f"- {assignment}: skipped, {exc}.")
                continue
            mix = "/".join(str(made.get(k, 0)) for k in ("correct", "wrong", "malformed"))
            base = None
            for jobs in args.jobs:
                print(f"{assignment}: grading {count} with -j {jobs} ...", file=sys.stderr)
                load = os.getloadavg()[0]
                # A shared VM's wall clock wanders by +-10% from run to run: the median of a
                # few runs, and every run listed below the table.
                runs = sorted(
                    (run_batch(source, assignment, jobs, Path(tmp) / "out")
                     for _ in range(max(1, args.repeat))),
                    key=lambda run: run.wall,
                )  # fmt: skip
                median = runs[len(runs) // 2]
                peaks = median.peaks
                code = max(run.code for run in runs)
                for run in runs:
                    peaks.driver = max(peaks.driver, run.peaks.driver)
                    peaks.grading = max(peaks.grading, run.peaks.grading)
                    peaks.student = max(peaks.student, run.peaks.student)
                rate = count / median.wall
                base = base or rate
                lines.append(
                    f"| {assignment} | {count} | {mix} | {jobs} | {median.wall:.1f} | "
                    f"{median.first:.2f} | {rate:.2f} | {rate / base:.2f}x | "
                    f"{peaks.cpu_of('grading') / count:.2f} + "
                    f"{peaks.cpu_of('student') / count:.2f} | {peaks.cpu_of('driver'):.2f} | "
                    f"{peaks.driver:.0f} | {peaks.grading:.0f} | "
                    f"{peaks.student:.0f} | {code} |"
                )
                walls = ", ".join(f"{run.wall:.1f}" for run in runs)
                notes.append(
                    f"- {assignment} ({count}) -j {jobs}: runs of {walls} s (median shown); load "
                    f"average {load:.1f} when they started (other work on this machine slows the "
                    "wall clock; the CPU columns barely move)."
                )
    text = "\n".join(lines + (["", *notes] if notes else [])) + "\n"
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    # A hand-written analysis below the marker (where the time goes) survives re-runs.
    old = RESULTS.read_text() if RESULTS.exists() else ""
    if ANALYSIS_MARKER in old:
        text += "\n" + old[old.index(ANALYSIS_MARKER) :]
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
