"""Wall time of `grader check` as a student runs it: a cold process each time.

Per case: the first check (which records the inputs the properties replay, into an empty
cache folder) and the median of the later ones (which read them from it). Cases: a correct
and a buggy submission, each as .py and as .ipynb, for every assignment that has them in
examples/ or tests/corpus/, and a course-shaped Step by Step notebook for train-deep (built by
tests/course_notebooks.py into a temporary folder). The grader's sources are byte-compiled first, as an installed
grader has them (installed.py). Prints a Markdown table and writes it to
benchmarks/results/check.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_sources

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"

CASES = [
    ("init-shallow", "correct .py", CORPUS / "init-shallow" / "correct_randn.py"),
    ("init-shallow", "correct .ipynb", CORPUS / "init-shallow" / "correct_course_notebook.ipynb"),
    ("init-shallow", "wrong .py", CORPUS / "init-shallow" / "wrong_W1_transposed.py"),
    ("init-shallow", "wrong .ipynb", CORPUS / "init-shallow" / "wrong_uniform_rand.ipynb"),
    ("init-deep", "correct", CORPUS / "init-deep" / "correct_randn.py"),
    ("init-deep", "wrong", CORPUS / "init-deep" / "wrong_he_uses_n_l.py"),
    ("train-shallow", "correct", CORPUS / "train-shallow" / "correct_vectorized.py"),
    ("train-shallow", "correct .ipynb", CORPUS / "train-shallow" / "correct_course_notebook.ipynb"),
    ("train-shallow", "wrong", CORPUS / "train-shallow" / "wrong_m_from_rows.py"),
    ("train-deep", "correct .py", CORPUS / "train-deep" / "correct_old_notebook_style.py"),
    ("train-deep", "correct .ipynb", "step-by-step"),
    ("train-deep", "wrong .ipynb", "step-by-step:reuse_dA_L"),
]


def _built(name: str, folder: Path) -> Path:
    """A Step by Step notebook from tests/course_notebooks.py ("step-by-step[:bug]"), with
    top-level training, written into `folder`."""
    sys.path.insert(0, str(ROOT / "tests"))
    from course_notebooks import DeepStep, write

    _, _, bug = name.partition(":")
    notebook = DeepStep(bug=bug or None, training=True).notebook()
    return write(notebook, folder / (bug or "correct") / "Building_your_Deep_Neural_Network.ipynb")


def time_once(assignment: str, path: Path, cache: str) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "check", str(path), "-a", assignment, "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "GRADER_CACHE_DIR": cache},
    )
    return time.perf_counter() - start, proc.returncode


def main() -> None:
    compile_sources()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="cold runs per case (median reported)")
    parser.add_argument(
        "--only", metavar="ASSIGNMENT", help="time one assignment's cases (the table is printed, "
        "and results/check.md is left as it is)"
    )  # fmt: skip
    args = parser.parse_args()
    rows = []
    built = Path(tempfile.mkdtemp(prefix="grader-bench-"))
    for assignment, label, path in CASES:
        if args.only and assignment != args.only:
            continue
        if isinstance(path, str):
            path = _built(path, built)
        if not path.exists():
            print(f"skip {assignment} {label}: {path.relative_to(ROOT)} not found", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory() as warm, tempfile.TemporaryDirectory() as cache:
            time_once(assignment, path, warm)  # warm the OS file cache, not the process
            first, _ = time_once(assignment, path, cache)
            runs = [time_once(assignment, path, cache) for _ in range(args.runs)]
        times, codes = zip(*runs, strict=True)
        rows.append(
            (
                assignment,
                label,
                path.name,
                first,
                statistics.median(times),
                min(times),
                max(times),
                codes[0],
            )
        )
        print(
            f"{assignment:14} {label:16} first {first:.2f} s, then median "
            f"{statistics.median(times):.2f} s",
            file=sys.stderr,
        )
    lines = [
        f"`grader check`, a cold process each time: the first check, then the median of the "
        f"{args.runs} next ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()})",
        "",
        "| assignment | case | file | first (s) | next, median (s) | min (s) | max (s) | exit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {a} | {c} | {f} | {one:.2f} | {m:.2f} | {lo:.2f} | {hi:.2f} | {e} |"
        for a, c, f, one, m, lo, hi, e in rows
    ]
    text = "\n".join(lines) + "\n"
    if args.only:
        print(text)
        return
    out = ROOT / "benchmarks" / "results" / "check.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
