"""Top-level driver code costs no grading time: `grader check` of a course-shaped planar
notebook whose top level sleeps 60 s, trains 10,000 iterations, sweeps seven hidden sizes,
fits sklearn and plots, next to the same notebook stripped to its functions.

Both are built from tests/corpus/train-shallow/correct_vectorized.py. A cold process each
time, the median of --runs after one warm-up (which also records the replayed inputs).
Prints a Markdown table and writes it to benchmarks/results/toplevel.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from installed import compile_sources

ROOT = Path(__file__).resolve().parent.parent
CORRECT = ROOT / "tests" / "corpus" / "train-shallow" / "correct_vectorized.py"

HEAD = """import h5py
import sklearn
import sklearn.linear_model
import numpy as np
import matplotlib.pyplot as plt
from testCases_v2 import *
import time
%matplotlib inline
np.random.seed(1)
"""
DRIVER = [
    "X = np.random.randn(2, 400)\nY = (X[0:1] * X[1:2] > 0).astype(float)",
    "time.sleep(60)\nparameters = nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True)",
    "for n_h in [1, 2, 3, 4, 5, 20, 50]:\n    parameters = nn_model(X, Y, n_h, num_iterations=5000)",
    "layer_sizes_test(layer_sizes)",
    "clf = sklearn.linear_model.LogisticRegressionCV()\nclf.fit(X.T, Y.T.ravel())",
    "plt.scatter(X[0, :], X[1, :], c=Y, s=40)\nplt.show()",
]


def functions() -> list[str]:
    chunks = CORRECT.read_text().split("# GRADED FUNCTION: ")
    return [chunks[0].replace("import numpy as np\n", "")] + [
        "def " + chunk.split("def ", 1)[1] for chunk in chunks[1:]
    ]


def write(path: Path, cells: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, path)
    return path


def time_once(path: Path, cache: str) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "check", str(path), "-a", "train-shallow"],
        capture_output=True,
        env={**os.environ, "GRADER_CACHE_DIR": cache},
        timeout=120,
    )
    return time.perf_counter() - start, proc.returncode


def main() -> None:
    compile_sources()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as cache:
        cases = [
            (
                "functions only",
                write(Path(folder) / "functions.ipynb", ["import numpy as np", *functions()]),
            ),
            (
                "course-shaped, 60 s of top level",
                write(Path(folder) / "course.ipynb", [HEAD, *functions(), *DRIVER]),
            ),
        ]
        for label, path in cases:
            time_once(path, cache)
            runs = [time_once(path, cache) for _ in range(args.runs)]
            times, codes = zip(*runs, strict=True)
            rows.append((label, statistics.median(times), min(times), max(times), codes[0]))
    lines = [
        "| train-shallow notebook | median | min | max | exit |",
        "|---|---|---|---|---|",
        *(
            f"| {label} | {med:.2f} s | {lo:.2f} s | {hi:.2f} s | {code} |"
            for label, med, lo, hi, code in rows
        ),
    ]
    text = "\n".join(lines)
    print(text)
    out = ROOT / "benchmarks" / "results" / "toplevel.md"
    out.write_text(f"# grader check: top-level driver code\n\n{text}\n")


if __name__ == "__main__":
    main()
