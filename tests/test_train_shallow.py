"""train-shallow: every corpus submission graded end to end through the real CLI gets the result
its expected.toml states; the template grades; and the assignment's helpers and properties do
what they claim, checked in-process against the reference and against single-bug mutants of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from corpus_harness import expectations, grade_all, problems
from grader import Failure
from grader.registry import get
from grader.results import Status
from grader.testing import grade
from reference import init as ref_init
from reference import train as ref

ASSIGNMENT = "train-shallow"
EXPECTATIONS = expectations(ASSIGNMENT)


# -- the corpus, through the real CLI -----------------------------------------------------------


@pytest.fixture(scope="module")
def graded():
    return grade_all(ASSIGNMENT, [e.file for e in EXPECTATIONS], jobs=2)


def test_corpus_is_large_enough():
    kinds = [e.expect for e in EXPECTATIONS]
    assert kinds.count("full") >= 10
    assert kinds.count("partial") >= 28
    assert kinds.count("load-error") >= 3
    for kind in ("full", "partial"):
        assert any(e.file.endswith(".ipynb") for e in EXPECTATIONS if e.expect == kind)


@pytest.mark.parametrize("exp", EXPECTATIONS, ids=[e.file for e in EXPECTATIONS])
def test_submission_gets_expected_result(exp, graded):
    assert problems(exp, graded[exp.file]) == []


def test_template_grades_as_a_low_score_without_errors():
    """The shipped template names its assignment in its metadata, loads, and every stub fails
    cleanly (NotImplementedError is the student's failure, never a grader error)."""
    template = get(ASSIGNMENT).template
    assert template is not None
    with open(template, encoding="utf-8") as f:
        notebook = json.load(f)
    assert notebook["nbformat"] == 4
    assert notebook["metadata"]["grader"] == {"assignment": ASSIGNMENT}
    assert "kernelspec" in notebook["metadata"]
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "check", template, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["assignment"] == ASSIGNMENT
    assert report["status"] == "graded"
    assert report["score"] <= 10
    statuses = {p["status"] for p in report["properties"]}
    assert "error" not in statuses
    assert any("NotImplementedError" in p["message"] for p in report["properties"])


# -- the assignment ------------------------------------------------------------------------------


def test_points_add_up_to_100_over_the_ten_categories_in_order():
    a = get(ASSIGNMENT)
    assert a.max_score == 100
    assert a.categories() == [
        "api",
        "shapes",
        "init",
        "forward",
        "cost",
        "backward",
        "update",
        "symmetry",
        "training",
        "predict",
    ]
    for p in a.properties:
        assert p.hint and p.title != p.id, p.id


# -- properties in-process: the reference and its single-bug mutants -----------------------------


def _initialize(n_x: int, n_h: int, n_y: int) -> dict[str, np.ndarray]:
    """The course's initialization, drawing from numpy's global RNG like most students."""
    return {
        "W1": np.random.randn(n_h, n_x) * 0.01,
        "b1": np.zeros((n_h, 1)),
        "W2": np.random.randn(n_y, n_h) * 0.01,
        "b2": np.zeros((n_y, 1)),
    }


def _reference(**changes: Callable[..., Any]) -> dict[str, Callable[..., Any]]:
    """The reference solution as a student would write it, with some functions replaced."""

    def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
        parameters = functions["initialize_parameters"](X.shape[0], n_h, Y.shape[0])
        for _ in range(num_iterations):
            _, cache = functions["forward_propagation"](X, parameters)
            grads = functions["backward_propagation"](parameters, cache, X, Y)
            parameters = functions["update_parameters"](parameters, grads)
        return parameters

    def predict(parameters, X):
        return functions["forward_propagation"](X, parameters)[0] > 0.5

    functions = {
        "initialize_parameters": _initialize,
        "forward_propagation": ref.forward_propagation,
        "compute_cost": ref.compute_cost,
        "backward_propagation": ref.backward_propagation,
        "update_parameters": ref.update_parameters,
        "nn_model": nn_model,
        "predict": predict,
    }
    functions.update(changes)
    return functions


def _grade(functions: dict[str, Callable[..., Any]], only: set[str] | None = None):
    """Outcomes of the properties in `only` (all by default), running just those and what they
    depend on, in this process (grader.testing)."""
    return grade(get(ASSIGNMENT), functions, only=only)


def test_the_reference_passes_every_property():
    outcomes = _grade(_reference())
    failing = {k: o.message for k, o in outcomes.items() if o.status is not Status.PASSED}
    assert failing == {}


def test_a_generator_of_the_students_own_is_still_graded_correct():
    """Two calls of nn_model then start differently, so training.iterations falls back to what
    it can check without replaying the trajectory; it must not fail a correct model."""
    unseeded = np.random.default_rng()

    def initialize(n_x, n_h, n_y):
        return ref_init.initialize_parameters(n_x, n_h, n_y, rng=unseeded)

    outcomes = _grade(_reference(initialize_parameters=initialize), {"training.iterations"})
    assert outcomes["training.iterations"].status is Status.PASSED


def _backward_with(deriv=None, m_from_rows=False, sign=1.0):
    def backward(parameters, cache, X, Y):
        m = X.shape[0] if m_from_rows else X.shape[1]
        A1, A2 = cache["A1"], cache["A2"]
        dZ2 = sign * (A2 - Y)
        dZ1 = (parameters["W2"].T @ dZ2) * (deriv(A1) if deriv else 1 - A1**2)
        return {
            "dW1": dZ1 @ X.T / m,
            "db1": dZ1.sum(axis=1, keepdims=True) / m,
            "dW2": dZ2 @ A1.T / m,
            "db2": dZ2.sum(axis=1, keepdims=True) / m,
        }

    return backward


def _backward_from_A2(parameters, cache, X, Y):
    grads = ref.backward_propagation(parameters, cache, X, Y)
    dZ1 = (parameters["W2"].T @ (cache["A2"] - Y)) * (1 - cache["A2"] ** 2)
    m = X.shape[1]
    return {**grads, "dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m}


def _cost_without_label_0_term(A2, Y):
    return float(-np.sum(Y * np.log(A2)) / Y.shape[1])


MUTANTS = {
    "tanh derivative 1 - A1": (
        {"backward_propagation": _backward_with(deriv=lambda A1: 1 - A1)},
        {"backward.hidden": "not 1 - A1", "backward.gradcheck": "not the derivative of your cost"},
    ),
    "m = X.shape[0]": (
        {"backward_propagation": _backward_with(m_from_rows=True)},
        {"backward.output": "X.shape[0]"},
    ),
    "dZ2 = Y - A2": (
        {"backward_propagation": _backward_with(sign=-1.0)},
        {"backward.output": "Y - A2"},
    ),
    "cost without the (1 - Y) term": (
        {"compute_cost": _cost_without_label_0_term},
        {"cost.value": "(1 - Y)", "backward.gradcheck": "your cost is not the lesson's"},
    ),
    "cost as a (1, 1) array": (
        {"compute_cost": lambda A2, Y: np.array([[ref.compute_cost(A2, Y)]])},
        {"cost.number": "shape (1, 1)"},
    ),
    "sigmoid hidden layer": (
        {
            "forward_propagation": lambda X, p: _forward(X, p, hidden=ref.sigmoid),
        },
        {"forward.hidden": "sigmoid(Z1)", "backward.gradcheck": "forward_propagation"},
    ),
    "update with +": (
        {"update_parameters": lambda p, g, lr=1.2: {k: p[k] + lr * g["d" + k] for k in p}},
        {"update.step": "added"},
    ),
    "update ignores its learning_rate": (
        {"update_parameters": lambda p, g, lr=1.2: {k: p[k] - 1.2 * g["d" + k] for k in p}},
        {"update.step": "whatever learning_rate is passed"},
    ),
    "b1 updated with db2": (
        {
            "update_parameters": lambda p, g, lr=1.2: {
                **{k: p[k] - lr * g["d" + k] for k in p},
                "b1": p["b1"] - lr * g["db2"],
            }
        },
        {"update.step": "b1 is updated with db2"},
    ),
    "tanh derivative from A2": (
        {"backward_propagation": _backward_from_A2},
        {"backward.hidden": "not the output's A2"},
    ),
    "predict at threshold 0": (
        {"predict": lambda p, X: ref.forward_propagation(X, p)[0] > 0},
        {"predict.threshold": "A2 > 0"},
    ),
    "zero initialization": (
        {
            "initialize_parameters": lambda n_x, n_h, n_y: ref_init.initialize_parameters_zeros(
                n_x, n_h, n_y
            )
        },
        {
            "symmetry.init": "start identical",
            "training.blobs": "still identical",
            "init.scale": "every entry of W1 is 0",
        },
    ),
    "uniform weights": (
        {
            "initialize_parameters": lambda n_x, n_h, n_y: _initialize_with(
                np.random.rand, n_x, n_h, n_y
            )
        },
        {"init.scale": "every one of them is positive"},
    ),
    "centred uniform weights": (
        {
            "initialize_parameters": lambda n_x, n_h, n_y: _initialize_with(
                lambda *shape: np.random.rand(*shape) - 0.5, n_x, n_h, n_y
            )
        },
        {"init.scale": "a uniform draw, not a Gaussian"},
    ),
    "weights without * 0.01": (
        {
            "initialize_parameters": lambda n_x, n_h, n_y: _initialize_with(
                np.random.randn, n_x, n_h, n_y, 1.0
            )
        },
        {"init.scale": "did you forget the * 0.01?"},
    ),
    "weights * 0.1": (
        {
            "initialize_parameters": lambda n_x, n_h, n_y: _initialize_with(
                np.random.randn, n_x, n_h, n_y, 0.1
            )
        },
        {"init.scale": "10 times too large"},
    ),
    "random biases": (
        {
            "initialize_parameters": lambda n_x, n_h, n_y: {
                **_initialize(n_x, n_h, n_y),
                "b1": np.random.randn(n_h, 1) * 0.01,
            }
        },
        {"init.bias-zeros": "b1 has"},
    ),
    "one row of W1 repeated": (
        {
            "initialize_parameters": lambda n_x, n_h, n_y: {
                **_initialize(n_x, n_h, n_y),
                "W1": np.tile(np.random.randn(1, n_x) * 0.01, (n_h, 1)),
            }
        },
        {"symmetry.distinct-rows": "rows 0 and 1 of W1 are identical"},
    ),
}


def _initialize_with(draw, n_x, n_h, n_y, scale=0.01):
    return {
        "W1": draw(n_h, n_x) * scale,
        "b1": np.zeros((n_h, 1)),
        "W2": draw(n_y, n_h) * scale,
        "b2": np.zeros((n_y, 1)),
    }


def _forward(X, p, hidden):
    Z1 = p["W1"] @ X + p["b1"]
    A1 = hidden(Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = ref.sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@pytest.mark.parametrize("bug", list(MUTANTS))
def test_a_single_bug_fails_its_properties_with_a_message_that_names_it(bug):
    changes, expected = MUTANTS[bug]
    outcomes = _grade(_reference(**changes), set(expected))
    for pid, phrase in expected.items():
        assert outcomes[pid].status is Status.FAILED, (pid, outcomes[pid].message)
        assert phrase in outcomes[pid].message, (pid, outcomes[pid].message)


def _nn_model_with(rate=1.2, steps=None, n_x=None, units=None):
    def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
        parameters = _initialize(n_x or X.shape[0], units or n_h, Y.shape[0])
        for _ in range(num_iterations if steps is None else steps(num_iterations)):
            _, cache = ref.forward_propagation(X, parameters)
            grads = ref.backward_propagation(parameters, cache, X, Y)
            parameters = ref.update_parameters(parameters, grads, rate)
        return parameters

    return nn_model


@pytest.mark.parametrize(
    ("nn_model", "phrase"),
    [
        (_nn_model_with(rate=0.01), "learning rate 0.01"),
        (
            _nn_model_with(steps=lambda n: max(n - 1, 0)),
            "took 4 steps of gradient descent instead of 5",
        ),
        (_nn_model_with(steps=lambda n: 300), "num_iterations ignored"),
        (_nn_model_with(n_x=2), "Does nn_model fix n_x instead of reading it from the data?"),
        (_nn_model_with(units=4), "pass nn_model's n_h on to initialize_parameters"),
    ],
    ids=[
        "own tiny learning rate",
        "off by one",
        "ignores num_iterations",
        "n_x = 2 fixed",
        "n_h = 4 fixed",
    ],
)
def test_nn_model_runs_exactly_num_iterations_at_rate_1_2(nn_model, phrase):
    outcomes = _grade(_reference(nn_model=nn_model), {"training.iterations", "training.flower"})
    assert outcomes["training.iterations"].status is Status.FAILED
    assert phrase in outcomes["training.iterations"].message
    assert outcomes["training.flower"].status is Status.SKIPPED


# -- helpers ------------------------------------------------------------------------------------

from assignments.train_shallow._base import as_cost, as_shaped, nets  # noqa: E402
from assignments.train_shallow._compare import close, describe_difference  # noqa: E402


def test_close_forgives_rounding_but_not_a_bug():
    x = np.array([[0.3, -1.7], [12.5, 0.0]])
    assert close(x + 1e-13, x)
    assert close(x * (1 + 5e-16), x)
    assert not close(x * 1.001, x)
    assert not close(x[:, :1], x)  # another shape is never close


def test_describe_difference_names_the_entry_the_size_and_the_likely_cause():
    expected = np.array([[0.5, 0.25]])
    text = describe_difference("dW2", expected * 2, expected, factors=[(2.0, "not divided by m")])
    assert text.startswith("dW2[0, 0] is 1; expected 0.5 (off by 0.5")
    assert "every entry is 2 times the expected value, so not divided by m" in text
    flipped = describe_difference("db2", -expected, expected)
    assert "opposite sign" in flipped
    known = describe_difference("A1", np.zeros((1, 2)), expected, known=[(0.0 * expected, "why")])
    assert known.endswith(": why")
    assert describe_difference("cost", -0.0, 0.5).startswith("cost is 0; expected 0.5")
    both = describe_difference(
        "b1", -expected, expected, known=[(-expected, "a"), (-expected, "b")]
    )
    assert both.endswith(": either a, or b")  # a coincidence of a shrunk input names every slip


def test_as_cost_accepts_every_number_and_rejects_arrays_of_many():
    for value in (0.5, np.float64(0.5), np.array(0.5), np.array([[0.5]])):
        assert as_cost(value) == 0.5
    for bad in (np.array([0.5, 0.5]), None, True, "0.5", float("nan")):
        with pytest.raises(Failure):
            as_cost(bad)


def test_as_shaped_forgives_a_missing_column_but_not_a_missing_unit():
    assert as_shaped(np.ones(3), (3, 1), "db1").shape == (3, 1)
    with pytest.raises(Failure, match="adds up every unit's gradient"):
        as_shaped(np.float64(1.0), (3, 1), "db1")


@settings(max_examples=100, database=None, deadline=None)
@given(nets())
def test_generated_networks_are_small_tenths_with_independent_sizes(net):
    assert 1 <= net.n_x <= 4 and 1 <= net.n_h <= 4 and 1 <= net.m <= 5
    assert net.parameters["W1"].shape == (net.n_h, net.n_x)
    assert set(np.unique(net.Y)) <= {0.0, 1.0}
    for value in (net.X, *net.parameters.values()):
        assert np.allclose(value * 10, np.round(value * 10))
    assert np.abs(net.X).max() <= 2 and max(np.abs(v).max() for v in net.parameters.values()) <= 1


def test_generated_sizes_include_n_x_different_from_m():
    """A bug that hides when n_x == m (m = X.shape[0]) must be findable."""
    seen = []

    @settings(max_examples=30, database=None, deadline=None)
    @given(nets())
    def collect(net):
        seen.append((net.n_x, net.m, net.n_h))

    collect()
    assert any(n_x != m for n_x, m, _ in seen)
    assert any(n_h >= 2 for _, _, n_h in seen)


# -- init: the statistics behind init.scale ------------------------------------------------------

from assignments.train_shallow import _init as init  # noqa: E402


def test_a_repeated_row_is_judged_once_and_a_constant_is_always_wrong():
    """np.tile of one random row is one draw of n_x numbers: init.scale leaves it to
    symmetry.distinct-rows rather than judge a sample too small for its bounds."""
    outcomes = _grade(_reference(**MUTANTS["one row of W1 repeated"][0]), {"init.scale"})
    assert outcomes["init.scale"].status is Status.PASSED


@pytest.mark.parametrize("seed", range(3))
def test_correct_weights_sit_well_inside_the_bounds(seed):
    """Over many correct draws of the sizes init.scale uses, the mean and the spread stay far
    inside grader.stats' bounds (7 standard errors), and no draw fails."""
    rng = np.random.default_rng(seed)
    for _ in range(200):
        n_x, n_h, n_y = (int(x) for x in rng.integers([60, 60, 6], [101, 101, 11]))
        for shape in ((n_h, n_x), (n_y, n_h)):
            init.judge_weights("W", rng.standard_normal(shape) * 0.01, ("n_x", "n_h"))
            init.judge_weights(
                "W", (rng.standard_normal(shape) * 0.01).astype(np.float32), ("n_x", "n_h")
            )
