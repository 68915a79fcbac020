"""`grader export gradescope`: the autograder zip, installed and run the way Gradescope does it,
in a temporary folder laid out like /autograder."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.commands.export import build_zip, pick_submission
from grader.errors import UsageError

CORPUS = Path(__file__).parent / "corpus" / "init-shallow"
SOLUTION = Path(__file__).parent.parent / "assignments" / "init_shallow" / "solution.py"


@pytest.fixture(scope="module")
def autograder(tmp_path_factory) -> Path:
    """/autograder after Gradescope built the image: source/ unzipped, setup.sh run,
    run_autograder copied to the root."""
    root = tmp_path_factory.mktemp("autograder")
    # setup.sh installs the wheel and its dependencies into an environment of its own, as on
    # Gradescope, from the package index the test environment was installed from (its cache
    # makes this take seconds). Borrowing packages from elsewhere (the base interpreter's site-packages)
    # would pass only on a machine that has them outside the test environment.
    names = build_zip("init-shallow", root / "autograder.zip", visibility="after_published")
    assert {"setup.sh", "run_autograder", "grader.json"} <= set(names)
    with zipfile.ZipFile(root / "autograder.zip") as archive:
        for info in archive.infolist():
            target = root / "source" / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
            target.chmod((info.external_attr >> 16) & 0o777)  # as unzip does
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    env = {
        **os.environ,
        "GRADER_AUTOGRADER_ROOT": str(root),
        "GRADER_PYTHON": sys.executable,
        "GRADER_PIP_OPTIONS": "--quiet",
    }
    setup = subprocess.run(
        ["bash", str(root / "source" / "setup.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert setup.returncode == 0, setup.stderr
    return root


def _run(root: Path, files: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], dict]:
    submission = root / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    submission.mkdir()
    (root / "results").mkdir()
    for name, source in files.items():
        (submission / name).write_text(source)
    proc = subprocess.run(
        [str(root / "run_autograder")],
        env={**os.environ, "GRADER_AUTOGRADER_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
    )
    return proc, json.loads((root / "results" / "results.json").read_text())


def test_the_zip_has_gradescopes_files_at_its_root_and_executable(autograder):
    with zipfile.ZipFile(autograder / "autograder.zip") as archive:
        modes = {i.filename: (i.external_attr >> 16) for i in archive.infolist()}
    assert modes["setup.sh"] & stat.S_IXUSR and modes["run_autograder"] & stat.S_IXUSR
    wheels = [n for n in modes if n.startswith("wheels/grader-") and n.endswith(".whl")]
    assert len(wheels) == 1
    config = json.loads((autograder / "source" / "grader.json").read_text())
    assert config["assignment"] == "init-shallow" and config["visibility"] == "after_published"


def test_setup_installed_the_wheel_not_the_working_tree(autograder):
    python = autograder / "grader-venv" / "bin" / "python"
    where = subprocess.run(
        [str(python), "-c", "import grader; print(grader.__file__)"],
        capture_output=True,
        text=True,
        cwd=autograder,
    ).stdout
    assert str(autograder / "grader-venv") in where


def test_setup_installed_every_dependency_into_the_autograders_own_environment(autograder):
    """Nothing the grader imports may come from outside grader-venv: Gradescope's image has
    only what setup.sh installed."""
    venv = autograder / "grader-venv"
    config = (venv / "pyvenv.cfg").read_text()
    assert "include-system-site-packages = false" in config
    program = (
        "import importlib.metadata as m, re\n"
        "for req in m.requires('grader'):\n"
        "    if 'extra ==' not in req:\n"
        "        name = re.match(r'[A-Za-z0-9_.-]+', req).group()\n"
        "        print(name, m.distribution(name).locate_file(''))\n"
    )
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", program],
        capture_output=True,
        text=True,
        cwd=autograder,
    )
    assert where.returncode == 0, where.stderr
    found = dict(line.split(" ", 1) for line in where.stdout.splitlines())
    assert {"numpy", "hypothesis", "rich", "click", "nbformat"} <= set(found)
    outside = {name: path for name, path in found.items() if str(venv) not in path}
    assert not outside, f"installed outside grader-venv: {outside}"


def test_run_autograder_grades_the_submission_into_results_json(autograder):
    buggy = (CORPUS / "wrong_zeros.py").read_text()
    proc, results = _run(autograder, {"hw1.py": buggy})
    assert proc.returncode == 0, proc.stderr
    assert results["score"] == 45
    assert len(results["tests"]) == 11
    assert {t["visibility"] for t in results["tests"]} == {"after_published"}
    failed = [t for t in results["tests"] if t["status"] == "failed"]
    assert any("smallest failing call: initialize_parameters(" in t["output"] for t in failed)
    # The instructor's stdout has the whole text report.
    assert "Score: 45 / 100" in proc.stdout


def test_a_notebook_is_preferred_and_a_missing_file_still_gets_results(autograder):
    reference = SOLUTION.read_text()
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": reference,
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    _, results = _run(autograder, {"notes.py": "x = 1\n", "hw.ipynb": json.dumps(notebook)})
    assert results["score"] == 100
    assert "graded hw.ipynb" in results["output"]
    _, empty = _run(autograder, {"README.txt": "hello"})
    assert empty["score"] == 0
    assert "No file to grade was found" in empty["output"]


def test_picking_the_submission(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text("")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "hw-checkpoint.ipynb").write_text("{}")
    (tmp_path / "a.py").write_text("")
    chosen, note = pick_submission(tmp_path)
    assert chosen == tmp_path / "a.py" and "2 notebook or Python files" in note
    chosen, note = pick_submission(tmp_path, "B.PY")
    assert chosen == tmp_path / "sub" / "b.py" and note == ""


def test_unknown_assignments_and_missing_folders_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="unknown assignment"):
        build_zip("no-such-thing", tmp_path / "a.zip")
    with pytest.raises(UsageError, match="does not exist"):
        build_zip("init-shallow", tmp_path / "missing" / "a.zip")
