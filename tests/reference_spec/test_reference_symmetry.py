"""The lesson's central claim: hidden units that start identical stay identical.

With zero weights (or any start where two hidden units share incoming weights, bias and
outgoing weights) those units compute the same activation, receive the same gradient and get
the same update, so n hidden units do the work of one. A random start breaks the tie.

Floating-point note: from the all-zero start the symmetry is exact forever (W1 and W2 never
leave zero). From a non-zero symmetric start, matrix products may round different rows
differently by ~1e-16, and since the symmetric state is unstable under gradient descent that
difference can grow over hundreds of steps. Within a few dozen steps it stays many orders of
magnitude below the ``1e-9`` relative tolerance of ``hidden_units_identical``, so these tests
(and graders) watch trajectories of that length.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from reference.datasets import blobs, flower
from reference.init import initialize_parameters, initialize_parameters_zeros
from reference.train import (
    forward_propagation,
    hidden_units_identical,
    nn_model,
    predict,
    train_steps,
)

STEPS = 40


def all_pairs(n_h: int) -> list[tuple[int, int]]:
    return list(itertools.combinations(range(n_h), 2))


def symmetric_start(n_h: int, seed: int, scale: float = 0.5) -> dict[str, np.ndarray]:
    """Every hidden unit has the same non-zero incoming weights, bias and outgoing weight."""
    gen = np.random.default_rng(seed)
    return {
        "W1": np.repeat(gen.standard_normal((1, 2)) * scale, n_h, axis=0),
        "b1": np.full((n_h, 1), gen.standard_normal() * scale),
        "W2": np.full((1, n_h), gen.standard_normal() * scale),
        "b2": np.zeros((1, 1)),
    }


# --- the detector itself --------------------------------------------------------------------


def test_all_zero_units_are_all_identical() -> None:
    assert hidden_units_identical(initialize_parameters_zeros(3, 4, 1)) == all_pairs(4)


def test_random_units_are_all_different() -> None:
    params = initialize_parameters(3, 6, 1, rng=np.random.default_rng(0))
    assert hidden_units_identical(params) == []


def test_a_unit_is_its_incoming_weights_bias_and_outgoing_weights() -> None:
    params = initialize_parameters(3, 4, 2, rng=np.random.default_rng(0))
    params["W1"][2] = params["W1"][0]
    params["W2"][:, 2] = params["W2"][:, 0]
    assert hidden_units_identical(params) == [(0, 2)]

    different_bias = {k: v.copy() for k, v in params.items()}
    different_bias["b1"][2, 0] = 0.01
    assert hidden_units_identical(different_bias) == []

    different_outgoing = {k: v.copy() for k, v in params.items()}
    different_outgoing["W2"][1, 2] += 0.01
    assert hidden_units_identical(different_outgoing) == []


@pytest.mark.parametrize("scale", [1e-2, 1.0, 1e2])
def test_tolerance_is_relative_to_the_scale_of_the_weights(scale: float) -> None:
    params = initialize_parameters(2, 3, 1, rng=np.random.default_rng(1))
    params = {k: v * scale for k, v in params.items()}
    params["W1"][1] = params["W1"][0]
    params["W2"][:, 1] = params["W2"][:, 0]
    weight_scale = np.abs(params["W1"]).max()

    rounding_noise = {k: v.copy() for k, v in params.items()}
    rounding_noise["W1"][1, 0] += 1e-12 * weight_scale
    assert hidden_units_identical(rounding_noise) == [(0, 1)]

    real_difference = {k: v.copy() for k, v in params.items()}
    real_difference["W1"][1, 0] += 1e-6 * weight_scale
    assert hidden_units_identical(real_difference) == []


def test_tolerances_can_be_loosened() -> None:
    params = initialize_parameters(2, 3, 1, rng=np.random.default_rng(1))
    assert hidden_units_identical(params, atol=1.0) == all_pairs(3)
    assert hidden_units_identical(params, rtol=10.0) == all_pairs(3)


# --- the lesson -----------------------------------------------------------------------------


def test_zero_start_keeps_every_hidden_unit_identical_at_every_step() -> None:
    X, Y = flower(m=100)
    trajectory = train_steps(initialize_parameters_zeros(2, 4, 1), X, Y, steps=STEPS)
    for params in trajectory:
        assert hidden_units_identical(params) == all_pairs(4)


def test_zero_start_never_moves_the_weights_at_all() -> None:
    # tanh(0) = 0 kills dW2 and W2 = 0 kills dW1: only the output bias can learn.
    X, Y = flower(m=100)
    final = train_steps(initialize_parameters_zeros(2, 4, 1), X, Y, steps=STEPS)[-1]
    for name in ("W1", "b1", "W2"):
        assert not final[name].any()


@pytest.mark.parametrize(("n_h", "seed"), [(2, 0), (3, 1), (5, 2), (7, 3)])
def test_any_symmetric_start_stays_symmetric(n_h: int, seed: int) -> None:
    X, Y = flower(m=200, seed=seed)
    trajectory = train_steps(symmetric_start(n_h, seed), X, Y, steps=STEPS)
    assert trajectory[-1]["W1"].std() > 0  # the weights did move ...
    assert not np.allclose(trajectory[-1]["W1"], trajectory[0]["W1"])
    for params in trajectory:  # ... but in lockstep
        assert hidden_units_identical(params) == all_pairs(n_h)


def test_only_the_tied_pair_stays_tied() -> None:
    X, Y = flower(m=200)
    start = initialize_parameters(2, 4, 1, rng=np.random.default_rng(0))
    start["W1"][3] = start["W1"][1]
    start["W2"][:, 3] = start["W2"][:, 1]
    for params in train_steps(start, X, Y, steps=STEPS):
        assert hidden_units_identical(params) == [(1, 3)]


def test_random_start_breaks_the_symmetry_and_keeps_it_broken() -> None:
    X, Y = flower(m=200)
    start = initialize_parameters(2, 4, 1, rng=np.random.default_rng(0))
    for params in train_steps(start, X, Y, steps=STEPS):
        assert hidden_units_identical(params) == []


def test_symmetric_hidden_layer_does_the_work_of_one_unit() -> None:
    # At every step, four tied units compute exactly what a single unit carrying their summed
    # outgoing weight computes: the extra units add no expressive power.
    X, Y = flower(m=200)
    for params in train_steps(symmetric_start(4, seed=5), X, Y, steps=STEPS):
        one_unit = {
            "W1": params["W1"][:1],
            "b1": params["b1"][:1],
            "W2": params["W2"].sum(axis=1, keepdims=True),
            "b2": params["b2"],
        }
        np.testing.assert_allclose(
            forward_propagation(X, params)[0], forward_propagation(X, one_unit)[0], rtol=1e-12
        )


def test_biases_may_start_at_zero_once_weights_are_random() -> None:
    params = initialize_parameters(2, 4, 1, rng=np.random.default_rng(0))
    assert not params["b1"].any()
    assert hidden_units_identical(params) == []
    X, Y = blobs()
    trained = nn_model(X, Y, 4, num_iterations=300, init=params)
    assert float(np.mean(predict(trained, X) == Y)) >= 0.95
