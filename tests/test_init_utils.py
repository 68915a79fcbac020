"""The initialization lesson's helper module the grader ships (assignments/support/init_utils.py):
what a course notebook imports from it behaves as the lesson documents, and agrees with the
reference network (reference.relu_net) that grades the notebook's `model`.

It is loaded by path, as a worker finds it on sys.path, never as part of the grader."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest
from test_support_modules import load

from reference.gradcheck import numerical_gradient, relative_error
from reference.relu_net import backward_propagation as ref_backward
from reference.relu_net import forward_propagation as ref_forward
from reference.relu_net import train_steps

NAMES = [
    "sigmoid",
    "relu",
    "compute_loss",
    "forward_propagation",
    "backward_propagation",
    "update_parameters",
    "predict",
    "load_dataset",
    "plot_decision_boundary",
    "predict_dec",
]
GRADIENTS = {"dz3", "dW3", "db3", "da2", "dz2", "dW2", "db2", "da1", "dz1", "dW1", "db1"}


@pytest.fixture(scope="module")
def utils() -> ModuleType:
    return load("init_utils")


def network(seed: int, n_x: int = 2, scale: float = 0.8) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    dims = [n_x, 4, 3, 1]
    out = {}
    for layer in (1, 2, 3):
        out[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1])) * scale
        out[f"b{layer}"] = rng.standard_normal((dims[layer], 1)) * scale
    return out


def data(seed: int, m: int = 7, n_x: int = 2) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(100 + seed)
    return rng.standard_normal((n_x, m)), (rng.uniform(size=(1, m)) > 0.5).astype(float)


def test_every_name_a_course_notebook_imports_is_there(utils):
    assert [name for name in NAMES if not callable(getattr(utils, name, None))] == []


def test_sigmoid_and_relu_return_the_activation_alone_without_overflow(utils):
    Z = np.array([[-800.0, -1.0, 0.0, 2.0, 800.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        A = utils.sigmoid(Z)
    assert isinstance(A, np.ndarray) and A.shape == Z.shape
    np.testing.assert_allclose(A[0, 1:4], 1 / (1 + np.exp(-Z[0, 1:4])), rtol=1e-12)
    assert utils.relu(Z).tolist() == [[0.0, 0.0, 0.0, 2.0, 800.0]]


@pytest.mark.parametrize("seed", range(3))
def test_forward_propagation_is_the_reference_three_layer_relu_network(utils, seed):
    params = network(seed)
    X, _ = data(seed)
    a3, cache = utils.forward_propagation(X, params)
    np.testing.assert_allclose(a3, ref_forward(X, params)[0], rtol=1e-12)
    assert isinstance(cache, tuple) and len(cache) == 12 and cache[9] is a3


@pytest.mark.parametrize("seed", range(3))
def test_backward_propagation_gives_every_gradient_the_course_names_and_they_are_right(utils, seed):
    params = network(seed)
    X, Y = data(seed)
    _, cache = utils.forward_propagation(X, params)
    grads = utils.backward_propagation(X, Y, cache)
    assert set(grads) == GRADIENTS
    AL, caches = ref_forward(X, params)
    expected = ref_backward(AL, Y, caches, params)
    numeric = numerical_gradient(lambda p: utils.compute_loss(utils.forward_propagation(X, p)[0], Y),
                                 params)  # fmt: skip
    for key in expected:
        assert grads[key].shape == params[key[1:]].shape
        np.testing.assert_allclose(grads[key], expected[key], rtol=1e-9, atol=1e-14)
        assert relative_error(grads[key], numeric[key]) < 1e-6, key


def test_compute_loss_is_the_mean_cross_entropy_and_a_wrong_saturated_output_is_infinite(utils):
    a3 = np.array([[0.9, 0.2, 0.5]])
    Y = np.array([[1.0, 0.0, 1.0]])
    expected = -np.mean(np.log([0.9, 0.8, 0.5]))
    assert utils.compute_loss(a3, Y) == pytest.approx(expected, rel=1e-12)
    assert utils.compute_loss(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]])) == 0.0
    assert utils.compute_loss(np.array([[1.0, 0.5]]), np.array([[0.0, 1.0]])) == np.inf


def test_update_parameters_steps_every_layer_and_returns_the_updated_dict(utils):
    params = network(0)
    grads = {"d" + k: np.ones_like(v) for k, v in network(1).items()}
    before = {k: v.copy() for k, v in params.items()}
    out = utils.update_parameters(params, grads, 0.5)
    assert out is params and sorted(out) == sorted(before)
    for key, value in before.items():
        np.testing.assert_allclose(out[key], value - 0.5)


def test_a_course_training_loop_on_these_helpers_follows_the_reference_trajectory(utils):
    X, Y = data(4, m=20)
    start = network(4, scale=0.5)
    params = {k: v.copy() for k, v in start.items()}
    for _ in range(25):
        _, cache = utils.forward_propagation(X, params)
        grads = utils.backward_propagation(X, Y, cache)
        params = utils.update_parameters(params, grads, 0.1)
    expected = train_steps(start, X, Y, 25, 0.1)[0][-1]
    for key in expected:
        np.testing.assert_allclose(params[key], expected[key], rtol=1e-9, atol=1e-12)


def test_predict_prints_the_accuracy_and_returns_integer_labels(utils, capsys):
    params = network(5)
    X, Y = data(5, m=9)
    p = utils.predict(X, Y, params)
    a3, _ = utils.forward_propagation(X, params)
    assert p.shape == (1, 9) and np.issubdtype(p.dtype, np.integer)
    assert np.array_equal(p, (a3 > 0.5).astype(int))
    assert f"Accuracy: {np.mean(p == Y)}" in capsys.readouterr().out
    assert np.array_equal(utils.predict_dec(params, X), a3 > 0.5)


def test_the_circles_have_the_lesson_s_shapes_and_two_balanced_classes(utils):
    train_X, train_Y, test_X, test_Y = utils.load_dataset()
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert test_X.shape == (2, 100) and test_Y.shape == (1, 100)
    for X, Y in ((train_X, train_Y), (test_X, test_Y)):
        assert set(np.unique(Y)) == {0, 1} and int(Y.sum()) == Y.size // 2
        radius = np.hypot(X[0], X[1])
        assert radius[Y[0] == 0].mean() == pytest.approx(1.0, abs=0.05)
        assert radius[Y[0] == 1].mean() == pytest.approx(0.8, abs=0.05)


def test_the_circles_are_the_same_on_every_call_and_leave_numpys_global_random_state_alone(utils):
    np.random.seed(7)
    expected_next = np.random.rand()
    np.random.seed(7)
    first = utils.load_dataset()
    assert np.random.rand() == expected_next
    assert all(np.array_equal(a, b) for a, b in zip(first, utils.load_dataset(), strict=True))


def test_plot_decision_boundary_draws_under_agg_without_a_display(utils, monkeypatch, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.delenv("DISPLAY", raising=False)
    train_X, train_Y, _, _ = utils.load_dataset()
    params = network(6)
    plt.figure()
    utils.plot_decision_boundary(lambda x: utils.predict_dec(params, x.T), train_X, train_Y)
    assert plt.gca().collections, "neither the shading nor the points were drawn"
    plt.savefig(tmp_path / "boundary.png")
    plt.close("all")
    assert (tmp_path / "boundary.png").stat().st_size > 0
