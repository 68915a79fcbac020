"""grader.library.scale: the one check of "weights ~ N(0, sigma^2)", and of distinct units, that
every initialization assignment binds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from grader.library import (
    Layer,
    expect_distinct_outgoing,
    expect_distinct_units,
    expect_scale,
    name_mistake,
)
from grader.properties import Failure

HE = Layer(math.sqrt(2 / 40), "sqrt(2/n[l-1])", 40, 10, "n[1]", "n[2]")
SMALL = Layer(0.01, "0.01", 120, 100, "n_x", "n_h")


def test_a_correct_draw_passes_at_every_bound_the_assignments_use():
    rng = np.random.default_rng(0)
    for layer in (HE, SMALL):
        for n in (300, 1200, 20_000):
            expect_scale(rng.standard_normal(n) * layer.sigma, layer, "W")


def test_the_expected_scale_is_spelled_out_for_the_layer():
    assert HE.expected == "sqrt(2/n[1]) = sqrt(2/40) = 0.224"
    assert SMALL.expected == "0.01"


def test_a_scale_off_by_a_usual_mistake_names_what_was_seen_and_what_was_expected():
    rng = np.random.default_rng(1)
    with pytest.raises(Failure) as err:
        expect_scale(rng.standard_normal(2000) * math.sqrt(1 / 40), HE, "f: the 2000 entries")
    message = str(err.value)
    assert "expected sqrt(2/n[1]) = sqrt(2/40) = 0.224" in message
    assert "looks like sqrt(1/n[1]) = 0.158 instead of sqrt(2/n[1]), Xavier's scale" in message


@pytest.mark.parametrize(
    ("observed", "said"),
    [
        (1.0, "did you forget the * 0.01?"),
        (0.1, "10 times too large"),
        (0.001, "10 times too small"),
        (0.01 / math.sqrt(12), "a uniform draw, not a Gaussian"),
        (math.sqrt(2 / 120), "He's scale"),
    ],
)
def test_each_usual_mistake_is_named(observed, said):
    assert said in name_mistake(SMALL, observed)


def test_a_spread_no_mistake_explains_says_nothing_more():
    assert name_mistake(SMALL, 0.5) == ""


def test_the_mean_is_judged_before_the_spread():
    positive = np.random.default_rng(2).random(2000) * 0.01
    with pytest.raises(Failure, match="every one of them is positive"):
        expect_scale(positive, SMALL, "the 2000 entries of W1")


def test_one_number_repeated_is_told_as_such():
    with pytest.raises(Failure, match=r"are all 0\.01: they were not drawn at random"):
        expect_scale(np.full(1000, 0.01), SMALL, "the 1000 entries of W1")


def test_too_few_draws_are_not_judged():
    expect_scale(np.full(299, 5.0), SMALL, "W")


def test_identical_rows_are_units_that_never_differ():
    W = np.random.default_rng(3).standard_normal((4, 6))
    W[2] = W[0]
    with pytest.raises(Failure, match="rows 0 and 2 of W1 are identical"):
        expect_distinct_units(W, "W1", prefix="f: ")
    expect_distinct_units(W[:2], "W1")


def test_a_repeated_outgoing_weight_names_both_senders():
    W = np.random.default_rng(4).standard_normal((2, 5))
    W[1, 3] = W[1, 0]
    with pytest.raises(Failure, match=r"hidden units 0 and 3 send the same weight to output 1"):
        expect_distinct_outgoing(W, "W2", "hidden units", "output")
