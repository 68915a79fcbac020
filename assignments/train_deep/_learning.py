"""Properties of learning: update (one step of gradient descent), symmetry (the lesson's
argument, run on the student's pieces) and training (the pieces together lower the cost).

symmetry and training call the student's own functions in the lesson's loop (forward, cost,
backward with the forward's own caches, update), so they hold for any cache layout the
student's functions agree on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

from assignments.train_shallow._compare import close, describe_difference, fmt
from grader.authoring import Failure, expect_shape, identical_pairs
from reference import deep
from reference.datasets import xor
from reference.init import initialize_parameters_he

from ._base import (
    FEW,
    INIT_DEEP,
    LIMITS,
    MANY,
    SEEDS,
    Net,
    as_cost,
    as_shaped,
    call_model_backward,
    call_model_forward,
    call_update,
    nets,
    prop,
    tenths,
    zero_one,
)
from ._interface import call_initialize_deep

# -- update ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """Parameters of an L-layer network, gradients shaped like them (and the course's dA
    entries, which update_parameters ignores), and a learning rate."""

    parameters: dict[str, np.ndarray]
    grads: dict[str, np.ndarray]
    rate: float

    def __repr__(self) -> str:  # fast and deterministic: the engine hashes it
        p = {k: v.tolist() for k, v in self.parameters.items()}
        g = {k: v.tolist() for k, v in self.grads.items()}
        return f"Step(parameters={p}, grads={g}, rate={self.rate})"


@st.composite
def steps(draw: Any) -> Step:
    net = draw(nets(examples=st.integers(1, 3)))
    rng = np.random.default_rng(draw(SEEDS))
    limit = draw(LIMITS)
    grads = {"d" + k: tenths(rng, v.shape, limit) for k, v in net.parameters.items()}
    dims = net.layer_dims
    for layer in range(net.L):
        grads[f"dA{layer}"] = tenths(rng, (dims[layer], net.m), limit)
    return Step(net.parameters, grads, draw(st.sampled_from([0.5, 0.1, 0.01, 2.0, 0.0075])))


def _update_slips(step: Step, key: str) -> list[tuple[np.ndarray, str]]:
    p, g, rate = step.parameters[key], step.grads["d" + key], step.rate
    return [
        (p + rate * g, "the gradient is added; gradient descent subtracts it"),
        (p, f"{key} is returned unchanged: is the loop over every layer, "
            "for l in range(L) with L = len(parameters) // 2?"),
        (p - g, "the gradient is not multiplied by learning_rate"),
    ]  # fmt: skip


@prop(
    "update.step",
    category="update",
    points=6,
    given={"step": steps()},
    depends=("api.update",),
    examples=MANY,
    hint="for l in range(L): parameters['W' + str(l + 1)] -= learning_rate * "
    "grads['dW' + str(l + 1)], and the same for b; L = len(parameters) // 2.",
)
def update_step(code: Any, step: Step) -> None:
    """update_parameters moves every W{l} and b{l} by -learning_rate times its gradient"""
    got = call_update(code, step.parameters, step.grads, step.rate)
    for key, p in step.parameters.items():
        expect_shape(got[key], p.shape, key, f"the shape of {key}")
        want = p - step.rate * step.grads["d" + key]
        if not close(got[key], want):
            known = [k for k in _update_slips(step, key) if not close(k[0], want)]
            raise Failure(describe_difference(key, got[key], want, known))


# -- symmetry --------------------------------------------------------------------------------------


@prop(
    "symmetry.init",
    category="symmetry",
    roles=(INIT_DEEP,),
    points=3,
    given={"layer_dims": st.lists(st.integers(2, 8), min_size=3, max_size=5)},
    depends=("api.initialize", "shapes.initialize"),
    examples=FEW,
    hint="Units that start identical compute the same function, get the same gradient and stay "
    "identical forever: draw every weight separately, np.random.randn(layer_dims[l], "
    "layer_dims[l-1]) * 0.01.",
)
def init_breaks_symmetry(code: Any, layer_dims: list[int]) -> None:
    """initialize_parameters_deep starts every unit of every layer differently"""
    params = call_initialize_deep(code, layer_dims)
    for layer in range(1, len(layer_dims)):
        pairs = identical_pairs(params[f"W{layer}"])
        if pairs:
            i, j = pairs[0]
            raise Failure(
                f"units {i} and {j} of layer {layer} start with identical weights (rows {i} and "
                f"{j} of W{layer}): they compute the same activation, get the same gradient and "
                "never become different, so the layer does the work of fewer units"
            )


@dataclass(frozen=True)
class Tied:
    net: Net

    def __repr__(self) -> str:
        return f"Tied({self.net!r})"


@st.composite
def tied_nets(draw: Any) -> Tied:
    """A network whose units are identical within every hidden layer: from zero, or with one
    random row of W1 repeated and every later weight of a layer one number."""
    # One width for every hidden layer: a bug that mixes up layers (the gradient of A[L-1]
    # fed to every hidden layer) then runs, and is the backward category's to report.
    n_x, n, L = draw(st.integers(1, 3)), draw(st.integers(2, 4)), draw(st.integers(2, 4))
    dims = [n_x] + [n] * (L - 1) + [1]
    m, limit, from_zero = draw(st.integers(1, 4)), draw(LIMITS), draw(st.booleans())
    rng = np.random.default_rng(draw(SEEDS))
    X, Y = tenths(rng, (dims[0], m), 2 * limit), zero_one(rng, m)
    scale = 0.0 if from_zero else 1.0
    params = {"W1": np.repeat(scale * tenths(rng, (1, dims[0]), limit) / dims[0], dims[1], axis=0),
              "b1": np.full((dims[1], 1), scale * 0.1)}  # fmt: skip
    for layer in range(2, len(dims)):
        w = scale * (0.1 * rng.integers(3, limit + 1) * rng.choice([-1, 1])) / dims[layer - 1]
        params[f"W{layer}"] = np.full((dims[layer], dims[layer - 1]), w)
        params[f"b{layer}"] = np.full((dims[layer], 1), scale * 0.1)
    return Tied(Net(X=X, Y=Y, parameters=params))


def _as_parameters(grads: dict, parameters: dict) -> dict[str, np.ndarray]:
    """dW{l} and db{l} in their parameters' shapes (a (n,) db holding the right numbers is the
    shapes category's failure, not a reason for the loop to go wrong)."""
    try:
        return {"d" + k: as_shaped(grads["d" + k], v.shape, "d" + k) for k, v in parameters.items()}
    except Failure as exc:
        raise Failure(f"fed the caches of your own L_model_forward, L_model_backward gives "
                      f"gradients of other shapes than the parameters': {exc}") from None  # fmt: skip


TIED_STEPS = 5
TIED_RATE = 0.5


def _rows_tied(A: np.ndarray) -> bool:
    return bool(np.allclose(A, A[:1], rtol=1e-9, atol=1e-12))


@prop(
    "symmetry.tied",
    category="symmetry",
    points=5,
    given={"tied": tied_nets()},
    depends=("api.forward", "api.backward", "api.update"),
    examples=FEW,
    hint="This is the lesson's argument, run on your functions: identical units compute "
    "identical activations, so their gradients (rows of dW and db) and their updates must be "
    "identical too.",
)
def tied_units_stay_tied(code: Any, tied: Tied) -> None:
    """Identical units of a layer get identical gradients and stay identical, step after step"""
    net = tied.net
    X, Y, P, L = net.X, net.Y, dict(net.parameters), net.L
    for step in range(1, TIED_STEPS + 1):
        AL, caches = call_model_forward(code, X, P)
        grads = call_model_backward(code, AL, Y, caches, L)
        for layer in range(1, L):
            dW, db = np.asarray(grads[f"dW{layer}"]), np.asarray(grads[f"db{layer}"])
            if (
                dW.ndim == 2
                and db.size == dW.shape[0]
                and not _rows_tied(np.hstack([dW, db.reshape(-1, 1)]))
            ):
                raise Failure(
                    f"at step {step}, L_model_backward gave the identical units of layer {layer} "
                    f"different gradients (rows of dW{layer} or db{layer} differ), although they "
                    "compute exactly the same function"
                )
        P = call_update(code, P, _as_parameters(grads, P), TIED_RATE)
        for layer in range(1, L):
            if not deep.layer_units_identical(P, layer):
                raise Failure(
                    f"after {step} step{'s' if step > 1 else ''} of your forward, backward and "
                    f"update, the units of layer {layer} are no longer identical, although they "
                    "started identical: identical units must get identical gradients and updates"
                )


# -- training --------------------------------------------------------------------------------------

#: XOR on 40 examples: no straight line separates it, so it needs the hidden layers. From this
#: fixed He start, 300 steps at rate 0.3 take the lesson's network from a cost of ~0.7 to ~0.1
#: (measured; see tests/test_train_deep.py); a missing layer's update or a wrong hidden
#: gradient leaves it far above.
TRAIN_DATA = xor(m=40, seed=3)
TRAIN_DIMS = [2, 8, 4, 1]
TRAIN_START = initialize_parameters_he(TRAIN_DIMS, np.random.default_rng(11))
TRAIN_STEPS = 300
TRAIN_RATE = 0.3
#: The student's pieces must take off at least this share of the cost the reference's take off.
TRAIN_SHARE = 0.9
_, _REF_COSTS = deep.train(TRAIN_START, *TRAIN_DATA, TRAIN_STEPS, TRAIN_RATE)


@prop(
    "training.xor",
    category="training",
    points=8,
    depends=("api.forward", "api.backward", "api.update"),
    timeout=10,
    hint="Your pieces in the lesson's loop: AL, caches = L_model_forward(X, parameters); "
    "cost = compute_cost(AL, Y); grads = L_model_backward(AL, Y, caches); parameters = "
    "update_parameters(parameters, grads, learning_rate).",
)
def training_lowers_cost(code: Any) -> None:
    """Your pieces, trained together for 300 steps on XOR data, lower the cost as the lesson's do"""
    X, Y = TRAIN_DATA
    P = {k: v.copy() for k, v in TRAIN_START.items()}
    L = len(TRAIN_DIMS) - 1
    for _ in range(TRAIN_STEPS):
        AL, caches = call_model_forward(code, X, P)
        as_cost(code.compute_cost(AL, Y))
        grads = call_model_backward(code, AL, Y, caches, L)
        P = call_update(code, P, _as_parameters(grads, P), TRAIN_RATE)
    before, after = _REF_COSTS[0], deep.compute_cost(deep.L_model_forward(X, P)[0], Y)
    lesson = _REF_COSTS[-1]
    if before - after >= TRAIN_SHARE * (before - lesson):
        return
    raise Failure(
        f"{TRAIN_STEPS} steps of your L_model_forward, L_model_backward and update_parameters "
        f"(learning_rate={TRAIN_RATE}) on {X.shape[1]} XOR examples with layer_dims {TRAIN_DIMS} "
        f"took the cost from {fmt(before)} to {fmt(after)}; the lesson's take it to {fmt(lesson)} "
        "from the same start"
    )
