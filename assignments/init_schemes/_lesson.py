"""The lesson itself, run on the student's starts with the reference trainer (reference.relu_net):
a zero start keeps every unit of a layer identical, a He start learns with units that differ,
and a large random start saturates the output, costing far more than He at the first step.

The HTML report plots what symmetry and learning saw: each unit of the first hidden layer's
weight W1[i, 0] over the training steps (see grader.render.svg).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from grader.authoring import Failure, attach, identical_pairs
from reference.datasets import circles
from reference.init import initialize_parameters_he
from reference.relu_net import compute_cost, forward_propagation, train_steps, units_identical

from ._base import HE, RANDOM, WIDE_NETWORKS, ZEROS, shaped_init
from ._base import prop as _prop

#: Steps and rate of the training checks: the lesson's rate, few steps, nine examples. Simulated
#: with correct He starts on 20,000 networks of depth 2-5 and widths 1-30, the cost after 10
#: steps at rate 0.01 was below the first cost every time (at rate 0.05 one start in 20,000
#: rose, hence the lesson's 0.01); tests/test_init_schemes.py replays 300 of them.
STEPS = 10
RATE = 0.01
EXAMPLES = 9
#: Labels with four 1s in nine: unbalanced, so even a zero start has a gradient (on the output
#: bias) and its cost moves; balanced labels would leave a zero start with none at all.
LABELS = np.array([[1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])


@functools.lru_cache(maxsize=64)
def _inputs(n_x: int) -> np.ndarray:
    """Standard-normal inputs (n_x, 9), the same for the same n_x. Callers must not modify."""
    return np.random.default_rng([7, n_x]).standard_normal((n_x, EXAMPLES))


def _first_layer_paths(trajectory: list[dict[str, np.ndarray]]) -> list[list[float]]:
    """Each unit of layer 1's first incoming weight W1[i, 0] at every step (5 digits)."""
    path = np.array([p["W1"][:, 0] for p in trajectory])
    return [[float(f"{x:.5g}") for x in path[:, i]] for i in range(path.shape[1])]


def _plot(panels: list[tuple[str, list[dict[str, np.ndarray]]]]) -> None:
    attach(
        "trajectories",
        {
            "quantity": "W1[i, 0]",
            "steps": STEPS,
            "panels": [{"label": label, "units": _first_layer_paths(t)} for label, t in panels],
        },
    )


def _tied_layers(final: dict[str, np.ndarray], dims: list[int]) -> list[tuple[int, int, int]]:
    """(layer, i, j) for the first pair of units of each hidden layer that are alike."""
    found = []
    for layer in range(1, len(dims) - 1):
        pairs = units_identical(final, layer)
        if pairs:
            found.append((layer, *pairs[0]))
    return found


def zero_start_stays_symmetric(code: Any, layers_dims: list[int]) -> None:
    X = _inputs(layers_dims[0])
    start = shaped_init(code, ZEROS, layers_dims)
    zeros, _ = train_steps(start, X, LABELS, STEPS, RATE)
    he = initialize_parameters_he(layers_dims, rng=np.random.default_rng(layers_dims))
    _plot([("from your zeros", zeros), ("from He weights", train_steps(he, X, LABELS, STEPS)[0])])
    for layer in range(1, len(layers_dims) - 1):
        n = layers_dims[layer]
        pairs = units_identical(zeros[-1], layer)
        if len(pairs) < n * (n - 1) // 2:
            tied = {(i, j) for i, j in pairs}
            i, j = next((i, j) for i in range(n) for j in range(i + 1, n) if (i, j) not in tied)
            raise Failure(
                f"after {STEPS} steps of gradient descent from {ZEROS.function}({layers_dims}), "
                f"units {i} and {j} of layer {layer} differ: a zero start gives every unit of a "
                "layer the same weights, so they get the same gradients and stay identical; "
                "your start already tells them apart (non-zero weights or biases?)"
            )


zero_start_stays_symmetric.__doc__ = (
    f"Trained from {ZEROS.function}, every hidden unit of a layer stays identical"
)
_prop(
    "symmetry.zeros",
    category="symmetry",
    roles=(ZEROS.function,),
    points=8,
    given={"layers_dims": WIDE_NETWORKS},
    depends=("shapes.zeros",),
    examples=3,
    hint="This is the lesson's point: from a zero start every unit of a layer computes the same "
    f"function and gets the same update, so the layer never becomes more than one unit. "
    f"{ZEROS.function} must give exactly that start: zeros everywhere.",
)(zero_start_stays_symmetric)


def he_start_learns(code: Any, layers_dims: list[int]) -> None:
    X = _inputs(layers_dims[0])
    start = shaped_init(code, HE, layers_dims)
    trajectory, costs = train_steps(start, X, LABELS, STEPS, RATE)
    zeros = {k: np.zeros_like(v) for k, v in trajectory[0].items()}
    _plot([("from your He weights", trajectory),
           ("from zeros", train_steps(zeros, X, LABELS, STEPS, RATE)[0])])  # fmt: skip
    for layer in range(1, len(layers_dims)):
        pairs = identical_pairs(start[f"W{layer}"])
        if pairs:
            i, j = pairs[0]
            raise Failure(
                f"{HE.function}({layers_dims}): rows {i} and {j} of W{layer} are identical, so "
                f"units {i} and {j} of layer {layer} receive exactly the same incoming weights "
                "and compute the same function; draw every weight separately"
            )
    tied = _tied_layers(trajectory[-1], layers_dims)
    if tied:
        layer, i, j = tied[0]
        raise Failure(
            f"after {STEPS} steps of gradient descent from {HE.function}({layers_dims}), units "
            f"{i} and {j} of layer {layer} are still identical: they started with the same "
            "weights, so they get the same updates forever and do the work of one unit"
        )
    if not costs[-1] < costs[0]:
        raise Failure(
            f"{STEPS} steps of gradient descent (rate {RATE}) from {HE.function}({layers_dims}) "
            f"did not lower the cost: {costs[0]:.4g} at the start, {costs[-1]:.4g} after"
        )


he_start_learns.__doc__ = (
    f"Trained from {HE.function}, the units of each layer differ and the cost falls"
)
_prop(
    "learning.he",
    category="learning",
    roles=(HE.function,),
    points=8,
    given={"layers_dims": WIDE_NETWORKS},
    depends=("shapes.he",),
    examples=3,
    hint="Draw every weight separately (np.random.randn(n[l], n[l-1]) * sqrt(2/n[l-1])): units "
    "that start different learn different features, and gradient descent lowers the cost.",
)(he_start_learns)


# -- saturation ----------------------------------------------------------------------------------
#
# The lesson's network [2, 10, 5, 1] on 41 points of the circles. Simulated with correct starts,
# a single large random start costs below 3 with probability 5e-5 (20,000 draws; the median
# cost is 17) and a single He start never cost above 2.7 (median 0.73). The medians of DRAWS = 5
# starts are compared: the random one falls below 3 only if three of five starts do (~1e-12),
# and He's rises above 2 only if three of five He starts do.
SATURATION_DIMS = [2, 10, 5, 1]
SATURATION_DATA = circles(m=41, seed=11)
DRAWS = 5
SATURATED = 3.0
HE_CEILING = 2.0


def _median_start_cost(code: Any, scheme: Any) -> float:
    """Median first-step cost of DRAWS starts from the student's `scheme`."""
    X, Y = SATURATION_DATA
    costs = [
        compute_cost(forward_propagation(X, shaped_init(code, scheme, SATURATION_DIMS))[0], Y)
        for _ in range(DRAWS)
    ]
    return float(np.median(costs))


@_prop(
    "saturation.random",
    category="saturation",
    points=8,
    depends=("shapes.random", "shapes.he"),
    hint="The random scheme multiplies by 10 on purpose: the output's pre-activation is then so "
    "large that the sigmoid saturates at 0 or 1, and every confident mistake costs a lot. He's "
    "sqrt(2/n[l-1]) keeps it near 1.",
)
def large_start_saturates(code: Any) -> None:
    """A large random start costs far more at the first step than a He start (saturation)"""
    large = _median_start_cost(code, RANDOM)
    he = _median_start_cost(code, HE)
    network = f"the lesson's network {SATURATION_DIMS} on {SATURATION_DATA[0].shape[1]} points"
    numbers = (
        f"the median cost before any training, over {DRAWS} starts, is {large:.3g} from "
        f"{RANDOM.function} and {he:.3g} from {HE.function}"
    )
    if large < SATURATED:
        raise Failure(
            f"on {network}, {numbers}: a start of standard deviation 10 saturates the sigmoid "
            f"output and costs {SATURATED:g} or more (typically about 17); yours does not, so "
            "its weights are too small to show the lesson's point"
        )
    if he > HE_CEILING:
        raise Failure(
            f"on {network}, {numbers}: a He start keeps the output unsaturated and costs about "
            f"0.7 (at most {HE_CEILING:g}); yours saturates like the large random start"
        )
