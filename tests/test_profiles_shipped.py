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
from course_init_notebooks import INIT_BUGS, InitSchemes
from course_notebooks import DeepStep, Planar, write, write_helpers
from test_course_init_schemes import BUG_COSTS as INIT_BUG_COSTS
from test_course_notebooks import check, not_passed, run, summary

from grader import courses
from grader.cli import cli
from grader.roles import SEEDED_ALLOWED

pytestmark = pytest.mark.slow

COURSE = ("--course", "deeplearning-ai")


def graded(report: dict[str, Any], score: int) -> None:
    assert report["status"] == "graded" and report["score"] == score, summary(report)
    assert report["course"]["name"] == "deeplearning-ai", summary(report)


def test_the_shipped_profile_is_found_by_name_and_every_installed_base_fits_it() -> None:
    profile = courses.find("deeplearning-ai")
    assert profile is not None and profile.seed_inside_function == "allowed"
    names = [a.name for a in courses.usable(profile)]
    assert names == [
        "planar",
        "step-by-step-init",
        "step-by-step-init-deep",
        "step-by-step",
        "initialization",
    ]
    deep = courses.assignment("step-by-step-init-deep", profile)
    assert list(deep.functions) == ["initialize_parameters_deep"] and deep.max_score == 100


def messages(report: dict[str, Any]) -> dict[str, str]:
    return {p["id"]: p["message"] for p in report["properties"]}


def check_inferred(nb: Path) -> dict[str, Any]:
    """`grader check NB --course deeplearning-ai` without -a: the course picks the assignment."""
    proc = run("check", str(nb), "--format", "json", *COURSE, cwd=nb.parent)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.parametrize("seeded", [True, False], ids=["seeded", "unseeded"])
def test_an_initialization_notebook_gets_full_marks_under_the_course_seeded_or_not(
    tmp_path: Path, seeded: bool
) -> None:
    """The template's np.random.seed(3) inside initialize_parameters_random and _he is the
    course's habit: both randomness checks pass and say so, and the scale and normal-shape
    checks still judge a full sample (one wider call)."""
    nb = write(InitSchemes(seeded=seeded).notebook(), tmp_path / "Initialization.ipynb")
    report = check_inferred(nb)
    assert report["assignment"] == "initialization", summary(report)
    graded(report, 100)
    said = messages(report)
    for pid in ("randomness.random", "randomness.he"):
        assert (said[pid] == SEEDED_ALLOWED) == seeded, summary(report)


@pytest.mark.parametrize("bug", sorted(INIT_BUGS))
def test_one_initialization_bug_costs_under_the_course_what_it_costs_without_seeds(
    tmp_path: Path, bug: str
) -> None:
    """W transposed, He with sqrt(1/n), random biases, a layer short, a model ignoring
    initialization: in a seeded notebook under the course, each costs exactly what it costs an
    unseeded notebook by default (tests/test_course_init_schemes.py)."""
    nb = write(InitSchemes(seeded=True, bug=bug).notebook(), tmp_path / "Initialization.ipynb")
    report = check(nb, "initialization", *COURSE)
    score, lost = INIT_BUG_COSTS[bug]
    graded(report, score)
    assert not_passed(report) == lost, summary(report)


@pytest.mark.parametrize("version", ["new", "old"])
def test_a_seeded_step_by_step_notebook_is_graded_whole_with_full_marks_under_the_course(
    tmp_path: Path, version: str
) -> None:
    """Without -a the whole notebook is `step-by-step` (train-deep): it defines every function
    of the two initialization assignments and more. The template's seeds inside
    initialize_parameters and initialize_parameters_deep are the course's habit."""
    utils = "dnn_utils" if version == "new" else "dnn_utils_v2"
    variant = DeepStep(seeded=True, version=version, utils=utils, training=True)
    nb = write(variant.notebook(), tmp_path / "Building_your_Deep_Neural_Network.ipynb")
    report = check_inferred(nb)
    assert report["assignment"] == "step-by-step", summary(report)
    graded(report, 100)
    said = messages(report)
    assert said["randomness.fresh"] == said["randomness.fresh-deep"] == SEEDED_ALLOWED


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
            DeepStep(seeded=True, bug="W2_unscaled", training=True),
            "step-by-step",
            97,
            {"init.shallow"},
        ),
        (DeepStep(seeded=True, bug="init_deep_he"), "step-by-step", 96, {"init.scale"}),
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
    write_helpers(tmp_path)
    planar = write(Planar(seeded=True).notebook(), tmp_path / "planar.ipynb")
    proc = run("check", str(planar), "--format", "json", *COURSE, cwd=tmp_path)
    assert json.loads(proc.stdout)["assignment"] == "planar", proc.stderr
    # Only the notebook's two initializers: each is a course assignment, and neither is more
    # specific than the other.
    both = tmp_path / "step.py"
    both.write_text(
        "import numpy as np\n\n"
        "def initialize_parameters(n_x, n_h, n_y):\n    return {}\n\n"
        "def initialize_parameters_deep(layer_dims):\n    return {}\n"
    )
    proc = run("check", str(both), *COURSE, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "grader: error: step.py fits several assignments (step-by-step-init, "
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
