"""train-deep: "Building your Deep Neural Network: Step by Step", graded by properties.

The student writes the course's ten functions (X is (n[0], m), one column per example):
``initialize_parameters(n_x, n_h, n_y)``, ``initialize_parameters_deep(layer_dims)``,
``linear_forward(A, W, b) -> (Z, (A, W, b))``,
``linear_activation_forward(A_prev, W, b, activation) -> (A, ((A_prev, W, b), Z))``,
``L_model_forward(X, parameters) -> (AL, caches)``, ``compute_cost(AL, Y)``,
``linear_backward(dZ, cache) -> (dA_prev, dW, db)``,
``linear_activation_backward(dA, cache, activation) -> (dA_prev, dW, db)``,
``L_model_backward(AL, Y, caches) -> grads`` and
``update_parameters(parameters | params, grads, learning_rate)``, with the helpers of
``dnn_utils``.

Categories, in report order (100 points): api 10, shapes 8, init 10, randomness 4, forward 14,
cost 8, backward 24, update 6, symmetry 8, training 8. The property modules register in that
order.
"""

from __future__ import annotations

import importlib

from ._base import assignment

# Importing a module registers its properties; the order is the report's order, and a property
# may only depend on ones registered before it.
for _module in ("_interface", "_init", "_forward", "_backward", "_learning"):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["assignment"]
