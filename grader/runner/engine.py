"""Running properties with Hypothesis, in the grader process, against a `StudentCode` proxy.

Hypothesis is configured here and only here: no example database (nothing is written to disk),
no deadline, quiet, one bug reported, and a seed derived from the assignment, the property id
and the run's --seed, so the same submission always gets the same report. The inputs of each
example are recorded before the student sees them; the last failing example Hypothesis replays
is the shrunk, minimal counterexample, kept as data (never parsed from Hypothesis's text).
"""

from __future__ import annotations

import dataclasses
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
from hypothesis.errors import Flaky, HypothesisException

from grader.binding import SignatureMismatch
from grader.config import RunConfig
from grader.properties import NOTE, Assignment, Failure, Property, recording_artifacts
from grader.results import Counterexample, Outcome, Status
from grader.runner import plan_cache, plans
from grader.runner.explain import explain
from grader.runner.student import Abort, Call, StudentCode, StudentFailure, StudentTimeout

_MAX_SHOWN_ELEMENTS = 24


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


class _NotRepeated(Exception):
    """An input failed when replayed and passed when Hypothesis ran it again."""


@dataclass
class _Failing:
    error: BaseException
    calls: list[Call]


def _jsonable(value: Any) -> Any:
    """Arguments as JSON data for the report: small arrays in full, large ones summarised."""
    if isinstance(value, np.ndarray):
        if value.size <= _MAX_SHOWN_ELEMENTS:
            return value.tolist()
        return {"array": list(value.shape), "dtype": str(value.dtype)}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A drawn input that a property builds from several values (a network, a step).
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return repr(value)[:200]  # anything else: described, so the report stays JSON


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 6:
            return np.array2string(value, separator=", ", precision=4).replace("\n", "")
        return f"<array of shape {value.shape}>"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)


def format_call(
    function: str,
    args: tuple[Any, ...],
    names: tuple[str, ...],
    kwargs: Mapping[str, Any] | None = None,
) -> Counterexample:
    """A call as the student would type it: ``initialize_parameters(n_x=1, n_h=2, n_y=1)``;
    positional arguments are labelled by `names`, keyword arguments by their keyword."""
    labels = [names[i] if i < len(names) else f"arg{i + 1}" for i in range(len(args))]
    pairs = [*zip(labels, args, strict=True), *(kwargs or {}).items()]
    shown = ", ".join(f"{label}={_short(v)}" for label, v in pairs)
    arguments = {label: _jsonable(v) for label, v in pairs}
    return Counterexample(function=function, arguments=arguments, call=f"{function}({shown})")


def _counterexample(
    failing: _Failing | None, assignment: Assignment, drawn: dict[str, Any] | None
) -> Counterexample | None:
    if failing and failing.calls:
        call = failing.calls[-1]
        declared = assignment.functions.get(call.function)
        names = call.names or (declared.params if declared is not None else ())
        return format_call(call.function, call.args, names, call.kwargs)
    if drawn:
        return Counterexample(
            function="",
            arguments={k: _jsonable(v) for k, v in drawn.items()},
            call=", ".join(f"{k}={_short(v)}" for k, v in drawn.items()),
        )
    return None


def _message(error: BaseException, code: StudentCode) -> str:
    if isinstance(error, StudentFailure):
        return f"your code raised {explain(str(error), code.unavailable)}"
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
    base_seed = property_seed(assignment.name, prop.id, config.seed)
    code.call_timeout = prop.timeout or config.call_timeout
    failing: _Failing | None = None
    drawn_last: dict[str, Any] | None = None
    count = 0
    artifacts: dict[str, Any] = {}  # what the deciding (last run) example attached

    def example(**drawn: Any) -> None:
        nonlocal failing, drawn_last, count, artifacts
        count += 1
        snapshot = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in drawn.items()}
        code.begin_example(_example_seed(base_seed, snapshot))
        try:
            with recording_artifacts() as artifacts:
                prop.func(code, **drawn)
        except BaseException as exc:
            failing, drawn_last = _Failing(exc, list(code.calls)), snapshot
            raise

    def hypothesis_run() -> None:
        plans.run_hypothesis(prop, example, base_seed, _settings(budget))

    budget = _budget(prop, config)
    disk = None
    if config.plan_cache:
        name = plan_cache.key(prop, assignment.name, assignment.version, base_seed, budget)
        disk = (config.plan_cache, name)
    started = time.perf_counter()
    try:
        if not prop.given:
            example()
        elif (plan := plans.plan_for(prop, base_seed, budget, _settings, disk)) is None:
            hypothesis_run()
        elif (replayed := plans.replay(plan, example)) is not None:
            # An input did not pass: Hypothesis generates the same inputs up to that one,
            # then shrinks it to the minimal counterexample.
            genuine = isinstance(replayed, Failure | StudentFailure)
            if not genuine:
                plans.forget(prop, base_seed, budget)  # e.g. assume(): Hypothesis's to run
            seen, count = failing, 0
            hypothesis_run()
            if genuine:
                # It failed once and passed when run again: the code depends on more than
                # its arguments (state kept between calls, the clock, ...).
                failing = seen
                raise _NotRepeated
        status, message, tb = Status.PASSED, "", ""
    except SignatureMismatch as exc:
        seen = mismatched.get(exc.function) if mismatched is not None else None
        if seen is not None:
            reason = f"not checked until {exc.function}'s signature is fixed (see “{seen}”)"
            return Outcome(prop.id, Status.SKIPPED, message=reason)
        if mismatched is not None:
            mismatched[exc.function] = prop.title
        # Nothing ran: no input or call to show, the message says what to change.
        duration = time.perf_counter() - started
        return Outcome(prop.id, Status.FAILED, message=str(exc), duration=duration, examples=count)
    except Abort as exc:
        status = Status.TIMEOUT if isinstance(exc, StudentTimeout) else Status.FAILED
        who = ""
        if failing and failing.calls:
            who = f"{failing.calls[-1].function} "
        message, tb = f"{who}{exc}".strip(), ""
    except (Failure, StudentFailure) as exc:
        status, message, tb = Status.FAILED, _message(exc, code), getattr(exc, "traceback", "")
    except (Flaky, _NotRepeated):
        if failing is not None and isinstance(failing.error, Failure | StudentFailure):
            status, tb = Status.FAILED, getattr(failing.error, "traceback", "")
            message = (
                f"{_message(failing.error, code)} (this happened on some runs but not when repeated: "
                "does your function depend on something other than its arguments?)"
            )
        else:
            status, message, tb = Status.ERROR, "the property was flaky", traceback.format_exc()
    except (Exception, HypothesisException):
        status = Status.ERROR
        message = "this check itself failed (a grader bug, not your fault); your instructor has the details"
        tb = traceback.format_exc()
    duration = time.perf_counter() - started
    if status is Status.PASSED:
        said = artifacts.pop(NOTE, "")  # grader.properties.note: why it passed
        return Outcome(
            prop.id, status, message=said, duration=duration, examples=count, artifacts=artifacts
        )
    output = failing.calls[-1].output if failing and failing.calls else ""
    if status is Status.ERROR:
        tb = traceback.format_exception(failing.error) if failing else tb
        tb = "".join(tb) if isinstance(tb, list) else tb
    return Outcome(
        prop.id,
        status,
        message=message,
        counterexample=_counterexample(failing, assignment, drawn_last),
        output=output,
        traceback=tb,
        duration=duration,
        examples=count,
        artifacts=artifacts,
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
