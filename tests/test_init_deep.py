"""init-deep: the corpus graded end to end through the real CLI (full marks for every correct
style, less for every bug, a load-error report for files that cannot load), the reference
implementation graded as a student would hand it in, and the statistics behind the scale and
signal checks: a correct submission passes with overwhelming probability, the bugs the lesson
warns about do not."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import assignments.init_deep as deep
from assignments.init_deep import _depth, _gaussian, _interface, _scale, signal
from corpus_harness import expectations, grade_all, problems
from grader.api import check
from grader.library import Layer, name_mistake
from grader.properties import Failure
from grader.stats import ALPHA, Z, dkw_epsilon, kolmogorov_distance_to_normal, std_interval

ASSIGNMENT = "init-deep"
EXPECTATIONS = expectations(ASSIGNMENT)
ROOT = Path(__file__).resolve().parent.parent
QUIET = settings(
    max_examples=60, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(scope="module")
def graded():
    return grade_all(ASSIGNMENT, [e.file for e in EXPECTATIONS], jobs=2)


def test_corpus_is_large_enough():
    kinds = [e.expect for e in EXPECTATIONS]
    assert kinds.count("full") >= 10
    assert kinds.count("partial") >= 20
    assert kinds.count("load-error") >= 3
    for kind in ("full", "partial"):
        names = [e.file for e in EXPECTATIONS if e.expect == kind]
        assert any(n.endswith(".ipynb") for n in names) and any(n.endswith(".py") for n in names)
    listed = {e.file for e in EXPECTATIONS if not e.mutant}
    on_disk = {p.name for p in (ROOT / "tests/corpus/init-deep").glob("*") if p.suffix != ".md"}
    assert on_disk - {"expected.toml"} == listed


@pytest.mark.parametrize("exp", EXPECTATIONS, ids=[e.file for e in EXPECTATIONS])
def test_submission_gets_expected_result(exp, graded):
    assert problems(exp, graded[exp.file]) == []


def test_points_add_up_to_100_and_every_category_is_graded():
    assert deep.assignment.max_score == 100
    assert deep.assignment.categories() == [
        "api",
        "shapes",
        "bias-zeros",
        "randomness",
        "symmetry",
        "scale",
    ]


# -- the reference, handed in as a student would ------------------------------------------------


def reference_as_submission() -> str:
    """reference/init.py and the helper it imports, pasted into one file (a submission cannot
    import `reference`), so the reference itself is graded, not a copy that could drift."""
    helper = (ROOT / "reference" / "_validate.py").read_text()
    init = (ROOT / "reference" / "init.py").read_text()
    init = init.replace(
        "from reference._validate import check_positive_int as _check_positive_int",
        "_check_positive_int = check_positive_int",
    )
    assert "from reference" not in init
    future = "from __future__ import annotations\n"
    return future + (helper + "\n\n" + init).replace(future, "")


def test_reference_implementation_gets_full_marks(tmp_path):
    path = tmp_path / "reference_init.py"
    path.write_text(reference_as_submission())
    report = check(path, ASSIGNMENT)
    assert report.load_errors == ()
    failing = {p.id: p.message for p in report.properties if not p.passed}
    assert report.full_marks, failing


# -- scale: the bounds are rigorous, and sharp enough for a factor sqrt(2) ----------------------


def test_std_bounds_false_alarm_is_below_alpha_from_min_draws_on():
    """grader.stats' interval uses a normal approximation; from MIN_DRAWS draws on, the exact
    chi-square probability of a correct sample falling outside it is below ALPHA = 1e-11."""
    chi2 = pytest.importorskip("scipy.stats").chi2
    sizes = [*range(_scale.MIN_DRAWS, 3000, 97), 5_000, 20_000, 100_000]
    for n in sizes:
        low, high = std_interval(1.0, n)
        k = n - 1
        outside = chi2.sf(k * high**2, k) + chi2.cdf(k * max(low, 0.0) ** 2, k)
        assert outside < ALPHA, (n, outside)


@given(layer_dims=_scale.layer_dims_alternating())
@QUIET
def test_scale_layers_have_fans_a_factor_2_apart_and_enough_weights(layer_dims):
    assert 3 <= len(layer_dims) <= 5
    for n_prev, n in itertools.pairwise(layer_dims):
        assert max(n, n_prev) >= 2 * min(n, n_prev)  # a wrong fan is off by sqrt(2) or more
        assert n * n_prev >= _scale.MIN_DRAWS  # one draw is already a trustworthy sample


def test_pooled_draws_separate_a_scale_off_by_sqrt_2():
    """With the draws pooled per layer, a sample whose scale is off by sqrt(2) (He for Xavier,
    Xavier for He, a fan-out twice the fan-in) lands outside the bounds even when it strays
    Z standard errors toward them."""
    smallest_layer = _scale._NARROW[0] * _scale._WIDE[0]
    n = math.ceil(_scale.LAYER_DRAWS / smallest_layer) * smallest_layer
    assert n >= _scale.LAYER_DRAWS
    low, high = std_interval(1.0, n)
    wobble = Z / math.sqrt(2 * (n - 1))
    assert math.sqrt(2) * (1 - wobble) > high
    assert (1 + wobble) / math.sqrt(2) < low


def test_scale_guess_names_the_usual_mistakes():
    def guess(formula: str, sigma: float, observed: float) -> str:
        # layer 2 of [10, 40, 10]: fan-in 40, fan-out 10
        return name_mistake(Layer(sigma, formula, 40, 10, "n[1]", "n[2]"), observed)

    xavier, he = ("sqrt(1/n[l-1])", math.sqrt(1 / 40)), ("sqrt(2/n[l-1])", math.sqrt(2 / 40))
    assert "fan-out n[2] = 10" in guess(*xavier, math.sqrt(1 / 10))
    assert "Xavier's scale" in guess(*he, math.sqrt(1 / 40))
    assert "He's scale" in guess(*xavier, math.sqrt(2 / 40))
    assert "instead of sqrt(1/n[1])" in guess(*xavier, math.sqrt(2 / 40))
    assert "square root" in guess(*xavier, 1 / 40)
    assert "small constant of the shallow lessons" in guess(*he, 0.01)
    assert "did you forget the * sqrt(2/n[l-1])?" in guess(*he, 1.0)
    assert guess(*he, 0.5) == ""  # nothing usual: say nothing


def test_a_layer_judged_on_too_few_draws_is_not_judged():
    he = deep.BY_KEY["he"]
    wide = np.tile([5.0, -5.0], _scale.MIN_DRAWS)  # mean 0, spread 5
    _scale._judge_layer(he, 1, [20, 30], wide[: _scale.MIN_DRAWS - 1], "")  # too few: no Failure
    with pytest.raises(Failure, match=r"sqrt\(2/n\[0\]\) = sqrt\(2/20\) = 0.316"):
        _scale._judge_layer(he, 1, [20, 30], wide, "")


def test_an_all_positive_layer_is_told_its_mean():
    positive = np.abs(np.random.default_rng(1).standard_normal(2000)) * math.sqrt(2 / 20)
    with pytest.raises(Failure, match="every one of them is positive"):
        _scale._judge_layer(deep.BY_KEY["he"], 1, [20, 30], positive, " (over 4 calls)")


# -- shapes: the loop bugs are named --------------------------------------------------------------


@pytest.mark.parametrize(
    ("missing", "extra", "says"),
    [
        (["W3", "b3"], [], "the last layer is missing"),
        (["W3", "b3"], ["W0", "b0"], "there is no layer 0"),
        (["W1"], ["w1"], "case-sensitive"),
        ([], ["W4", "b4"], "keeps the layers of earlier calls"),
    ],
)
def test_key_problems_name_the_loop_bug(missing, extra, says):
    message = _interface._key_problem(missing, extra, 3)
    assert "expected exactly W1..W3 and b1..b3" in message
    assert says in message


# -- the signal through a deep stack ------------------------------------------------------------


def test_expected_spreads_follow_the_lesson():
    # He and ReLU: every layer keeps the input's spread of 1.
    assert np.allclose(signal.expected_spreads("relu", 2.0, 6), 1.0)
    # Xavier and tanh: the first layer sees z ~ N(0, 1), so its spread is sqrt(E[tanh(Z)^2]);
    # after that the spread decays slowly (tanh is below the identity), never by half a layer.
    tanh = signal.expected_spreads("tanh", 1.0, 7)
    z = np.random.default_rng(0).standard_normal(2_000_000)
    assert tanh[0] == pytest.approx(math.sqrt(np.mean(np.tanh(z) ** 2)), rel=2e-3)
    assert np.all(np.diff(tanh) < 0) and np.all(tanh[1:] / tanh[:-1] > 0.75)


def test_inputs_are_whitened_and_reproducible():
    X = signal.inputs([3, 100, 100])
    assert X.shape == (3, signal.INPUTS)
    assert np.allclose(X.mean(axis=1), 0)
    assert np.allclose(X @ X.T / X.shape[1], np.eye(3))
    assert np.array_equal(X, signal.inputs([3, 100, 100]))


def test_first_departure_gives_the_layer_and_the_direction():
    expected = np.ones(5)
    assert signal.first_departure(np.array([1, 0.9, 1.2, 0.8, 1.1]), expected, "relu") is None
    low = signal.first_departure(np.array([1, 0.5, 0.2, 0.01, 0.0]), expected, "relu")
    assert (low.layer, low.vanished) == (3, True)
    high = signal.first_departure(np.array([1, 2, 5, np.inf, np.nan]), expected, "relu")
    assert (high.layer, high.vanished) == (3, False)


def _stack_weights(rng, layer_dims, std_of):
    return [
        rng.standard_normal((n, n_prev)) * std_of(n_prev, n)
        for n_prev, n in itertools.pairwise(layer_dims)
    ]


SIGNAL_CASES = {
    # method: (activation, gain, correct scale, the wrong scales the band must reject)
    "xavier": (
        "tanh",
        1.0,
        lambda p, n: math.sqrt(1 / p),
        {"fan-out": lambda p, n: math.sqrt(1 / n), "0.01": lambda p, n: 0.01},
    ),
    "he": (
        "relu",
        2.0,
        lambda p, n: math.sqrt(2 / p),
        {
            "fan-out": lambda p, n: math.sqrt(2 / n),
            "0.01": lambda p, n: 0.01,
            "sqrt(1/n)": lambda p, n: math.sqrt(1 / p),
        },
    ),
}


def _spreads(rng, layer_dims, std_of, activation):
    """What the property measures: spreads averaged over DRAWS independent stacks."""
    stacks = [_stack_weights(rng, layer_dims, std_of) for _ in range(signal.DRAWS)]
    return signal.averaged_spreads(stacks, signal.inputs(layer_dims), activation)


@pytest.mark.parametrize("method", sorted(SIGNAL_CASES))
def test_band_keeps_correct_stacks_and_rejects_wrong_scales(method):
    """A small replay of the study in assignments/init_deep/signal.py: correct weights stay well
    inside the band (log-ratios many standard deviations from its edges), wrong ones leave it."""
    activation, gain, correct, wrong = SIGNAL_CASES[method]
    low, high = signal.BANDS[activation]
    rng = np.random.default_rng(2024)
    lows, highs = [], []
    for _ in range(60):
        dims = [int(rng.integers(2, 4))] + [
            int(x) for x in rng.integers(96, 129, rng.integers(6, 8))
        ]
        expected = signal.expected_spreads(activation, gain, len(dims) - 1)
        ratio = _spreads(rng, dims, correct, activation) / expected
        lows.append(math.log(ratio.min()))
        highs.append(math.log(ratio.max()))
        for name, std_of in wrong.items():
            measured = _spreads(rng, dims, std_of, activation)
            assert signal.first_departure(measured, expected, activation) is not None, name
    lows_, highs_ = np.array(lows), np.array(highs)
    assert (math.log(low) - lows_.mean()) / lows_.std() < -8
    assert (math.log(high) - highs_.mean()) / highs_.std() > 8


def test_averaged_spreads_pool_the_squares():
    X = signal.inputs([2, 3])
    one, other = [np.full((3, 2), 0.5)], [np.full((3, 2), 1.5)]
    a, b = (signal.measured_spreads(s, X, "relu") for s in (one, other))
    pooled = signal.averaged_spreads([one, other], X, "relu")
    assert np.allclose(pooled, np.sqrt((a**2 + b**2) / 2))
    assert np.allclose(signal.averaged_spreads([one], X, "relu"), a)


@given(layer_dims=signal.stacks())
@QUIET
def test_stacks_start_narrow_and_widen_at_once(layer_dims):
    n_inputs, *widths = layer_dims
    assert 6 <= len(widths) <= 7
    assert min(widths) >= 32 * n_inputs  # a wrong fan changes the spread by sqrt(32) or more


def test_signal_message_says_where_and_which_way():
    he = deep.BY_KEY["he"]
    measured = np.array([0.7, 0.5, 0.35, 0.2, 0.15, 0.1])
    d = signal.first_departure(measured, np.ones(6), "relu")
    message = _depth._signal_message(he, "ReLU", d, measured)
    assert message.startswith("the signal vanished by layer 4:")
    assert "0.7, 0.5, 0.35, 0.2 in layers 1 to 4" in message
    xavier = deep.BY_KEY["xavier"]
    up = np.array([0.9, 0.9])
    d = signal.first_departure(up, np.array([0.5, 0.45]), "tanh")
    assert "exploded (the tanh units saturate) by layer 1" in _depth._signal_message(
        xavier, "tanh", d, up
    )
    assert re.search(r"allowed: 0\.5 to 1\.5 times", _depth._signal_message(xavier, "tanh", d, up))


# -- scale.gaussian: the shape of the distribution ----------------------------------------------


class _Drawing:
    """Stands in for the student proxy: `call` runs `draw(n, n_prev, std)` for every layer."""

    def __init__(self, draw):
        self.draw = draw

    def call(self, function, layer_dims):
        method = next(m for m in deep.METHODS if m.function == function)
        params = {}
        for layer in range(1, len(layer_dims)):
            n, n_prev = layer_dims[layer], layer_dims[layer - 1]
            params[f"W{layer}"] = self.draw(n, n_prev, method.std(n_prev))
            params[f"b{layer}"] = np.zeros((n, 1))
        return params


def _pooled_distances(draw, trials, seed=0):
    """(distance, bound) of scale.gaussian's pooled sample, for each method and many sizes."""
    rng = np.random.default_rng(seed)
    code = _Drawing(draw)
    out = []
    for _ in range(trials):
        dims = [int(x) for x in rng.integers(100, 121, 3)]
        for method in deep.METHODS:
            pooled = _gaussian._standardised_weights(code, method, dims)
            n = pooled.sample.size
            assert n >= _gaussian.GAUSSIAN_DRAWS and pooled.calls == 1
            out.append((kolmogorov_distance_to_normal(pooled.sample), dkw_epsilon(n)))
    return np.array(out)


CORRECT_DRAWS = {
    "randn": lambda n, p, s: np.random.randn(n, p) * s,
    "normal": lambda n, p, s: np.random.normal(0, s, (n, p)),
    "default_rng": lambda n, p, s: np.random.default_rng().standard_normal((n, p)) * s,
    "float32": lambda n, p, s: (np.random.randn(n, p) * s).astype(np.float32),
    "float16": lambda n, p, s: (np.random.randn(n, p) * s).astype(np.float16),
}


@pytest.mark.parametrize("style", sorted(CORRECT_DRAWS))
def test_correct_weights_stay_far_inside_the_gaussian_bound(style):
    """Layer by layer standardisation keeps a correct sample's distance where DKW puts it (the
    bound sits at sqrt(N) * D = 3.6; a sample standardised by its own estimates stays near 1)."""
    np.random.seed(11)
    found = _pooled_distances(CORRECT_DRAWS[style], trials=20)
    assert np.all(found[:, 0] < 0.5 * found[:, 1]), found[:, 0].max()


def test_a_uniform_draw_with_the_right_variance_always_fails_the_gaussian_check():
    """np.random.uniform(-a, a), a = sqrt(3) * std, lies 0.057 from the normal curve: more than
    twice the bound, so the bug fails whatever the draw, never by luck."""
    np.random.seed(12)

    def uniform(n, p, s):
        return np.random.uniform(-np.sqrt(3) * s, np.sqrt(3) * s, (n, p))

    found = _pooled_distances(uniform, trials=20)
    assert np.all(found[:, 0] > found[:, 1] + 0.02), (found[:, 0] - found[:, 1]).min()
    # DKW again: sampling noise would have to close a gap of 0.02 in 20,000 draws
    assert 2 * math.exp(-2 * _gaussian.GAUSSIAN_DRAWS * 0.02**2) < 1e-6


def test_gaussian_message_says_uniform():
    code = _Drawing(lambda n, p, s: np.random.uniform(-np.sqrt(3) * s, np.sqrt(3) * s, (n, p)))
    with pytest.raises(Failure, match=r"uniformly spread.*np\.random\.uniform"):
        _gaussian.gaussian_shape(code, [100, 100, 100])
    zeros = _Drawing(lambda n, p, s: np.zeros((n, p)))
    with pytest.raises(Failure, match="every entry of W1 is 0"):
        _gaussian.gaussian_shape(zeros, [100, 100, 100])


def test_gaussian_skips_a_sample_too_small_to_judge():
    """A function seeded inside that returns one layer too few gives fewer weights than the
    check can judge reliably: it says nothing rather than guess (shapes reports the layer)."""
    fixed = np.random.default_rng(3).uniform(-1, 1, (100, 100))
    code = _Drawing(lambda n, p, s: fixed)
    _gaussian.gaussian_shape(code, [100, 100])  # 10,000 weights, the same twice: not judged


def test_only_the_gaussian_check_fails_a_rescaled_uniform_draw(graded):
    report = graded["wrong_uniform_rescaled.py"].report
    failing = {p["id"] for p in report["properties"] if p["status"] != "passed"}
    assert failing == {"scale.gaussian"}
