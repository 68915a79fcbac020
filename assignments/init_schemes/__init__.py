"""init-schemes: the initialization lesson, zeros against large random against He.

The student writes three functions of ``layers_dims`` (input size first, output size last),
each returning W1..WL of shape (n[l], n[l-1]) and zero biases b1..bL of shape (n[l], 1):
``initialize_parameters_zeros`` (all zeros), ``initialize_parameters_random`` (``randn * 10``)
and ``initialize_parameters_he`` (``randn * sqrt(2 / n[l-1])``); and the notebook's
``model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he")``,
which trains the lesson's 3-layer ReLU network (layers_dims [X.shape[0], 10, 5, 1]) with the
helpers of ``init_utils`` from the start it chooses by ``initialization``.

Categories, in report order (100 points): api 9, shapes 12, bias-zeros 6, zeros 6, randomness
5, scale 23, symmetry 8, learning 8, saturation 8, model 15. Function names come from
`_base.FUNCTIONS` and `_base.MODEL` alone.

Every property holds for a correct implementation in any style (a seeded global RNG,
np.random.normal, an unseeded default_rng()), with a false-alarm rate below 1e-9 (see each
module). A seed set inside a function (the course's np.random.seed(3)) fails that function's
randomness property only (5 points for both): the checks that pool calls stop at the first
repeated draw. Under a course profile that allows that seed (grader.roles), the randomness
properties pass and say so, and the checks that pool calls take one call with wider layers
instead, so they still judge a full sample. Each function has its own api, shapes, bias-zeros, randomness and Gaussian
checks, so one broken function costs its own points; the checks that need two functions
(saturation) or all three (model) wait for them.
"""

from __future__ import annotations

import importlib

from ._base import assignment

# Importing a module registers its properties; the order is the report's order, and a property
# may only depend on ones registered before it.
for _module in ("_structure", "_scale", "_lesson", "_model"):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["assignment"]
