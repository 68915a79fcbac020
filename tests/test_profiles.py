"""Course profiles (grader.courses): one TOML file adapts the built-in assignments to a course.

The specification:

* a profile is validated key by key: every mistake is one line naming the file and the key,
  and the command exits 2;
* the effective rubric (`grader show NAME --course FILE`) is the base's, with the course's
  names, points, titles and categories, without the properties turned off or left without a
  bound function;
* under ``seed_inside_function = "allowed"`` a seeded but correct function gets full marks and
  the report says why; a function that is not random at all still fails; without the profile
  nothing changes;
* a function the course renames is called, and named in messages, by the course's name;
* reports record the profile's name and digest; a `grader.toml` in the working folder is used
  without --course; the profile's seed, time limits and support reach the run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from grader import courses
from grader.cli import cli
from grader.config import RunConfig
from grader.courses import ProfileError

SEEDED_SHALLOW = """
import numpy as np

def {name}(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {{"W1": W1, "b1": b1, "W2": W2, "b2": b2}}
"""

SEEDED_DEEP = """
import numpy as np

def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
"""

ALLOWED = 'name = "my-course"\nseed_inside_function = "allowed"\n'


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def grader(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )


def check_json(path: Path, *args: str, cwd: Path | None = None) -> dict[str, Any]:
    proc = grader("check", str(path), "--format", "json", *args, cwd=cwd or path.parent)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    return json.loads(proc.stdout)


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in report["properties"]}


# -- every profile mistake is one line naming the file and the key ------------------------------

BAD_PROFILES = [
    ("name = [", "course.toml: not valid TOML"),
    ("colour = 1", "course.toml: colour: unknown key (allowed here: name, description"),
    ("name = 3", "course.toml: name: expected a string, got an integer"),
    ('seed = "one"', "course.toml: seed: expected an integer, got a string"),
    ("seed = true", "course.toml: seed: expected an integer, got a boolean"),
    (
        'seed_inside_function = "sometimes"',
        'course.toml: seed_inside_function: expected "allowed" or "forbidden", got \'sometimes\'',
    ),
    ("timeout = 0", "course.toml: timeout: expected a positive number of seconds, got 0"),
    ('load_timeout = "long"', "course.toml: load_timeout: expected a positive number"),
    ('support = "helpers"', "course.toml: support: expected an array, got a string"),
    ("support = [1]", "course.toml: support[0]: expected a path (a string), got an integer"),
    (
        'support = ["nowhere"]',
        "course.toml: support[0]: nowhere: no such file or folder (next to course.toml)",
    ),
    ("assignments = 1", "course.toml: assignments: expected a table, got an integer"),
    (
        "[assignments]\nhw1 = 2",
        "course.toml: assignments.hw1: expected a table ([assignments.hw1])",
    ),
    (
        "[assignments.hw1]\ntitle = 'x'",
        'course.toml: assignments.hw1.base: missing: name the built-in assignment (base = "init-deep")',
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\npoint = {}",
        "course.toml: assignments.hw1.point: unknown key (allowed here: base, title, functions",
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\nfunctions = { init = 3 }",
        "course.toml: assignments.hw1.functions.init: expected a name (a string), got an integer",
    ),
    (
        "[assignments.hw1]\nbase = 'init-deep'\n"
        "functions = { a = 'initialize_parameters_he', b = 'initialize_parameters_he' }",
        "course.toml: assignments.hw1.functions: two functions are mapped to the role "
        "'initialize_parameters_he'",
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\noff = [1]",
        "course.toml: assignments.hw1.off[0]: expected a property id (a string), got an integer",
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\npoints = { 'api.dict' = -1 }",
        "course.toml: assignments.hw1.points.api.dict: expected a number of points >= 0, got -1",
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\npoints = { 'api.dict' = 'ten' }",
        "course.toml: assignments.hw1.points.api.dict: expected a number of points >= 0, got 'ten'",
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\noff = ['scale.gausian']",
        "course.toml: assignments.hw1.off: unknown property 'scale.gausian' of init-shallow "
        "(did you mean 'scale.gaussian'?)",
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\npoints = { 'api.keys' = 5 }",
        "course.toml: assignments.hw1.points.api.keys: unknown property 'api.keys' of init-shallow",
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\ntitles = { 'scale' = 'Scale' }",
        "course.toml: assignments.hw1.titles.scale: unknown property 'scale' of init-shallow",
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\ncategories = { scales = 'Scale' }",
        "course.toml: assignments.hw1.categories.scales: unknown category 'scales' of "
        "init-shallow (its categories: api, shapes, bias-zeros, randomness, symmetry, scale)",
    ),
    (
        "[assignments.hw1]\nbase = 'init-shallow'\nfunctions = { init = 'initialize' }",
        "course.toml: assignments.hw1.functions.init: 'initialize' is not a function of "
        "init-shallow (its roles: initialize_parameters)",
    ),
    (
        "[assignments.hw1]\nbase = 'train-shallow'\n"
        "functions = { initialize_parameters = 'initialize_parameters' }",
        "course.toml: assignments.hw1.functions: train-shallow's property 'api.initialize' "
        "needs every function, and forward_propagation, compute_cost",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_PROFILES)
def test_a_profile_mistake_is_one_error_naming_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, "course.toml", text)
    with pytest.raises(ProfileError) as caught:
        courses.load(path)
    said = str(caught.value)
    assert said.startswith(message), said
    assert "\n" not in said


def test_a_profile_mistake_on_the_command_line_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, "course.toml", "[assignments.hw1]\nbase = 'init-shallow'\noff = ['x']")
    for args in (
        ["show", "init-shallow"],
        ["list"],
        ["check", str(path), "-a", "hw1"],
        ["template", "hw1", "-o", str(tmp_path / "t.ipynb")],
        ["selftest", "hw1"],
        ["grade", str(tmp_path), "-a", "hw1", "-o", str(tmp_path / "out")],
        ["export", "gradescope", "hw1", "-o", str(tmp_path / "a.zip")],
    ):
        result = CliRunner().invoke(cli, [*args, "--course", str(path)])
        lines = result.output.strip().splitlines()
        assert result.exit_code == 2, (args, result.output)
        assert lines == [
            "grader: error: course.toml: assignments.hw1.off: unknown property 'x' of init-shallow"
        ], (args, result.output)


def test_an_unknown_course_name_lists_the_shipped_ones() -> None:
    result = CliRunner().invoke(cli, ["list", "--course", "no-such-course"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "grader: error: --course no-such-course: no such file, and no shipped course of that "
        "name (shipped: deeplearning-ai)"
    )


def test_an_assignment_whose_base_is_not_installed_says_so_when_it_is_used(
    tmp_path: Path,
) -> None:
    """A profile may name an assignment of a newer grader: the rest of it still serves."""
    path = write(
        tmp_path,
        "course.toml",
        "[assignments.hw9]\nbase = 'no-such-base'\n[assignments.hw1]\nbase = 'init-shallow'\n",
    )
    profile = courses.load(path)
    assert courses.assignment("hw1", profile).name == "hw1"
    with pytest.raises(ProfileError, match=r"^course.toml: assignments.hw9.base: unknown "):
        courses.assignment("hw9", profile)
    result = CliRunner().invoke(cli, ["show", "hw9", "--course", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(
        "grader: error: course.toml: assignments.hw9.base: unknown assignment 'no-such-base' "
        "(installed: init-deep, init-schemes, init-shallow, train-deep, train-shallow"
    )


# -- the effective rubric ---------------------------------------------------------------------

RUBRIC = """
name = "ml101"

[assignments.hw2]
base = "init-deep"
title = "Homework 2"
functions = { init_small = "initialize_parameters_deep", init_he = "initialize_parameters_he" }
off = ["scale.gaussian"]
points = { "api.deep" = 10 }
categories = { bias-zeros = "biases" }
titles = { "bias-zeros.zero" = "Both functions start every bias at zero" }
"""


def test_show_prints_the_rubric_the_course_grades_by(tmp_path: Path) -> None:
    path = write(tmp_path, "course.toml", RUBRIC)
    result = CliRunner().invoke(cli, ["show", "hw2", "--course", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["name"] == "hw2" and shown["title"] == "Homework 2"
    assert shown["functions"] == {"init_small": ["layer_dims"], "init_he": ["layer_dims"]}
    props = {p["id"]: p for p in shown["properties"]}
    # Xavier's properties are gone with its function, Gaussian shape is off.
    assert not [i for i in props if "xavier" in i] and "scale.gaussian" not in props
    assert props["api.deep"]["points"] == 10
    assert props["api.deep"]["title"].startswith("init_small returns a dict")
    assert props["scale.signal-he"]["title"].startswith("init_he: the signal")
    assert props["bias-zeros.zero"]["category"] == "biases"
    assert props["bias-zeros.zero"]["title"] == "Both functions start every bias at zero"
    assert props["bias-zeros.zero"]["depends"] == ["api.deep", "api.he"]
    assert shown["max_score"] == sum(p["points"] for p in shown["properties"])
    assert shown["course"]["name"] == "ml101" and len(shown["course"]["digest"]) == 64
    text = CliRunner().invoke(cli, ["show", "hw2", "--course", str(path)]).output
    assert text.startswith("course: ml101 (")
    assert "functions: init_small(layer_dims); init_he(layer_dims)" in text


def test_the_built_in_assignment_is_left_as_it_was(tmp_path: Path) -> None:
    from grader import registry

    before = [(p.id, p.points, p.title) for p in registry.get("init-deep").properties]
    courses.assignment("hw2", courses.load(write(tmp_path, "course.toml", RUBRIC)))
    assert [(p.id, p.points, p.title) for p in registry.get("init-deep").properties] == before


def test_list_shows_the_course_assignments_first(tmp_path: Path) -> None:
    path = write(tmp_path, "course.toml", RUBRIC)
    result = CliRunner().invoke(cli, ["list", "--course", str(path)])
    assert result.exit_code == 0
    first = result.output.splitlines()[0].split()
    assert first[0] == "hw2" and first[-2:] == ["Homework", "2"]


# -- the seeding policy, on small submissions, through the real CLI -----------------------------


def test_a_seeded_function_gets_full_marks_only_where_the_course_allows_it(
    tmp_path: Path,
) -> None:
    sub = write(tmp_path, "hw.py", SEEDED_SHALLOW.format(name="initialize_parameters"))
    course = write(tmp_path, "course.toml", ALLOWED)
    plain = check_json(sub, "-a", "init-shallow")
    assert plain["score"] == 92 and "course" not in plain
    assert by_id(plain)["randomness.fresh"]["status"] == "failed"
    allowed = check_json(sub, "-a", "init-shallow", "--course", str(course))
    assert allowed["score"] == 100, by_id(allowed)
    fresh = by_id(allowed)["randomness.fresh"]
    assert fresh["status"] == "passed"
    assert fresh["message"] == "seeded inside the function (allowed by this course)"
    assert allowed["course"]["name"] == "my-course"
    assert allowed["course"]["digest"] == courses.load(course).digest


def test_weights_that_are_not_random_at_all_fail_even_where_seeding_is_allowed(
    tmp_path: Path,
) -> None:
    sub = write(
        tmp_path,
        "hw.py",
        SEEDED_SHALLOW.format(name="initialize_parameters").replace(
            "W2 = np.random.randn(n_y, n_h) * 0.01", "W2 = np.zeros((n_y, n_h))"
        ),
    )
    course = write(tmp_path, "course.toml", ALLOWED)
    fresh = by_id(check_json(sub, "-a", "init-shallow", "--course", str(course)))[
        "randomness.fresh"
    ]
    assert fresh["status"] == "failed"
    assert "every entry of W2 is 0 on both calls" in fresh["message"]


def test_a_seeded_deep_function_bound_alone_gets_full_marks_under_the_course(
    tmp_path: Path,
) -> None:
    sub = write(tmp_path, "hw.py", SEEDED_DEEP)
    course = write(
        tmp_path,
        "course.toml",
        ALLOWED
        + "[assignments.deep]\nbase = 'init-deep'\n"
        + "functions = { initialize_parameters_deep = 'initialize_parameters_deep' }\n",
    )
    report = check_json(sub, "--course", str(course))  # inferred: the course's own first
    assert report["assignment"] == "deep"
    assert report["score"] == report["max_score"] == 44, by_id(report)
    assert by_id(report)["randomness.fresh"]["message"].startswith("seeded inside")


def test_a_seeded_function_with_the_wrong_scale_still_loses_the_scale_points(
    tmp_path: Path,
) -> None:
    sub = write(
        tmp_path,
        "hw.py",
        SEEDED_SHALLOW.format(name="initialize_parameters").replace(
            "W1 = np.random.randn(n_h, n_x) * 0.01", "W1 = np.random.randn(n_h, n_x) * 0.1"
        ),
    )
    course = write(tmp_path, "course.toml", ALLOWED)
    report = check_json(sub, "-a", "init-shallow", "--course", str(course))
    assert {p["id"] for p in report["properties"] if p["status"] != "passed"} == {"scale.std"}
    assert "10 times too large" in by_id(report)["scale.std"]["message"]


SEEDED_THREE = """
import numpy as np


def _init(layer_dims, scale):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        W = np.random.randn(layer_dims[l], layer_dims[l - 1])
        parameters["W" + str(l)] = W * scale(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def initialize_parameters_deep(layer_dims):
    return _init(layer_dims, lambda n: 0.01)


def initialize_parameters_xavier(layer_dims):
    return _init(layer_dims, lambda n: np.sqrt(1 / n))


def initialize_parameters_he(layer_dims):
    return _init(layer_dims, lambda n: np.sqrt(HE / n))


HE = 2
"""


def test_seeded_scales_are_judged_on_one_larger_draw_and_still_catch_the_wrong_scale(
    tmp_path: Path,
) -> None:
    """A seeded function repeats its draw: calls of other sizes restart the same stream, so the
    scale checks judge one call with wider layers, never copies of one draw counted as many."""
    course = write(tmp_path, "course.toml", ALLOWED)
    good = write(tmp_path, "good.py", SEEDED_THREE)
    plain = check_json(good, "-a", "init-deep")
    assert {p["id"] for p in plain["properties"] if p["status"] != "passed"} == {
        "randomness.fresh"
    }, by_id(plain)
    assert check_json(good, "-a", "init-deep", "--course", str(course))["score"] == 100
    wrong = write(tmp_path, "wrong.py", SEEDED_THREE.replace("HE = 2", "HE = 1"))
    report = check_json(wrong, "-a", "init-deep", "--course", str(course))
    lost = {p["id"] for p in report["properties"] if p["status"] != "passed"}
    assert lost == {"scale.he", "scale.signal-he"}, by_id(report)
    assert "seeded, every call repeats its draw" in by_id(report)["scale.he"]["message"]


SEEDED_HE = """
import numpy as np


def he_init(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        shape = (layers_dims[l], layers_dims[l - 1])
        parameters["W" + str(l)] = DRAW(shape) * np.sqrt(2 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


DRAW = np.random.standard_normal
"""


def test_a_course_may_grade_init_schemes_he_function_alone_under_its_own_name(
    tmp_path: Path,
) -> None:
    """init-schemes' checks of one function go with its role; the checks of several functions
    (saturation, model) are turned off. Seeded, the normal-shape check judges one wider call,
    and still tells a uniform draw of the right spread from a normal one."""
    course = write(
        tmp_path,
        "course.toml",
        ALLOWED
        + "[assignments.he]\nbase = 'init-schemes'\n"
        + "functions = { he_init = 'initialize_parameters_he' }\n"
        + "off = ['saturation.random', 'model.dispatch', 'model.trains']\n",
    )
    good = write(tmp_path, "good.py", SEEDED_HE)
    report = check_json(good, "--course", str(course))  # inferred: the course's own first
    assert report["assignment"] == "he"
    assert {p["id"] for p in report["properties"]} == {
        "api.he", "shapes.he", "bias-zeros.he", "randomness.he", "scale.he",
        "scale.gaussian-he", "learning.he",
    }  # fmt: skip
    assert report["score"] == report["max_score"] == 32, by_id(report)
    assert (
        by_id(report)["randomness.he"]["message"]
        == "seeded inside the function (allowed by this course)"
    )
    uniform = SEEDED_HE.replace(
        "DRAW = np.random.standard_normal",
        "def DRAW(shape):\n    return np.random.uniform(-np.sqrt(3), np.sqrt(3), shape)",
    )
    report = check_json(write(tmp_path, "uniform.py", uniform), "--course", str(course))
    lost = {p["id"] for p in report["properties"] if p["status"] != "passed"}
    assert lost == {"scale.gaussian-he"}, by_id(report)
    message = by_id(report)["scale.gaussian-he"]["message"]
    assert message.startswith("he_init: the ") and "of one call with layers_dims" in message
    assert "initialize_parameters_he" not in message


def test_a_renamed_function_is_called_and_named_by_the_course_name(tmp_path: Path) -> None:
    course = write(
        tmp_path,
        "course.toml",
        ALLOWED
        + "[assignments.hw1]\nbase = 'init-shallow'\n"
        + "functions = { init_params = 'initialize_parameters' }\n",
    )
    good = write(tmp_path, "good.py", SEEDED_SHALLOW.format(name="init_params"))
    assert check_json(good, "-a", "hw1", "--course", str(course))["score"] == 100
    bad = write(
        tmp_path,
        "bad.py",
        SEEDED_SHALLOW.format(name="init_params").replace('"W2": W2', '"w2": W2'),
    )
    report = check_json(bad, "-a", "hw1", "--course", str(course))
    message = by_id(report)["api.dict"]["message"]
    assert message.startswith("init_params returned a dict"), message
    assert "initialize_parameters" not in message
    assert by_id(report)["api.dict"]["counterexample"]["call"].startswith("init_params(")


# -- where the profile comes from, and what it sets ----------------------------------------------


def test_a_grader_toml_in_the_working_folder_is_the_profile(tmp_path: Path) -> None:
    write(tmp_path, "grader.toml", ALLOWED)
    sub = write(tmp_path, "hw.py", SEEDED_SHALLOW.format(name="initialize_parameters"))
    report = check_json(sub, "-a", "init-shallow", cwd=tmp_path)
    assert report["score"] == 100 and report["course"]["name"] == "my-course"


def test_the_profile_sets_seed_time_limits_and_support_where_the_command_line_does_not(
    tmp_path: Path,
) -> None:
    from grader.commands._course import apply

    (tmp_path / "helpers").mkdir()
    path = write(
        tmp_path,
        "course.toml",
        'seed = 7\ntimeout = 9\nload_timeout = 30\nsupport = ["helpers"]\n',
    )
    profile = courses.load(path)
    config = apply(RunConfig(support=("/given",)), profile)
    assert (config.seed, config.call_timeout, config.load_timeout) == (7, 9.0, 30.0)
    assert config.support == ("/given", str((tmp_path / "helpers").resolve()))
    assert config.course == profile
    assert profile.name == "course"  # the file's stem when it names none


def test_a_run_config_carries_its_profile_across_processes(tmp_path: Path) -> None:
    profile = courses.load(write(tmp_path, "course.toml", RUBRIC))
    config = RunConfig(seed=3, course=profile)
    assert RunConfig(**dataclasses.asdict(config)) == config


def test_a_profile_change_changes_the_course_assignment_version(tmp_path: Path) -> None:
    """`grader grade --resume` keeps a report only for the same version: a changed profile
    grades again."""
    first = courses.assignment("hw2", courses.load(write(tmp_path, "a.toml", RUBRIC)))
    changed = RUBRIC.replace('"api.deep" = 10', '"api.deep" = 11')
    second = courses.assignment("hw2", courses.load(write(tmp_path, "b.toml", changed)))
    assert first.version.startswith("3+ml101.") and first.version != second.version


def test_grade_resume_keeps_reports_of_the_same_profile_and_regrades_after_it_changed(
    tmp_path: Path,
) -> None:
    source = tmp_path / "class"
    source.mkdir()
    write(source, "ada.py", SEEDED_SHALLOW.format(name="initialize_parameters"))
    course = write(tmp_path, "course.toml", ALLOWED)
    out = tmp_path / "out"

    def grade(*extra: str) -> subprocess.CompletedProcess[str]:
        args = ["grade", str(source), "-a", "init-shallow", "-o", str(out), "-j", "1"]
        return grader(*args, "--course", str(course), *extra, cwd=tmp_path)

    first = grade()
    assert first.returncode == 0, first.stderr
    report = json.loads((out / "reports" / "ada.json").read_text())
    assert report["score"] == 100 and report["course"]["name"] == "my-course"
    again = grade("--resume")
    assert "(1 kept from an earlier run)" in again.stdout, again.stdout
    course.write_text(ALLOWED.replace("allowed", "forbidden"), encoding="utf-8")
    changed = grade("--resume")
    assert changed.returncode == 0, changed.stderr
    assert "kept from an earlier run" not in changed.stdout, changed.stdout
    assert json.loads((out / "reports" / "ada.json").read_text())["score"] == 92


def test_every_renderer_shows_the_course_rule_a_property_passed_by() -> None:
    from grader import render
    from grader.results import PropertyResult, Report, ReportStatus, Status

    note = "seeded inside the function (allowed by this course)"
    row = PropertyResult(
        id="randomness.fresh",
        title="Each call draws new random weights",
        category="randomness",
        points=8,
        max_points=8,
        status=Status.PASSED,
        message=note,
    )
    report = Report(
        assignment="hw1",
        submission="hw.py",
        score=8,
        max_score=8,
        status=ReportStatus.GRADED,
        properties=(row,),
        course="ml101",
        course_digest="0" * 64,
    )
    for fmt in ("text", "markdown", "html", "gradescope", "json"):
        assert note in render.render(report, fmt), fmt
    for fmt in ("text", "markdown", "html"):
        assert "ml101" in render.render(report, fmt), fmt
    assert Report.from_dict(report.to_dict()) == report


# -- selftest under a course -------------------------------------------------------------------


def course_mutants(name: str) -> tuple[set[str], list[str], set[str]]:
    """(mutants graded, mutants not graded, habits allowed) of a deeplearning-ai assignment."""
    from grader.mutants import load
    from grader.selftest import _for_course, declarations_path

    profile = courses.find("deeplearning-ai")
    assignment = courses.assignment(name, profile)
    declared = load(declarations_path(assignment))
    kept, ungraded, allowed = _for_course(declared, assignment, name, RunConfig(course=profile))
    assert next(m for m in kept.mutants if m.name == "seed_inside").fails == ()
    return {m.name for m in kept.mutants}, ungraded, allowed


def test_selftest_under_a_course_expects_full_marks_for_a_habit_it_allows() -> None:
    graded, ungraded, allowed = course_mutants("step-by-step-init")
    assert {"seed_inside", "no_scale"} <= graded and not ungraded
    assert allowed == {"seed_inside"}


def test_selftest_under_a_course_leaves_out_the_mutants_of_functions_it_does_not_bind() -> None:
    graded, ungraded, allowed = course_mutants("step-by-step-init-deep")
    assert {"he_rng_42_inside", "transposed", "bias_random"} <= set(ungraded)
    assert "seed_inside" in graded and not graded & set(ungraded)
    assert allowed == {"seed_inside"}


def test_a_mutant_may_only_be_a_known_habit(tmp_path: Path) -> None:
    from grader.errors import UsageError
    from grader.mutants import load

    (tmp_path / "solution.py").write_text("def f():\n    return 1\n")
    write(
        tmp_path,
        "mutants.toml",
        "[mutant.m]\nbug = 'b'\nfails = ['x']\nold = 'return 1'\nnew = 'return 2'\n"
        "habit = 'tabs'\n",
    )
    with pytest.raises(UsageError, match="habit must be one of: seed_inside_function"):
        load(tmp_path / "mutants.toml")


@pytest.mark.slow
def test_selftest_of_a_renamed_course_assignment_passes_with_the_seed_habit_allowed() -> None:
    example = Path(__file__).parent / "course_example"
    proc = grader("selftest", "hw1", "--format", "json", cwd=example)
    result = json.loads(proc.stdout)
    assert proc.returncode == 0 and result["ok"], result["problems"]
    seeded = next(m for m in result["mutants"] if m["file"] == "seed_inside")
    assert seeded["allowed"] == "seed_inside_function" and not seeded["killed"]
    # symmetry.training is off in this course: no mutant may expect it.
    assert all("symmetry.training" not in m["expected"] for m in result["mutants"])


def test_an_exported_autograder_carries_the_profile(tmp_path: Path) -> None:
    import zipfile

    from grader.commands.export import build_zip
    from grader.errors import UsageError

    wheel = tmp_path / "grader-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"not read by this test")
    course = write(tmp_path, "course.toml", ALLOWED + "seed = 5\n")
    names = build_zip("init-shallow", tmp_path / "a.zip", wheel=wheel, course=courses.load(course))
    assert "course.toml" in names
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        settings = json.loads(archive.read("grader.json"))
        assert archive.read("course.toml").decode() == course.read_text()
    assert settings["course"] == "course.toml" and settings["seed"] == 5
    (tmp_path / "helpers").mkdir()
    with_support = write(tmp_path, "support.toml", 'support = ["helpers"]\n')
    with pytest.raises(UsageError, match=r"^support.toml: support: an exported autograder"):
        build_zip(
            "init-shallow", tmp_path / "b.zip", wheel=wheel, course=courses.load(with_support)
        )


def test_the_autograder_grades_under_the_profile_it_carries(tmp_path: Path) -> None:
    from grader.commands.export import run_autograder

    (tmp_path / "source").mkdir()
    (tmp_path / "submission").mkdir()
    write(tmp_path / "source", "course.toml", ALLOWED)
    settings = {"assignment": "init-shallow", "course": "course.toml", "sandbox": "auto"}
    (tmp_path / "source" / "grader.json").write_text(json.dumps(settings))
    write(tmp_path / "submission", "hw.py", SEEDED_SHALLOW.format(name="initialize_parameters"))
    assert run_autograder(tmp_path) == 0
    results = json.loads((tmp_path / "results" / "results.json").read_text())
    assert results["score"] == 100, results
