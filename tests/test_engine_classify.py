"""How the engine judges what happened when a property ran: `_classify` is a pure function of
the run taken down as data, so each kind of ending is specified here without a worker."""

from __future__ import annotations

from typing import Any

from hypothesis.errors import Flaky

from grader import Assignment, Failure
from grader.binding import SignatureMismatch
from grader.properties import NOTE
from grader.results import Status
from grader.runner.engine import _classify, _Failing, _Run
from grader.runner.student import Call, StudentCrash, StudentFailure, StudentTimeout

TOY = Assignment("toy", "Toy", functions={"add": ("x", "y")})


def _failing(error: BaseException, output: str = "") -> _Failing:
    return _Failing(error, [Call("add", (1, 2), output=output)])


def _run(
    error: BaseException | None,
    failing: _Failing | None = None,
    *,
    not_repeated: bool = False,
    artifacts: dict[str, Any] | None = None,
) -> _Run:
    return _Run(
        error=error,
        failing=failing,
        drawn={"x": 1, "y": 2} if failing else None,
        examples=7,
        duration=0.5,
        artifacts=artifacts or {},
        not_repeated=not_repeated,
    )


def _classified(run: _Run, unavailable=None, mismatched=None):
    return _classify(run, "add.ok", TOY, unavailable or {}, mismatched or {})


def test_a_run_that_ended_without_error_passed_with_the_note_as_its_message():
    outcome = _classified(_run(None, artifacts={NOTE: "the course allows it", "plot": [1, 2]}))
    assert outcome.status is Status.PASSED
    assert outcome.message == "the course allows it"
    assert outcome.artifacts == {"plot": [1, 2]}
    assert (outcome.examples, outcome.duration) == (7, 0.5)


def test_a_failure_fails_with_its_message_the_call_and_what_the_call_printed():
    error = Failure("add(1, 2) returned 0; expected 3")
    outcome = _classified(_run(error, _failing(error, output="debug\n")))
    assert outcome.status is Status.FAILED
    assert outcome.message == "add(1, 2) returned 0; expected 3"
    assert outcome.counterexample is not None
    assert outcome.counterexample.call == "add(x=1, y=2)"
    assert outcome.output == "debug\n"
    assert outcome.traceback == ""


def test_a_student_exception_is_reported_as_raised_by_their_code_and_explained():
    error = StudentFailure("NameError: name 'sigmoid' is not defined", "Traceback: ...")
    unavailable = {"sigmoid": "its import of planar_utils failed"}
    outcome = _classified(_run(error, _failing(error)), unavailable=unavailable)
    assert outcome.status is Status.FAILED
    assert outcome.message == (
        "your code raised NameError: name 'sigmoid' is not defined "
        "(its import of planar_utils failed)"
    )
    assert outcome.traceback == "Traceback: ..."


def test_a_timeout_names_the_function_that_ran_out_of_time():
    error = StudentTimeout("did not finish within 2 s")
    outcome = _classified(_run(error, _failing(error)))
    assert outcome.status is Status.TIMEOUT
    assert outcome.message == "add did not finish within 2 s"


def test_a_crashed_worker_fails_the_property_naming_the_function():
    error = StudentCrash("the Python process running your code was killed")
    outcome = _classified(_run(error, _failing(error)))
    assert outcome.status is Status.FAILED
    assert outcome.message == "add the Python process running your code was killed"


def test_a_signature_mismatch_fails_with_its_message_and_no_counterexample():
    error = SignatureMismatch("add", "add takes (a, b, c); expected (x, y)")
    outcome = _classified(_run(error))
    assert outcome.status is Status.FAILED
    assert outcome.message == "add takes (a, b, c); expected (x, y)"
    assert outcome.counterexample is None


def test_a_signature_mismatch_reported_by_an_earlier_property_skips_this_one():
    error = SignatureMismatch("add", "add takes (a, b, c); expected (x, y)")
    outcome = _classified(_run(error), mismatched={"add": "add adds"})
    assert outcome.status is Status.SKIPPED
    assert outcome.message == "not checked until add's signature is fixed (see “add adds”)"


def test_a_replayed_failure_that_did_not_repeat_fails_saying_the_code_is_not_repeatable():
    first = Failure("add(1, 2) returned 0; expected 3")
    outcome = _classified(_run(None, _failing(first), not_repeated=True))
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith("add(1, 2) returned 0; expected 3 (this happened on some")
    assert "depend on something other than its arguments" in outcome.message


def test_a_flaky_student_failure_fails_saying_the_code_is_not_repeatable():
    first = StudentFailure("ValueError: bad", "tb")
    outcome = _classified(_run(Flaky("flaky"), _failing(first)))
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith("your code raised ValueError: bad (this happened on some")
    assert outcome.traceback == "tb"


def test_a_flaky_property_whose_failure_was_not_the_students_is_a_grader_error():
    outcome = _classified(_run(Flaky("flaky")))
    assert outcome.status is Status.ERROR
    assert outcome.message == "the property was flaky"
    assert "Flaky: flaky" in outcome.traceback


def test_any_other_exception_is_a_grader_bug_with_the_failing_examples_traceback():
    try:
        {}["missing"]
    except KeyError as exc:
        error = exc
    outcome = _classified(_run(error, _failing(error)))
    assert outcome.status is Status.ERROR
    assert outcome.message.startswith("this check itself failed (a grader bug, not your fault)")
    assert "KeyError: 'missing'" in outcome.traceback
    assert outcome.counterexample is not None
