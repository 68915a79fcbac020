"""Small deterministic datasets for grading the one-hidden-layer classifier.

Every generator takes a ``seed``, draws only from ``numpy.random.default_rng(seed)`` and
returns ``(X, Y)`` in the course layout: ``X`` is ``(2, m)`` ``float64`` with one example per
column, ``Y`` is ``(1, m)`` ``float64`` holding 0.0/1.0 (float so it combines directly with
``A2`` and with :func:`reference.train.predict`). The same seed always gives the same arrays.
Columns are shuffled so that any prefix of the examples holds both classes.
"""

from __future__ import annotations

import numpy as np

from reference._validate import check_positive_int as _check_positive_int

__all__ = ["blobs", "circles", "flower", "random_inputs", "xor"]


def _check_m(m: int) -> int:
    """Validate the number of examples; two classes need at least two of them."""
    m = _check_positive_int("m", m)
    if m < 2:
        raise ValueError(f"m must be at least 2 so both classes appear, got {m}")
    return m


def _shuffle(
    X: np.ndarray, labels: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Permute the columns of ``X`` and the labels together; return ``(X, Y)`` in course form."""
    order = rng.permutation(X.shape[1])
    X = np.ascontiguousarray(X[:, order], dtype=np.float64)
    Y = labels[order].astype(np.float64).reshape(1, -1)
    return X, Y


def flower(m: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return the two-class "flower" planar dataset.

    Points lie near the rose curve ``r = 4 sin(4t)`` (eight petals). Class 0 takes angles
    ``t`` in roughly ``[0, 3.12]`` and class 1 in ``[3.12, 6.24]``; because ``r`` changes sign
    the petals of the two classes interleave around the origin, so no straight line separates
    them but a small tanh network does. Gaussian noise (std 0.2) is added to ``t`` and to
    ``r``. Class 0 has ``m // 2`` points, class 1 the rest.
    """
    m = _check_m(m)
    rng = np.random.default_rng(seed)
    amplitude = 4.0
    noise = 0.2
    span = 3.12  # just under pi: each class sweeps half a turn, petals of both classes alternate
    xs, labels = [], []
    for label, count in enumerate((m // 2, m - m // 2)):
        t = np.linspace(label * span, (label + 1) * span, count)
        t = t + rng.standard_normal(count) * noise
        r = amplitude * np.sin(4.0 * t) + rng.standard_normal(count) * noise
        xs.append(np.vstack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(count, label))
    return _shuffle(np.hstack(xs), np.concatenate(labels), rng)


def blobs(m: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return two Gaussian blobs that a straight line separates.

    Class 0 is centred at ``(-2, -2)`` and class 1 at ``(2, 2)``, each with std 0.8. To make
    separability a guarantee rather than a likelihood, any point closer than 0.5 to the line
    ``x1 + x2 = 0`` or on its wrong side is redrawn, so the line separates the classes with a
    margin.
    """
    m = _check_m(m)
    rng = np.random.default_rng(seed)
    margin = 0.5
    xs, labels = [], []
    for label, count in enumerate((m // 2, m - m // 2)):
        sign = 1.0 if label == 1 else -1.0
        centre = np.array([[2.0], [2.0]]) * sign
        points = np.empty((2, 0))
        # Rejection sampling; almost every draw is accepted, so this loops once or twice.
        while points.shape[1] < count:
            draw = centre + rng.standard_normal((2, count)) * 0.8
            signed_distance = sign * (draw[0] + draw[1]) / np.sqrt(2.0)
            points = np.hstack([points, draw[:, signed_distance >= margin]])
        xs.append(points[:, :count])
        labels.append(np.full(count, label))
    return _shuffle(np.hstack(xs), np.concatenate(labels), rng)


def xor(m: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return the XOR pattern: label 1 exactly when the two coordinates have opposite signs.

    Coordinates have magnitudes uniform in ``[0.1, 1]``, so the four quadrants of ``[-1, 1]^2``
    are cleanly apart and the task is learnable with a few hidden units while remaining
    impossible for a linear classifier. Class 0 (``m // 2`` points) falls in the quadrants
    ``(+, +)``/``(-, -)`` and class 1 (the rest) in ``(+, -)``/``(-, +)``, so both classes
    always appear.
    """
    m = _check_m(m)
    rng = np.random.default_rng(seed)
    xs, labels = [], []
    for label, count in enumerate((m // 2, m - m // 2)):
        magnitude = rng.uniform(0.1, 1.0, size=(2, count))
        first_sign = rng.choice(np.array([-1.0, 1.0]), size=count)
        # Same signs for class 0, opposite signs for class 1: that is the XOR of the two signs.
        second_sign = first_sign if label == 0 else -first_sign
        xs.append(magnitude * np.vstack([first_sign, second_sign]))
        labels.append(np.full(count, label))
    return _shuffle(np.hstack(xs), np.concatenate(labels), rng)


def circles(
    m: int = 300, seed: int = 0, noise: float = 0.05, factor: float = 0.8
) -> tuple[np.ndarray, np.ndarray]:
    """Return two noisy concentric circles: radius 1 (class 0) and radius ``factor`` (class 1).

    The initialization lesson's data: angles are evenly spread around each circle and Gaussian
    noise of std ``noise`` is added to both coordinates. Class 0 has ``m - m // 2`` points,
    class 1 ``m // 2``. No straight line separates the classes; a small ReLU network does.
    """
    m = _check_m(m)
    rng = np.random.default_rng(seed)
    xs, labels = [], []
    for label, (count, radius) in enumerate(((m - m // 2, 1.0), (m // 2, factor))):
        angle = np.linspace(0.0, 2 * np.pi, count, endpoint=False)
        ring = radius * np.vstack([np.cos(angle), np.sin(angle)])
        xs.append(ring + rng.standard_normal((2, count)) * noise)
        labels.append(np.full(count, label))
    return _shuffle(np.hstack(xs), np.concatenate(labels), rng)


def random_inputs(n_x: int, m: int, seed: int = 0) -> np.ndarray:
    """Return a ``(n_x, m)`` ``float64`` array of standard-normal inputs for property tests."""
    n_x = _check_positive_int("n_x", n_x)
    m = _check_positive_int("m", m)
    return np.random.default_rng(seed).standard_normal((n_x, m))
