"""`grader template NAME [-o FILE]` gives a student the assignment's notebook; the notebooks
themselves are valid, name their assignment, teach the lesson, and grade (unfinished) without
crashing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from grader import registry
from grader.api import check
from grader.cli import cli
from grader.results import ReportStatus

WITH_TEMPLATES = ["init-shallow", "init-deep", "init-schemes", "train-deep"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="grader")
    return result.exit_code, result.stdout, result.stderr


def shipped(name: str) -> bytes:
    return Path(registry.get(name).template).read_bytes()


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", WITH_TEMPLATES)
def test_writes_the_assignments_notebook_as_name_ipynb_in_the_current_folder(name, here):
    code, _, err = run("template", name)
    assert code == 0, err
    written = here / f"{name}.ipynb"
    assert written.read_bytes() == shipped(name)
    assert f"grader check {name}.ipynb" in err
    assert [p.name for p in here.iterdir()] == [written.name]  # no temporary file left behind


def test_output_option_chooses_the_file(here):
    code, _, err = run("template", "init-deep", "-o", "homework/deep.ipynb")
    assert code == 2
    assert err.count("\n") == 1 and "folder homework does not exist" in err
    (here / "homework").mkdir()
    code, _, err = run("template", "init-deep", "-o", "homework/deep.ipynb")
    assert code == 0, err
    assert (here / "homework" / "deep.ipynb").read_bytes() == shipped("init-deep")


def test_dash_writes_the_notebook_to_stdout(here):
    code, out, _ = run("template", "init-shallow", "-o", "-")
    assert code == 0
    assert json.loads(out)["metadata"]["grader"] == {"assignment": "init-shallow"}
    assert list(here.iterdir()) == []


def test_refuses_to_overwrite_an_existing_file_unless_forced(here):
    work = here / "init-deep.ipynb"
    work.write_text("my finished homework")
    code, out, err = run("template", "init-deep")
    assert code == 2 and out == ""
    assert err == "grader: error: init-deep.ipynb already exists; pass --force to overwrite it\n"
    assert work.read_text() == "my finished homework"
    code, _, err = run("template", "init-deep", "--force")
    assert code == 0, err
    assert work.read_bytes() == shipped("init-deep")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["template", "init-dep"], "unknown assignment 'init-dep' (known: "),
        (["template", "init-deep", "-o", "deep.py"], "give a file name ending in .ipynb"),
        (["template", "init-deep", "-o", "."], "give a file name ending in .ipynb"),
    ],
)
def test_mistakes_get_one_line_and_exit_2(args, message, here):
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.startswith("grader: error: ") and err.count("\n") == 1
    assert message in err
    assert list(here.iterdir()) == []


def test_an_assignment_without_a_template_says_so(here, monkeypatch):
    from dataclasses import replace

    bare = replace(registry.get("init-deep"), template=None)
    monkeypatch.setattr(registry, "get", lambda name: bare)
    code, _, err = run("template", "init-deep")
    assert code == 2
    assert "assignment init-deep has no student template notebook" in err


# -- the notebooks ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WITH_TEMPLATES)
def test_template_is_a_valid_v4_notebook_that_names_its_assignment(name):
    nb = nbformat.reads(shipped(name).decode(), as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata["grader"] == {"assignment": name}
    assert nb.metadata["kernelspec"]["language"] == "python"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for function, params in registry.get(name).functions.items():
        assert f"def {function}({', '.join(params)}):" in code
        assert f'raise NotImplementedError("{function} is not written yet")' in code
    assert nb.cells[-1].cell_type == "markdown"
    assert f"grader check {name}.ipynb" in nb.cells[-1].source
    # The lesson, in markdown: symmetry, zero biases, and (deep) the fan-in.
    assert "identical" in markdown and "zero" in markdown
    if name == "init-deep":
        assert "fan-in" in markdown and "vanish" in markdown and "explode" in markdown


@pytest.mark.parametrize("name", WITH_TEMPLATES)
def test_unfinished_template_grades_without_load_errors_and_without_full_marks(name):
    report = check(registry.get(name).template)
    assert report.assignment == name  # taken from the notebook's metadata
    assert report.status is ReportStatus.GRADED
    assert report.load_errors == ()
    assert 0 <= report.score < report.max_score
    assert all(p.status.value in ("failed", "skipped") for p in report.properties)
    assert any("is not written yet" in p.message for p in report.properties)


def test_student_workflow_template_then_check(tmp_path):
    """What a student types: get the notebook, (not yet) fill it in, grade it."""
    steps = [
        [sys.executable, "-m", "grader", "template", "init-deep"],
        [sys.executable, "-m", "grader", "check", "init-deep.ipynb", "--format", "json"],
    ]
    made = subprocess.run(steps[0], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    graded = subprocess.run(steps[1], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert graded.returncode == 1, graded.stderr
    report = json.loads(graded.stdout)
    assert report["assignment"] == "init-deep" and report["status"] == "graded"
    assert report["load_errors"] == []
