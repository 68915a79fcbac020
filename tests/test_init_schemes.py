"""init-schemes' properties, specified where the course corpus cannot reach: the networks they
draw, the margins of their statistical thresholds against correct starts (simulated with the
reference), and `model`'s dispatch check when the student's functions cannot be replayed."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
from hypothesis import given, settings

import grader
from assignments.init_schemes import _base, _lesson, _scale
from grader.stats import dkw_epsilon, kolmogorov_distance_to_normal
from reference.init import initialize_parameters_he, initialize_parameters_random
from reference.relu_net import compute_cost, forward_propagation, train_steps

SOLUTION = Path(_base.__file__).with_name("solution.py").read_text()


@settings(max_examples=200, deadline=None)
@given(_base.LAYERS)
def test_layers_dims_are_depth_2_to_5_with_widths_1_to_30(layers_dims):
    assert 3 <= len(layers_dims) <= 6 and all(1 <= n <= 30 for n in layers_dims)


@settings(max_examples=100, deadline=None)
@given(_scale.alternating())
def test_scale_checks_see_every_fan_in_differ_from_its_fan_out_by_2_or_more(layers_dims):
    for n_prev, n in itertools.pairwise(layers_dims):
        assert max(n, n_prev) / min(n, n_prev) >= 2


def test_the_saturation_thresholds_leave_correct_starts_a_wide_margin():
    """300 students' worth of correct starts: the median first cost of five large random
    starts stays far above SATURATED, and five He starts' far below HE_CEILING."""
    X, Y = _lesson.SATURATION_DATA
    rng = np.random.default_rng(0)

    def median_cost(draw) -> float:
        starts = [draw(_lesson.SATURATION_DIMS, rng=rng) for _ in range(_lesson.DRAWS)]
        return float(np.median([compute_cost(forward_propagation(X, p)[0], Y) for p in starts]))

    large = [median_cost(initialize_parameters_random) for _ in range(300)]
    he = [median_cost(initialize_parameters_he) for _ in range(300)]
    assert min(large) > 3 * _lesson.SATURATED
    assert max(he) < _lesson.HE_CEILING / 1.5


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_base.WIDE_NETWORKS)
def test_a_correct_he_start_always_lowers_the_cost_in_the_learning_check(layers_dims):
    X = _lesson._inputs(layers_dims[0])
    start = initialize_parameters_he(layers_dims, rng=np.random.default_rng(layers_dims))
    _, costs = train_steps(start, X, _lesson.LABELS, _lesson.STEPS, _lesson.RATE)
    assert costs[-1] < costs[0]


def test_correct_gaussian_samples_stay_well_inside_the_bound_and_uniform_ones_outside():
    rng = np.random.default_rng(1)
    dims = [29] * 6
    ratios = []
    for _ in range(50):
        pooled = []
        while sum(p.size for p in pooled) < _scale.GAUSSIAN_DRAWS:
            for n_prev, n in itertools.pairwise(dims):
                x = rng.standard_normal(n * n_prev) * math.sqrt(2 / n_prev)
                pooled.append((x - x.mean()) / x.std(ddof=1))
        sample = np.concatenate(pooled)
        ratios.append(kolmogorov_distance_to_normal(sample) / dkw_epsilon(sample.size))
    assert max(ratios) < 0.5
    uniform = rng.uniform(-1, 1, _scale.GAUSSIAN_DRAWS)
    assert kolmogorov_distance_to_normal(uniform) > 2 * dkw_epsilon(uniform.size)


def _with_unseedable_functions(model_ignores_initialization: bool) -> str:
    """The solution with random and He drawn from an unseeded default_rng() (correct, but not
    replayable under the worker's seeding), and optionally a model that always starts from He."""
    source = SOLUTION.replace("np.random.randn(", "np.random.default_rng().standard_normal((")
    source = source.replace("layers_dims[l - 1]) * ", "layers_dims[l - 1])) * ")
    if model_ignores_initialization:
        source = source.replace(
            "parameters = initialize_parameters_zeros(layers_dims)",
            "parameters = initialize_parameters_he(layers_dims)",
        )
    return source


def test_model_dispatch_is_judged_by_form_when_the_functions_cannot_be_replayed(tmp_path):
    good = tmp_path / "good" / "hw.py"
    bad = tmp_path / "bad" / "hw.py"
    for path, ignores in ((good, False), (bad, True)):
        path.parent.mkdir()
        path.write_text(_with_unseedable_functions(ignores))
    assert "default_rng().standard_normal((" in good.read_text()
    report = grader.check(good, "init-schemes")
    assert report.score == report.max_score, [
        (p.id, p.message) for p in report.properties if p.status.value != "passed"
    ]
    report = grader.check(bad, "init-schemes")
    failed = {p.id: p.message for p in report.properties if p.status.value == "failed"}
    assert set(failed) == {"model.dispatch"}, failed
    assert "initialize_parameters_he gives" in failed["model.dispatch"]
