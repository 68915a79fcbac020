"""`--format github`: workflow commands that annotate the line defining the failing function."""

from __future__ import annotations

import json

from render_samples import graded, load_error

from grader.render import render
from grader.render.github import escape_data, escape_property, locate


def _commands(text: str) -> list[tuple[str, dict[str, str], str]]:
    """(level, properties, message) of each `::level k=v,...::message` line."""
    out = []
    for line in text.splitlines():
        assert line.startswith("::"), line
        head, _, message = line[2:].partition("::")
        level, _, props = head.partition(" ")
        pairs = dict(p.split("=", 1) for p in props.split(",")) if props else {}
        out.append((level, pairs, message))
    return out


def test_escaping_follows_githubs_rules():
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_each_failure_is_an_error_on_the_defining_line_and_the_total_a_notice(tmp_path):
    hw = tmp_path / "hw.py"
    hw.write_text("import numpy as np\n\n\ndef initialize_parameters(n_x, n_h, n_y):\n    pass\n")
    commands = _commands(render(graded(), "github", path=str(hw)))
    levels = [c[0] for c in commands]
    # failed and timeout -> error; grader error -> warning; passes and skips are not annotated.
    assert levels == ["error", "error", "warning", "notice"]
    _, props, message = commands[0]
    assert props["file"] == escape_property(str(hw))
    assert props["line"] == "4"
    assert props["title"] == "W1 has shape (n_h%2C n_x) (0/12)"
    assert "%0Asmallest failing call: initialize_parameters(n_x=1%2C" not in message
    assert "%0Asmallest failing call: initialize_parameters(n_x=1, n_h=2, n_y=1)" in message
    assert "\n" not in message
    assert commands[-1][2] == "init-shallow: 18 / 60 points (2 of 6 properties passed)"


def test_student_text_cannot_start_a_command_of_its_own():
    text = render(graded(), "github", path="hw.py")
    # The printed output contains "::warning::" and a newline-free bell; it stays inside one
    # command's message because newlines are escaped.
    assert all(
        line.startswith(("::error ", "::warning ", "::notice ")) for line in text.splitlines()
    )


def test_a_notebook_is_annotated_at_the_json_line_holding_the_def(tmp_path):
    nb = tmp_path / "hw.ipynb"
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Homework"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                "import numpy as np\n",
                "def initialize_parameters(n_x, n_h, n_y):\n",
                "    pass\n",
            ],
        },
    ]
    nb.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    )
    line = locate(nb, "initialize_parameters")
    assert "def initialize_parameters" in nb.read_text().splitlines()[line - 1]
    assert locate(nb, "no_such_function") == 1


def test_a_load_error_is_one_error_on_line_1():
    commands = _commands(render(load_error(), "github", path="broken.ipynb"))
    assert [c[0] for c in commands] == ["error", "notice"]
    assert commands[0][1]["line"] == "1"
    assert "is not a valid notebook" in commands[0][2]


def test_the_example_workflows_grading_step_runs(tmp_path):
    """docs/github-actions.yml's Grade step, run as GitHub would run it (bash, env), with the
    `python` its setup steps put first on PATH: here the test environment's interpreter."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import yaml

    root = Path(__file__).parent.parent
    workflow = yaml.safe_load((root / "docs" / "github-actions.yml").read_text())
    step = next(s for s in workflow["jobs"]["grade"]["steps"] if s.get("name") == "Grade")
    summary = tmp_path / "summary.md"
    submission = root / "tests" / "corpus" / "init-shallow" / "wrong_zeros.py"
    env = {
        **os.environ,
        "SUBMISSION": str(submission),
        "ASSIGNMENT": "init-shallow",
        "GITHUB_STEP_SUMMARY": str(summary),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
    }
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 1, proc.stderr  # not full marks: the job fails
    assert proc.stdout.splitlines()[-1].startswith("::notice title=Score::")
    assert "**Score: 45 / 100**" in summary.read_text()
    assert (tmp_path / "report.xml").read_text().startswith("<?xml")
