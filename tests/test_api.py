"""grader.api.check: the pipeline load -> run -> score, through the Python API."""

from __future__ import annotations

import nbformat
import pytest

from grader.api import check, infer_assignment
from grader.errors import AmbiguousAssignment
from grader.loading import load
from grader.results import ReportStatus, Status

CORRECT = """
import numpy as np

def initialize_parameters(n_x, n_h, n_y):
    return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
"""


def notebook(path, *sources: str, metadata: dict | None = None):
    nb = nbformat.v4.new_notebook(metadata=metadata or {})
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def test_a_definition_that_raises_does_not_stop_the_cells_after_it(tmp_path):
    path = notebook(tmp_path / "hw.ipynb", "def f(x=undefined_name):\n    pass", CORRECT)
    report = check(path, "init-shallow")
    assert report.full_marks
    assert report.load_errors == (
        "hw.ipynb [cell 1]: NameError: name 'undefined_name' is not defined",
    )


def test_driver_code_that_would_raise_is_skipped_and_costs_nothing(tmp_path):
    path = notebook(tmp_path / "hw.ipynb", "undefined_name + 1", CORRECT)
    report = check(path, "init-shallow")
    assert report.full_marks
    assert report.load_errors == ()
    assert "top-level code not needed for grading was skipped (cell 1)" in report.notices


def test_a_misspelled_function_is_a_load_error_that_suggests_the_name(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text(CORRECT.replace("initialize_parameters", "initialise_parameters"))
    report = check(path, "init-shallow")
    assert report.status is ReportStatus.LOAD_ERROR
    assert report.score == 0
    assert "found initialise_parameters: a typo in the name?" in report.load_errors[0]
    assert all(p.status is Status.SKIPPED for p in report.properties)


def test_a_function_whose_cell_did_not_run_is_explained(tmp_path):
    path = notebook(tmp_path / "hw.ipynb", "import numpy as np\nx = (\n" + CORRECT)
    report = check(path, "init-shallow")
    assert report.status is ReportStatus.LOAD_ERROR
    # The cause first, then what it cost.
    assert "SyntaxError" in report.load_errors[0]
    assert "the cell that defines it did not run (see the error above)" in report.load_errors[1]


def test_a_raise_at_top_level_is_driver_code_and_does_not_hide_the_functions(tmp_path):
    path = notebook(
        tmp_path / "hw.ipynb", "import numpy as np\nraise RuntimeError('oops')\n" + CORRECT
    )
    report = check(path, "init-shallow")
    assert report.full_marks


def test_a_python_file_with_a_syntax_error_says_so_first(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text(
        CORRECT.replace(
            "def initialize_parameters(n_x, n_h, n_y):", "def initialize_parameters(n_x, n_h, n_y)"
        )
    )
    report = check(path, "init-shallow")
    assert report.status is ReportStatus.LOAD_ERROR
    assert report.load_errors[0].startswith("hw.py: SyntaxError")
    assert "its definition did not run" in report.load_errors[1]


def test_top_level_code_that_never_finishes_is_skipped_when_nothing_needs_it(tmp_path):
    from grader import RunConfig

    path = tmp_path / "hw.py"
    path.write_text(CORRECT + "\nwhile True:\n    pass\n")
    report = check(path, "init-shallow", config=RunConfig(load_timeout=1.5))
    assert report.full_marks
    assert "top-level code not needed for grading was skipped (lines 8-9)" in report.notices


def test_a_definition_that_never_finishes_is_stopped_and_costs_only_itself(tmp_path):
    from grader import RunConfig

    path = tmp_path / "hw.py"
    path.write_text("class Forever:\n    while True:\n        pass\n" + CORRECT)
    report = check(path, "init-shallow", config=RunConfig(load_timeout=1.5))
    assert report.full_marks
    assert report.load_errors == (
        "hw.py: top-level code did not finish in the time it had and was stopped",
    )


def test_the_assignment_comes_from_notebook_metadata(tmp_path):
    path = notebook(
        tmp_path / "hw.ipynb", "x = 1", metadata={"grader": {"assignment": "init-shallow"}}
    )
    assert infer_assignment(load(path)) == "init-shallow"


def test_the_assignment_is_inferred_from_defined_functions(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text(CORRECT)
    assert infer_assignment(load(path)) == "init-shallow"


def test_a_submission_defining_nothing_known_is_ambiguous(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("def unrelated():\n    pass\n")
    with pytest.raises(AmbiguousAssignment, match="pass -a NAME"):
        infer_assignment(load(path))


def test_a_corrupt_notebook_without_an_assignment_still_gets_a_report(tmp_path):
    path = tmp_path / "hw.ipynb"
    path.write_text("{ not json")
    report = check(path)
    assert report.status is ReportStatus.LOAD_ERROR
    assert report.score == 0
    assert "not a valid notebook" in report.load_errors[0]


def test_a_latin1_python_file_with_its_coding_line_is_graded(tmp_path):
    path = tmp_path / "hw.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\n# Auteur : Jos\xe9\n" + CORRECT.encode())
    assert check(path, "init-shallow").full_marks
