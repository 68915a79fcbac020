"""train-deep: every corpus submission graded end to end through the real CLI gets the result
its expected.toml states; the assignment's rubric holds (points, categories, every mutant
killed); and a Step by Step notebook is recognised as train-deep without being told."""

from __future__ import annotations

import numpy as np
import pytest

from corpus_harness import expectations, grade_all, problems
from grader import selftest
from grader.api import infer_assignment
from grader.loading import load
from grader.mutants import load as load_mutants
from grader.registry import get
from reference import deep
from reference.gradcheck import numerical_gradient

ASSIGNMENT = "train-deep"
EXPECTATIONS = expectations(ASSIGNMENT)


# -- the corpus, through the real CLI ------------------------------------------------------------


@pytest.fixture(scope="module")
def graded():
    return grade_all(ASSIGNMENT, [e.file for e in EXPECTATIONS], jobs=2)


@pytest.mark.parametrize("exp", EXPECTATIONS, ids=[e.file for e in EXPECTATIONS])
def test_submission_gets_expected_result(exp, graded):
    assert problems(exp, graded[exp.file]) == []


def test_a_bug_in_layer_l_is_shown_on_a_network_of_l_plus_1_layers(graded):
    """Counterexamples shrink to the fewest layers that show the bug: feeding every hidden layer
    the gradient of A[L-1] is right with one hidden layer, so its counterexample has L = 3
    (three caches), each layer one unit wide."""
    report = graded["wrong_reuse_dA_of_output_layer.py"].report
    model = next(p for p in report["properties"] if p["id"] == "backward.model")
    caches = model["counterexample"]["arguments"]["caches"]
    assert len(caches) == 3
    assert "gradient of A2" in model["message"] and "layer 1 of 3" in model["message"]


def test_a_bug_in_the_first_hidden_layer_is_shown_on_two_layers(graded):
    """sigmoid_backward for the hidden layers shows as soon as there is one: L = 2."""
    report = graded["wrong_hidden_sigmoid_backward.py"].report
    model = next(p for p in report["properties"] if p["id"] == "backward.model")
    assert len(model["counterexample"]["arguments"]["caches"]) == 2
    assert "sigmoid's derivative" in model["message"] and "layer 1 of 2" in model["message"]


def test_a_consistent_cache_layout_of_ones_own_keeps_the_end_to_end_properties(graded):
    report = graded["layout_cache_reordered_consistently.py"].report
    passed = {p["id"] for p in report["properties"] if p["status"] == "passed"}
    assert {"backward.gradcheck", "symmetry.tied", "training.xor", "api.backward"} <= passed


# -- the rubric ------------------------------------------------------------------------------------


def test_points_add_up_to_100_over_the_ten_categories_in_order():
    a = get(ASSIGNMENT)
    assert a.max_score == 100
    assert a.categories() == [
        "api", "shapes", "init", "randomness", "forward", "cost", "backward", "update",
        "symmetry", "training",
    ]  # fmt: skip
    for p in a.properties:
        assert p.hint and p.title != p.id, p.id


def test_the_randomness_of_each_initializer_is_its_own_property_so_a_profile_can_relax_it():
    ids = {p.id: p for p in get(ASSIGNMENT).properties}
    assert ids["randomness.fresh"].category == ids["randomness.fresh-deep"].category == "randomness"
    dependents = [
        p.id for p in ids.values() if {"randomness.fresh", "randomness.fresh-deep"} & set(p.depends)
    ]
    assert dependents == []


def test_update_parameters_accepts_both_names_of_its_first_argument():
    update = get(ASSIGNMENT).functions["update_parameters"]
    assert update.forms("update_parameters") == [
        "update_parameters(parameters, grads, learning_rate)",
        "update_parameters(params, grads, learning_rate)",
    ]


def test_at_least_25_mutants_are_declared_and_each_names_its_category():
    """tests/test_selftest.py grades them all (every shipped assignment passes its selftest)."""
    declared = load_mutants(selftest.declarations_path(get(ASSIGNMENT)))
    assert len(declared.mutants) >= 25
    categories = set(get(ASSIGNMENT).categories())
    ids = {p.id for p in get(ASSIGNMENT).properties}
    for mutant in declared.mutants:
        assert mutant.fails and set(mutant.fails) <= categories | ids, mutant.name


# -- inference -----------------------------------------------------------------------------------

STEP_BY_STEP_NAMES = [
    "initialize_parameters", "initialize_parameters_deep", "linear_forward",
    "linear_activation_forward", "L_model_forward", "compute_cost", "linear_backward",
    "linear_activation_backward", "L_model_backward", "update_parameters",
]  # fmt: skip


def test_a_notebook_defining_every_step_by_step_function_is_graded_as_train_deep(tmp_path):
    """It defines init-shallow's initialize_parameters too: the most specific fit wins."""
    path = tmp_path / "hw.py"
    path.write_text("".join(f"def {name}(*args):\n    pass\n\n" for name in STEP_BY_STEP_NAMES))
    assert infer_assignment(load(path)) == "train-deep"


def test_initialize_parameters_alone_is_still_init_shallow(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("def initialize_parameters(n_x, n_h, n_y):\n    pass\n")
    assert infer_assignment(load(path)) == "init-shallow"


# -- the reference's own checks, as the properties use them ----------------------------------------


@pytest.mark.parametrize("layer_dims", [[2, 1, 1], [3, 4, 2, 1], [1, 5, 5, 5, 5, 1]])
def test_the_generated_networks_keep_away_from_relus_kink_so_finite_differences_hold(layer_dims):
    from assignments.train_deep._base import KINK, _away_from_kinks, random_parameters

    rng = np.random.default_rng(0)
    X = rng.integers(-20, 21, size=(layer_dims[0], 4)) / 10
    params = random_parameters(rng, layer_dims, 10)
    _away_from_kinks(X, params)
    _, caches = deep.L_model_forward(X, params)
    for _, Z in caches[:-1]:
        assert np.min(np.abs(Z)) >= KINK - 1e-9
    AL, caches = deep.L_model_forward(X, params)
    Y = (rng.random((1, 4)) > 0.5).astype(float)
    numeric = numerical_gradient(
        lambda p: deep.compute_cost(deep.L_model_forward(X, p)[0], Y), params
    )
    grads = deep.L_model_backward(AL, Y, caches)
    for key, value in numeric.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-5, atol=1e-8)
