"""The property engine: Hypothesis applied by the engine, minimal counterexamples kept as data,
dependencies skipped with a reason, student errors kept apart from grader bugs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import strategies as st

from grader import Assignment, Failure, RunConfig
from grader.results import Status
from grader.runner.counterexamples import format_call
from grader.runner.engine import property_seed, run
from grader.runner.student import StudentCode


def make_assignment() -> Assignment:
    a = Assignment("toy", "Toy", functions={"add": ("x", "y")})

    @a.property(
        "add.commutes",
        category="math",
        points=2,
        given={"x": st.integers(0, 50), "y": st.integers(0, 50)},
    )
    def commutes(code, x, y):
        """add(x, y) equals x + y"""
        got = code.add(x, y)
        if got != x + y:
            raise Failure(f"add({x}, {y}) returned {got}; expected {x + y}")

    @a.property("add.after", category="math", points=1, depends=("add.commutes",))
    def after(code):
        """Runs only when add works"""
        code.add(1, 1)

    @a.property("grader.bug", category="meta", points=1)
    def bug(code):
        """A property with a bug in it"""
        {}["missing"]

    return a


def grade(source: str, config: RunConfig | None = None):
    with StudentCode((("sub.py", source),), call_timeout=2) as code:
        return {o.property_id: o for o in run(make_assignment(), code, config or RunConfig())}


def test_correct_code_passes():
    out = grade("def add(x, y):\n    return x + y\n")
    assert out["add.commutes"].status is Status.PASSED
    assert out["add.after"].status is Status.PASSED


def test_a_failure_is_shrunk_to_the_smallest_call():
    out = grade("def add(x, y):\n    return x + y if y < 7 else 0\n")
    failed = out["add.commutes"]
    assert failed.status is Status.FAILED
    assert failed.counterexample is not None
    assert failed.counterexample.call == "add(x=0, y=7)"
    assert failed.counterexample.arguments == {"x": 0, "y": 7}
    assert "returned 0; expected 7" in failed.message


def test_a_dependent_property_is_skipped_with_the_reason():
    out = grade("def add(x, y):\n    return 0\n")
    skipped = out["add.after"]
    assert skipped.status is Status.SKIPPED
    assert "add(x, y) equals x + y" in skipped.message


def test_student_exceptions_are_failures_with_their_traceback():
    out = grade(
        "def add(x, y):\n    if y >= 3:\n        raise ValueError('three')\n    return x + y\n"
    )
    failed = out["add.commutes"]
    assert failed.status is Status.FAILED
    assert "ValueError: three" in failed.message
    assert 'File "sub.py", line 3' in failed.traceback
    assert failed.counterexample.call == "add(x=0, y=3)"


def test_a_bug_in_a_property_is_an_error_not_the_students_fault():
    out = grade("def add(x, y):\n    return x + y\n")
    err = out["grader.bug"]
    assert err.status is Status.ERROR
    assert "not your fault" in err.message
    assert "KeyError" in err.traceback


def test_a_call_that_runs_out_of_time_is_a_timeout_and_the_next_property_still_runs():
    out = grade("def add(x, y):\n    while y > 5:\n        pass\n    return x + y\n")
    assert out["add.commutes"].status is Status.TIMEOUT
    assert "did not finish" in out["add.commutes"].message
    assert out["grader.bug"].status is Status.ERROR  # ran, on a fresh worker


def test_what_the_student_printed_is_captured_per_call():
    out = grade("def add(x, y):\n    print('adding', x, y)\n    return 0\n")
    assert out["add.commutes"].output.startswith("adding")


def test_same_seed_same_outcome_and_other_seed_may_differ():
    src = "def add(x, y):\n    return x + y if (x * 7 + y) % 5 else -1\n"
    first = grade(src, RunConfig(seed=3))["add.commutes"]
    again = grade(src, RunConfig(seed=3))["add.commutes"]
    assert (first.message, first.counterexample) == (again.message, again.counterexample)


def test_property_seeds_depend_on_assignment_property_and_run_seed():
    seeds = {property_seed(a, p, s) for a in ("a", "b") for p in ("x", "y") for s in (0, 1)}
    assert len(seeds) == 8


def test_format_call_uses_parameter_names_and_summarises_arrays():
    import numpy as np

    cx = format_call("f", (1, np.zeros((3, 4))), ("n", "X"))
    assert cx.call == "f(n=1, X=<array of shape (3, 4)>)"
    assert cx.arguments["X"] == [[0.0] * 4] * 3


def test_no_hypothesis_folder_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    grade("def add(x, y):\n    return 0\n")
    assert not (Path(tmp_path) / ".hypothesis").exists()
    assert ".hypothesis" not in os.listdir(tmp_path)


def test_duplicate_and_unknown_dependencies_are_refused():
    a = Assignment("t", "T", functions={})
    a.property("p", category="c", points=1)(lambda code: None)
    with pytest.raises(ValueError, match="duplicate"):
        a.property("p", category="c", points=1)(lambda code: None)
    with pytest.raises(ValueError, match="unknown"):
        a.property("q", category="c", points=1, depends=("nope",))(lambda code: None)


def test_grading_leaves_the_callers_numpy_random_state_as_it_was():
    """Examples seed numpy's global RNG (the grader's own draws are reproducible), and a
    check run inside someone's notebook gives their RNG back untouched, passing or failing."""
    import numpy as np

    for source in ("def add(x, y):\n    return x + y\n", "def add(x, y):\n    return x - y\n"):
        np.random.seed(2024)
        expected = np.random.random(3)
        np.random.seed(2024)
        grade(source)
        assert np.array_equal(np.random.random(3), expected)


def test_examples_under_hypothesis_and_in_replay_start_from_the_same_numpy_state():
    """A property drawing from numpy's global RNG sees the same numbers whether its inputs are
    replayed or generated by Hypothesis (as when an input fails and is shrunk)."""
    import numpy as np

    seen: dict[str, list[float]] = {"replay": [], "hypothesis": []}
    a = Assignment("rng", "RNG", functions={"f": ("x",)})
    mode = {"now": "replay"}

    @a.property("rng.draw", category="rng", points=1, given={"x": st.integers(0, 3)}, examples=3)
    def draw(code, x):
        """Draws"""
        seen[mode["now"]].append(float(np.random.random()))
        if mode["now"] == "hypothesis":
            raise Failure("always, to run Hypothesis")

    with StudentCode((("sub.py", "def f(x):\n    return x\n"),), call_timeout=2) as code:
        run(a, code, RunConfig())
        mode["now"] = "hypothesis"
        run(a, code, RunConfig())
    first = np.random.RandomState(0).random()
    assert set(seen["replay"]) == {first} and set(seen["hypothesis"]) == {first}
    assert len(seen["hypothesis"]) > 1  # Hypothesis ran examples of its own


def test_a_counterexample_built_from_a_dataclass_input_is_json_data():
    from dataclasses import dataclass

    import numpy as np

    from grader.runner.counterexamples import jsonable

    @dataclass(frozen=True)
    class Net:
        X: np.ndarray
        sizes: tuple[int, ...]

    class Opaque:
        def __repr__(self) -> str:
            return "<opaque>"

    shown = jsonable({"net": Net(np.zeros((1, 2)), (2, 1)), "other": Opaque()})
    assert shown == {"net": {"X": [[0.0, 0.0]], "sizes": [2, 1]}, "other": "<opaque>"}
