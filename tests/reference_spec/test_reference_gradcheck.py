"""Specification of the finite-difference tools (``reference.gradcheck``)."""

from __future__ import annotations

import numpy as np
import pytest

from reference.gradcheck import numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic() -> None:
    W = np.array([[1.0, -2.0], [0.5, 3.0]])
    grads = numerical_gradient(lambda p: float(np.sum(p["W"] ** 2)), {"W": W})
    assert set(grads) == {"dW"}
    np.testing.assert_allclose(grads["dW"], 2 * W, rtol=1e-8)


def test_numerical_gradient_handles_several_arrays_of_any_shape() -> None:
    gen = np.random.default_rng(0)
    params = {"A": gen.standard_normal((2, 3)), "b": gen.standard_normal((2, 3)), "c": np.ones(4)}
    grads = numerical_gradient(lambda p: float(np.sum(p["A"] * p["b"]) + p["c"].sum()), params)
    assert set(grads) == {"dA", "db", "dc"}
    np.testing.assert_allclose(grads["dA"], params["b"], rtol=1e-8)
    np.testing.assert_allclose(grads["db"], params["A"], rtol=1e-8)
    np.testing.assert_allclose(grads["dc"], np.ones(4), rtol=1e-8)


def test_numerical_gradient_leaves_the_parameters_untouched() -> None:
    W = np.arange(6.0).reshape(2, 3)
    numerical_gradient(lambda p: float(np.sum(np.sin(p["W"]))), {"W": W})
    np.testing.assert_array_equal(W, np.arange(6.0).reshape(2, 3))


def test_numerical_gradient_works_on_integer_arrays() -> None:
    # Nudging an integer array in place would truncate the step to zero.
    grads = numerical_gradient(lambda p: float(np.sum(p["k"] ** 3)), {"k": np.array([1, 2])})
    np.testing.assert_allclose(grads["dk"], [3.0, 12.0], rtol=1e-6)


def test_numerical_gradient_is_second_order_accurate() -> None:
    # Central differences cancel the curvature term: exp's error stays far below eps.
    grads = numerical_gradient(lambda p: float(np.exp(p["x"]).sum()), {"x": np.array([1.0])})
    assert abs(grads["dx"][0] - np.e) < 1e-8


def test_relative_error_is_zero_for_equal_inputs_and_one_for_opposites() -> None:
    a = np.array([1.0, -2.0, 3.0])
    assert relative_error(a, a.copy()) == 0.0
    assert relative_error(a, -a) == pytest.approx(1.0)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_relative_error_is_scale_free() -> None:
    a, b = np.array([1.0, 2.0]), np.array([1.0, 2.001])
    assert relative_error(1e-8 * a, 1e-8 * b) == pytest.approx(relative_error(a, b))
    assert relative_error(1e8 * a, 1e8 * b) == pytest.approx(relative_error(a, b))


def test_relative_error_formula() -> None:
    a, b = np.array([3.0, 0.0]), np.array([0.0, 4.0])
    assert relative_error(a, b) == pytest.approx(5.0 / 7.0)
    assert isinstance(relative_error(a, b), float)


def test_relative_error_compares_gradient_dicts_as_one_vector() -> None:
    a = {"dW": np.array([[3.0]]), "db": np.array([0.0])}
    b = {"db": np.array([4.0]), "dW": np.array([[0.0]])}  # key order does not matter
    assert relative_error(a, b) == pytest.approx(5.0 / 7.0)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (np.zeros(3), np.zeros(4)),
        ({"dW": np.zeros(2)}, {"db": np.zeros(2)}),
        ({"dW": np.zeros(2)}, {"dW": np.zeros(3)}),
        ({"dW": np.zeros(2)}, np.zeros(2)),
    ],
)
def test_relative_error_rejects_mismatched_inputs(a: object, b: object) -> None:
    with pytest.raises(ValueError):
        relative_error(a, b)  # type: ignore[arg-type]
