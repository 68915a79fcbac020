"""The helpers properties use: each failure message says what was seen and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from grader import Failure
from grader.checks import (
    describe,
    expect_centred,
    expect_dict,
    expect_float_array,
    expect_shape,
    identical_pairs,
    repeat_cause,
)
from grader.runner.codec import Opaque, SubclassedArray
from grader.stats import Summary


def test_expect_dict_names_missing_and_unexpected_keys():
    with pytest.raises(Failure, match=r"missing 'W2'.*unexpected 'w2'"):
        expect_dict({"W1": 1, "w2": 2}, ("W1", "W2"), "f")
    with pytest.raises(Failure, match="returned a tuple; expected a dict"):
        expect_dict((1, 2), ("W1",), "f")
    assert expect_dict({"a": 1}, ("a",), "f") == {"a": 1}


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ([[0.1]], "a list; expected a numpy array of floats (use np.array"),
        (np.zeros((2, 1), dtype=int), "dtype int64; expected floats"),
        (np.array([[np.nan]]), "NaN"),
        (np.array([[np.inf]]), "infinite"),
        (Opaque("an object of type Liar"), "an object of type Liar"),
    ],
)
def test_expect_float_array_says_what_it_got(value, fragment):
    with pytest.raises(Failure) as info:
        expect_float_array(value, "W1")
    assert fragment in str(info.value)


def test_an_ndarray_subclass_is_not_a_plain_array():
    sub = np.zeros(3).view(SubclassedArray)
    sub.original = "matrix"
    with pytest.raises(Failure, match="subclass"):
        expect_float_array(sub, "W1")
    assert "matrix" in describe(sub)


def test_expect_shape_spots_transposes_and_1d_vectors():
    with pytest.raises(Failure, match=r"\(3, 2\); expected \(2, 3\) = \(n_h, n_x\).*transposed"):
        expect_shape(np.zeros((3, 2)), (2, 3), "W1", "(n_h, n_x)")
    with pytest.raises(Failure, match="1-D array is not a column vector"):
        expect_shape(np.zeros(4), (4, 1), "b1")
    expect_shape(np.zeros((2, 3)), (2, 3), "W1")


def test_identical_pairs_treats_minus_zero_as_zero():
    rows = np.array([[0.0, 1.0], [-0.0, 1.0], [2.0, 1.0]])
    assert identical_pairs(rows) == [(0, 1)]
    assert identical_pairs(np.eye(3)) == []


def test_expect_zeros_says_how_many_entries_are_not_zero_and_the_largest():
    from grader.checks import expect_zeros

    expect_zeros(np.zeros((3, 1)), "b1")
    expect_zeros(np.array([[-0.0]]), "b2")  # minus zero is zero
    with pytest.raises(Failure, match=r"b1 has 2 non-zero entries out of 3 \(largest 0\.5\)"):
        expect_zeros(np.array([[0.0], [0.5], [-0.25]]), "b1")
    with pytest.raises(Failure, match="1 non-zero entry out of 1"):
        expect_zeros([[1]], "b2")


def test_weights_must_be_centred_on_zero_within_a_bound_taken_at_their_spread():
    """A correct draw passes; an all-positive one is told so; weights 100 times too large
    but centred are not blamed for their mean (their spread is another check's to judge)."""
    rng = np.random.default_rng(0)
    good = rng.standard_normal(10_000) * 0.01
    expect_centred(good, Summary.of(good), 0.01, "the entries of W1")
    loud = good * 100
    expect_centred(loud, Summary.of(loud), 0.01, "the entries of W1")
    uniform = rng.random(10_000) * 0.01
    with pytest.raises(
        Failure, match=r"the entries of W1 have mean .*every one of them is positive"
    ):
        expect_centred(uniform, Summary.of(uniform), 0.01, "the entries of W1")


def test_a_repeated_draw_that_is_all_one_number_is_blamed_on_no_draw_not_on_a_seed():
    assert "every entry of W1 is 0 on both calls" in repeat_cause(np.zeros((3, 2)), "W1")
    assert "is 0.01 on both calls" in repeat_cause(np.full((2, 2), 0.01), "W2")
    assert "entries the code never fills" in repeat_cause(np.zeros((1, 1)), "W1")
    # One non-zero number, or varied numbers, repeated: a seed inside is the likely cause.
    assert repeat_cause(np.array([[-0.004]]), "W1") == "is a seed set inside the function?"
    assert repeat_cause(np.array([[0.1, -0.2]]), "W1") == "is a seed set inside the function?"
    # ... unless every other weight of the call is that same number.
    constant = repeat_cause(np.array([[0.01]]), "W1", [np.full((1, 1), 0.01)])
    assert "is 0.01 on both calls (as is every other weight)" in constant
    seeded = repeat_cause(np.array([[0.01]]), "W1", [np.array([[0.3]])])
    assert seeded == "is a seed set inside the function?"
