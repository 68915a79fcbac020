"""Specification of the seeded planar datasets (``reference.datasets``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from reference.datasets import blobs, flower, random_inputs, xor

Dataset = Callable[..., tuple[np.ndarray, np.ndarray]]
GENERATORS: dict[str, Dataset] = {"flower": flower, "blobs": blobs, "xor": xor}
DEFAULT_M = {"flower": 400, "blobs": 200, "xor": 200}


def linear_least_squares_accuracy(X: np.ndarray, Y: np.ndarray) -> float:
    """Training accuracy of the best least-squares line: a cheap proxy for linear separability."""
    features = np.vstack([X, np.ones((1, X.shape[1]))]).T
    targets = 2.0 * Y.ravel() - 1.0
    weights = np.linalg.lstsq(features, targets, rcond=None)[0]
    return float(np.mean((features @ weights > 0) == (targets > 0)))


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_default_layout_is_the_course_layout(name: str) -> None:
    X, Y = GENERATORS[name]()
    m = DEFAULT_M[name]
    assert X.shape == (2, m)
    assert Y.shape == (1, m)
    assert X.dtype == np.float64
    assert Y.dtype == np.float64
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", sorted(GENERATORS))
@pytest.mark.parametrize("m", [2, 3, 51])
def test_classes_are_balanced_for_any_size(name: str, m: int) -> None:
    X, Y = GENERATORS[name](m=m, seed=4)
    assert X.shape == (2, m)
    assert Y.sum() == m - m // 2  # class 0 gets m // 2 examples, class 1 the rest


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_same_seed_same_data_other_seed_other_data(name: str) -> None:
    X1, Y1 = GENERATORS[name](m=60, seed=3)
    X2, Y2 = GENERATORS[name](m=60, seed=3)
    X3, _ = GENERATORS[name](m=60, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_examples_are_shuffled_so_prefixes_hold_both_classes(name: str) -> None:
    _, Y = GENERATORS[name]()
    assert 0 < Y[0, :20].sum() < 20


@pytest.mark.parametrize("name", sorted(GENERATORS))
@pytest.mark.parametrize("m", [0, 1, -5, 2.0])
def test_too_few_or_non_integer_examples_are_rejected(name: str, m: object) -> None:
    with pytest.raises(ValueError, match="m must"):
        GENERATORS[name](m=m)


def test_blobs_are_separated_by_a_line_with_a_margin() -> None:
    X, Y = blobs(m=500, seed=1)
    signed = (X[0] + X[1]) / np.sqrt(2.0) * (2.0 * Y.ravel() - 1.0)
    assert signed.min() >= 0.5


def test_xor_labels_are_the_xor_of_the_signs() -> None:
    X, Y = xor(m=300, seed=2)
    np.testing.assert_array_equal(Y.ravel(), ((X[0] > 0) != (X[1] > 0)).astype(float))
    assert np.abs(X).min() >= 0.1  # away from the axes, so the quadrants are clean
    assert np.abs(X).max() <= 1.0


def test_flower_lies_on_a_noisy_rose_curve() -> None:
    X, _ = flower()
    radius = np.sqrt((X**2).sum(axis=0))
    assert radius.max() < 5.5  # |r| <= 4 plus noise


@pytest.mark.parametrize("name", ["flower", "xor"])
def test_flower_and_xor_defeat_a_linear_classifier(name: str) -> None:
    X, Y = GENERATORS[name]()
    assert linear_least_squares_accuracy(X, Y) < 0.7


def test_blobs_suit_a_linear_classifier() -> None:
    X, Y = blobs()
    assert linear_least_squares_accuracy(X, Y) == 1.0


def test_random_inputs_are_seeded_standard_normal() -> None:
    X = random_inputs(3, 2000, seed=5)
    assert X.shape == (3, 2000)
    assert X.dtype == np.float64
    np.testing.assert_array_equal(X, random_inputs(3, 2000, seed=5))
    assert abs(X.mean()) < 0.1
    assert X.std() == pytest.approx(1.0, rel=0.1)
