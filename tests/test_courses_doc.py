"""docs/courses.md, tested: the files it shows are the files that work, and the outputs it
quotes are what the grader prints for them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import courses
from grader.courses import _schema

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "courses.md"
EXAMPLE = Path(__file__).parent / "course_example"


def grader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
    )


def test_the_guide_shows_the_files_exactly_as_tested() -> None:
    doc = DOC.read_text()
    assert f"```toml\n{(EXAMPLE / 'grader.toml').read_text()}```" in doc
    assert f"```python\n{(EXAMPLE / 'init_params.py').read_text()}```" in doc
    assert f"```python\n{(EXAMPLE / 'helpers' / 'ml101_utils.py').read_text()}```" in doc
    shipped = ROOT / "grader" / "courses" / "deeplearning-ai.toml"
    assert f"```toml\n{shipped.read_text()}```" in doc


def test_the_guides_tables_list_exactly_the_keys_a_profile_may_hold() -> None:
    doc = DOC.read_text()
    top, per = doc.split("In each `[assignments.NAME]` table:")
    listed_top = re.findall(r"^\| `(\w+)` \|", top.split("### What the keys mean")[1], re.M)
    listed_per = re.findall(r"^\| `(\w+)` \|", per.split("`grader show NAME")[0], re.M)
    assert listed_top == list(_schema._TOP)
    assert listed_per == list(_schema._ASSIGNMENT)


@pytest.mark.slow
def test_the_example_submission_gets_full_marks_under_the_examples_profile(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "ml101"
    shutil.copytree(EXAMPLE, folder)
    checked = grader("check", "init_params.py", cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "course: ml101" in checked.stdout
    quoted = (
        "  ✓ Each call draws new random weights                                               8/8\n"
        "      seeded inside the function (allowed by this course)\n"
    )
    assert quoted in checked.stdout and quoted in DOC.read_text()
    # Without the profile, under the built-in name, that check fails.
    builtin = tmp_path / "initialize_parameters.py"
    builtin.write_text((folder / "init_params.py").read_text().replace(
        "def init_params", "def initialize_parameters"))  # fmt: skip
    plain = grader("check", str(builtin), "-a", "init-shallow",
                   "--support", str(folder / "helpers"), cwd=tmp_path)  # fmt: skip
    assert "Score: 92 / 100" in plain.stdout, plain.stdout + plain.stderr


def test_the_quoted_rubric_is_what_show_prints() -> None:
    shown = grader("show", "hw1", cwd=EXAMPLE)
    assert shown.returncode == 0, shown.stderr
    first, rest = shown.stdout.split("\n", 1)
    assert first.startswith("course: ml101 (")
    assert f"```\n{rest}```" in DOC.read_text()


def test_every_quoted_profile_mistake_is_the_message_the_grader_gives(tmp_path: Path) -> None:
    doc = DOC.read_text()
    quoted = re.findall(r"^grader: error: (grader\.toml: .*)$", doc, re.M)
    assert len(quoted) == 4
    base = "[assignments.hw1]\nbase = 'init-shallow'\n"
    profiles = [
        base + "off = ['scale.gausian']\n",
        "seed_inside_function = 'yes'\n",
        "support = ['helper']\n",
        base + "functions = { init_params = 'initialise_parameters' }\n",
    ]
    for text, message in zip(profiles, quoted, strict=True):
        path = tmp_path / "grader.toml"
        path.write_text(text)
        with pytest.raises(courses.ProfileError) as caught:
            courses.load(path)
        assert str(caught.value) == message
