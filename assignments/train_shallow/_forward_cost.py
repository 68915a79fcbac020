"""Properties of forward and cost: the forward pass and the cross-entropy, against the reference.

The output layer is checked from the student's own hidden activations, so a hidden-layer bug
costs forward.hidden alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.authoring import Failure, describe
from reference.train import compute_cost as ref_cost
from reference.train import sigmoid

from ._base import (
    FEW,
    MANY,
    Net,
    Outputs,
    as_cost,
    call_forward,
    forward_shapes,
    nets,
    predictions,
    prop,
)
from ._compare import COST_RTOL, close, describe_difference

# -- forward -----------------------------------------------------------------------------------

FORWARD = ("api.forward", "shapes.forward")


@prop(
    "forward.hidden",
    category="forward",
    points=5,
    given={"net": nets()},
    depends=FORWARD,
    examples=MANY,
    hint="Z1 = np.dot(W1, X) + b1 and A1 = np.tanh(Z1): the hidden layer uses tanh.",
)
def hidden_layer(code: Any, net: Net) -> None:
    """The hidden layer computes Z1 = W1 X + b1 and A1 = tanh(Z1)"""
    A2, cache = call_forward(code, net.X, net.parameters)
    forward_shapes(A2, cache, net.n_h, net.m)
    P = net.parameters
    Z1 = P["W1"] @ net.X + P["b1"]
    if not close(cache["Z1"], Z1):
        raise Failure(
            describe_difference(
                "Z1",
                cache["Z1"],
                Z1,
                known=[
                    (P["W1"] @ net.X, "b1 is not added: Z1 = np.dot(W1, X) + b1"),
                    (P["W1"] @ net.X - P["b1"], "b1 is subtracted, not added"),
                ],
            )
        )
    A1 = np.tanh(Z1)
    if not close(cache["A1"], A1):
        raise Failure(
            describe_difference(
                "A1",
                cache["A1"],
                A1,
                known=[
                    (sigmoid(Z1), "that is sigmoid(Z1); the hidden layer uses tanh"),
                    # relu is only named where it differs from "some entries zeroed"
                    *(
                        [(np.maximum(Z1, 0), "that is relu(Z1); the hidden layer uses tanh")]
                        if np.any(Z1 > 0)
                        else []
                    ),
                    (Z1, "that is Z1 itself: the activation np.tanh is not applied"),
                ],
            )
        )


@prop(
    "forward.output",
    category="forward",
    points=6,
    given={"net": nets()},
    depends=FORWARD,
    examples=MANY,
    hint="Z2 = np.dot(W2, A1) + b2 and A2 = sigmoid(Z2): the output layer takes the hidden "
    "activations A1 and gives a probability.",
)
def output_layer(code: Any, net: Net) -> None:
    """The output layer computes Z2 = W2 A1 + b2 and A2 = sigmoid(Z2), from your A1"""
    A2, cache = call_forward(code, net.X, net.parameters)
    forward_shapes(A2, cache, net.n_h, net.m)
    P = net.parameters
    # Built on the student's own A1 and Z2, so a hidden-layer bug is forward.hidden's alone.
    Z2 = P["W2"] @ cache["A1"] + P["b2"]
    if not close(cache["Z2"], Z2):
        raise Failure(
            describe_difference(
                "Z2",
                cache["Z2"],
                Z2,
                known=[
                    (
                        P["W2"] @ cache["Z1"] + P["b2"],
                        "Z2 is built from Z1; use the activations A1",
                    ),
                    (P["W2"] @ cache["A1"], "b2 is not added: Z2 = np.dot(W2, A1) + b2"),
                ],
            )
            + " (the expected value is built from your own A1)"
        )
    expected = sigmoid(cache["Z2"])
    if not close(cache["A2"], expected):
        raise Failure(
            describe_difference(
                "A2",
                cache["A2"],
                expected,
                known=[
                    (np.tanh(cache["Z2"]), "that is tanh(Z2); the output layer uses sigmoid"),
                    (cache["Z2"], "that is Z2 itself: the sigmoid is not applied"),
                ],
            )
            + " (the expected value is sigmoid of your own Z2)"
        )
    if not close(A2, cache["A2"]):
        raise Failure(
            describe_difference("the returned A2", A2, cache["A2"])
            + "; the A2 you return should be the one in cache['A2']"
        )


# -- cost --------------------------------------------------------------------------------------


COST_HINT = (
    "cost = -(1/m) * np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)), with m = Y.shape[1]: "
    "both terms, averaged over the m examples."
)


@prop(
    "cost.value",
    category="cost",
    points=7,
    given={"case": predictions()},
    examples=MANY,
    hint=COST_HINT,
)
def cost_value(code: Any, case: Outputs) -> None:
    """compute_cost gives the cross-entropy averaged over the m examples"""
    A2, Y = case.A2, case.Y
    m = Y.shape[1]
    got = as_cost(code.compute_cost(A2, Y))
    expected = ref_cost(A2, Y)
    if close(got, expected, COST_RTOL):
        return
    only_y = float(-np.sum(Y * np.log(A2)) / m)
    only_not_y = float(-np.sum((1 - Y) * np.log(1 - A2)) / m)
    raise Failure(
        describe_difference(
            "the cost",
            got,
            expected,
            known=[
                (only_y, "the (1 - Y) * log(1 - A2) term, for examples with label 0, is missing"),
                (only_not_y, "the Y * log(A2) term, for examples with label 1, is missing"),
            ],
            factors=[
                (m, f"the sum is not divided by m = {m}: the cost is an average"),
                (-1.0, "the minus sign in front of the sum is missing"),
                (1 / np.log(10), "np.log10 is used; the cost uses the natural log np.log"),
                (-m, "the sum is neither negated nor divided by m"),
            ],
        )
    )


@prop(
    "cost.number",
    category="cost",
    points=4,
    given={"case": predictions()},
    examples=FEW,
    hint="np.dot(Y, np.log(A2).T) is a 1x1 matrix: return float(np.squeeze(cost)) so the cost "
    "is one number.",
)
def cost_is_number(code: Any, case: Outputs) -> None:
    """compute_cost returns one number, not an array"""
    value = code.compute_cost(case.A2, case.Y)
    if isinstance(value, np.ndarray) and value.ndim > 0:
        raise Failure(
            f"compute_cost returned {describe(value)}; expected a single number "
            "(a float): squeeze the array with float(cost) or np.squeeze(cost)"
        )
    as_cost(value)
