"""Specification of the reference L-layer network (``reference.deep``), the yardstick of the
train-deep assignment."""

from __future__ import annotations

import numpy as np
import pytest

from reference import deep
from reference.datasets import blobs
from reference.gradcheck import directional_derivative, numerical_gradient
from reference.init import initialize_parameters_he


def _net(layer_dims: list[int], m: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    params = initialize_parameters_he(layer_dims, rng)
    params = {
        k: v + (0.1 * rng.standard_normal(v.shape) if k[0] == "b" else 0) for k, v in params.items()
    }
    X = rng.standard_normal((layer_dims[0], m))
    Y = rng.integers(0, 2, size=(1, m)).astype(float)
    return params, X, Y


def test_linear_forward_is_w_a_plus_b_with_the_inputs_as_its_cache() -> None:
    A, W, b = np.ones((2, 3)), np.array([[1.0, 2.0]]), np.array([[0.5]])
    Z, cache = deep.linear_forward(A, W, b)
    np.testing.assert_array_equal(Z, [[3.5, 3.5, 3.5]])
    assert cache[0] is A and cache[1] is W and cache[2] is b


def test_linear_activation_forward_caches_the_linear_cache_and_z() -> None:
    A_prev, W, b = np.array([[1.0, -1.0]]), np.array([[2.0]]), np.array([[0.0]])
    A, (linear_cache, Z) = deep.linear_activation_forward(A_prev, W, b, "relu")
    np.testing.assert_array_equal(Z, [[2.0, -2.0]])
    np.testing.assert_array_equal(A, [[2.0, 0.0]])
    assert linear_cache[0] is A_prev
    A, _ = deep.linear_activation_forward(A_prev, W, b, "sigmoid")
    np.testing.assert_allclose(A, 1 / (1 + np.exp(-np.array([[2.0, -2.0]]))))
    with pytest.raises(ValueError, match="activation"):
        deep.linear_activation_forward(A_prev, W, b, "tanh")


@pytest.mark.parametrize("layer_dims", [[3, 1], [3, 4, 1], [2, 5, 3, 1], [4, 3, 3, 2, 1]])
def test_l_model_forward_keeps_one_cache_per_layer_and_ends_in_a_probability(
    layer_dims: list[int],
) -> None:
    params, X, _ = _net(layer_dims, m=5)
    AL, caches = deep.L_model_forward(X, params)
    assert AL.shape == (1, 5) and np.all((AL > 0) & (AL < 1))
    assert len(caches) == len(layer_dims) - 1
    for layer, ((A_prev, W, b), Z) in enumerate(caches, start=1):
        assert W is params[f"W{layer}"] and b is params[f"b{layer}"]
        assert Z.shape == (layer_dims[layer], 5) and A_prev.shape == (layer_dims[layer - 1], 5)
    for layer in range(1, len(caches)):  # hidden layers are ReLU: the next layer's input
        np.testing.assert_array_equal(caches[layer][0][0], np.maximum(caches[layer - 1][1], 0))


def test_compute_cost_is_the_mean_cross_entropy() -> None:
    AL, Y = np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]])
    expected = -np.mean(np.log([0.8, 0.9, 0.6]))
    assert deep.compute_cost(AL, Y) == pytest.approx(expected, rel=1e-12)
    assert isinstance(deep.compute_cost(AL, Y), float)


@pytest.mark.parametrize("layer_dims", [[3, 1], [3, 4, 1], [2, 5, 3, 1], [4, 3, 3, 2, 1]])
def test_l_model_backward_is_the_gradient_of_the_cost(layer_dims: list[int]) -> None:
    params, X, Y = _net(layer_dims, m=4)
    AL, caches = deep.L_model_forward(X, params)
    grads = deep.L_model_backward(AL, Y, caches)
    numeric = numerical_gradient(
        lambda p: deep.compute_cost(deep.L_model_forward(X, p)[0], Y), params
    )
    for key, value in numeric.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-5, atol=1e-8)
    L = len(layer_dims) - 1
    assert {f"dA{layer}" for layer in range(L)} <= set(grads)
    assert grads["dA0"].shape == X.shape


def test_the_gradient_with_respect_to_x_is_da0() -> None:
    params, X, Y = _net([3, 4, 2, 1], m=3)
    AL, caches = deep.L_model_forward(X, params)
    dA0 = deep.L_model_backward(AL, Y, caches)["dA0"]
    # The cost is a mean over examples, dA0 is per-example: d cost / d X = dA0 / m.
    numeric = numerical_gradient(
        lambda p: deep.compute_cost(deep.L_model_forward(p["X"], params)[0], Y), {"X": X}
    )
    np.testing.assert_allclose(dA0 / 3, numeric["dX"], rtol=1e-5, atol=1e-8)


def test_a_directional_derivative_agrees_with_the_gradient() -> None:
    params, X, Y = _net([3, 4, 2, 1], m=5)
    AL, caches = deep.L_model_forward(X, params)
    grads = deep.L_model_backward(AL, Y, caches)
    rng = np.random.default_rng(1)
    direction = {k: rng.standard_normal(v.shape) for k, v in params.items()}
    slope = directional_derivative(
        lambda p: deep.compute_cost(deep.L_model_forward(X, p)[0], Y), params, direction
    )
    assert slope == pytest.approx(
        sum(float(np.sum(grads["d" + k] * d)) for k, d in direction.items()), rel=1e-6
    )


def test_update_parameters_steps_every_layer_against_its_gradient_and_keeps_the_input() -> None:
    params = {
        "W1": np.ones((2, 2)),
        "b1": np.zeros((2, 1)),
        "W2": np.ones((1, 2)),
        "b2": np.ones((1, 1)),
    }
    grads = {"d" + k: np.full_like(v, 2.0) for k, v in params.items()}
    new = deep.update_parameters(params, grads, 0.25)
    for key, value in params.items():
        np.testing.assert_array_equal(new[key], value - 0.5)
    np.testing.assert_array_equal(params["W1"], np.ones((2, 2)))


def test_training_lowers_the_cost_on_the_blobs() -> None:
    X, Y = blobs(m=40, seed=0)
    params = initialize_parameters_he([2, 4, 3, 1], np.random.default_rng(0))
    _, costs = deep.train(params, X, Y, steps=200, learning_rate=0.1)
    assert len(costs) == 201 and costs[-1] < 0.5 * costs[0]


def test_units_of_a_tied_layer_are_identical_and_training_keeps_them_so() -> None:
    X, Y = blobs(m=20, seed=1)
    params = {
        "W1": np.repeat([[0.3, -0.2]], 3, axis=0),
        "b1": np.full((3, 1), 0.1),
        "W2": np.full((2, 3), -0.4),
        "b2": np.full((2, 1), 0.2),
        "W3": np.full((1, 2), 0.5),
        "b3": np.zeros((1, 1)),
    }
    assert deep.layer_units_identical(params, 1) and deep.layer_units_identical(params, 2)
    trained, _ = deep.train(params, X, Y, steps=10, learning_rate=0.5)
    assert deep.layer_units_identical(trained, 1) and deep.layer_units_identical(trained, 2)
    params["W1"] = params["W1"] + np.array([[0.0], [0.1], [0.0]])
    assert not deep.layer_units_identical(params, 1)
