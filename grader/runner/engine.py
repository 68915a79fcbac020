"""Running properties with Hypothesis, in the grader process, against a `StudentCode` proxy.

Hypothesis is configured here and only here: no example database (nothing is written to disk),
no deadline, quiet, one bug reported, and a seed derived from the assignment, the property id
and the run's --seed, so the same submission always gets the same report. The inputs of each
example are recorded before the student sees them; the last failing example Hypothesis replays
is the shrunk, minimal counterexample, kept as data (never parsed from Hypothesis's text).
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis.errors import Flaky

from grader.binding import SignatureMismatch
from grader.config import RunConfig
from grader.properties import NOTE, Assignment, Failure, Property, recording_artifacts
from grader.results import Outcome, Status
from grader.runner import plan_cache, plans
from grader.runner.counterexamples import counterexample
from grader.runner.explain import explain
from grader.runner.student import Abort, Call, StudentCode, StudentFailure, StudentTimeout


def _isolate_hypothesis() -> None:
    """Make Hypothesis independent of where and beside what the grader runs.

    Hypothesis mines integer and string constants from every "local" module that is imported
    (for us: the grader, the assignments, anything installed in editable mode) to bias its
    inputs, and caches them in ``./.hypothesis``. That would make reports depend on how the
    grader was installed and would write into the student's folder. There is no setting for it,
    so we give it an empty set of local constants, and point its storage at a private folder.
    """
    import tempfile

    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), f"grader-hypothesis-{os.getuid()}"))
    try:
        from hypothesis.internal.conjecture import providers

        empty = providers.Constants()
        providers._get_local_constants = lambda: empty
    except (ImportError, AttributeError):  # a Hypothesis without the feature: nothing to undo
        pass


class _SeededNumpy:
    """numpy's global RNG as Hypothesis manages it here: seeded before every example, never
    saved and restored around one. Saving costs ~150 us per example (numpy copies its whole
    state out and back), and in a grading process nothing between examples reads that RNG:
    every example (and every replayed one) starts by seeding it. `run` gives a caller's state
    back once per submission instead."""

    def seed(self, value: int) -> None:
        np.random.seed(value)

    def getstate(self) -> None:
        return None

    def setstate(self, state: None) -> None:
        pass


def _manage_numpy_rng() -> None:
    try:
        from hypothesis.internal import entropy

        if entropy.NP_RANDOM is None:
            entropy.NP_RANDOM = _SeededNumpy()
            entropy.RANDOMS_TO_MANAGE[next(entropy._RKEY)] = entropy.NP_RANDOM
    except (ImportError, AttributeError):  # another Hypothesis: it saves and restores, slower
        pass


_isolate_hypothesis()
_manage_numpy_rng()


def property_seed(assignment: str, property_id: str, run_seed: int) -> int:
    digest = hashlib.blake2b(f"{assignment}:{property_id}:{run_seed}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "little") >> 1


def _example_seed(base_seed: int, drawn: dict[str, Any]) -> int:
    """A seed for the worker's RNG that depends only on the property and the drawn inputs, so
    replaying an example (as Hypothesis does when shrinking) replays the student's randomness.
    Arrays are hashed by their bytes: printing them with repr is slow and loses digits."""
    parts = [str(base_seed).encode()]
    _feed(drawn, parts)
    digest = hashlib.blake2b(b"".join(parts), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _feed(value: Any, parts: list[bytes]) -> None:
    kind = type(value)
    if kind is int or kind is str or kind is float:
        parts.append(f"v{value!r}".encode())
    elif isinstance(value, np.ndarray):
        parts.append(f"nd{value.dtype.str}{value.shape}".encode())
        parts.append(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, dict):
        for key in sorted(value, key=str):
            parts.append(f"k{key!s}".encode())
            _feed(value[key], parts)
    elif isinstance(value, list | tuple):
        parts.append(f"l{len(value)}".encode())
        for item in value:
            _feed(item, parts)
    else:
        parts.append(f"v{value!r}".encode())


@functools.cache  # settings are immutable; building one validates every field (~30 us)
def _settings(examples: int) -> settings:
    return settings(
        parent=settings.get_profile("default"),
        max_examples=max(1, examples),
        database=None,
        deadline=None,
        derandomize=False,
        verbosity=Verbosity.quiet,
        print_blob=False,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
    )


@dataclass(frozen=True)
class _Failing:
    """The last example that raised: what it raised and the calls it made into student code."""

    error: BaseException
    calls: list[Call]


@dataclass(frozen=True)
class _Run:
    """What happened when one property ran, taken down as data before anything is judged (the
    engine's `CallInfo`); `_classify` turns it into an `Outcome`."""

    error: BaseException | None  # what ended the run; None when it ran to the end
    failing: _Failing | None  # the last example that raised, if one did
    drawn: dict[str, Any] | None  # the inputs of the last example that raised, as drawn
    examples: int  # examples run (after a failed replay: those Hypothesis ran)
    duration: float  # seconds
    artifacts: dict[str, Any]  # what the last example run attached
    # An input failed when its recorded plan was replayed and passed when Hypothesis ran it
    # again (`failing` is then the replayed failure): the code depends on more than its
    # arguments (state kept between calls, the clock, ...).
    not_repeated: bool = False


class _Examples:
    """`example` is the body Hypothesis (or a replay) calls once per example: it seeds the worker from the
    inputs and keeps what the last failing example drew and called, and what the last example
    attached."""

    def __init__(self, prop: Property, code: StudentCode, base_seed: int) -> None:
        self.prop, self.code, self.base_seed = prop, code, base_seed
        self.count = 0
        self.failing: _Failing | None = None
        self.drawn: dict[str, Any] | None = None
        self.artifacts: dict[str, Any] = {}

    def example(self, **drawn: Any) -> None:
        self.count += 1
        snapshot = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in drawn.items()}
        self.code.begin_example(_example_seed(self.base_seed, snapshot))
        try:
            with recording_artifacts() as self.artifacts:
                self.prop.func(self.code, **drawn)
        except BaseException as exc:
            self.failing, self.drawn = _Failing(exc, list(self.code.calls)), snapshot
            raise


def _message(error: BaseException, unavailable: Mapping[str, str]) -> str:
    if isinstance(error, StudentFailure):
        return f"your code raised {explain(str(error), unavailable)}"
    return str(error)


def run_property(
    prop: Property,
    assignment: Assignment,
    code: StudentCode,
    config: RunConfig,
    mismatched: dict[str, str] | None = None,
) -> Outcome:
    """Run one property to an Outcome; never raises for anything the student's code does.

    `mismatched` maps a function whose signature could not be matched to the title of the
    property that said so: a later property stopped by the same signature is skipped, so the
    student reads about it once."""
    run = _execute(prop, assignment, code, config)
    explained = (run.error, run.failing.error if run.failing else None)
    unavailable = code.unavailable if any(isinstance(e, StudentFailure) for e in explained) else {}
    outcome = _classify(run, prop.id, assignment, unavailable, mismatched or {})
    if isinstance(run.error, SignatureMismatch) and mismatched is not None:
        mismatched.setdefault(run.error.function, prop.title)
    return outcome


def _execute(prop: Property, assignment: Assignment, code: StudentCode, config: RunConfig) -> _Run:
    """Run `prop`'s examples against `code` and take down what happened. Without inputs to
    draw it runs once; with a recorded plan its inputs are replayed, and only when one does
    not pass does Hypothesis run (generating the same inputs up to that one, then shrinking
    it); without a plan Hypothesis runs. A KeyboardInterrupt propagates."""
    base_seed = property_seed(assignment.name, prop.id, config.seed)
    code.call_timeout = prop.timeout or config.call_timeout
    examples = _Examples(prop, code, base_seed)
    budget = _budget(prop, config)
    disk = None
    if config.plan_cache:
        name = plan_cache.key(prop, assignment.name, assignment.version, base_seed, budget)
        disk = (config.plan_cache, name)
    error: BaseException | None = None
    not_repeated = False
    started = time.perf_counter()
    try:
        if not prop.given:
            examples.example()
        elif (plan := plans.plan_for(prop, base_seed, budget, _settings, disk)) is None:
            plans.run_hypothesis(prop, examples.example, base_seed, _settings(budget))
        elif (replayed := plans.replay(plan, examples.example)) is not None:
            genuine = isinstance(replayed, Failure | StudentFailure)
            if not genuine:
                plans.forget(prop, base_seed, budget)  # e.g. assume(): Hypothesis's to run
            seen, examples.count = examples.failing, 0
            plans.run_hypothesis(prop, examples.example, base_seed, _settings(budget))
            if genuine:  # it failed once and passed when run again
                examples.failing, not_repeated = seen, True
    except (Exception, Abort) as exc:
        error = exc
    return _Run(
        error=error,
        failing=examples.failing,
        drawn=examples.drawn,
        examples=examples.count,
        duration=time.perf_counter() - started,
        artifacts=examples.artifacts,
        not_repeated=not_repeated,
    )


_GRADER_BUG = (
    "this check itself failed (a grader bug, not your fault); your instructor has the details"
)
_NOT_REPEATED = (
    " (this happened on some runs but not when repeated: "
    "does your function depend on something other than its arguments?)"
)


def _classify(
    run: _Run,
    property_id: str,
    assignment: Assignment,
    unavailable: Mapping[str, str],
    mismatched: Mapping[str, str],
) -> Outcome:
    """The Outcome `run` amounts to (the engine's `TestReport.from_item_and_call`); reads
    nothing else. `unavailable` explains a student error (`StudentCode.unavailable`);
    `mismatched` maps a function whose signature an earlier property already reported to that
    property's title.

    - no error: passed, with what the property noted about why;
    - a signature that cannot take the call: failed, naming it (skipped when reported before);
    - the worker timed out or crashed (`Abort`): timeout or failed, naming the function;
    - `Failure` or a student exception: failed, with the smallest counterexample;
    - a failure that was not repeated (`Flaky`, or a replay Hypothesis could not reproduce):
      failed, saying so, when the first failure was the student's; else a grader error;
    - anything else: an error of the property itself, a grader bug.
    """
    error, failing = run.error, run.failing
    if error is None and not run.not_repeated:
        artifacts = dict(run.artifacts)
        said = artifacts.pop(NOTE, "")  # grader.properties.note: why it passed
        return Outcome(
            property_id,
            Status.PASSED,
            message=said,
            duration=run.duration,
            examples=run.examples,
            artifacts=artifacts,
        )
    if isinstance(error, SignatureMismatch):
        seen = mismatched.get(error.function)
        if seen is not None:
            reason = f"not checked until {error.function}'s signature is fixed (see “{seen}”)"
            return Outcome(property_id, Status.SKIPPED, message=reason)
        # Nothing ran: no input or call to show, the message says what to change.
        return Outcome(
            property_id,
            Status.FAILED,
            message=str(error),
            duration=run.duration,
            examples=run.examples,
        )
    tb = ""
    if isinstance(error, Abort):
        status = Status.TIMEOUT if isinstance(error, StudentTimeout) else Status.FAILED
        who = f"{failing.calls[-1].function} " if failing and failing.calls else ""
        message = f"{who}{error}".strip()
    elif isinstance(error, Failure | StudentFailure):
        status, message = Status.FAILED, _message(error, unavailable)
        tb = getattr(error, "traceback", "")
    elif run.not_repeated or isinstance(error, Flaky):
        if failing is not None and isinstance(failing.error, Failure | StudentFailure):
            status, tb = Status.FAILED, getattr(failing.error, "traceback", "")
            message = _message(failing.error, unavailable) + _NOT_REPEATED
        else:
            status, message = Status.ERROR, "the property was flaky"
    else:
        status, message = Status.ERROR, _GRADER_BUG
    if status is Status.ERROR:
        # The instructor's traceback: of the example that raised, else of what ended the run.
        raised = failing.error if failing else error
        tb = "".join(traceback.format_exception(raised)) if raised is not None else ""
    return Outcome(
        property_id,
        status,
        message=message,
        counterexample=counterexample(failing.calls if failing else [], assignment, run.drawn),
        output=failing.calls[-1].output if failing and failing.calls else "",
        traceback=tb,
        duration=run.duration,
        examples=run.examples,
        artifacts=run.artifacts,
    )


def prepare(assignment: Assignment, config: RunConfig) -> None:
    """Record now the inputs every property of `assignment` will replay under `config` (what
    the first submission graded in this process would otherwise pay for)."""
    for prop in assignment.properties:
        if prop.given:
            seed_ = property_seed(assignment.name, prop.id, config.seed)
            plans.plan_for(prop, seed_, _budget(prop, config), _settings)


def _budget(prop: Property, config: RunConfig) -> int:
    """How many generated examples `prop` gets in this run."""
    return round(prop.examples * config.examples)


def run(assignment: Assignment, code: StudentCode, config: RunConfig) -> list[Outcome]:
    """Every property of `assignment`, in order; a property whose dependency did not pass is
    skipped, with the reason. numpy's global RNG is as the caller left it afterwards (examples
    seed it; see `_SeededNumpy`)."""
    outcomes: dict[str, Outcome] = {}
    mismatched: dict[str, str] = {}  # function -> the property that reported its signature
    saved = np.random.get_state()
    try:
        for prop in assignment.properties:
            blockers = [d for d in prop.depends if outcomes[d].status is not Status.PASSED]
            if blockers:
                outcomes[prop.id] = Outcome(
                    prop.id, Status.SKIPPED, message=_skip_reason(assignment, blockers)
                )
                continue
            outcomes[prop.id] = run_property(prop, assignment, code, config, mismatched)
    finally:
        np.random.set_state(saved)
    return list(outcomes.values())


def _skip_reason(assignment: Assignment, blockers: Iterable[str]) -> str:
    titles = [f"“{assignment.get(b).title}”" for b in blockers]
    return "not checked until this passes: " + "; ".join(titles)
