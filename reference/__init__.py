"""Reference implementation for the weight-initialization lesson.

This package defines what "correct" means for the first assignments: the grader compares
student submissions against these functions and checks them with the same properties that the
tests in ``tests/reference`` assert of them.

Modules:

* :mod:`reference.init` — small random (``0.01``), zero, Xavier and He initialisations.
* :mod:`reference.train` — the one-hidden-layer tanh/sigmoid network of the course, plus
  :func:`train_steps` and :func:`hidden_units_identical` for showing that symmetric units
  never diverge.
* :mod:`reference.datasets` — seeded planar datasets (flower, blobs, XOR).
* :mod:`reference.gradcheck` — central-difference gradients and a scale-free relative error.

Layout follows the course: ``X`` is ``(n_x, m)`` with one example per column, ``Y`` is
``(n_y, m)``, ``W[l]`` is ``(n[l], n[l-1])`` and ``b[l]`` is ``(n[l], 1)``.
"""

from reference.datasets import blobs, flower, random_inputs, xor
from reference.gradcheck import numerical_gradient, relative_error
from reference.init import (
    expected_std,
    initialize_parameters,
    initialize_parameters_deep,
    initialize_parameters_he,
    initialize_parameters_xavier,
    initialize_parameters_zeros,
)
from reference.train import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    hidden_units_identical,
    layer_sizes,
    nn_model,
    predict,
    sigmoid,
    train_steps,
    update_parameters,
)

__all__ = [
    "backward_propagation",
    "blobs",
    "compute_cost",
    "expected_std",
    "flower",
    "forward_propagation",
    "hidden_units_identical",
    "initialize_parameters",
    "initialize_parameters_deep",
    "initialize_parameters_he",
    "initialize_parameters_xavier",
    "initialize_parameters_zeros",
    "layer_sizes",
    "nn_model",
    "numerical_gradient",
    "predict",
    "random_inputs",
    "relative_error",
    "sigmoid",
    "train_steps",
    "update_parameters",
    "xor",
]
