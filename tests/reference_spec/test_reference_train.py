"""Specification of the reference one-hidden-layer network (``reference.train``).

Notation of the course: ``X`` is ``(n_x, m)``, ``Y`` is ``(n_y, m)``, tanh hidden layer,
sigmoid output, cross-entropy cost, batch gradient descent with learning rate 1.2.
"""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest

from reference.datasets import blobs, flower, xor
from reference.gradcheck import numerical_gradient, relative_error
from reference.init import initialize_parameters
from reference.train import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    layer_sizes,
    nn_model,
    predict,
    sigmoid,
    train_steps,
    update_parameters,
)


def random_problem(
    seed: int, n_x: int, n_h: int, n_y: int, m: int, scale: float = 0.5
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Random parameters (non-zero biases too), inputs and 0/1 labels of the given sizes."""
    gen = np.random.default_rng(seed)
    params = {
        "W1": gen.standard_normal((n_h, n_x)) * scale,
        "b1": gen.standard_normal((n_h, 1)) * scale,
        "W2": gen.standard_normal((n_y, n_h)) * scale,
        "b2": gen.standard_normal((n_y, 1)) * scale,
    }
    X = gen.standard_normal((n_x, m))
    Y = (gen.random((n_y, m)) > 0.5).astype(np.float64)
    return params, X, Y


def accuracy(params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
    return float(np.mean(predict(params, X) == Y))


# --- sigmoid --------------------------------------------------------------------------------


def test_sigmoid_known_values_and_symmetry() -> None:
    z = np.linspace(-8, 8, 33)
    assert sigmoid(0.0) == 0.5
    np.testing.assert_allclose(sigmoid(z), 1.0 / (1.0 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(sigmoid(-z), 1.0 - sigmoid(z), atol=1e-15)


def test_sigmoid_is_finite_and_silent_for_huge_inputs() -> None:
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        out = sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(out, [0.0, 1.0])


def test_sigmoid_keeps_relative_precision_for_very_negative_inputs() -> None:
    assert sigmoid(-40.0) == pytest.approx(math.exp(-40.0), rel=1e-12)


def test_sigmoid_preserves_shape() -> None:
    assert sigmoid(np.zeros((3, 4))).shape == (3, 4)


# --- sizes and forward pass -----------------------------------------------------------------


def test_layer_sizes_reads_inputs_and_outputs() -> None:
    X, Y = np.zeros((5, 3)), np.zeros((2, 3))
    assert layer_sizes(X, Y) == (5, 4, 2)
    assert layer_sizes(X, Y, n_h=7) == (5, 7, 2)


def test_layer_sizes_rejects_mismatched_example_counts() -> None:
    with pytest.raises(ValueError, match="columns"):
        layer_sizes(np.zeros((5, 3)), np.zeros((1, 4)))


def test_forward_propagation_follows_the_course_equations() -> None:
    params, X, _ = random_problem(0, n_x=3, n_h=4, n_y=1, m=6)
    A2, cache = forward_propagation(X, params)
    assert set(cache) == {"Z1", "A1", "Z2", "A2"}
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    np.testing.assert_allclose(cache["Z1"], Z1)
    np.testing.assert_allclose(cache["A1"], A1)
    np.testing.assert_allclose(cache["Z2"], Z2)
    np.testing.assert_allclose(A2, 1.0 / (1.0 + np.exp(-Z2)))
    assert A2 is cache["A2"]
    assert A2.shape == (1, 6)
    assert np.all((A2 > 0) & (A2 < 1))


# --- cost -----------------------------------------------------------------------------------


def test_compute_cost_returns_a_python_float() -> None:
    cost = compute_cost(np.full((1, 4), 0.3), np.array([[0.0, 1.0, 1.0, 0.0]]))
    assert type(cost) is float


def test_compute_cost_is_the_mean_cross_entropy() -> None:
    A2 = np.array([[0.9, 0.2, 0.6]])
    Y = np.array([[1.0, 0.0, 0.0]])
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.4)) / 3
    assert compute_cost(A2, Y) == pytest.approx(expected, rel=1e-12)
    assert compute_cost(np.full((1, 10), 0.5), np.ones((1, 10))) == pytest.approx(math.log(2))


def test_compute_cost_averages_over_examples_not_outputs() -> None:
    # Two outputs per example: the per-example costs add up, then divide by m only.
    A2 = np.full((2, 5), 0.5)
    assert compute_cost(A2, np.ones((2, 5))) == pytest.approx(2 * math.log(2))


def test_compute_cost_stays_finite_for_saturated_predictions() -> None:
    Y = np.array([[1.0, 0.0]])
    assert compute_cost(np.array([[1.0, 0.0]]), Y) == pytest.approx(0.0, abs=1e-12)
    wrong = compute_cost(np.array([[0.0, 1.0]]), Y)
    assert math.isfinite(wrong)
    assert wrong > 30  # clipping only avoids log(0); a confident mistake stays very costly


def test_compute_cost_does_not_modify_its_input() -> None:
    A2 = np.array([[0.0, 1.0, 0.5]])
    compute_cost(A2, np.array([[1.0, 0.0, 1.0]]))
    np.testing.assert_array_equal(A2, [[0.0, 1.0, 0.5]])


def test_compute_cost_rejects_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="shape"):
        compute_cost(np.full((1, 3), 0.5), np.ones((1, 4)))


# --- backward pass --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "n_x", "n_h", "n_y", "m"),
    [(0, 2, 4, 1, 5), (1, 3, 5, 1, 8), (2, 1, 1, 1, 1), (3, 4, 3, 2, 6), (4, 2, 7, 1, 11)],
)
def test_backward_propagation_matches_finite_differences(
    seed: int, n_x: int, n_h: int, n_y: int, m: int
) -> None:
    params, X, Y = random_problem(seed, n_x, n_h, n_y, m)
    _, cache = forward_propagation(X, params)
    grads = backward_propagation(params, cache, X, Y)

    def cost(p: dict[str, np.ndarray]) -> float:
        return compute_cost(forward_propagation(X, p)[0], Y)

    numeric = numerical_gradient(cost, params)
    assert set(grads) == {"dW1", "db1", "dW2", "db2"}
    for name in grads:
        assert grads[name].shape == params[name[1:]].shape
        assert relative_error(grads[name], numeric[name]) < 1e-6, name


def test_backward_propagation_matches_finite_differences_at_the_lesson_init() -> None:
    # With 0.01 weights the hidden-layer gradients are tiny, so compare the whole gradient.
    _, X, Y = random_problem(5, n_x=3, n_h=4, n_y=1, m=9)
    params = initialize_parameters(3, 4, 1, rng=np.random.default_rng(5))
    _, cache = forward_propagation(X, params)
    grads = backward_propagation(params, cache, X, Y)
    numeric = numerical_gradient(lambda p: compute_cost(forward_propagation(X, p)[0], Y), params)
    assert relative_error(grads, numeric) < 1e-6


# --- update ---------------------------------------------------------------------------------


def test_update_parameters_steps_against_the_gradient() -> None:
    params, _, _ = random_problem(0, n_x=2, n_h=3, n_y=1, m=4)
    grads = {"d" + k: np.ones_like(v) for k, v in params.items()}
    updated = update_parameters(params, grads)
    for name in params:
        np.testing.assert_allclose(updated[name], params[name] - 1.2 * grads["d" + name])
    halved = update_parameters(params, grads, learning_rate=0.5)
    np.testing.assert_allclose(halved["W1"], params["W1"] - 0.5)


def test_update_parameters_does_not_mutate_its_input() -> None:
    params, _, _ = random_problem(0, n_x=2, n_h=3, n_y=1, m=4)
    before = {k: v.copy() for k, v in params.items()}
    updated = update_parameters(params, {"d" + k: np.ones_like(v) for k, v in params.items()})
    assert updated is not params
    for name in params:
        np.testing.assert_array_equal(params[name], before[name])
        assert not np.shares_memory(updated[name], params[name])


def test_update_parameters_requires_a_gradient_for_every_parameter() -> None:
    params, _, _ = random_problem(0, n_x=2, n_h=3, n_y=1, m=4)
    with pytest.raises(KeyError, match="db2"):
        update_parameters(params, {"dW1": 0.0, "db1": 0.0, "dW2": 0.0})


# --- predict --------------------------------------------------------------------------------


def constant_output_params(b2: float) -> dict[str, np.ndarray]:
    """A network whose output is sigmoid(b2) for every input."""
    return {
        "W1": np.zeros((3, 2)),
        "b1": np.zeros((3, 1)),
        "W2": np.zeros((1, 3)),
        "b2": np.array([[b2]]),
    }


def test_predict_thresholds_strictly_above_one_half() -> None:
    X = np.zeros((2, 5))
    np.testing.assert_array_equal(predict(constant_output_params(0.0), X), np.zeros((1, 5)))
    np.testing.assert_array_equal(predict(constant_output_params(1e-9), X), np.ones((1, 5)))
    np.testing.assert_array_equal(predict(constant_output_params(-1e-9), X), np.zeros((1, 5)))


def test_predict_is_a_float_array_of_zeros_and_ones_matching_a2() -> None:
    params, X, _ = random_problem(3, n_x=2, n_h=4, n_y=1, m=50, scale=3.0)
    predictions = predict(params, X)
    A2, _ = forward_propagation(X, params)
    assert predictions.shape == (1, 50)
    assert predictions.dtype == np.float64
    np.testing.assert_array_equal(predictions, (A2 > 0.5).astype(float))
    assert 0 < predictions.sum() < 50  # the case is not trivially one-class


# --- training -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def flower_run() -> dict:
    X, Y = flower()
    start = initialize_parameters(2, 5, 1, rng=np.random.default_rng(0))
    trained = nn_model(X, Y, n_h=5, num_iterations=3000, init=start)
    return {"X": X, "Y": Y, "start": start, "trained": trained}


def test_nn_model_learns_the_flower(flower_run: dict) -> None:
    assert accuracy(flower_run["trained"], flower_run["X"], flower_run["Y"]) >= 0.85


def test_nn_model_lowers_the_cost(flower_run: dict) -> None:
    X, Y = flower_run["X"], flower_run["Y"]
    before = compute_cost(forward_propagation(X, flower_run["start"])[0], Y)
    after = compute_cost(forward_propagation(X, flower_run["trained"])[0], Y)
    assert before == pytest.approx(math.log(2), abs=0.01)  # tiny weights predict ~0.5
    assert after < 0.5 * before


def test_nn_model_learns_linearly_separable_blobs() -> None:
    X, Y = blobs()
    params = nn_model(X, Y, n_h=4, num_iterations=1000, rng=np.random.default_rng(0))
    assert accuracy(params, X, Y) >= 0.95


def test_nn_model_learns_xor_which_no_line_separates() -> None:
    X, Y = xor()
    params = nn_model(X, Y, n_h=4, num_iterations=2000, rng=np.random.default_rng(1))
    assert accuracy(params, X, Y) >= 0.95


def test_nn_model_returns_shapes_for_the_requested_hidden_layer() -> None:
    X, Y = blobs(m=20)
    params = nn_model(X, Y, n_h=3, num_iterations=5, rng=np.random.default_rng(0))
    assert {k: v.shape for k, v in params.items()} == {
        "W1": (3, 2),
        "b1": (3, 1),
        "W2": (1, 3),
        "b2": (1, 1),
    }


def test_nn_model_is_reproducible_with_a_seeded_generator() -> None:
    X, Y = blobs(m=30)
    first = nn_model(X, Y, 4, num_iterations=50, rng=np.random.default_rng(3))
    second = nn_model(X, Y, 4, num_iterations=50, rng=np.random.default_rng(3))
    for name in first:
        np.testing.assert_array_equal(first[name], second[name])


def test_nn_model_starts_from_init_without_modifying_it() -> None:
    X, Y = blobs(m=30)
    init = initialize_parameters(2, 4, 1, rng=np.random.default_rng(0))
    before = {k: v.copy() for k, v in init.items()}
    untrained = nn_model(X, Y, 4, num_iterations=0, init=init)
    trained = nn_model(X, Y, 4, num_iterations=10, init=init)
    for name in init:
        np.testing.assert_array_equal(init[name], before[name])
        np.testing.assert_array_equal(untrained[name], init[name])
    assert not np.array_equal(trained["W1"], init["W1"])


def test_nn_model_rejects_an_init_of_the_wrong_shape() -> None:
    X, Y = blobs(m=30)
    init = initialize_parameters(2, 3, 1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="W1"):
        nn_model(X, Y, 4, num_iterations=1, init=init)


def test_nn_model_prints_the_cost_every_thousand_iterations(capsys) -> None:
    X, Y = blobs(m=30)
    nn_model(X, Y, 4, num_iterations=2001, print_cost=True, rng=np.random.default_rng(0))
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0",
        "Cost after iteration 1000",
        "Cost after iteration 2000",
    ]


def test_train_steps_returns_the_whole_trajectory_start_included() -> None:
    X, Y = blobs(m=40)
    start = initialize_parameters(2, 4, 1, rng=np.random.default_rng(0))
    trajectory = train_steps(start, X, Y, steps=25)
    assert len(trajectory) == 26
    assert trajectory[0] is not start
    for name in start:
        np.testing.assert_array_equal(trajectory[0][name], start[name])
        assert not np.shares_memory(trajectory[0][name], start[name])
    final = nn_model(X, Y, 4, num_iterations=25, init=start)
    for name in start:
        np.testing.assert_array_equal(trajectory[-1][name], final[name])


def test_train_steps_follows_update_parameters_each_step() -> None:
    X, Y = blobs(m=40)
    start = initialize_parameters(2, 4, 1, rng=np.random.default_rng(0))
    trajectory = train_steps(start, X, Y, steps=40, learning_rate=0.7)
    for before, after in itertools.pairwise(trajectory):
        _, cache = forward_propagation(X, before)
        expected = update_parameters(before, backward_propagation(before, cache, X, Y), 0.7)
        for name in expected:
            np.testing.assert_array_equal(after[name], expected[name])


def test_train_steps_with_zero_steps_is_just_the_start() -> None:
    X, Y = blobs(m=10)
    start = initialize_parameters(2, 4, 1, rng=np.random.default_rng(0))
    assert len(train_steps(start, X, Y, steps=0)) == 1
    with pytest.raises(ValueError):
        train_steps(start, X, Y, steps=-1)
