"""Course-shaped notebooks through the real CLI: top-level training costs no grading time, a
failed import costs nothing it does not have to, and the messages say why."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

CORRECT = Path(__file__).parent / "corpus" / "train-shallow" / "correct_vectorized.py"

IMPORTS = """import h5py
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
    "X = np.random.randn(2, 400)\nY = (X[0:1] * X[1:2] > 0).astype(float)\nprint(X.shape)",
    "time.sleep(60)\nparameters = nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True)",
    "for n_h in [1, 2, 3, 4, 5, 20, 50]:\n    parameters = nn_model(X, Y, n_h, num_iterations=5000)",
    "layer_sizes_test(layer_sizes)",
    "A2, Y_assess, parameters = compute_cost_test_case()",
    "clf = sklearn.linear_model.LogisticRegressionCV()\nclf.fit(X.T, Y.T.ravel())",
    "plt.scatter(X[0, :], X[1, :], c=Y, s=40)\nplt.show()",
]


def functions(**replace: str) -> list[str]:
    """The correct solution's functions, one cell each; `replace` swaps a function's cell."""
    chunks = CORRECT.read_text().split("# GRADED FUNCTION: ")
    cells = [chunks[0].replace("import numpy as np\n", "")]
    for chunk in chunks[1:]:
        name = chunk.split("\n", 1)[0].strip()
        cells.append(replace.get(name, "def " + chunk.split("def ", 1)[1]))
    return cells


def notebook(path: Path, cells: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, path)
    return path


def check(path: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "grader",
            "check",
            str(path),
            "-a",
            "train-shallow",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=50,  # the notebook's own top level sleeps 60 s: it must not run
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.stdout, proc.stderr
    return json.loads(proc.stdout)


def test_a_course_notebook_that_trains_for_a_minute_is_graded_fully_without_training(tmp_path):
    cells = [IMPORTS, *functions(), *DRIVER]
    report = check(notebook(tmp_path / "planar.ipynb", cells))
    assert report["score"] == report["max_score"], [
        (p["id"], p["message"]) for p in report["properties"] if p["status"] != "passed"
    ]
    assert report["load_errors"] == []
    first = len(functions()) + 2
    assert (
        f"top-level code not needed for grading was skipped (cells {first}-{len(cells)})"
        in (report["notices"])
    )
    assert any(
        n.startswith("`h5py` is not installed where the grader runs") for n in report["notices"]
    )
    assert any(
        n.startswith("`testCases_v2` (the course's test helpers)") for n in report["notices"]
    )


def test_functions_that_read_module_level_values_get_them(tmp_path):
    seeded_init = (
        "def initialize_parameters(n_x, n_h, n_y):\n"
        "    W1 = rng.standard_normal((n_h, n_x)) * SCALE\n"
        "    W2 = rng.standard_normal((n_y, n_h)) * SCALE\n"
        "    return {'W1': W1, 'b1': np.zeros((n_h, 1)), 'W2': W2, 'b2': np.zeros((n_y, 1))}\n"
    )
    cells = [
        IMPORTS,
        "rng = np.random.default_rng()\nSCALE = 0.01",
        *functions(initialize_parameters=seeded_init),
        *DRIVER,
    ]
    report = check(notebook(tmp_path / "planar.ipynb", cells))
    assert report["score"] == report["max_score"], [
        (p["id"], p["message"]) for p in report["properties"] if p["status"] != "passed"
    ]


def test_a_name_from_a_helper_module_the_grader_lacks_is_explained_to_the_student(tmp_path):
    cells = [IMPORTS + "from course_helpers_absent import sigmoid\n", *functions()[1:], *DRIVER]
    report = check(notebook(tmp_path / "planar.ipynb", cells))
    forward = [p["message"] for p in report["properties"] if p["id"] == "api.forward"]
    assert any(
        "`sigmoid` comes from `course_helpers_absent`, which this grader does not have; "
        "ask your instructor to add it with --support" in m
        for m in forward
    ), forward
    # Functions that do not need it keep their points.
    assert all(p["status"] == "passed" for p in report["properties"] if p["category"] == "init")


@pytest.mark.parametrize(
    ("conversion", "expected"),
    [
        ("np.asscalar(cost)", r"`np.asscalar` was removed in numpy 1.23 .*use `a.item\(\)`"),
        ("float(cost)", r"numpy 2 turns only 0-d arrays into Python numbers.*`x.item\(\)`"),
    ],
)
def test_numpy_1_code_that_numpy_2_rejects_gets_a_message_naming_the_change(
    tmp_path, conversion, expected
):
    old_cost = (
        "def compute_cost(A2, Y):\n"
        "    m = Y.shape[1]\n"
        "    cost = -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m\n"
        f"    return {conversion}\n"
    )
    cells = [IMPORTS, *functions(compute_cost=old_cost)]
    report = check(notebook(tmp_path / "planar.ipynb", cells))
    cost = [p["message"] for p in report["properties"] if p["category"] == "cost"]
    assert any(re.search(expected, m) for m in cost), cost
