"""The statistical checks: a correct sample passes (false alarms below 1e-9 by construction,
never seen here), and the bugs students make are far outside the bounds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from grader.stats import (
    ALPHA,
    Summary,
    Z,
    dkw_epsilon,
    kolmogorov_distance_to_normal,
    mean_bound,
    normal_cdf,
    std_interval,
)

N = 20_000


def within(sample: np.ndarray, std: float) -> bool:
    s = Summary.of(sample)
    low, high = std_interval(std, s.n)
    return low <= s.std <= high and abs(s.mean) <= mean_bound(std, s.n)


def test_the_bounds_spend_less_than_one_in_a_billion():
    assert math.erfc(Z / math.sqrt(2)) < ALPHA
    assert 2 * math.exp(-2 * N * dkw_epsilon(N) ** 2) <= ALPHA * 1.0000001


def test_correct_samples_pass_every_time_over_many_seeds():
    rng = np.random.default_rng(0)
    for _ in range(300):
        sample = rng.standard_normal(N) * 0.01
        assert within(sample, 0.01)
        assert kolmogorov_distance_to_normal(sample) <= dkw_epsilon(N)


@pytest.mark.parametrize(
    ("label", "make"),
    [
        ("twice the spread", lambda rng: rng.standard_normal(N) * 0.02),
        (
            "sqrt(2) too large (He vs Xavier)",
            lambda rng: rng.standard_normal(N) * 0.01 * math.sqrt(2),
        ),
        ("no * 0.01", lambda rng: rng.standard_normal(N)),
        ("shifted mean", lambda rng: rng.standard_normal(N) * 0.01 + 0.001),
        ("uniform rand * 0.01", lambda rng: rng.random(N) * 0.01),
    ],
)
def test_wrong_spreads_and_means_are_caught(label, make):
    rng = np.random.default_rng(1)
    assert not within(make(rng), 0.01), label


def test_a_uniform_with_the_right_spread_is_caught_by_its_shape():
    rng = np.random.default_rng(2)
    sample = (rng.random(N) - 0.5) * 0.01 * math.sqrt(12)
    assert within(sample, 0.01)  # mean and spread look right ...
    assert kolmogorov_distance_to_normal(sample) > dkw_epsilon(N)  # ... the shape does not


def test_a_constant_sample_is_as_far_from_normal_as_possible():
    assert kolmogorov_distance_to_normal(np.zeros(100)) == 1.0


def test_normal_cdf_is_accurate():
    xs = np.linspace(-6, 6, 1001)
    exact = np.array([0.5 * (1 + math.erf(x / math.sqrt(2))) for x in xs])
    assert np.max(np.abs(normal_cdf(xs) - exact)) < 2e-7
