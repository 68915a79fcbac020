"""Specification of the initialization lesson's reference: the three starts (``reference.init``)
and the L-layer ReLU network with a sigmoid output (``reference.relu_net``)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reference.datasets import circles
from reference.gradcheck import numerical_gradient, relative_error
from reference.init import (
    LARGE_SCALE,
    expected_std,
    initialize_parameters_he,
    initialize_parameters_random,
    initialize_parameters_zeros_deep,
)
from reference.relu_net import (
    HIDDEN,
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize,
    model,
    relu,
    train_steps,
    units_identical,
)

DIMS = [3, 6, 4, 1]


def random_parameters(dims: list[int], seed: int = 0, scale: float = 0.7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for layer in range(1, len(dims)):
        out[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1])) * scale
        out[f"b{layer}"] = rng.standard_normal((dims[layer], 1)) * scale
    return out


# -- the three starts ----------------------------------------------------------------------------


def test_the_zero_start_has_every_layer_and_nothing_but_zeros() -> None:
    params = initialize_parameters_zeros_deep([4, 3, 2, 1])
    assert sorted(params) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    assert params["W1"].shape == (3, 4) and params["b2"].shape == (2, 1)
    assert all(v.dtype == np.float64 and not v.any() for v in params.values())


def test_the_large_random_start_draws_standard_normals_times_ten_with_zero_biases() -> None:
    params = initialize_parameters_random([300, 200, 1], rng=np.random.default_rng(0))
    W1 = params["W1"]
    assert W1.shape == (200, 300) and LARGE_SCALE == 10.0 == expected_std("random", 7)
    assert W1.std() == pytest.approx(10.0, rel=0.02) and abs(W1.mean()) < 0.1
    assert not params["b1"].any() and not params["b2"].any()


def test_he_scales_every_layer_by_its_own_fan_in() -> None:
    params = initialize_parameters_he([400, 100, 300], rng=np.random.default_rng(1))
    assert params["W1"].std() == pytest.approx(math.sqrt(2 / 400), rel=0.02)
    assert params["W2"].std() == pytest.approx(math.sqrt(2 / 100), rel=0.02)


def test_initialize_names_the_lesson_s_three_schemes_and_refuses_others() -> None:
    rng = np.random.default_rng(2)
    assert not any(v.any() for v in initialize(DIMS, "zeros").values())
    assert initialize(DIMS, "random", rng)["W1"].std() > 3
    with pytest.raises(ValueError, match="unknown initialization 'xavier'"):
        initialize(DIMS, "xavier")


# -- the network ---------------------------------------------------------------------------------


def test_relu_keeps_positives_and_zeroes_the_rest() -> None:
    assert relu(np.array([[-2.0, 0.0, 3.0]])).tolist() == [[0.0, 0.0, 3.0]]


def test_forward_propagation_is_relu_layers_then_a_sigmoid() -> None:
    params = random_parameters(DIMS)
    X = np.random.default_rng(3).standard_normal((3, 5))
    AL, caches = forward_propagation(X, params)
    A1 = np.maximum(params["W1"] @ X + params["b1"], 0)
    A2 = np.maximum(params["W2"] @ A1 + params["b2"], 0)
    expected = 1 / (1 + np.exp(-(params["W3"] @ A2 + params["b3"])))
    np.testing.assert_allclose(AL, expected, rtol=1e-12)
    assert AL.shape == (1, 5) and len(caches) == 3


@pytest.mark.parametrize("seed", range(4))
def test_backward_propagation_matches_finite_differences(seed: int) -> None:
    params = random_parameters([2, 5, 3, 1], seed)
    rng = np.random.default_rng(10 + seed)
    X = rng.standard_normal((2, 6))
    Y = (rng.uniform(size=(1, 6)) > 0.5).astype(float)
    AL, caches = forward_propagation(X, params)
    grads = backward_propagation(AL, Y, caches, params)
    numeric = numerical_gradient(lambda p: compute_cost(forward_propagation(X, p)[0], Y), params)
    for key, value in params.items():
        assert grads["d" + key].shape == value.shape
        assert relative_error(grads["d" + key], numeric["d" + key]) < 1e-6, key


def test_train_steps_returns_every_point_and_its_cost_and_leaves_the_start_alone() -> None:
    X, Y = circles(m=40, seed=1)
    start = initialize_parameters_he([2, 10, 5, 1], rng=np.random.default_rng(4))
    kept = {k: v.copy() for k, v in start.items()}
    trajectory, costs = train_steps(start, X, Y, steps=30, learning_rate=0.1)
    assert len(trajectory) == len(costs) == 31
    assert all(np.array_equal(start[k], kept[k]) for k in kept)
    assert costs[0] == pytest.approx(compute_cost(forward_propagation(X, start)[0], Y))
    assert costs[-1] < costs[0]


def test_from_zeros_only_the_output_bias_moves_and_every_hidden_unit_stays_identical() -> None:
    X, Y = circles(m=31, seed=2)  # unbalanced: a balanced zero start has no gradient at all
    trajectory, _ = train_steps(initialize_parameters_zeros_deep([2, 4, 3, 1]), X, Y, 50, 0.5)
    final = trajectory[-1]
    assert not any(final[k].any() for k in ("W1", "b1", "W2", "b2", "W3"))
    assert final["b3"].any()
    assert units_identical(final, 1) == [(i, j) for i in range(4) for j in range(i + 1, 4)]
    assert len(units_identical(final, 2)) == 3


def test_from_he_the_units_of_a_layer_differ() -> None:
    X, Y = circles(m=30, seed=2)
    start = initialize_parameters_he([2, 4, 3, 1], rng=np.random.default_rng(5))
    final = train_steps(start, X, Y, 20, 0.1)[0][-1]
    assert units_identical(final, 1) == [] and units_identical(final, 2) == []


def test_a_large_random_start_costs_far_more_than_a_he_start() -> None:
    X, Y = circles(m=60, seed=3)
    dims = [2, *HIDDEN, 1]
    rng = np.random.default_rng(6)
    large = np.median([compute_cost(forward_propagation(X, initialize(dims, "random", rng))[0], Y)
                       for _ in range(9)])  # fmt: skip
    he = np.median([compute_cost(forward_propagation(X, initialize(dims, "he", rng))[0], Y)
                    for _ in range(9)])  # fmt: skip
    assert large > 5 and he < 1.5


def test_model_trains_the_lesson_s_network_from_the_chosen_start() -> None:
    X, Y = circles(m=60, seed=4)
    params = model(X, Y, learning_rate=0.1, num_iterations=300, rng=np.random.default_rng(7))
    assert [params[f"W{layer}"].shape for layer in (1, 2, 3)] == [(10, 2), (5, 10), (1, 5)]
    start = initialize([2, 10, 5, 1], "he", np.random.default_rng(7))
    before = compute_cost(forward_propagation(X, start)[0], Y)
    assert compute_cost(forward_propagation(X, params)[0], Y) < before
    zeros = model(X, Y, num_iterations=10, initialization="zeros")
    assert not zeros["W1"].any()


def test_circles_are_two_rings_of_the_lesson_s_sizes() -> None:
    X, Y = circles(m=300, seed=0)
    assert X.shape == (2, 300) and Y.shape == (1, 300) and int(Y.sum()) == 150
    radius = np.hypot(X[0], X[1])
    assert np.all(np.abs(radius[Y[0] == 0] - 1.0) < 0.3)
    assert np.all(np.abs(radius[Y[0] == 1] - 0.8) < 0.3)
    assert np.array_equal(circles(m=300, seed=0)[0], X)
