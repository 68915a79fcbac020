"""Specification of the reference initialisers (``reference.init``).

The lesson's checklist: random weights, a small (or fan-in dependent) scale, zero biases,
shapes ``(n[l], n[l-1])`` and ``(n[l], 1)``, never all zeros, never all the same value.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from reference.init import (
    expected_std,
    initialize_parameters,
    initialize_parameters_deep,
    initialize_parameters_he,
    initialize_parameters_xavier,
    initialize_parameters_zeros,
)

DEEP_INITIALISERS = {
    "deep": initialize_parameters_deep,
    "xavier": initialize_parameters_xavier,
    "he": initialize_parameters_he,
}


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- one hidden layer -----------------------------------------------------------------------


def test_shallow_shapes_and_dtypes() -> None:
    params = initialize_parameters(3, 5, 2, rng=rng())
    assert set(params) == {"W1", "b1", "W2", "b2"}
    assert params["W1"].shape == (5, 3)
    assert params["b1"].shape == (5, 1)
    assert params["W2"].shape == (2, 5)
    assert params["b2"].shape == (2, 1)
    assert all(value.dtype == np.float64 for value in params.values())


def test_shallow_biases_are_zero() -> None:
    params = initialize_parameters(3, 5, 2, rng=rng())
    assert not params["b1"].any()
    assert not params["b2"].any()


def test_shallow_weights_are_small_standard_normal_draws() -> None:
    # 200 000 draws: the sample std is within a fraction of a percent of 0.01, so 10% is lax.
    params = initialize_parameters(500, 400, 3, rng=rng())
    W1 = params["W1"]
    assert abs(W1.mean()) < 5e-4
    assert W1.std() == pytest.approx(0.01, rel=0.1)
    assert np.abs(W1).max() < 0.1  # no weight anywhere near saturating tanh


def test_shallow_weights_are_never_all_the_same() -> None:
    W1 = initialize_parameters(4, 6, 1, rng=rng())["W1"]
    assert np.unique(W1).size == W1.size
    assert np.unique(W1, axis=0).shape[0] == 6  # every hidden unit has its own incoming weights


def test_seeded_generator_makes_draws_reproducible() -> None:
    first = initialize_parameters(3, 4, 1, rng=rng(7))
    second = initialize_parameters(3, 4, 1, rng=rng(7))
    other = initialize_parameters(3, 4, 1, rng=rng(8))
    for name in first:
        np.testing.assert_array_equal(first[name], second[name])
    assert not np.array_equal(first["W1"], other["W1"])


def test_rng_defaults_to_a_fresh_generator() -> None:
    params = initialize_parameters(3, 4, 1)
    assert params["W1"].shape == (4, 3)
    assert np.unique(params["W1"]).size == 12


def test_zero_initialisation_has_the_same_shapes_and_nothing_else() -> None:
    zeros = initialize_parameters_zeros(3, 5, 2)
    reference_shapes = {k: v.shape for k, v in initialize_parameters(3, 5, 2, rng=rng()).items()}
    assert {k: v.shape for k, v in zeros.items()} == reference_shapes
    assert all(v.dtype == np.float64 and not v.any() for v in zeros.values())


@pytest.mark.parametrize("sizes", [(0, 4, 1), (3, 0, 1), (3, 4, -1), (3, 2.5, 1), (True, 4, 1)])
def test_shallow_rejects_non_positive_integer_sizes(sizes: tuple) -> None:
    with pytest.raises(ValueError, match="positive integer"):
        initialize_parameters(*sizes, rng=rng())
    with pytest.raises(ValueError, match="positive integer"):
        initialize_parameters_zeros(*sizes)


def test_numpy_integer_sizes_are_accepted() -> None:
    params = initialize_parameters(np.int64(3), np.int32(4), 1, rng=rng())
    assert params["W1"].shape == (4, 3)


def test_legacy_random_state_is_rejected() -> None:
    with pytest.raises(TypeError, match="Generator"):
        initialize_parameters(3, 4, 1, rng=np.random.RandomState(0))  # type: ignore[arg-type]


# --- deep networks --------------------------------------------------------------------------


@pytest.mark.parametrize("method", sorted(DEEP_INITIALISERS))
def test_deep_keys_shapes_and_zero_biases(method: str) -> None:
    layer_dims = [5, 4, 3, 1]
    params = DEEP_INITIALISERS[method](layer_dims, rng=rng())
    assert set(params) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    for layer in range(1, len(layer_dims)):
        assert params[f"W{layer}"].shape == (layer_dims[layer], layer_dims[layer - 1])
        assert params[f"b{layer}"].shape == (layer_dims[layer], 1)
        assert not params[f"b{layer}"].any()
    assert all(value.dtype == np.float64 for value in params.values())


@pytest.mark.parametrize("method", sorted(DEEP_INITIALISERS))
def test_deep_weight_statistics_match_expected_std(method: str) -> None:
    layer_dims = [400, 300, 200]
    params = DEEP_INITIALISERS[method](layer_dims, rng=rng())
    for layer in (1, 2):
        W = params[f"W{layer}"]
        target = expected_std(method, layer_dims[layer - 1])
        assert abs(W.mean()) < 0.05 * target
        assert W.std() == pytest.approx(target, rel=0.1)


@pytest.mark.parametrize("method", ["xavier", "he"])
def test_fan_in_scaling_std_shrinks_with_sqrt_of_n_prev(method: str) -> None:
    # W1 has fan-in 100 and W3 fan-in 400: four times the fan-in must halve the spread.
    params = DEEP_INITIALISERS[method]([100, 400, 400, 400], rng=rng())
    ratio = params["W1"].std() / params["W3"].std()
    assert ratio == pytest.approx(2.0, rel=0.1)


def test_he_is_sqrt_two_wider_than_xavier() -> None:
    layer_dims = [300, 400]
    he = initialize_parameters_he(layer_dims, rng=rng(1))["W1"].std()
    xavier = initialize_parameters_xavier(layer_dims, rng=rng(2))["W1"].std()
    assert he / xavier == pytest.approx(math.sqrt(2.0), rel=0.05)


def test_expected_std_values() -> None:
    assert expected_std("deep", 123) == 0.01
    assert expected_std("0.01", 7) == 0.01
    assert expected_std("xavier", 4) == pytest.approx(0.5)
    assert expected_std("he", 8) == pytest.approx(0.5)
    assert expected_std("He", 8) == expected_std("he", 8)  # method names are case-insensitive


@pytest.mark.parametrize(("method", "n_prev"), [("lecun", 4), ("xavier", 0), ("he", -3)])
def test_expected_std_rejects_unknown_method_or_bad_fan_in(method: str, n_prev: int) -> None:
    with pytest.raises(ValueError):
        expected_std(method, n_prev)


@pytest.mark.parametrize(
    "layer_dims", [[], [5], [3, 0], [3, -1], [3, 2.5], [True, 3], "34", 5, None]
)
@pytest.mark.parametrize("method", sorted(DEEP_INITIALISERS))
def test_deep_rejects_invalid_layer_dims(method: str, layer_dims: object) -> None:
    with pytest.raises(ValueError, match="layer_dims"):
        DEEP_INITIALISERS[method](layer_dims, rng=rng())  # type: ignore[arg-type]


def _activation_std_after(depth_params: dict, activation, width: int, depth: int) -> float:
    A = rng(5).standard_normal((width, 500))
    for layer in range(1, depth + 1):
        A = activation(depth_params[f"W{layer}"] @ A + depth_params[f"b{layer}"])
    return float(A.std())


def test_small_constant_makes_the_signal_vanish_in_a_deep_tanh_network() -> None:
    width, depth = 200, 10
    params = initialize_parameters_deep([width] * (depth + 1), rng=rng())
    assert _activation_std_after(params, np.tanh, width, depth) < 1e-6


def test_xavier_keeps_the_signal_alive_in_a_deep_tanh_network() -> None:
    width, depth = 200, 10
    params = initialize_parameters_xavier([width] * (depth + 1), rng=rng())
    assert _activation_std_after(params, np.tanh, width, depth) > 0.1


def test_he_keeps_the_signal_steady_in_a_deep_relu_network() -> None:
    width, depth = 200, 10
    params = initialize_parameters_he([width] * (depth + 1), rng=rng())
    std = _activation_std_after(params, lambda z: np.maximum(z, 0.0), width, depth)
    assert 0.3 < std < 3.0
