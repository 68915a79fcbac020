"""Course-shaped notebooks graded through the real CLI, as a new user grades them.

The notebooks are the deeplearning.ai lessons' shape (see course_notebooks.py): helper imports
the grader may lack, test-helper calls, `%matplotlib inline`, top-level training and sweeps,
sklearn and h5py, the older signatures, the template's asserts. The specification:

* a correct notebook gets full marks, whether its helper modules lie beside it, are given with
  `--support`, or come from the grader's built-in ones; the report says that top-level code was
  skipped;
* its top-level cells, which would train for over a minute, are never run: a grader that ran
  them would pass the 20 s load timeout and report a load error, so full marks are the proof;
* one real bug costs exactly what the same bug costs in the bare functions (a .py holding only
  them): the course's shape costs nothing, and nothing else is lost.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from course_notebooks import SUPPORT, DeepStep, Planar, write, write_helpers

pytestmark = pytest.mark.slow

FULL = 100

#: What each bug costs, property by property: measured on the bare functions (the `.py` form of
#: test_one_real_bug_costs_exactly_its_own_points, which holds today), so the notebook form must
#: match it. A property that depends on a failing one is skipped and its points are lost too
#: (training waits for forward, backward and update to be right): that is the assignment's
#: design, the same for a notebook and a .py.
_TRAINING = {"training.iterations", "training.blobs", "training.flower"}
PLANAR_BUG_COSTS: dict[str, tuple[int, set[str]]] = {
    "tanh_derivative": (78, {"backward.hidden", "backward.gradcheck", *_TRAINING}),
    "cost_sign": (88, {"cost.value", "backward.gradcheck"}),
    # compute_cost raises for m > 1, and nn_model calls it: training fails with it.
    "cost_wrong_axis": (
        72,
        {"cost.value", "cost.number", "backward.gradcheck", *_TRAINING},
    ),
    "b2_in_hidden": (78, {"forward.hidden", "backward.gradcheck", *_TRAINING}),
    "update_plus": (81, {"update.step", "update.default", *_TRAINING}),
    "threshold_06": (96, {"predict.threshold"}),
    # Training draws data with other input sizes too, so an nn_model that hard-codes the
    # flower's n_x = 2 fails there (and the two trainings that wait for it are skipped).
    "n_x_hard_coded": (88, set(_TRAINING)),
}


# -- running the CLI ------------------------------------------------------------------------------


def run(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
    )


def check(
    path: Path, assignment: str = "train-shallow", *extra: str, cwd: Path | None = None
) -> dict[str, Any]:
    """`grader check PATH -a ASSIGNMENT --format json`, run in the notebook's folder as a student
    runs it; the parsed report."""
    proc = run(
        "check", str(path), "-a", assignment, "--format", "json", *extra, cwd=cwd or path.parent
    )
    assert proc.returncode in (0, 1), f"grader exited {proc.returncode}: {proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


def not_passed(report: dict[str, Any]) -> set[str]:
    return {p["id"] for p in report["properties"] if p["status"] != "passed"}


def summary(report: dict[str, Any]) -> str:
    lost = {
        p["id"]: f"{p['status']}: {p['message'][:160]}"
        for p in report["properties"]
        if p["status"] != "passed"
    }
    return (
        f"{report['score']}/{report['max_score']} {report['status']}; lost {lost}; "
        f"load errors {report['load_errors'][:3]}; notices {report.get('notices', [])[:5]}"
    )


def says_top_level_skipped(report: dict[str, Any]) -> bool:
    """A notice says that top-level code was not run, e.g. "top-level code not needed for
    grading was skipped (cells 12-30)"."""
    return any(
        re.search(r"top.level", notice, re.I) and re.search(r"skip|not run", notice, re.I)
        for notice in report.get("notices", [])
    )


def assert_full_marks_with_top_level_skipped(report: dict[str, Any]) -> None:
    assert report["status"] == "graded" and report["score"] == FULL, summary(report)
    assert says_top_level_skipped(report), summary(report)


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def helpers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An instructor's folder of the planar lesson's helpers, for --support."""
    folder = tmp_path_factory.mktemp("course-helpers")
    write_helpers(folder)
    return folder


def broken_planar_utils(folder: Path) -> Path:
    """A planar_utils whose sigmoid is tanh: whichever copy a notebook imported shows in its grade."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (SUPPORT / "planar_utils.py").read_text()
    text += "\n\ndef sigmoid(x):  # this copy is broken on purpose\n    return np.tanh(x)\n"
    path = folder / "planar_utils.py"
    path.write_text(text)
    return path


# -- the planar lesson, correct ----------------------------------------------------------------------


@pytest.mark.parametrize("signatures", ["2021", "2018", "community"])
def test_a_correct_planar_notebook_with_its_helpers_beside_it_gets_full_marks(
    tmp_path: Path, signatures: str
) -> None:
    """Every course version's signatures: compute_cost(A2, Y) or (A2, Y, parameters);
    update_parameters(parameters, grads, learning_rate=1.2) or (params, grads, learning_rate);
    nn_model with or without a learning_rate parameter."""
    write_helpers(tmp_path)
    nb = write(
        Planar(signatures=signatures).notebook(), tmp_path / "Planar_data_classification.ipynb"
    )
    assert_full_marks_with_top_level_skipped(check(nb))


def test_a_correct_planar_notebook_alone_gets_full_marks_with_helpers_given_by_support(
    tmp_path: Path, helpers: Path
) -> None:
    student = tmp_path / "student"
    nb = write(Planar(signatures="2018").notebook(), student / "hw.ipynb")
    assert sorted(p.name for p in student.iterdir()) == ["hw.ipynb"]
    assert_full_marks_with_top_level_skipped(check(nb, "train-shallow", "--support", str(helpers)))


def test_a_correct_planar_notebook_alone_gets_full_marks_from_the_builtin_helpers(
    tmp_path: Path,
) -> None:
    """No helpers beside it and none given: planar_utils comes from assignments/support/; the
    test-case modules (testCases_v2, public_tests) are missing, and their calls fail harmlessly."""
    nb = write(Planar().notebook(), tmp_path / "hw.ipynb")
    report = check(nb)
    assert_full_marks_with_top_level_skipped(report)
    # Each import that failed is a notice for the instructor, not a lost point.
    for module in ("sklearn", "h5py", "testCases_v2", "public_tests"):
        assert any(module in notice for notice in report["notices"]), (module, summary(report))


def test_a_correct_planar_notebook_that_seeds_inside_its_functions_gets_full_marks(
    tmp_path: Path,
) -> None:
    """np.random.seed(2) in initialize_parameters and seed(3) in nn_model, as the 2018 template
    has them: train-shallow has no fresh-randomness property, and its training check copes."""
    write_helpers(tmp_path)
    nb = write(Planar(signatures="2018", seeded=True).notebook(), tmp_path / "hw.ipynb")
    assert_full_marks_with_top_level_skipped(check(nb))


def test_a_correct_planar_notebook_whose_functions_read_its_own_settings_gets_full_marks(
    tmp_path: Path,
) -> None:
    """predict reads a module-level THRESHOLD and initialize_parameters a module-level
    rng = np.random.default_rng(1), both set in a cell of their own: that cell must run even
    though the top-level driver code does not."""
    write_helpers(tmp_path)
    nb = write(Planar(settings=True).notebook(), tmp_path / "hw.ipynb")
    assert_full_marks_with_top_level_skipped(check(nb))


def test_a_function_missing_a_name_from_a_helper_the_grader_lacks_is_told_where_it_comes_from(
    tmp_path: Path,
) -> None:
    """sigmoid comes from a course module that neither the notebook's folder, nor --support,
    nor the built-in helpers have: the failure names the module and how to supply it."""
    nb = write(Planar(utils="course_utils_2019").notebook(), tmp_path / "hw.ipynb")
    report = check(nb)
    forward = next(p for p in report["properties"] if p["id"] == "api.forward")
    assert forward["status"] == "failed", summary(report)
    for words in ("sigmoid", "course_utils_2019", "--support"):
        assert words in forward["message"], forward["message"]


def test_helpers_beside_the_notebook_come_before_those_given_by_support(
    tmp_path: Path,
) -> None:
    write_helpers(tmp_path / "student")
    nb = write(Planar().notebook(), tmp_path / "student" / "hw.ipynb")
    broken = broken_planar_utils(tmp_path / "instructor").parent
    assert_full_marks_with_top_level_skipped(check(nb, "train-shallow", "--support", str(broken)))


def test_helpers_given_by_support_come_before_the_builtin_ones(tmp_path: Path) -> None:
    nb = write(Planar().notebook(), tmp_path / "student" / "hw.ipynb")
    broken = broken_planar_utils(tmp_path / "instructor").parent
    report = check(nb, "train-shallow", "--support", str(broken))
    assert report["status"] == "graded", summary(report)
    # The sigmoid of the --support copy (tanh) reached forward_propagation's output layer.
    output = next(p for p in report["properties"] if p["id"] == "forward.output")
    assert output["status"] == "failed", summary(report)
    assert "forward.hidden" not in not_passed(report), summary(report)


# -- the planar lesson, one bug each -----------------------------------------------------------------


@pytest.mark.parametrize("form", ["notebook", "functions"])
@pytest.mark.parametrize("bug", sorted(PLANAR_BUG_COSTS))
def test_one_real_bug_costs_exactly_its_own_points(tmp_path: Path, bug: str, form: str) -> None:
    """The same bug, in a course notebook (helpers beside it, top-level training, sklearn and
    h5py imports) and in a .py of the bare functions, loses the same properties."""
    score, lost = PLANAR_BUG_COSTS[bug]
    variant = Planar(bug=bug)
    if form == "notebook":
        write_helpers(tmp_path)
        path = write(variant.notebook(), tmp_path / "hw.ipynb")
    else:
        path = tmp_path / "hw.py"
        path.write_text(variant.stripped())
    report = check(path)
    assert report["status"] == "graded", summary(report)
    assert not_passed(report) == lost, summary(report)
    assert report["score"] == score, summary(report)


# -- Building your Deep Neural Network: Step by Step (init-shallow) -------------------------------


def test_a_correct_step_by_step_notebook_with_dnn_utils_beside_it_gets_full_marks(
    tmp_path: Path,
) -> None:
    write_helpers(tmp_path, lesson="deep")
    nb = write(DeepStep().notebook(), tmp_path / "Building_your_Deep_Neural_Network.ipynb")
    assert_full_marks_with_top_level_skipped(check(nb, "init-shallow"))


def test_a_correct_step_by_step_notebook_alone_gets_full_marks_from_the_builtin_dnn_utils_v2(
    tmp_path: Path,
) -> None:
    nb = write(DeepStep(utils="dnn_utils_v2").notebook(), tmp_path / "hw.ipynb")
    assert_full_marks_with_top_level_skipped(check(nb, "init-shallow"))


def test_a_step_by_step_notebook_seeding_inside_initialize_parameters_loses_only_fresh_randomness(
    tmp_path: Path,
) -> None:
    """The course template's np.random.seed(1) inside initialize_parameters: every call returns
    the same weights. Today that costs randomness.fresh alone; accepting the course's habit is
    a later decision (course profiles), which would change this line on purpose."""
    write_helpers(tmp_path, lesson="deep")
    nb = write(DeepStep(seeded=True).notebook(), tmp_path / "hw.ipynb")
    report = check(nb, "init-shallow")
    assert report["status"] == "graded", summary(report)
    assert not_passed(report) == {"randomness.fresh"}, summary(report)


def test_a_step_by_step_notebook_with_w2_unscaled_loses_only_the_scale_check(
    tmp_path: Path,
) -> None:
    write_helpers(tmp_path, lesson="deep")
    nb = write(DeepStep(bug="W2_unscaled").notebook(), tmp_path / "hw.ipynb")
    report = check(nb, "init-shallow")
    assert report["status"] == "graded", summary(report)
    assert not_passed(report) == {"scale.std"}, summary(report)


# -- Building your Deep Neural Network: Step by Step (train-deep) ---------------------------------

#: What each of the lesson's bugs costs, property by property, measured on the notebook (the
#: same as the mutant of the same bug in assignments/train_deep/mutants.toml). Every bug costs
#: its own category; training.xor runs the pieces together, so a bug that changes what the loop
#: computes costs it too.
DEEP_BUG_COSTS: dict[str, tuple[int, set[str]]] = {
    "reuse_dA_L": (85, {"backward.model", "training.xor"}),
    "hidden_sigmoid_backward": (80, {"backward.model", "backward.gradcheck", "training.xor"}),
    "dW_no_1_over_m": (68, {"backward.linear", "backward.activation", "backward.relu-at-z",
                            "backward.model", "backward.gradcheck", "training.xor"}),
    "db_no_keepdims": (97, {"shapes.backward"}),
    "cost_no_minus": (95, {"cost.value"}),
    "dAL_sign": (80, {"backward.model", "backward.gradcheck", "training.xor"}),
    "update_plus": (86, {"update.step", "training.xor"}),
    "linear_forward_no_b": (78, {"forward.linear", "forward.activation", "forward.model",
                                 "training.xor"}),
    "init_deep_he": (96, {"init.scale"}),
    "W2_unscaled": (97, {"init.shallow"}),
}  # fmt: skip


@pytest.mark.parametrize("version", ["new", "old"])
def test_a_correct_step_by_step_notebook_is_inferred_as_train_deep_and_gets_full_marks(
    tmp_path: Path, version: str
) -> None:
    """No -a: the notebook defines init-shallow's initialize_parameters too, and the most
    specific assignment, train-deep, is chosen. Newer notebooks key the activation gradients
    dA + str(l) and name update_parameters' first argument params; older ones dA + str(l + 1)
    and parameters. Both import helpers the grader lacks, and train at top level."""
    utils = "dnn_utils" if version == "new" else "dnn_utils_v2"
    nb = write(
        DeepStep(version=version, utils=utils, training=True).notebook(),
        tmp_path / "Building_your_Deep_Neural_Network.ipynb",
    )
    proc = run("check", str(nb), "--format", "json", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["assignment"] == "train-deep", summary(report)
    assert_full_marks_with_top_level_skipped(report)


def test_the_course_templates_seeds_inside_both_initializers_cost_their_two_randomness_checks(
    tmp_path: Path,
) -> None:
    """np.random.seed(1) inside initialize_parameters and np.random.seed(3) inside
    initialize_parameters_deep: by default, each call returning the same weights costs
    randomness.fresh and randomness.fresh-deep (2 points each); a course profile relaxes them."""
    nb = write(DeepStep(seeded=True, training=True).notebook(), tmp_path / "hw.ipynb")
    report = check(nb, "train-deep")
    assert report["status"] == "graded", summary(report)
    assert not_passed(report) == {"randomness.fresh", "randomness.fresh-deep"}, summary(report)
    assert report["score"] == 96, summary(report)


@pytest.mark.parametrize("bug", sorted(DEEP_BUG_COSTS))
def test_one_step_by_step_bug_costs_its_own_points(tmp_path: Path, bug: str) -> None:
    score, lost = DEEP_BUG_COSTS[bug]
    nb = write(DeepStep(bug=bug, training=True).notebook(), tmp_path / "hw.ipynb")
    report = check(nb, "train-deep")
    assert report["status"] == "graded", summary(report)
    assert not_passed(report) == lost, summary(report)
    assert report["score"] == score, summary(report)


# -- grader grade over a class of course notebooks -----------------------------------------------


def test_grade_with_two_jobs_grades_a_class_of_course_notebooks_given_their_helpers_by_support(
    tmp_path: Path, helpers: Path
) -> None:
    """Students upload only the .ipynb: one folder each, holding nothing else; the instructor
    gives the course's helpers with --support."""
    source = tmp_path / "class"
    students = {
        "ada": (Planar(signatures="2018"), FULL, set()),
        "ben": (Planar(signatures="community"), FULL, set()),
        "cleo": (Planar(bug="update_plus"), *PLANAR_BUG_COSTS["update_plus"]),
        "dan": (Planar(bug="threshold_06"), *PLANAR_BUG_COSTS["threshold_06"]),
    }
    for name, (variant, _, _) in students.items():
        write(variant.notebook(), source / name / "Planar_data_classification.ipynb")
    out = tmp_path / "out"
    proc = run(
        "grade", str(source), "-a", "train-shallow", "-o", str(out), "-j", "2",
        "--support", str(helpers), "--progress", "none",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name, (_, score, lost) in students.items():
        report = json.loads((out / "reports" / f"{name}.json").read_text())
        assert report["status"] == "graded" and report["score"] == score, (name, summary(report))
        assert not_passed(report) == lost, (name, summary(report))
        assert says_top_level_skipped(report), (name, summary(report))
    # The class folder is left as it was: nothing written beside the notebooks.
    assert sorted(p.name for p in source.rglob("*") if p.is_file()) == [
        "Planar_data_classification.ipynb"
    ] * len(students)
