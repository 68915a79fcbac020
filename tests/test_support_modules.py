"""The course helper modules the grader ships in assignments/support/ (planar_utils, dnn_utils,
dnn_utils_v2): what a course notebook imports from them behaves as the lesson documents.

They are loaded by path, as a worker finds them on sys.path, never as part of the grader."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

SUPPORT = Path(__file__).resolve().parent.parent / "assignments" / "support"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_support_{name}", SUPPORT / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def planar() -> ModuleType:
    return load("planar_utils")


def numerical_derivative(f, Z: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of an element-wise function, entry by entry."""
    return (f(Z + h) - f(Z - h)) / (2 * h)


# -- planar_utils --------------------------------------------------------------------------------


def test_planar_sigmoid_is_the_logistic_function_without_overflow(planar):
    Z = np.array([[-800.0, -2.0, 0.0, 2.0, 800.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        A = planar.sigmoid(Z)
    assert A.shape == Z.shape
    np.testing.assert_allclose(A[0, 1:4], 1 / (1 + np.exp(-Z[0, 1:4])), rtol=1e-12)
    assert A[0, 0] == pytest.approx(0.0, abs=1e-300) and A[0, 4] == 1.0
    assert float(planar.sigmoid(0)) == 0.5


def test_the_flower_has_400_points_in_two_classes_of_200(planar):
    X, Y = planar.load_planar_dataset()
    assert X.shape == (2, 400) and X.dtype == np.float64
    assert Y.shape == (1, 400) and Y.dtype == np.uint8
    assert set(np.unique(Y)) == {0, 1} and int(Y.sum()) == 200
    assert np.all(np.isfinite(X)) and np.abs(X).max() < 6


def test_the_flower_is_the_same_on_every_call_and_leaves_numpys_global_random_state_alone(planar):
    np.random.seed(7)
    expected_next = np.random.rand()
    np.random.seed(7)
    X1, Y1 = planar.load_planar_dataset()
    assert np.random.rand() == expected_next
    X2, Y2 = planar.load_planar_dataset()
    assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2)


def test_no_straight_line_separates_the_flower_but_a_small_tanh_network_does(planar):
    from reference.train import nn_model, predict

    X, Y = planar.load_planar_dataset()
    Y = Y.astype(float)
    # The best straight line, by least squares on the labels, barely beats guessing ...
    features = np.vstack([X, np.ones((1, X.shape[1]))])
    w, *_ = np.linalg.lstsq(features.T, Y.ravel() - 0.5, rcond=None)
    assert np.mean((features.T @ w > 0) == Y.ravel()) < 0.7
    # ... while the lesson's network with 4 hidden units learns it.
    parameters = nn_model(X, Y, 4, num_iterations=2000, rng=np.random.default_rng(3))
    assert np.mean(predict(parameters, X) == Y) > 0.85


def test_extra_datasets_are_five_pairs_of_200_points_with_integer_labels(planar):
    datasets = planar.load_extra_datasets()
    assert len(datasets) == 5
    for X, Y in datasets:
        assert X.shape == (200, 2) and np.all(np.isfinite(X))
        assert Y.shape == (200,) and np.issubdtype(Y.dtype, np.integer)
    circles, moons, blobs, quantiles, no_structure = datasets
    for _, Y in (circles, moons, quantiles, no_structure):
        assert set(np.unique(Y)) == {0, 1}
    assert set(np.unique(blobs[1])) == set(range(6))  # notebooks take Y % 2


def test_extra_datasets_have_the_structure_their_names_promise(planar):
    (Xc, Yc), (Xm, Ym), (Xb, Yb), (Xq, Yq), _ = planar.load_extra_datasets()
    radius = np.linalg.norm(Xc, axis=1)
    assert radius[Yc == 0].mean() > radius[Yc == 1].mean() + 0.3  # outer and inner circle
    assert Xm[Ym == 0, 1].mean() > Xm[Ym == 1, 1].mean()  # the upper moon is above
    # Each blob is tight around its own centre: spread within much below spread between.
    within = np.mean([Xb[Yb == k].std(axis=0).mean() for k in range(6)])
    assert within < 0.5 * Xb.std(axis=0).mean()
    distance = np.linalg.norm(Xq, axis=1)
    assert distance[Yq == 0].max() <= distance[Yq == 1].min()  # cut at the median radius
    assert np.sum(Yq) == 100


def test_extra_datasets_are_the_same_on_every_call(planar):
    first, again = planar.load_extra_datasets(), planar.load_extra_datasets()
    for (X1, Y1), (X2, Y2) in zip(first, again, strict=True):
        assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2)


def test_plot_decision_boundary_draws_under_agg_without_a_display(planar, monkeypatch, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.delenv("DISPLAY", raising=False)
    X, Y = planar.load_planar_dataset()
    seen = []

    def model(points: np.ndarray) -> np.ndarray:
        seen.append(points.shape)
        return (points[:, 0] * points[:, 1] > 0)[None, :]  # shape (1, k), as predict returns

    plt.figure()
    planar.plot_decision_boundary(model, X, Y)
    axes = plt.gca()
    assert len(seen) == 1 and seen[0][1] == 2 and seen[0][0] > 1000  # rows are grid points
    assert axes.collections, "neither the shading nor the points were drawn"
    xmin, xmax = axes.get_xlim()
    assert xmin <= X[0].min() - 0.5 and xmax >= X[0].max() + 0.5  # the plane around the data
    plt.savefig(tmp_path / "boundary.png")
    plt.close("all")
    assert (tmp_path / "boundary.png").stat().st_size > 0


# -- dnn_utils and dnn_utils_v2 ------------------------------------------------------------------


@pytest.fixture(scope="module", params=["dnn_utils", "dnn_utils_v2"])
def dnn(request) -> ModuleType:
    return load(request.param)


Z = np.array([[-3.0, -0.5, 0.25], [0.7, 2.0, -1.2]])


def test_sigmoid_returns_activation_and_the_input_as_cache(dnn):
    A, cache = dnn.sigmoid(Z)
    assert A.shape == Z.shape and np.array_equal(cache, Z)
    np.testing.assert_allclose(A, 1 / (1 + np.exp(-Z)), rtol=1e-12)


def test_relu_returns_activation_and_the_input_as_cache(dnn):
    A, cache = dnn.relu(Z)
    assert A.shape == Z.shape and np.array_equal(cache, Z)
    assert np.array_equal(A, np.where(Z > 0, Z, 0.0))


def test_sigmoid_backward_is_da_times_the_derivative_by_finite_differences(dnn):
    dA = np.array([[0.3, -1.0, 2.0], [1.5, 0.2, -0.7]])
    dZ = dnn.sigmoid_backward(dA, Z)
    slope = numerical_derivative(lambda z: dnn.sigmoid(z)[0], Z)
    assert dZ.shape == Z.shape
    np.testing.assert_allclose(dZ, dA * slope, rtol=1e-6)


def test_relu_backward_is_da_times_the_derivative_by_finite_differences(dnn):
    dA = np.array([[0.3, -1.0, 2.0], [1.5, 0.2, -0.7]])
    dZ = dnn.relu_backward(dA, Z)
    slope = numerical_derivative(lambda z: dnn.relu(z)[0], Z)  # no entry of Z is near 0
    assert dZ.shape == Z.shape
    np.testing.assert_allclose(dZ, dA * slope, rtol=1e-6)


def test_relu_backward_leaves_da_untouched_and_passes_nothing_where_z_is_zero(dnn):
    dA = np.ones((1, 3))
    dZ = dnn.relu_backward(dA, np.array([[-1.0, 0.0, 1.0]]))
    assert np.array_equal(dZ, [[0.0, 0.0, 1.0]]) and np.array_equal(dA, np.ones((1, 3)))


def test_dnn_utils_v2_reads_its_functions_from_the_file_beside_it_not_from_sys_path(
    tmp_path, monkeypatch
):
    """A submission's own dnn_utils.py comes first on sys.path; the built-in dnn_utils_v2 must
    not pick it up in place of its own."""
    (tmp_path / "dnn_utils.py").write_text("def relu(Z):\n    raise AssertionError('wrong one')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "dnn_utils", raising=False)
    v2 = load("dnn_utils_v2")
    A, _ = v2.relu(Z)
    assert np.array_equal(A, np.where(Z > 0, Z, 0.0))
