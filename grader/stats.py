"""Statistical checks whose false-alarm rate for a correct implementation is below 1e-9.

A student may draw weights from an unseeded generator, so a correct submission is checked on
random samples. Every check here uses a bound on how far a correct sample can stray:

* mean of N draws of N(0, s^2): |mean| <= Z * s / sqrt(N);
* sample standard deviation: |sd / s - 1| <= Z / sqrt(2 (N - 1)) (chi-square, normal approx.,
  with Z = 7 leaving room for the approximation's tails; checked against the exact chi-square,
  the false-alarm rate is below ALPHA from N = 300 draws on, so judge no fewer);
* shape: the Kolmogorov distance between the standardised sample and N(0, 1) is bounded by the
  Dvoretzky-Kiefer-Wolfowitz inequality, P(D > eps) <= 2 exp(-2 N eps^2), distribution-free;
  estimating mean and sd from the sample only makes the distance smaller under the null.

Each check spends ALPHA = 1e-11 of false-alarm probability, so even a property running a
hundred of them stays below one in a billion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ALPHA = 1e-11
Z = 7.0  # two-sided normal tail at 7 sigma is 2.6e-12 < ALPHA


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float
    std: float

    @classmethod
    def of(cls, sample: np.ndarray) -> Summary:
        x = np.asarray(sample, dtype=float).ravel()
        return cls(n=x.size, mean=float(x.mean()), std=float(x.std(ddof=1)) if x.size > 1 else 0.0)


def mean_bound(target_std: float, n: int) -> float:
    """Largest |mean| a correct sample of n draws from N(0, target_std^2) shows."""
    return Z * target_std / math.sqrt(n)


def std_interval(target_std: float, n: int) -> tuple[float, float]:
    """Interval a correct sample's standard deviation falls in."""
    rel = Z / math.sqrt(2 * max(n - 1, 1))
    return target_std * (1 - rel), target_std * (1 + rel)


def dkw_epsilon(n: int, alpha: float = ALPHA) -> float:
    """Kolmogorov distance a correct sample of n draws stays below, with probability 1 - alpha."""
    return math.sqrt(math.log(2 / alpha) / (2 * n))


def _erf(x: np.ndarray) -> np.ndarray:
    """erf, vectorised (Abramowitz & Stegun 7.1.26): absolute error below 1.5e-7, a thousand
    times smaller than any Kolmogorov bound used here, and ~50x faster than math.erf per item."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def normal_cdf(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + _erf(np.asarray(x, dtype=float) / math.sqrt(2.0)))


def kolmogorov_distance_to_normal(sample: np.ndarray) -> float:
    """sup |F_n - Phi| for the standardised sample (0 for a degenerate sample is avoided:
    a constant sample returns 1)."""
    x = np.sort(np.asarray(sample, dtype=float).ravel())
    sd = x.std(ddof=1) if x.size > 1 else 0.0
    if not sd > 0:
        return 1.0
    z = (x - x.mean()) / sd
    cdf = normal_cdf(z)
    n = x.size
    upper = np.arange(1, n + 1) / n - cdf
    lower = cdf - np.arange(0, n) / n
    return float(max(upper.max(), lower.max()))


def excess_kurtosis(sample: np.ndarray) -> float:
    x = np.asarray(sample, dtype=float).ravel()
    d = x - x.mean()
    var = float(np.mean(d**2))
    return float(np.mean(d**4) / var**2 - 3.0) if var > 0 else float("nan")
