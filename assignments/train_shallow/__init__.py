"""train-shallow: train a network with one tanh hidden layer and a sigmoid output.

The student writes the course's seven functions (X is (n_x, m), one column per example):
``initialize_parameters(n_x, n_h, n_y)``, ``forward_propagation(X, parameters) -> (A2, cache)``,
``compute_cost(A2, Y) -> float``, ``backward_propagation(parameters, cache, X, Y) -> grads``,
``update_parameters(parameters, grads, learning_rate=1.2)``,
``nn_model(X, Y, n_h, num_iterations=10000, print_cost=False) -> parameters`` and
``predict(parameters, X)``.

Categories, in report order (100 points): api 10, shapes 9, init 8, forward 11, cost 11,
backward 15, update 7, symmetry 10, training 12, predict 7. The property modules register in
that order.
"""

from __future__ import annotations

import importlib

from ._base import assignment

# Importing a module registers its properties; the order is the report's order, and a property
# may only depend on ones registered before it.
for _module in ("_interface", "_init", "_forward_cost", "_gradients", "_learning", "_predict"):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["assignment"]
