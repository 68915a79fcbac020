"""The planar-data lesson's helpers, under the module name its notebooks import.

Course notebooks start with
``from planar_utils import plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets``.
This module provides those four names, written for this grader from their documented behaviour:
the datasets are of this module's own making (same shapes, dtypes and class balance as the
lesson's, not the same points), and nothing here needs scikit-learn, which a grading machine may
lack. Only numpy is imported up front; matplotlib is imported when a plot is drawn.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["load_extra_datasets", "load_planar_dataset", "plot_decision_boundary", "sigmoid"]

#: Every dataset comes from its own generator, so loading one never moves numpy's global random
#: state (a notebook's later np.random calls draw what they would have drawn without it).
_FLOWER_SEED = 1
_EXTRA_SEED = 3


def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), element-wise.

    Computed as exp(-log(1 + exp(-x))) so that large |x| neither overflows nor warns.
    """
    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float)))


def load_planar_dataset() -> tuple[np.ndarray, np.ndarray]:
    """The two-class "flower": X of shape (2, 400), one point per column, and labels Y (1, 400).

    Four petals of the rose r = 4 cos(2 (theta - centre)) around the origin, 100 points each;
    opposite petals share a class, so each class has 200 points and no straight line separates
    them, while a few tanh units do. Angles and radii carry Gaussian noise, which mixes the
    classes near the centre. Y is uint8 (0 or 1), as in the lesson. The same call always
    returns the same points.
    """
    rng = np.random.default_rng(_FLOWER_SEED)
    per_petal, reach, noise = 100, 4.0, 0.2
    xs, labels = [], []
    for petal in range(4):
        centre = np.pi / 4 + petal * np.pi / 2
        # Offsets across the petal, evenly spread, so every petal is drawn end to end.
        offset = np.linspace(-np.pi / 4, np.pi / 4, per_petal)
        angle = centre + offset + rng.normal(0.0, noise / 2, per_petal)
        radius = reach * np.cos(2 * offset) + rng.normal(0.0, noise, per_petal)
        xs.append(np.vstack([radius * np.cos(angle), radius * np.sin(angle)]))
        labels.append(np.full(per_petal, petal % 2, dtype=np.uint8))
    return np.hstack(xs), np.concatenate(labels).reshape(1, -1)


def _circles(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Two noisy concentric circles: radius 1 (label 0) and radius 0.5 (label 1)."""
    half = n // 2
    labels = np.r_[np.zeros(n - half, dtype=int), np.ones(half, dtype=int)]
    angle = rng.uniform(0.0, 2 * np.pi, n)
    radius = np.where(labels == 0, 1.0, 0.5)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + rng.normal(0.0, 0.3, (n, 2))
    return X, labels


def _moons(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles: the upper one (label 0) and the lower, shifted one (label 1)."""
    half = n // 2
    labels = np.r_[np.zeros(n - half, dtype=int), np.ones(half, dtype=int)]
    t = rng.uniform(0.0, np.pi, n)
    upper = np.c_[np.cos(t), np.sin(t)]
    lower = np.c_[1.0 - np.cos(t), 0.5 - np.sin(t)]
    X = np.where(labels[:, None] == 0, upper, lower) + rng.normal(0.0, 0.2, (n, 2))
    return X, labels


def _blobs(rng: np.random.Generator, n: int, centres: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs (standard deviation 1) around `centres` random centres, labelled 0..centres-1.

    Notebooks turn them into two classes with Y % 2."""
    where = rng.uniform(-10.0, 10.0, (centres, 2))
    labels = np.arange(n) % centres
    return where[labels] + rng.normal(0.0, 1.0, (n, 2)), labels


def _quantiles(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """An isotropic Gaussian (variance 0.5) cut at its median radius: inner half 0, outer half 1."""
    X = rng.normal(0.0, np.sqrt(0.5), (n, 2))
    distance = np.sum(X**2, axis=1)
    labels = np.zeros(n, dtype=int)
    labels[np.argsort(distance)[n // 2 :]] = 1
    return X, labels


def load_extra_datasets() -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Five more 2-D datasets of 200 points each, to try the network on.

    Returns (noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure), each a pair
    (X, Y) with X of shape (200, 2), one point per row, and Y of shape (200,) holding integer
    labels: 0/1, except blobs' 0..5. no_structure is uniform noise with random labels. A notebook
    transposes them into the lesson's layout: X, Y = X.T, Y.reshape(1, Y.shape[0]).
    """
    rng = np.random.default_rng(_EXTRA_SEED)
    n = 200
    no_structure = (rng.uniform(0.0, 1.0, (n, 2)), rng.integers(0, 2, n))
    return _circles(rng, n), _moons(rng, n), _blobs(rng, n), _quantiles(rng, n), no_structure


def plot_decision_boundary(model: Callable[[np.ndarray], np.ndarray], X: np.ndarray, y) -> None:
    """Shade the plane by `model`'s prediction and draw the points of X (2, m) coloured by y.

    `model` receives a grid of points as an array of shape (k, 2), one point per row (notebooks
    pass ``lambda x: predict(parameters, x.T)``), and returns one label per point in any shape
    holding k values. Draws on the current matplotlib figure; works with any backend, a
    display-less one such as Agg included.
    """
    import matplotlib.pyplot as plt  # only when a plot is drawn: it takes a while to import

    X = np.asarray(X, dtype=float)
    pad, steps = 1.0, 300
    xs = np.linspace(X[0].min() - pad, X[0].max() + pad, steps)
    ys = np.linspace(X[1].min() - pad, X[1].max() + pad, steps)
    xx, yy = np.meshgrid(xs, ys)
    labels = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=float).reshape(xx.shape)
    plt.contourf(xx, yy, labels, cmap=plt.cm.Spectral)
    plt.xlabel("x1")
    plt.ylabel("x2")
    plt.scatter(X[0], X[1], c=np.ravel(y), s=40, cmap=plt.cm.Spectral)
