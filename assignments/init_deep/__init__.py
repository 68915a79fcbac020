"""init-deep: initialize an L-layer network three ways (0.01, Xavier, He).

The student writes three functions of ``layer_dims`` (input size first, output size last):
``initialize_parameters_deep`` (weights ``randn * 0.01``), ``initialize_parameters_xavier``
(``randn * sqrt(1 / n[l-1])``) and ``initialize_parameters_he`` (``randn * sqrt(2 / n[l-1])``),
each returning W1..WL of shape (n[l], n[l-1]) and zero biases b1..bL of shape (n[l], 1).

Every property holds for any correct implementation, whatever numpy call draws the numbers
(seeded global RNG, ``np.random.normal``, an unseeded ``default_rng()``). The statistical
checks spend at most 1e-11 of false-alarm probability each (grader.stats' bounds, exact from 300
draws on: tests/test_init_deep.py) and a correct submission meets at most 51 of them (3 methods,
2 examples, 4 layers, mean and spread; and one test of the distribution's shape per method), so
it loses points with probability below 6e-10; the equality checks (symmetry, randomness) compare
rows of 6 or more random numbers, whose chance of coinciding is smaller still; the signal
check's band is justified empirically in `signal`.

Structure and dependencies: each function is checked on its own first (`api.<method>`: a dict
of float arrays; `shapes.<method>`: exactly W1..WL and b1..bL, with the lesson's shapes), and
that function's scale and signal checks depend only on those, so a student can finish one
function at a time and one broken function costs its own points, not the others'. The checks
that look at all three at once (bias-zeros, randomness, symmetry) wait for all three to return
dicts of arrays.

The property modules register in report order: _interface (api, shapes), _start (bias-zeros,
randomness, symmetry), _scale, _gaussian, _depth (the signal through a deep stack); `_base`
holds what they share.
"""

from __future__ import annotations

import importlib

from ._base import BY_KEY, METHODS, ROLES, assignment

# Importing a module registers its properties; the order is the report's order, and a property
# may only depend on ones registered before it.
for _module in ("_interface", "_start", "_scale", "_gaussian", "_depth"):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["BY_KEY", "METHODS", "ROLES", "assignment"]
