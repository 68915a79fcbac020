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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from course_init_notebooks import InitSchemes
from course_notebooks import write
from installed import compile_sources

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
#: init-schemes' course notebooks are built from tests/course_init_notebooks.py into here.
BUILT = Path(tempfile.mkdtemp(prefix="grader-bench-"))

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
    ("init-schemes", "correct .py", ROOT / "assignments" / "init_schemes" / "solution.py"),
    ("train-deep", "correct .py", CORPUS / "train-deep" / "correct_old_notebook_style.py"),
    ("train-deep", "correct .ipynb", "step-by-step"),
    ("train-deep", "wrong .ipynb", "step-by-step:reuse_dA_L"),
]
#: (case label, the notebook's declaration): course-shaped Initialization notebooks.
INIT_SCHEMES = [
    ("correct .ipynb", InitSchemes()),
    ("correct .ipynb, plots", InitSchemes(plots=True)),
    ("wrong .ipynb", InitSchemes(bug="he_xavier")),
]
for _label, _variant in INIT_SCHEMES:
    _name = _label.replace(" ", "_").replace(",", "").replace(".", "")
    _path = write(_variant.notebook(), BUILT / _name / "Initialization.ipynb")
    CASES.append(("init-schemes", _label, _path))


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
        "--only", metavar="ASSIGNMENT", help="time this assignment alone (results/check-NAME.md)"
    )
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
            f"{assignment:14} {label:22} first {first:.2f} s, then median "
            f"{statistics.median(times):.2f} s",
            file=sys.stderr,
        )
    load = os.getloadavg()
    lines = [
        f"`grader check`, a cold process each time: the first check, then the median of the "
        f"{args.runs} next ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average at the end {load[0]:.1f}, "
        f"{load[1]:.1f}, {load[2]:.1f})",
        "",
        "| assignment | case | file | first (s) | next, median (s) | min (s) | max (s) | exit |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {a} | {c} | {f} | {one:.2f} | {m:.2f} | {lo:.2f} | {hi:.2f} | {e} |"
        for a, c, f, one, m, lo, hi, e in rows
    ]
    text = "\n".join(lines) + "\n"
    out = ROOT / "benchmarks" / "results" / (f"check-{args.only}.md" if args.only else "check.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
