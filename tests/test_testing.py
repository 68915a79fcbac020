"""grader.testing: an assignment's properties run in this process on plain Python functions,
and the double behaves like the worker wherever a property can tell."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import grader
from grader import Status
from grader.authoring import Extra, Function, StudentFailure, describe
from grader.testing import InProcess, grade, solution

HERE = Path(__file__).parent / "authoring_example"


@pytest.fixture(scope="module")
def softmax():
    from authoring_example.softmax_assignment import assignment

    return assignment


def _naive(z):
    """Forgets to subtract the maximum: overflows from z = 710."""
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return e / np.sum(e, axis=0, keepdims=True)


def test_the_correct_solution_passes_every_property(softmax):
    outcomes = grade(softmax, solution(HERE / "correct.py"))
    assert {k: o.status for k, o in outcomes.items()} == dict.fromkeys(
        ["api.shape", "math.distribution", "math.definition", "stability.large"], Status.PASSED
    )


def test_a_mistake_fails_in_process_exactly_as_the_worker_reports_it(softmax):
    """Same seeds, same binding, same plain data: the same shrunk call and message as a real
    grading of the buggy submission."""
    from grader import registry

    in_process = grade(softmax, solution(HERE / "correct.py", softmax=_naive))
    registry.register(softmax)
    try:
        report = grader.check(HERE / "buggy.py", "softmax")
    finally:
        registry.unregister(softmax.name)
    worker = {p.id: (p.status, p.message, p.counterexample) for p in report.properties}
    local = {k: (o.status, o.message, o.counterexample) for k, o in in_process.items()}
    assert local == worker
    assert local["stability.large"][2].call == "softmax(z=[[710.]])"


def test_only_runs_the_properties_named_and_what_they_depend_on(softmax):
    outcomes = grade(softmax, solution(HERE / "correct.py"), only={"math.definition"})
    assert list(outcomes) == ["api.shape", "math.distribution", "math.definition"]
    with pytest.raises(KeyError):
        grade(softmax, solution(HERE / "correct.py"), only={"math.nope"})


def test_a_replaced_function_is_the_one_the_solutions_other_functions_call(tmp_path):
    path = tmp_path / "two.py"
    path.write_text("def g(x):\n    return x + 1\n\n\ndef f(x):\n    return 2 * g(x)\n")
    assert InProcess(solution(path)).f(1) == 4
    assert InProcess(solution(path, g=lambda x: x - 1)).f(1) == 0
    assert InProcess(solution(path)).f(1) == 4  # each call of solution is a fresh module


def test_a_function_that_raises_is_a_student_failure_naming_the_error():
    code = InProcess({"f": lambda x: 1 / x})
    code.begin_example(0)
    with pytest.raises(StudentFailure, match=r"^ZeroDivisionError: division by zero$"):
        code.f(0)
    with pytest.raises(StudentFailure, match=r"^NameError: g is not defined$"):
        code.g(0)
    assert [call.function for call in code.calls] == ["f", "g"]


def test_arguments_and_results_cross_as_copies_in_plain_data():
    def mutate(params):
        params["W"][0, 0] = 99.0
        return object()

    code = InProcess({"mutate": mutate})
    code.begin_example(0)
    params = {"W": np.zeros((2, 2))}
    result = code.mutate(params)
    assert params["W"][0, 0] == 0.0  # the caller's array is untouched
    assert describe(result) == "an object of type object"


def test_global_generators_are_seeded_per_call_from_the_example():
    code = InProcess({"draw": lambda: float(np.random.rand())})
    code.begin_example(7)
    first = [code.draw(), code.draw()]
    code.begin_example(7)
    again = [code.draw(), code.draw()]
    assert first == again and first[0] != first[1]


def test_calls_are_bound_to_the_functions_real_signature():
    from grader.authoring import Assignment

    a = Assignment(
        "t",
        "T",
        functions={
            "cost": Function(("A2", "Y"), extras={"parameters": Extra(make=lambda g: g["A2"])})
        },
    )
    code = InProcess({"cost": lambda Y, parameters, A2: (A2, Y, parameters)}, a)
    code.begin_example(0)
    assert code.cost(1, 2) == (1, 2, 1)
    assert (code.calls[-1].args, code.calls[-1].names) == ((2, 1, 1), ("Y", "parameters", "A2"))
