"""Grading course-shaped notebooks: the deeplearning.ai planar lesson as students hand it in.

(a) `grader check` of a correct course notebook (helpers beside it; sklearn and h5py imported,
    which the grader's environment lacks; top-level training that a kernel would run for well
    over 30 s) against the same notebook stripped to its functions: a cold process each time,
    the median of `--runs` (3) after one check that fills the cache of replayed inputs.
(b) `grader grade -j 2` over `--count` (200) course notebooks, one folder per student holding
    only the .ipynb, the helpers given with --support: notebooks per second, the median of
    `--repeat` (1) runs. The class mixes the lesson's three signature versions, seeded and
    unseeded templates and one-bug notebooks (see tests/course_notebooks.py).

Also printed: what the notebook's top-level training would cost a grader that executes
notebooks, estimated by timing 1% of its iterations with the same functions. Targets: (a) under
1.5 s, (b) at least 4 notebooks/s. The grader's sources are byte-compiled first (installed.py).
Prints a Markdown table and writes it to benchmarks/results/course.md.

    python benchmarks/course.py [--count 200] [--runs 3] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from course_notebooks import (
    BIG_SWEEP,
    BIG_SWEEP_ITERATIONS,
    PLANAR_BUGS,
    Planar,
    write,
    write_helpers,
)
from installed import compile_sources

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "course.md"
TARGET_CHECK, TARGET_RATE = 1.5, 4.0


def time_check(path: Path, cache: str) -> tuple[float, str]:
    """Wall seconds and score ("100/100", or why there is none) of one cold `grader check`, run in
    the notebook's folder."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "check", path.name, "-a", "train-shallow", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=path.parent,
        env={**os.environ, "GRADER_CACHE_DIR": cache},
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return elapsed, f"exit {proc.returncode}: {proc.stderr.strip()[-200:]}"
    return elapsed, f"{report['score']:g}/{report['max_score']:g}"


def kernel_seconds(variant: Planar, fraction: float = 0.01) -> float:
    """Seconds the notebook's top-level training takes when executed, as a kernel would: each
    training call of the driver cells run for `fraction` of its iterations, scaled up. Run in a
    fresh interpreter with the notebook's own functions and the flower from planar_utils."""
    sizes = [(4, 10_000)] + [(n, 5_000) for n in (1, 2, 3, 4, 5, 20, 50)]
    sizes += [(n, BIG_SWEEP_ITERATIONS) for n in BIG_SWEEP]
    script = (
        variant.stripped()
        + f"""
import sys, time
sys.path.insert(0, {str(ROOT / "assignments" / "support")!r})
from planar_utils import load_planar_dataset
X, Y = load_planar_dataset()
total = 0.0
for n_h, iterations in {sizes!r}:
    steps = max(1, int(iterations * {fraction}))
    start = time.perf_counter()
    nn_model(X, Y, n_h, num_iterations=steps)
    total += (time.perf_counter() - start) * iterations / steps
print(total)
"""
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def class_of(count: int, seed: int = 0) -> list[tuple[str, Planar]]:
    """`count` students: ~60% correct (the three signature versions, some seeded), ~40% one bug."""
    rng = random.Random(seed)
    correct = [
        Planar(signatures=s, seeded=z) for s in ("2018", "2021", "community") for z in (False, True)
    ]
    buggy = [Planar(signatures=rng.choice(("2018", "2021")), bug=b) for b in sorted(PLANAR_BUGS)]
    students = []
    for n in range(count):
        variant = rng.choice(correct) if rng.random() < 0.6 else rng.choice(buggy)
        students.append((f"student{n:03d}", variant))
    return students


def graded_in_full(outdir: Path, students: list[tuple[str, Planar]]) -> int:
    """How many of the correct notebooks got full marks (a check that the rate is of real
    grading, not of failures)."""
    full = 0
    for student, variant in students:
        if variant.bug is None:
            report = outdir / "reports" / f"{student}.json"
            if report.exists() and json.loads(report.read_text())["score"] == 100:
                full += 1
    return full


def run_grade(source: Path, helpers: Path, outdir: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "grade", str(source), "-a", "train-shallow", "-o", str(outdir),
         "-j", "2", "--support", str(helpers), "--progress", "none"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    return time.perf_counter() - start, proc.returncode, proc.stderr[-2000:]


def main() -> None:
    compile_sources()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="notebooks in the class (b)")
    parser.add_argument("--runs", type=int, default=3, help="checks per case in (a), median")
    parser.add_argument("--repeat", type=int, default=1, help="runs of (b), median")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    course = Planar(signatures="2018")
    kernel = kernel_seconds(course)
    print(f"a kernel would train for ~{kernel:.0f} s at top level per notebook", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory(prefix="grader-course-") as tmp:
        tmp_path = Path(tmp)
        cases = [
            ("course notebook (trains at top level, sklearn + h5py)", course.notebook()),
            ("the same, stripped to its functions", course.stripped_notebook()),
        ]
        for n, (label, nb) in enumerate(cases):
            folder = tmp_path / f"case{n}"
            write_helpers(folder)
            path = write(nb, folder / "Planar_data_classification.ipynb")
            cache = tmp_path / f"cache{n}"
            time_check(path, str(cache))  # fills the cache of replayed inputs, warms the disk
            runs = [time_check(path, str(cache)) for _ in range(args.runs)]
            median = statistics.median(t for t, _ in runs)
            scores = ", ".join(sorted({score for _, score in runs}))
            rows.append((label, median, min(t for t, _ in runs), max(t for t, _ in runs), scores))
            print(f"check, {label}: median {median:.2f} s", file=sys.stderr)

        helpers = tmp_path / "helpers"
        write_helpers(helpers)
        source = tmp_path / "class"
        students = class_of(args.count)
        for student, variant in students:
            write(variant.notebook(), source / student / "Planar_data_classification.ipynb")
        print(f"grade -j 2: {args.count} course notebooks ...", file=sys.stderr)
        grades = sorted(
            (run_grade(source, helpers, tmp_path / "out") for _ in range(max(1, args.repeat))),
            key=lambda run: run[0],
        )
        wall, code, stderr = grades[len(grades) // 2]
        if code != 0:
            print(stderr, file=sys.stderr)
        full = graded_in_full(tmp_path / "out", students)
    correct = sum(variant.bug is None for _, variant in students)
    rate = args.count / wall
    # A target is met only by real grading: full marks for the correct notebook(s).
    check_ok = "met" if rows[0][1] < TARGET_CHECK and rows[0][4] == "100/100" else "not met"
    rate_ok = "met" if rate >= TARGET_RATE and code == 0 and full == correct else "not met"
    lines = [
        f"Course-shaped planar notebooks ({platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average {load:.1f} at the start). A kernel-executing "
        f"grader would spend ~{kernel:.0f} s per notebook on its top-level training alone.",
        "",
        f"(a) `grader check`, a cold process, median of {args.runs} (target < {TARGET_CHECK:g} s: "
        f"{check_ok})",
        "",
        "| notebook | median (s) | min (s) | max (s) | score |",
        "|---|---|---|---|---|",
        *(f"| {label} | {m:.2f} | {lo:.2f} | {hi:.2f} | {e} |" for label, m, lo, hi, e in rows),
        "",
        f"(b) `grader grade -j 2 --support HELPERS` over {args.count} notebooks, one folder per "
        f"student holding only the .ipynb (target >= {TARGET_RATE:g}/s: {rate_ok})",
        "",
        "| notebooks | wall (s) | notebooks/s | correct ones with full marks | exit |",
        "|---|---|---|---|---|",
        f"| {args.count} | {wall:.1f} | {rate:.2f} | {full} of {correct} | {code} |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
