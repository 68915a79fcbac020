"""model(X, Y, ..., initialization=...): it starts from the student's own function for the chosen
scheme, and trains from there exactly as the reference does.

How "starts from your function" is seen: the worker seeds numpy's global RNG before every call
from the example's seed and the call's rank (grader.runner.student), so after
`code.begin_example(seed)` the first call of ``model(..., num_iterations=0)`` and the first call
of ``initialize_parameters_he(layers_dims)`` draw from the same state. A model that calls the
student's function returns exactly what the function returns; one that ignores
`initialization`, or initializes by itself, does not. When the student's function is not
reproducible that way (an unseeded ``np.random.default_rng()``, which is correct), the start is
judged by its form instead: all zeros or not, and the scale of its first two layers, which
tells the three schemes apart by a factor 10 or more.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from grader.authoring import Failure
from reference.datasets import circles
from reference.relu_net import HIDDEN, train_steps

from ._base import BY_KEY, MODEL, SCHEMES, Scheme, call_init, call_model
from ._base import prop as _prop

#: Small data with three features (not the circles' two, so that a model that fixes
#: layers_dims[0] = 2 shows it): the circles and a feature of noise, 24 examples.
_CIRCLES = circles(m=24, seed=7)
X = np.vstack([_CIRCLES[0], np.random.default_rng(7).normal(size=(1, 24)).round(2)])
Y = _CIRCLES[1]
#: A rate other than the lesson's default 0.01, so that a model that ignores learning_rate shows.
RATE = 0.1
STEPS = 7
SEED = 20_251_205
DEPS = tuple(f"shapes.{s.key}" for s in SCHEMES)
TIMEOUT = 20  # the first call of a model that plots imports matplotlib in the worker (~1 s)


def _layers_dims(params: dict[str, np.ndarray]) -> list[int]:
    L = len(params) // 2
    widths = [int(params[f"W{layer}"].shape[0]) for layer in range(1, L + 1)]
    return [int(params["W1"].shape[1]), *widths]


def _start(code: Any, initialization: str) -> dict[str, np.ndarray]:
    """model(..., num_iterations=0): the start, drawn right after the example's seed."""
    code.begin_example(SEED)
    params = call_model(code, X, Y, RATE, 0, initialization)
    dims = _layers_dims(params)
    expected = [X.shape[0], *HIDDEN, 1]
    if dims != expected:
        why = " (the input size comes from X: X.shape[0])" if dims[0] != X.shape[0] else ""
        raise Failure(
            f"{MODEL}(X, Y, initialization={initialization!r}) with X of shape {X.shape} built "
            f"a network of layers_dims {dims}; the lesson's is [X.shape[0], 10, 5, 1] = "
            f"{expected}{why}"
        )
    return params


def _own(code: Any, scheme: Scheme) -> dict[str, np.ndarray]:
    """The student's own function on the lesson's layers_dims, drawn right after the seed."""
    code.begin_example(SEED)
    params = call_init(code, scheme, [X.shape[0], *HIDDEN, 1])
    return {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return a.keys() == b.keys() and all(
        a[k].shape == b[k].shape and np.array_equal(a[k], b[k]) for k in a
    )


#: Largest gap, in log of the root-mean-square weight, between a start and a function of the
#: same scheme. Random (10) and He (sqrt(2/3), sqrt(2/10) on W1, W2) differ by 2.5 or more; two
#: draws of one scheme, with 30 and 50 weights in W1 and W2, by about 0.12 (one sd).
_FORM_GAP = 1.15


def _form(params: dict[str, np.ndarray]) -> tuple[bool, float]:
    """(all weights zero, log of the root-mean-square of W1 and W2)."""
    weights = [params[k] for k in params if k.startswith("W")]
    if all(not W.any() for W in weights):
        return True, 0.0
    rms = [math.sqrt(float(np.mean(params[k] ** 2))) for k in ("W1", "W2")]
    return False, sum(math.log(max(r, 1e-300)) for r in rms) / 2


def _matching_scheme(code: Any, start: dict[str, np.ndarray], key: str) -> str | None:
    """Which of the student's functions the model's start comes from: exactly, for the
    functions that are reproducible under the worker's seeding; by form, for the others."""
    own = {s.key: _own(code, s) for s in SCHEMES}
    replayable = {k for k in own if _same(own[k], _own(code, BY_KEY[k]))}
    exact = [k for k in (key, *own) if k in replayable and _same(start, own[k])]
    if exact:
        return exact[0]
    zero, size = _form(start)
    alike = [
        k
        for k in (key, *own)
        if k not in replayable
        and _form(own[k])[0] == zero
        and (zero or abs(_form(own[k])[1] - size) < _FORM_GAP)
    ]
    return alike[0] if alike else None


def model_starts_from_your_functions(code: Any) -> None:
    for scheme in SCHEMES:
        start = _start(code, scheme.key)
        found = _matching_scheme(code, start, scheme.key)
        if found == scheme.key:
            continue
        call = f"{MODEL}(X, Y, num_iterations=0, initialization={scheme.key!r})"
        if found is not None:
            raise Failure(
                f"{call} returned the start that {BY_KEY[found].function} gives, not "
                f"{scheme.function}'s: does model look at initialization? Each value must call "
                "its own function"
            )
        raise Failure(
            f"{call} returned a start that is not what {scheme.function}(layers_dims) returns "
            "(called with the same random state): does model initialize the weights itself, "
            f"instead of calling your {scheme.function}?"
        )


model_starts_from_your_functions.__doc__ = (
    f"{MODEL}(..., initialization=...) starts from your own function for each of the three schemes"
)
_prop(
    "model.dispatch",
    category="model",
    points=10,
    depends=DEPS,
    timeout=TIMEOUT,
    hint=f"{MODEL} chooses the start with initialization: parameters = "
    + ", ".join(f"{s.function}(layers_dims) when it is {s.key!r}" for s in SCHEMES)
    + ", with layers_dims = [X.shape[0], 10, 5, 1].",
)(model_starts_from_your_functions)


def _close(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return all(np.allclose(a[k], b[k], rtol=1e-6, atol=1e-9) for k in b)


def _explain(got: dict, trajectory: list[dict], start: dict, initialization: str) -> str:
    call = (
        f"{MODEL}(X, Y, learning_rate={RATE:g}, num_iterations={STEPS}, "
        f"initialization={initialization!r})"
    )
    if _close(got, start):
        return (
            f"{call} returned its start unchanged: does the loop assign parameters = "
            "update_parameters(parameters, grads, learning_rate)?"
        )
    for steps, params in enumerate(trajectory):
        if steps != STEPS and _close(got, params):
            return (
                f"{call} took {steps} steps of gradient descent instead of {STEPS}: the loop "
                "should run for i in range(num_iterations)"
            )
    for rate in (0.01, 0.001, 1.0, 1.2):
        if _close(got, train_steps(start, X, Y, STEPS, rate)[0][-1]):
            return (
                f"{call} trains with learning rate {rate:g}, not the {RATE:g} it was given: pass "
                "learning_rate on to update_parameters"
            )
    return (
        f"{call} returned parameters that differ from {STEPS} steps of gradient descent "
        f"(rate {RATE:g}) from its own start, num_iterations=0's: forward_propagation, "
        "compute_loss, backward_propagation, update_parameters, in that order, every iteration"
    )


def model_trains_like_the_reference(code: Any) -> None:
    for initialization in ("he", "zeros"):
        start = _start(code, initialization)
        if not _same(start, _start(code, initialization)):
            continue  # a start that cannot be replayed (the student's own generator)
        code.begin_example(SEED)
        got = call_model(code, X, Y, RATE, STEPS, initialization)
        trajectory = train_steps(start, X, Y, 2 * STEPS, RATE)[0]
        if not _close(got, trajectory[STEPS]):
            raise Failure(_explain(got, trajectory, start, initialization))


model_trains_like_the_reference.__doc__ = (
    f"{MODEL} takes num_iterations steps of gradient descent at learning_rate from its start"
)
_prop(
    "model.trains",
    category="model",
    points=5,
    depends=("model.dispatch",),
    timeout=TIMEOUT,
    hint="Each iteration: a3, cache = forward_propagation(X, parameters); cost = "
    "compute_loss(a3, Y); grads = backward_propagation(X, Y, cache); parameters = "
    "update_parameters(parameters, grads, learning_rate).",
)(model_trains_like_the_reference)
