"""The train-shallow assignment object, its generated inputs, and validated calls into student code.

Every property module registers on `assignment` from here. Inputs are tiny on purpose: sizes
1..5 and entries that are multiples of 0.1, so a shrunk counterexample prints in full
(`forward_propagation(X=[[0.1, 0.]], parameters={...})`) and a student can redo it by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from assignments import SUPPORT
from grader.authoring import (
    Assignment,
    Extra,
    Failure,
    Function,
    describe,
    expect_float_array,
    expect_shape,
)

PARAMS = ("W1", "b1", "W2", "b2")
GRADS = ("dW1", "db1", "dW2", "db2")
CACHE = ("Z1", "A1", "Z2", "A2")
DEFAULT_RATE = 1.2

# Generated inputs per property. Every bug here shows on most inputs of the right sizes (n_x != m
# four times in five, n_h >= 2 three times in four), so ten examples miss one with
# probability below 1e-6, and checks of form alone need fewer. Each example costs a few calls
# into the worker, and a correct submission must grade in under 3 s.
FEW = 5
SOME = 8
MANY = 10


def unused_parameters(given: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """For older versions of the course's ``compute_cost(A2, Y, parameters)``, whose body reads
    the weights and ignores them: zeros of a (1, 1, n_y) network, n_y taken from A2, so they
    print in full in a counterexample and change nothing that uses them."""
    A2 = given.get("A2")
    n_y = A2.shape[0] if isinstance(A2, np.ndarray) and A2.ndim == 2 else 1
    return {
        "W1": np.zeros((1, 1)),
        "b1": np.zeros((1, 1)),
        "W2": np.zeros((n_y, 1)),
        "b2": np.zeros((n_y, 1)),
    }


# Course versions differ in these signatures; grader.binding calls each student's as written.
RATE = Extra(DEFAULT_RATE)  # a required learning_rate gets the course's default
TRAINING = {"learning_rate": RATE, "num_iterations": Extra(10000), "print_cost": Extra(False)}

assignment = Assignment(
    name="train-shallow",
    support=(SUPPORT,),  # course helper modules, e.g. planar_utils
    title="Train a one-hidden-layer network",
    functions={
        "initialize_parameters": Function(("n_x", "n_h", "n_y")),
        "forward_propagation": Function(("X", "parameters")),
        "compute_cost": Function(
            ("A2", "Y"),
            extras={"parameters": Extra(make=unused_parameters)},
            variants=(("A2", "Y", "parameters"),),
        ),
        "backward_propagation": Function(("parameters", "cache", "X", "Y")),
        "update_parameters": Function(
            ("parameters", "grads", "learning_rate"), extras={"learning_rate": RATE}
        ),
        "nn_model": Function(
            ("X", "Y", "n_h", "num_iterations", "print_cost"),
            extras=TRAINING,
            variants=(("X", "Y", "n_h", "learning_rate", "num_iterations", "print_cost"),),
        ),
        "predict": Function(("parameters", "X")),
    },
    version="3",
    description=(
        "A tanh/sigmoid network with one hidden layer, trained by batch gradient descent: "
        "initialize_parameters, forward_propagation, compute_cost, backward_propagation, "
        "update_parameters, nn_model and predict, with X of shape (n_x, m)."
    ),
    template=str(Path(__file__).with_name("template.ipynb")),
)
prop = assignment.property


# -- generated inputs ------------------------------------------------------------------------------
#
# Hypothesis draws the sizes, a magnitude and a seed; numpy fills the arrays from the seed with
# multiples of 0.1 no larger than the magnitude. Drawing every entry through Hypothesis instead
# costs ~10 ms per example, which 200+ examples cannot afford in a 3 s check, while this way the
# shrinker still minimises what matters: the sizes (to 1 wherever the bug allows) and the
# magnitude (to 0.5, so entries print as 0.3, -0.5, 0.).

SEEDS = st.integers(0, 2**32 - 1)
#: Largest |weight| in tenths. At least 0.5, so activations are far enough from 0 that a wrong
#: derivative or a missing term changes a value visibly, not in its sixth digit.
LIMITS = st.integers(5, 10)


def tenths(rng: np.random.Generator, shape: tuple[int, ...], limit: int) -> np.ndarray:
    """Entries k / 10 with integer k in [-limit, limit]."""
    return rng.integers(-limit, limit + 1, size=shape) / 10.0


def zero_one(rng: np.random.Generator, m: int) -> np.ndarray:
    return rng.integers(0, 2, size=(1, m)).astype(np.float64)


@dataclass(frozen=True)
class Net:
    """One generated network and batch: X (n_x, m), 0/1 labels Y (1, m), and parameters."""

    X: np.ndarray
    Y: np.ndarray
    parameters: dict[str, np.ndarray]

    def __repr__(self) -> str:
        # The engine hashes this repr to seed each example; nested lists print ~50x faster than
        # numpy's array2string, which would otherwise dominate a correct submission's check.
        params = {k: v.tolist() for k, v in self.parameters.items()}
        return f"Net(X={self.X.tolist()}, Y={self.Y.tolist()}, parameters={params})"

    @property
    def n_x(self) -> int:
        return int(self.X.shape[0])

    @property
    def m(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_h(self) -> int:
        return int(self.parameters["W1"].shape[0])


def random_parameters(
    rng: np.random.Generator, n_x: int, n_h: int, limit: int
) -> dict[str, np.ndarray]:
    """Parameters of an (n_x, n_h, 1) network with entries in [-limit/10, limit/10]."""
    return {
        "W1": tenths(rng, (n_h, n_x), limit),
        "b1": tenths(rng, (n_h, 1), limit),
        "W2": tenths(rng, (1, n_h), limit),
        "b2": tenths(rng, (1, 1), limit),
    }


@st.composite
def nets(draw: Any, max_n_x: int = 4, max_n_h: int = 4, max_m: int = 5, min_m: int = 1) -> Net:
    """Sizes are drawn independently, so n_x != m (which exposes `m = X.shape[0]`) and
    n_h >= 2 (which exposes sums over the wrong axis) are found and kept by the shrinker.
    Weights and biases lie in [-1, 1], inputs in [-2, 2]."""
    n_x = draw(st.integers(1, max_n_x))
    n_h = draw(st.integers(1, max_n_h))
    m = draw(st.integers(min_m, max_m))
    limit = draw(LIMITS)
    rng = np.random.default_rng(draw(SEEDS))
    X = tenths(rng, (n_x, m), 2 * limit)
    return Net(X=X, Y=zero_one(rng, m), parameters=random_parameters(rng, n_x, n_h, limit))


SIZES = st.integers(1, 5)


@dataclass(frozen=True)
class Step:
    """Parameters, gradients shaped like them, and a learning rate."""

    parameters: dict[str, np.ndarray]
    grads: dict[str, np.ndarray]
    rate: float

    def __repr__(self) -> str:  # fast and deterministic: the engine hashes it (see Net)
        p = {k: v.tolist() for k, v in self.parameters.items()}
        g = {k: v.tolist() for k, v in self.grads.items()}
        return f"Step(parameters={p}, grads={g}, rate={self.rate})"


@st.composite
def steps(draw: Any) -> Step:
    """The rate comes 0.5 first, so a counterexample shrinks to a rate that is not the default."""
    n_x, n_h, limit = draw(SIZES), draw(SIZES), draw(st.integers(1, 10))
    rng = np.random.default_rng(draw(SEEDS))
    parameters = random_parameters(rng, n_x, n_h, limit)
    grads = {"d" + k: v for k, v in random_parameters(rng, n_x, n_h, limit).items()}
    return Step(parameters, grads, draw(st.sampled_from([0.5, 0.1, 0.01, 2.0, 1.2])))


@dataclass(frozen=True)
class Outputs:
    """Probabilities A2 and labels Y, both (1, m): the inputs of compute_cost."""

    A2: np.ndarray
    Y: np.ndarray

    def __repr__(self) -> str:  # fast and deterministic: the engine hashes it (see Net)
        return f"Outputs(A2={self.A2.tolist()}, Y={self.Y.tolist()})"


@st.composite
def predictions(draw: Any) -> Outputs:
    """A2 in [0.05, 0.95] in steps of 0.05 (shrinking towards 0.5, so a counterexample is easy
    to redo by hand) and 0/1 labels Y."""
    m, spread = draw(st.integers(1, 5)), draw(st.integers(0, 9))
    rng = np.random.default_rng(draw(SEEDS))
    A2 = 0.5 + rng.integers(-spread, spread + 1, size=(1, m)) / 20.0
    return Outputs(A2, zero_one(rng, m))


# -- validated calls -------------------------------------------------------------------------------


def _expect_keys(value: Any, keys: tuple[str, ...], what: str) -> dict[str, Any]:
    """`value` must be a dict holding at least `keys` (extra entries are harmless here)."""
    wanted = ", ".join(keys)
    if not isinstance(value, dict):
        raise Failure(f"{what} returned {describe(value)}; expected a dict with keys {wanted}")
    missing = [k for k in keys if k not in value]
    if missing:
        got = ", ".join(repr(k) for k in value) or "no keys"
        raise Failure(
            f"{what} returned a dict with keys {got}; it is missing "
            f"{', '.join(repr(k) for k in missing)} (key names are case-sensitive)"
        )
    return value


def float_arrays(value: Any, keys: tuple[str, ...], what: str) -> dict[str, np.ndarray]:
    """A dict holding `keys`, each a finite float array; returns just those entries."""
    found = _expect_keys(value, keys, what)
    return {k: expect_float_array(found[k], k) for k in keys}


def numbers(value: Any, keys: tuple[str, ...], what: str) -> dict[str, Any]:
    """A dict holding `keys`, each a finite float array or a plain number (a scalar is a shape
    mistake, which the shapes category reports, not an API mistake)."""
    found = _expect_keys(value, keys, what)
    out: dict[str, Any] = {}
    for k in keys:
        v = found[k]
        if isinstance(v, float | np.floating) and not isinstance(v, np.ndarray):
            if not np.isfinite(v):
                raise Failure(f"{k} is {v}; expected finite numbers")
            out[k] = np.float64(v)
        else:
            out[k] = expect_float_array(v, k)
    return out


def call_initialize(code: Any, n_x: int, n_h: int, n_y: int = 1) -> dict[str, np.ndarray]:
    return float_arrays(code.initialize_parameters(n_x, n_h, n_y), PARAMS, "initialize_parameters")


def call_forward(code: Any, X: np.ndarray, parameters: dict) -> tuple[np.ndarray, dict]:
    """(A2, cache) from the student's forward_propagation, checked for form (not shape)."""
    value = code.forward_propagation(X, parameters)
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise Failure(
            f"forward_propagation returned {describe(value)}; expected a pair (A2, cache): "
            "end it with `return A2, cache`"
        )
    A2 = expect_float_array(value[0], "A2 (the first value returned)")
    cache = float_arrays(value[1], CACHE, "forward_propagation's cache")
    return A2, cache


def forward_shapes(A2: np.ndarray, cache: dict, n_h: int, m: int) -> None:
    for key in ("Z1", "A1"):
        expect_shape(cache[key], (n_h, m), f"cache['{key}']", "(n_h, m), one column per example")
    for key in ("Z2", "A2"):
        expect_shape(cache[key], (1, m), f"cache['{key}']", "(n_y, m), one column per example")
    expect_shape(A2, (1, m), "the returned A2", "(n_y, m)")


def call_backward(
    code: Any, parameters: dict, cache: dict, X: np.ndarray, Y: np.ndarray
) -> dict[str, Any]:
    return numbers(
        code.backward_propagation(parameters, cache, X, Y), GRADS, "backward_propagation"
    )


def grad_shapes(grads: dict[str, Any], parameters: dict[str, np.ndarray]) -> None:
    """Each gradient must have exactly its parameter's shape."""
    for key in PARAMS:
        name, want = "d" + key, parameters[key].shape
        got = grads[name]
        if not isinstance(got, np.ndarray) or got.ndim == 0:
            why = (
                " (np.sum without axis=1 adds up every entry: use "
                "np.sum(..., axis=1, keepdims=True))"
                if key.startswith("b")
                else ""
            )
            raise Failure(
                f"{name} is a single number; expected an array of shape {want}, the shape of "
                f"{key}{why}"
            )
        extra = ""
        if key.startswith("b") and got.ndim == 1:
            extra = " (np.sum(..., axis=1) drops the column: add keepdims=True)"
        if got.shape != want:
            sums_all = key.startswith("b") and got.shape == (1, 1) and want[0] > 1
            if sums_all:
                extra = " (np.sum without axis=1 adds up every hidden unit's gradient together)"
            raise Failure(
                f"{name} has shape {got.shape}; expected {want}, the shape of {key}{extra}"
            )


def as_shaped(value: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    """`value` as a float array of `shape` when it holds exactly that many numbers.

    Value properties compare numbers, not shapes: a (n_h,) db1 holding the right numbers is the
    shapes category's failure alone. A different count cannot be compared, and says why."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.size == int(np.prod(shape)):
        return arr.reshape(shape)
    many = "entry" if arr.size == 1 else "entries"
    why = ""
    if arr.size == 1 and name.startswith("db"):
        why = ": np.sum without axis=1 adds up every unit's gradient into one number"
    raise Failure(
        f"{name} has {arr.size} {many} (shape {arr.shape}); expected one per entry of "
        f"{name[1:]}, shape {shape}{why}"
    )


def call_update(code: Any, *args: Any) -> dict[str, np.ndarray]:
    return float_arrays(code.update_parameters(*args), PARAMS, "update_parameters")


def as_cost(value: Any, what: str = "compute_cost") -> float:
    """The student's cost as a float; an array holding one number is accepted here (whether
    it should be an array is cost.number's question)."""
    if isinstance(value, bool) or value is None:
        raise Failure(f"{what} returned {describe(value)}; expected a number")
    if isinstance(value, int | float | np.number):
        number = float(value)
    elif isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.number):
        if value.size != 1:
            raise Failure(
                f"{what} returned an array of shape {value.shape}; expected one number, the "
                "cost averaged over all m examples"
            )
        number = float(value.reshape(-1)[0])
    else:
        raise Failure(f"{what} returned {describe(value)}; expected a number")
    if not np.isfinite(number):
        raise Failure(f"{what} returned {number}; expected a finite number")
    return number
