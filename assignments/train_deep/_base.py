"""The train-deep assignment object, its generated inputs, and validated calls into student code.

Generated networks have depth L = 2..5 (``layer_dims`` of 3 to 6 entries) and widths 1..30, drawn
as a list, so Hypothesis shrinks a failure to the fewest layers that still show it (a bug in
layer l needs L = l + 1) and then to the narrowest. Entries are multiples of 0.1, the weights of
layer l divided by its fan-in n[l-1] so that a deep ReLU network stays in sigmoid's unsaturated
range (|Z[L]| <= 6, AL in [0.0025, 0.9975]) at every width; at width 1 they print as tenths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from assignments import SUPPORT
from grader.authoring import (
    Assignment,
    Failure,
    Function,
    StudentFailure,
    describe,
    expect_float_array,
)

# Generated inputs per property: the bugs here show on almost every input of a depth that has
# them (widths differ from each other and from m nine times in ten), so a handful of examples
# is enough, and each example costs one to a few dozen calls into the worker.
FEW = 3
SOME = 5
MANY = 8

#: The two initializers' roles: a course profile may bind either alone (grader.roles).
INIT_SHALLOW = "initialize_parameters"
INIT_DEEP = "initialize_parameters_deep"

assignment = Assignment(
    name="train-deep",
    support=(SUPPORT,),  # dnn_utils: sigmoid, relu and their backward helpers
    title="Building your deep neural network: step by step",
    functions={
        INIT_SHALLOW: Function(("n_x", "n_h", "n_y")),
        INIT_DEEP: Function(("layer_dims",)),
        "linear_forward": Function(("A", "W", "b")),
        "linear_activation_forward": Function(("A_prev", "W", "b", "activation")),
        "L_model_forward": Function(("X", "parameters")),
        "compute_cost": Function(("AL", "Y")),
        "linear_backward": Function(("dZ", "cache")),
        "linear_activation_backward": Function(("dA", "cache", "activation")),
        "L_model_backward": Function(("AL", "Y", "caches")),
        # The course renamed the first argument `params` in 2021: the binder passes it by
        # position to a parameter named either way.
        "update_parameters": Function(
            ("parameters", "grads", "learning_rate"),
            variants=(("params", "grads", "learning_rate"),),
        ),
    },
    version="1",
    description=(
        "An L-layer network, ReLU hidden layers and a sigmoid output, built one step at a time: "
        "initialize_parameters(_deep), linear_forward, linear_activation_forward, L_model_forward, "
        "compute_cost, linear_backward, linear_activation_backward, L_model_backward and "
        "update_parameters, with X of shape (n[0], m) and the course's caches."
    ),
    template=str(Path(__file__).with_name("template.ipynb")),
)
prop = assignment.property


# -- generated inputs ------------------------------------------------------------------------------

SEEDS = st.integers(0, 2**32 - 1)
LIMITS = st.integers(5, 10)  # largest |entry| in tenths: at least 0.5, so every slip shows
WIDTHS = st.integers(1, 30)
#: Depth L = 2..5: a list of L + 1 sizes, so shrinking removes layers first.
LAYER_DIMS = st.lists(WIDTHS, min_size=3, max_size=6)
EXAMPLES = st.integers(1, 8)


def tenths(rng: np.random.Generator, shape: tuple[int, ...], limit: int) -> np.ndarray:
    """Entries k / 10 with integer k in [-limit, limit]."""
    return rng.integers(-limit, limit + 1, size=shape) / 10.0


def nonzero_tenths(rng: np.random.Generator, shape: tuple[int, ...], limit: int) -> np.ndarray:
    """Entries k / 10 with k in [-limit, limit] and k != 0."""
    k = rng.integers(1, limit + 1, size=shape) * rng.choice([-1, 1], size=shape)
    return k / 10.0


def zero_one(rng: np.random.Generator, m: int) -> np.ndarray:
    return rng.integers(0, 2, size=(1, m)).astype(np.float64)


def _plain(value: Any) -> Any:
    """Nested lists of a dict of arrays: the engine hashes reprs to seed each example, and
    nested lists print ~50x faster than numpy's array2string."""
    return {k: v.tolist() for k, v in value.items()}


def depth_of(parameters: dict[str, np.ndarray]) -> int:
    return len(parameters) // 2


#: A hidden pre-activation this close to 0 is moved away: a finite difference across ReLU's kink
#: is not its derivative, and the course's relu_backward (dZ = 0 where Z <= 0) and a student's
#: `Z >= 0` differ only at Z == 0, which is no bug.
KINK = 0.02


_SHIFTS = (0.0, *(sign * k / 20 for k in range(1, 21) for sign in (1, -1)))  # 0, ±0.05 .. ±1


def _away_from_kinks(X: np.ndarray, parameters: dict[str, np.ndarray]) -> None:
    """Shift hidden biases (in place, by multiples of 0.05) until no hidden Z is within KINK of 0."""
    A = X
    L = depth_of(parameters)
    for layer in range(1, L):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        Z = W @ A + b
        for row in range(Z.shape[0]):
            for shift in _SHIFTS:
                if np.min(np.abs(Z[row] + shift)) >= KINK:
                    b[row, 0] = round(b[row, 0] + shift, 10)
                    break
        A = np.maximum(W @ A + b, 0.0)


def random_parameters(
    rng: np.random.Generator, layer_dims: Sequence[int], limit: int
) -> dict[str, np.ndarray]:
    """W{l} of tenths divided by the fan-in layer_dims[l-1], b{l} of tenths."""
    parameters = {}
    for layer in range(1, len(layer_dims)):
        n, n_prev = layer_dims[layer], layer_dims[layer - 1]
        parameters[f"W{layer}"] = tenths(rng, (n, n_prev), limit) / n_prev
        parameters[f"b{layer}"] = tenths(rng, (n, 1), limit)
    return parameters


@dataclass(frozen=True)
class Net:
    """One generated network and batch: X (n[0], m), 0/1 labels Y (1, m), and parameters."""

    X: np.ndarray
    Y: np.ndarray
    parameters: dict[str, np.ndarray]

    def __repr__(self) -> str:
        return (
            f"Net(X={self.X.tolist()}, Y={self.Y.tolist()}, parameters={_plain(self.parameters)})"
        )

    @property
    def L(self) -> int:
        return depth_of(self.parameters)

    @property
    def m(self) -> int:
        return int(self.X.shape[1])

    @property
    def layer_dims(self) -> list[int]:
        return [int(self.X.shape[0])] + [
            int(self.parameters[f"W{layer}"].shape[0]) for layer in range(1, self.L + 1)
        ]


@st.composite
def nets(draw: Any, dims: Any = LAYER_DIMS, examples: Any = EXAMPLES) -> Net:
    layer_dims = [*draw(dims)[:-1], 1]  # one output unit: the binary classifier of the lesson
    m, limit = draw(examples), draw(LIMITS)
    rng = np.random.default_rng(draw(SEEDS))
    X = tenths(rng, (layer_dims[0], m), 2 * limit)
    parameters = random_parameters(rng, layer_dims, limit)
    _away_from_kinks(X, parameters)
    return Net(X=X, Y=zero_one(rng, m), parameters=parameters)


@dataclass(frozen=True)
class Layer:
    """One layer's inputs: A_prev (n_prev, m), W (n, n_prev), b (n, 1), and a gradient dA (n, m)
    for the backward functions; Z = W A_prev + b."""

    A_prev: np.ndarray
    W: np.ndarray
    b: np.ndarray
    dA: np.ndarray

    def __repr__(self) -> str:
        return (
            f"Layer(A_prev={self.A_prev.tolist()}, W={self.W.tolist()}, b={self.b.tolist()}, "
            f"dA={self.dA.tolist()})"
        )

    @property
    def Z(self) -> np.ndarray:
        return self.W @ self.A_prev + self.b

    @property
    def m(self) -> int:
        return int(self.A_prev.shape[1])


@st.composite
def layers(draw: Any) -> Layer:
    """Sizes drawn independently (n, n_prev and m differ most of the time, which exposes a
    transposed product or a sum over the wrong axis); Z kept KINK away from 0."""
    n, n_prev, m = draw(st.integers(1, 6)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    limit = draw(LIMITS)
    rng = np.random.default_rng(draw(SEEDS))
    A_prev, W = tenths(rng, (n_prev, m), 2 * limit), tenths(rng, (n, n_prev), limit)
    b = tenths(rng, (n, 1), limit)
    params = {"W1": W, "b1": b, "W2": np.zeros((1, n)), "b2": np.zeros((1, 1))}
    _away_from_kinks(A_prev, params)
    return Layer(A_prev, W, b, nonzero_tenths(rng, (n, m), 2 * limit))


class form_only:
    """``with form_only(): ...`` ignores an exception the student's code raises: api and shapes
    judge what a function returns, and a function that raises on these inputs returns nothing
    to judge. Its value properties report the exception, in the category of the bug, instead of
    api failing for it and skipping everything that depends on api."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, tb: Any) -> bool:
        return kind is not None and issubclass(kind, StudentFailure)


# -- validated calls -------------------------------------------------------------------------------


def expect_pair(value: Any, what: str, names: str) -> tuple[Any, Any]:
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise Failure(f"{what} returned {describe(value)}; expected a pair ({names}): end it "
                      f"with `return {names}`")  # fmt: skip
    return value[0], value[1]


def expect_triple(value: Any, what: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not isinstance(value, tuple | list) or len(value) != 3:
        raise Failure(f"{what} returned {describe(value)}; expected three arrays: end it with "
                      "`return dA_prev, dW, db`")  # fmt: skip
    return tuple(  # type: ignore[return-value]
        _array_or_number(v, name) for v, name in zip(value, ("dA_prev", "dW", "db"), strict=True)
    )


def _array_or_number(value: Any, name: str) -> Any:
    """A finite float array, or a plain number (a scalar db is a shape mistake, which the shapes
    category reports, not an api mistake)."""
    if isinstance(value, float | np.floating) and not isinstance(value, np.ndarray):
        if not np.isfinite(value):
            raise Failure(f"{name} is {value}; expected finite numbers")
        return np.float64(value)
    return expect_float_array(value, name)


def call_linear_forward(code: Any, A: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple:
    """(Z, cache) of the student's linear_forward; cache is a 3-tuple (layout not checked)."""
    Z, cache = expect_pair(code.linear_forward(A, W, b), "linear_forward", "Z, cache")
    Z = expect_float_array(Z, "Z (the first value linear_forward returns)")
    if not isinstance(cache, tuple | list) or len(cache) != 3:
        raise Failure(f"linear_forward's cache is {describe(cache)}; expected the tuple "
                      "(A, W, b): linear_backward reads the layer's input and weights from it")  # fmt: skip
    return Z, cache


def call_activation_forward(
    code: Any, A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str
) -> tuple[np.ndarray, Any]:
    """(A, cache) of linear_activation_forward; cache is a pair (layout not checked)."""
    what = f'linear_activation_forward(..., activation="{activation}")'
    A, cache = expect_pair(
        code.linear_activation_forward(A_prev, W, b, activation), what, "A, cache"
    )
    A = expect_float_array(A, f"A (the first value {what} returns)")
    if not isinstance(cache, tuple | list) or len(cache) != 2:
        raise Failure(f"{what} gave a cache that is {describe(cache)}; expected the pair "
                      "(linear_cache, activation_cache)")  # fmt: skip
    return A, cache


def call_model_forward(code: Any, X: np.ndarray, parameters: dict) -> tuple[np.ndarray, list]:
    """(AL, caches) of L_model_forward, with one cache per layer."""
    AL, caches = expect_pair(code.L_model_forward(X, parameters), "L_model_forward", "AL, caches")
    AL = expect_float_array(AL, "AL (the first value L_model_forward returns)")
    L = depth_of(parameters)
    if not isinstance(caches, tuple | list):
        raise Failure(f"L_model_forward's caches is {describe(caches)}; expected a list of "
                      "one cache per layer (caches.append(cache) in every layer)")  # fmt: skip
    if len(caches) != L:
        raise Failure(
            f"L_model_forward returned {len(caches)} caches for a network of L = {L} layers "
            f"(parameters W1..W{L}); expected one per layer: append the cache of every hidden "
            "layer and of the output layer"
        )
    return AL, list(caches)


def unpack_cache(cache: Any, layer: int | None = None) -> tuple[np.ndarray, ...]:
    """(A_prev, W, b, Z) from a cache in the documented layout ((A_prev, W, b), Z); a Failure
    that says which layout was found otherwise."""
    where = f"layer {layer}'s cache" if layer is not None else "the cache"
    if isinstance(cache, tuple | list) and len(cache) == 2:
        first, second = cache
        if isinstance(first, tuple | list) and len(first) == 3 and isinstance(second, np.ndarray):
            return (*first, second)
        if isinstance(second, tuple | list) and len(second) == 3 and isinstance(first, np.ndarray):
            raise Failure(
                f"{where} is (activation_cache, linear_cache); the course's layout is "
                "(linear_cache, activation_cache), and linear_activation_backward unpacks it "
                "in that order: cache = (linear_cache, activation_cache)"
            )
    raise Failure(f"{where} is {describe(cache)}; expected the pair ((A_prev, W, b), Z), "
                  "(linear_cache, activation_cache)")  # fmt: skip


def activation_grads(grads: dict[str, Any], L: int) -> list[Any] | None:
    """[dA0, ..., dA{L-1}] (gradients with respect to A[0]..A[L-1]) under either naming of the
    course: newer notebooks key the gradient of A[l] as "dA" + str(l), older ones as
    "dA" + str(l + 1). None when neither is complete."""
    for offset in (0, 1):
        keys = [f"dA{layer + offset}" for layer in range(L)]
        if all(key in grads for key in keys):
            return [grads[key] for key in keys]
    return None


def call_model_backward(code: Any, AL: np.ndarray, Y: np.ndarray, caches: list, L: int) -> dict:
    """The student's grads: dW1..dWL and db1..dbL as arrays (or numbers), and "dA" entries
    [dA0..dA{L-1}] under the key "dA" whichever naming the student used."""
    grads = code.L_model_backward(AL, Y, caches)
    if not isinstance(grads, dict):
        raise Failure(f"L_model_backward returned {describe(grads)}; expected a dict of "
                      "gradients dA.., dW1.., db1..")  # fmt: skip
    wanted = [f"d{kind}{layer}" for layer in range(1, L + 1) for kind in "Wb"]
    missing = [key for key in wanted if key not in grads]
    if missing:
        got = ", ".join(repr(k) for k in grads) or "no keys"
        raise Failure(
            f"L_model_backward returned a dict with keys {got} for L = {L} layers; it is "
            f"missing {', '.join(repr(k) for k in missing)}: grads['dW' + str(l + 1)] and "
            "grads['db' + str(l + 1)] for every layer"
        )
    dA = activation_grads(grads, L)
    if dA is None:
        raise Failure(
            f"L_model_backward's grads hold no complete set of activation gradients for L = {L} "
            f"layers: expected dA0..dA{L - 1} (grads['dA' + str(l)] = the gradient of A[l]) or, "
            f"as older notebooks name them, dA1..dA{L}"
        )
    out = {key: _array_or_number(grads[key], key) for key in wanted}
    out["dA"] = [_array_or_number(v, f"the gradient of A{layer}") for layer, v in enumerate(dA)]
    return out


def call_update(code: Any, parameters: dict, grads: dict, rate: float) -> dict[str, np.ndarray]:
    value = code.update_parameters(parameters, grads, rate)
    if not isinstance(value, dict):
        raise Failure(f"update_parameters returned {describe(value)}; expected the parameters "
                      "dict, `return parameters`")  # fmt: skip
    missing = [k for k in parameters if k not in value]
    if missing:
        raise Failure(f"update_parameters returned a dict without {', '.join(missing)}; "
                      "expected every parameter W1..WL, b1..bL")  # fmt: skip
    return {k: expect_float_array(value[k], k) for k in parameters}


def as_cost(value: Any, what: str = "compute_cost") -> float:
    """The student's cost as a float; an array holding one number is accepted here (whether it
    should be an array is cost.number's question, as in train-shallow)."""
    if isinstance(value, bool) or value is None:
        raise Failure(f"{what} returned {describe(value)}; expected a number")
    if isinstance(value, int | float | np.number):
        number = float(value)
    elif isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.number):
        if value.size != 1:
            raise Failure(f"{what} returned an array of shape {value.shape}; expected one "
                          "number, the cost averaged over all m examples")  # fmt: skip
        number = float(value.reshape(-1)[0])
    else:
        raise Failure(f"{what} returned {describe(value)}; expected a number")
    if not np.isfinite(number):
        raise Failure(f"{what} returned {number}; expected a finite number")
    return number


def as_shaped(value: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    """`value` as a float array of `shape` when it holds exactly that many numbers (value
    properties compare numbers; a (n,) db holding the right numbers is the shapes category's
    failure alone). A different count cannot be compared, and says why."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.size == int(np.prod(shape)):
        return arr.reshape(shape)
    why = ""
    bias = name.split()[-1].startswith("db")  # "db2", "linear_backward's db"
    if bias and arr.size == 1:
        why = ": np.sum without axis=1 adds up every unit's gradient into one number"
    elif bias:
        why = " (a sum over axis=0 gives one entry per example; sum over axis=1, the examples)"
    raise Failure(f"{name} has shape {arr.shape}; expected {shape}{why}")
