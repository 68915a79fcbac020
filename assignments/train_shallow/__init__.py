"""train-shallow: train a network with one tanh hidden layer and a sigmoid output.

The student writes the course's seven functions (X is (n_x, m), one column per example):
``initialize_parameters(n_x, n_h, n_y)``, ``forward_propagation(X, parameters) -> (A2, cache)``,
``compute_cost(A2, Y) -> float``, ``backward_propagation(parameters, cache, X, Y) -> grads``,
``update_parameters(parameters, grads, learning_rate=1.2)``,
``nn_model(X, Y, n_h, num_iterations=10000, print_cost=False) -> parameters`` and
``predict(parameters, X)``.

Categories, in report order (100 points): api 10, shapes 10, forward 12, cost 12, backward 16,
update 8, symmetry 10, training 14, predict 8. The property modules register in that order.
"""

from __future__ import annotations

from . import _components, _learning, _predict  # noqa: F401  (registration, in report order)
from ._base import assignment

__all__ = ["assignment"]
