"""The inputs Hypothesis generates for a property, recorded once and replayed without it.

With a fixed seed, no example database and no deadline, the inputs Hypothesis feeds a test that
passes every example depend only on the seed, the strategies and the settings, never on what
the test does with them, as long as the test draws nothing itself (no ``st.data()``) and rejects
nothing (no ``assume``). So a grading process records that sequence once per property (a run of
Hypothesis whose test only copies its inputs) and, for every submission, first calls the
property on the recorded inputs directly. A property that passes then costs no Hypothesis
bookkeeping at all (about half of the grader's time per submission), and its outcome is the
one Hypothesis would have given: same inputs, same order, same worker seeds.

At the first input that does not pass, the engine runs Hypothesis as before, which generates
the same inputs up to that one and then shrinks: failures are reported exactly as without the
replay. A property whose inputs cannot be recorded (it draws interactively, or recording
fails) simply has no plan and always runs under Hypothesis.
"""

from __future__ import annotations

import copy
import functools
import random
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisDeprecationWarning

from grader.properties import Property
from grader.runner import plan_cache


@dataclass(frozen=True)
class Plan:
    """The keyword arguments of every example Hypothesis runs when all of them pass, in order."""

    examples: tuple[dict[str, Any], ...]

    def inputs(self) -> Any:
        """Fresh copies of each example's inputs: a property may change what it is given."""
        if self._scalars:  # nothing in them can be changed: a new dict is copy enough
            yield from (dict(drawn) for drawn in self.examples)
        else:
            yield from (copy.deepcopy(drawn) for drawn in self.examples)

    @functools.cached_property
    def _scalars(self) -> bool:
        return all(type(v) in _SCALARS for drawn in self.examples for v in drawn.values())


_SCALARS = frozenset({int, float, str, bool, type(None)})


_DATA_STRATEGY = type(st.data())
_plans: dict[tuple[int, int, int], tuple[Property, Plan | None]] = {}
_lock = threading.Lock()


def plan_for(
    prop: Property,
    base_seed: int,
    max_examples: int,
    make_settings: Callable[[int], settings],
    disk: tuple[str, str] | None = None,
) -> Plan | None:
    """The recorded inputs of `prop` under this seed and example budget (recorded on first use
    in this process), or None when they cannot be replayed. `disk` is (folder, name) of a
    file in `plan_cache` to take them from, or to keep them in, between processes."""
    key = (id(prop), base_seed, max_examples)
    with _lock:
        known = _plans.get(key)
        if known is not None and known[0] is prop:
            return known[1]
    stored = plan_cache.load(*disk) if disk else None
    if stored is not None and _replayable(prop):
        plan: Plan | None = Plan(tuple(stored))
    else:
        plan = _record(prop, base_seed, make_settings(max_examples))
        if plan is not None and disk:
            plan_cache.save(*disk, plan.examples)
    with _lock:
        _plans[key] = (prop, plan)
    return plan


def forget(prop: Property, base_seed: int, max_examples: int) -> None:
    """Stop replaying `prop` (its replay met something only Hypothesis can run, e.g. assume)."""
    with _lock:
        _plans[(id(prop), base_seed, max_examples)] = (prop, None)


def _replayable(prop: Property) -> bool:
    return bool(prop.given) and not any(isinstance(s, _DATA_STRATEGY) for s in prop.given.values())


def _record(prop: Property, base_seed: int, config: settings) -> Plan | None:
    if not _replayable(prop):
        return None
    seen: list[dict[str, Any]] = []

    def record(**drawn: Any) -> None:
        seen.append(copy.deepcopy(drawn))

    try:
        run_hypothesis(prop, record, base_seed, config)
    except Exception:  # e.g. a strategy that cannot generate: the real run will report it
        return None
    return Plan(tuple(seen))


def run_hypothesis(
    prop: Property, body: Callable[..., None], base_seed: int, config: settings
) -> None:
    """Run `body` under Hypothesis on `prop`'s strategies, with this seed and these settings
    (the engine's run and the recording here are the same run, bar the body)."""
    test = given(**prop.given)(body)
    # No example database is used, so spare Hypothesis from hashing the source of `body` for a
    # database key (it tokenizes the whole defining file on every run).
    test._hypothesis_internal_database_key = None  # type: ignore[attr-defined]
    seed(base_seed)(config(test))()


def replay(plan: Plan, example: Callable[..., None]) -> Exception | None:
    """Call `example` on each recorded input; the first exception it raises, or None when all
    passed. The global `random` and numpy RNGs start every example seeded with 0, as under
    Hypothesis; `random` is restored afterwards, numpy's is the engine's to give back (see
    `grader.runner.engine.run`). An `Abort` (a timeout or a crash of the worker) and
    KeyboardInterrupt propagate: they end the property at once under Hypothesis too."""
    saved = random.getstate()
    try:
        with warnings.catch_warnings():
            # assume() outside Hypothesis warns (and may one day raise): either way the
            # property falls back to Hypothesis, so the warning would only puzzle an instructor.
            warnings.simplefilter("ignore", HypothesisDeprecationWarning)
            for drawn in plan.inputs():
                random.seed(0)
                np.random.seed(0)
                try:
                    example(**drawn)
                except Exception as exc:
                    return exc
    finally:
        random.setstate(saved)
    return None
