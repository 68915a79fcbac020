"""The shipped deeplearning.ai profile, on course-shaped notebooks through the real CLI.

The course's templates seed inside the graded initialization functions. Under
``--course deeplearning-ai`` a correct notebook that keeps those seeds gets full marks; without
it, it keeps today's result (tests/test_course_notebooks.py); one real bug still costs its
points under the profile.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from course_notebooks import DeepStep, Planar, write, write_helpers
from test_course_notebooks import check, not_passed, summary

from grader import courses, registry
from grader.cli import cli

pytestmark = pytest.mark.slow

COURSE = ("--course", "deeplearning-ai")


def graded(report: dict[str, Any], score: int) -> None:
    assert report["status"] == "graded" and report["score"] == score, summary(report)
    assert report["course"]["name"] == "deeplearning-ai", summary(report)


def test_the_shipped_profile_is_found_by_name_and_every_installed_base_fits_it() -> None:
    profile = courses.find("deeplearning-ai")
    assert profile is not None and profile.seed_inside_function == "allowed"
    names = [a.name for a in courses.usable(profile)]
    assert names[:3] == ["planar", "step-by-step-init", "step-by-step-init-deep"]
    deep = courses.assignment("step-by-step-init-deep", profile)
    assert list(deep.functions) == ["initialize_parameters_deep"] and deep.max_score == 100


@pytest.mark.skipif(
    "init-schemes" in registry.names(), reason="init-schemes is installed: it is graded"
)
def test_the_initialization_exercise_says_its_assignment_is_not_installed() -> None:
    result = CliRunner().invoke(cli, ["show", "initialization", *COURSE])
    assert result.exit_code == 2
    assert result.output.startswith(
        "grader: error: deeplearning-ai.toml: assignments.initialization.base: unknown "
        "assignment 'init-schemes'"
    )


def test_a_seeded_step_by_step_notebook_gets_full_marks_for_both_initializations(
    tmp_path: Path,
) -> None:
    write_helpers(tmp_path, lesson="deep")
    nb = write(DeepStep(seeded=True).notebook(), tmp_path / "hw.ipynb")
    for assignment in ("step-by-step-init", "step-by-step-init-deep"):
        report = check(nb, assignment, *COURSE)
        graded(report, 100)
        fresh = next(p for p in report["properties"] if p["id"] == "randomness.fresh")
        assert fresh["message"] == "seeded inside the function (allowed by this course)"


def test_a_seeded_planar_notebook_gets_full_marks_under_the_course(tmp_path: Path) -> None:
    write_helpers(tmp_path)
    nb = write(Planar(signatures="2018", seeded=True).notebook(), tmp_path / "hw.ipynb")
    report = check(nb, "planar", *COURSE)
    graded(report, 100)
    assert report["assignment"] == "planar"


@pytest.mark.parametrize(
    ("variant", "assignment", "score", "lost"),
    [
        (DeepStep(seeded=True, bug="W2_unscaled"), "step-by-step-init", 88, {"scale.std"}),
        (
            DeepStep(seeded=True, bug="deep_biases_random"),
            "step-by-step-init-deep",
            85,
            {"bias-zeros.zero"},
        ),
        (
            Planar(signatures="2018", seeded=True, bug="threshold_06"),
            "planar",
            96,
            {"predict.threshold"},
        ),
    ],
)
def test_one_real_bug_still_costs_its_points_under_the_course(
    tmp_path: Path, variant: Any, assignment: str, score: int, lost: set[str]
) -> None:
    write_helpers(tmp_path, lesson="deep" if isinstance(variant, DeepStep) else "planar")
    nb = write(variant.notebook(), tmp_path / "hw.ipynb")
    report = check(nb, assignment, *COURSE)
    graded(report, score)
    assert not_passed(report) == lost, summary(report)


def test_without_a_name_the_course_assignment_is_inferred_or_the_choice_is_asked(
    tmp_path: Path,
) -> None:
    from test_course_notebooks import run

    write_helpers(tmp_path)
    planar = write(Planar(seeded=True).notebook(), tmp_path / "planar.ipynb")
    proc = run("check", str(planar), "--format", "json", *COURSE, cwd=tmp_path)
    assert json.loads(proc.stdout)["assignment"] == "planar", proc.stderr
    step = write(DeepStep(seeded=True).notebook(), tmp_path / "step.ipynb")
    proc = run("check", str(step), *COURSE, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "grader: error: step.ipynb fits several assignments (step-by-step-init, "
        "step-by-step-init-deep); pass -a NAME"
    )


def test_a_course_template_names_the_course_assignment(tmp_path: Path) -> None:
    target = tmp_path / "deep.ipynb"
    result = CliRunner().invoke(
        cli, ["template", "step-by-step-init-deep", "-o", str(target), *COURSE]
    )
    assert result.exit_code == 0, result.output
    meta = json.loads(target.read_text())["metadata"]["grader"]
    assert meta["assignment"] == "step-by-step-init-deep"


def test_the_shipped_profile_is_in_the_wheel(tmp_path: Path) -> None:
    import zipfile

    from grader import wheel

    root = wheel.source_root()
    if root is None:
        pytest.skip("not installed from a source tree")
    built = wheel.build(root, tmp_path)
    assert "grader/courses/deeplearning-ai.toml" in zipfile.ZipFile(built).namelist()
