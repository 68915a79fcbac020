"""Throughput and memory of `grader grade` on a generated class of notebooks.

For each assignment (init-shallow, train-shallow; one that is not registered yet is skipped, and
the table says so), 200 notebooks are generated into a temporary folder (see batch_notebooks.py)
and graded with `-j 1` and `-j 2`. Reported: submissions per second (wall clock of the whole
command, start-up included), the speed-up of -j 2 over -j 1, and peak resident memory (RSS) of
the driver, of one grading process, and of one student worker, sampled every 0.25 s with psutil
(more often would itself take a noticeable share of the two cores being measured), and CPU
time per side: the driver and grading processes as sampled, the student side as the worker
templates' own time plus that of the workers they reaped.
Prints a Markdown table and writes it to benchmarks/results/batch.md.

    python benchmarks/batch.py [--count 200] [--assignments init-shallow train-shallow]
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

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "batch.md"
TARGET_RATE, TARGET_SPEEDUP, TARGET_MB = 10.0, 1.5, 200.0
SAMPLE_EVERY = 0.25  # seconds
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
    while not stop.is_set():
        try:
            procs = [driver, *driver.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for proc in procs:
            kind = _kind(proc, driver.pid)
            if not kind:
                continue
            try:
                rss = proc.memory_info().rss / 2**20
                times = proc.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            # Student workers live ~0.1 s, too short to sample; the kernel adds each one's CPU
            # to the process that reaps it. So a student-side process whose parent is not one
            # (the warm template, or a worker started as a fresh interpreter) counts its own
            # time and its reaped descendants'; the others count nothing, lest they count twice.
            used = times.user + times.system
            if kind == "student":
                try:
                    top = _kind(proc.parent(), driver.pid) != "student"
                except (psutil.NoSuchProcess, psutil.AccessDenied, AttributeError):
                    top = False
                used = used + times.children_user + times.children_system if top else 0.0
            peaks.cpu[proc.pid] = (kind, max(used, peaks.cpu.get(proc.pid, ("", 0.0))[1]))
            if kind != "bwrap":
                setattr(peaks, kind, max(getattr(peaks, kind), rss))
        peaks.samples += 1
        stop.wait(SAMPLE_EVERY)


def run_batch(source: Path, assignment: str, jobs: int, outdir: Path) -> tuple[float, Peaks, int]:
    """Wall seconds, memory and CPU per kind of process (sampled), and the exit code of one
    `grader grade` run."""
    shutil.rmtree(outdir, ignore_errors=True)
    command = [sys.executable, "-m", "grader", "grade", str(source), "-a", assignment,
               "-o", str(outdir), "-j", str(jobs), "--progress", "none"]  # fmt: skip
    peaks = Peaks()
    stop = threading.Event()
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = threading.Thread(target=_sample, args=(psutil.Process(proc.pid), peaks, stop))
    sampler.start()
    _, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        print(stderr.decode(errors="replace")[-2000:], file=sys.stderr)
    return elapsed, peaks, proc.returncode


def registered() -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "grader", "list"], capture_output=True, text=True, check=True
    )
    return [line.split()[0] for line in out.stdout.splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="notebooks per assignment")
    parser.add_argument("--assignments", nargs="+", default=["init-shallow", "train-shallow"])
    parser.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    args = parser.parse_args()
    known = registered()
    lines = [
        f"`grader grade` on {args.count} generated notebooks per assignment "
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}); "
        f"targets: init-shallow >= {TARGET_RATE:g}/s with -j 2, -j 2 >= {TARGET_SPEEDUP}x -j 1, "
        f"< {TARGET_MB:g} MB per worker",
        "",
        "| assignment | mix (correct/wrong/broken) | -j | wall (s) | submissions/s | speed-up "
        "| CPU s per submission (grader + student) | driver MB | grading process MB "
        "| student worker MB | exit |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    with tempfile.TemporaryDirectory(prefix="grader-bench-") as tmp:
        for assignment in args.assignments:
            if assignment not in known:
                notes.append(f"- {assignment}: skipped, not registered in this grader yet.")
                print(f"{assignment}: not registered yet; skipped", file=sys.stderr)
                continue
            source = Path(tmp) / assignment
            try:
                made = generate(assignment, source, args.count)
            except ValueError as exc:
                notes.append(f"- {assignment}: skipped, {exc}.")
                continue
            mix = "/".join(str(made.get(k, 0)) for k in ("correct", "wrong", "malformed"))
            base = None
            for jobs in args.jobs:
                print(f"{assignment}: grading {args.count} with -j {jobs} ...", file=sys.stderr)
                load = os.getloadavg()[0]
                wall, peaks, code = run_batch(source, assignment, jobs, Path(tmp) / "out")
                rate = args.count / wall
                base = base or rate
                lines.append(
                    f"| {assignment} | {mix} | {jobs} | {wall:.1f} | {rate:.2f} | "
                    f"{rate / base:.2f}x | "
                    f"{peaks.cpu_of('driver', 'grading') / args.count:.2f} + "
                    f"{peaks.cpu_of('student') / args.count:.2f} | "
                    f"{peaks.driver:.0f} | {peaks.grading:.0f} | "
                    f"{peaks.student:.0f} | {code} |"
                )
                notes.append(
                    f"- {assignment} -j {jobs}: load average {load:.1f} when it started "
                    f"(other work on this machine slows the wall clock; the CPU column barely moves)."
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
