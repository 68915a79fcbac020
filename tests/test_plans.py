"""Replaying recorded inputs: a property that passes sees exactly the inputs Hypothesis would
have given it, in the same order; a property that fails is handed to Hypothesis and shrunk as
before; what only Hypothesis can run (assume, st.data) never goes through the replay."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume
from hypothesis import strategies as st

from grader import Assignment, Failure, RunConfig
from grader.results import Status
from grader.runner import engine, plans
from grader.runner.student import StudentCode

CORRECT = "def add(x, y):\n    return x + y\n"


def _assignment(body: Any, given: dict[str, Any] | None = None) -> Assignment:
    a = Assignment("toy-plans", "Toy", functions={"add": ("x", "y")})
    a.property(
        "add.prop",
        category="math",
        points=1,
        given=given or {"x": st.integers(0, 1000), "y": st.integers(0, 1000)},
        examples=25,
    )(body)
    return a


def _run(assignment: Assignment, source: str, *, replay: bool, monkeypatch) -> Any:
    if not replay:
        monkeypatch.setattr(plans, "plan_for", lambda *args, **kwargs: None)
    with StudentCode((("sub.py", source),), call_timeout=5) as code:
        (outcome,) = engine.run(assignment, code, RunConfig())
    monkeypatch.undo()
    return outcome


def test_a_passing_property_sees_the_inputs_hypothesis_gives_in_the_same_order(monkeypatch):
    seen: list[tuple[int, int]] = []

    def commutes(code, x, y):
        """add(x, y) equals x + y"""
        seen.append((x, y))
        if code.add(x, y) != x + y:
            raise Failure("wrong")

    assignment = _assignment(commutes)
    under_hypothesis = _run(assignment, CORRECT, replay=False, monkeypatch=monkeypatch)
    by_hypothesis, seen[:] = list(seen), []
    replayed = _run(assignment, CORRECT, replay=True, monkeypatch=monkeypatch)
    assert replayed.status is under_hypothesis.status is Status.PASSED
    assert seen == by_hypothesis
    assert replayed.examples == under_hypothesis.examples == len(seen)


def test_a_failure_found_by_the_replay_is_shrunk_as_under_hypothesis(monkeypatch):
    def commutes(code, x, y):
        """add(x, y) equals x + y"""
        got = code.add(x, y)
        if got != x + y:
            raise Failure(f"add({x}, {y}) returned {got}")

    assignment = _assignment(commutes)
    buggy = "def add(x, y):\n    return x + y if y < 300 else 0\n"
    plain = _run(assignment, buggy, replay=False, monkeypatch=monkeypatch)
    replayed = _run(assignment, buggy, replay=True, monkeypatch=monkeypatch)
    assert replayed.status is Status.FAILED
    assert replayed.counterexample.call == "add(x=0, y=300)"
    assert (replayed.message, replayed.counterexample) == (plain.message, plain.counterexample)


def test_a_failure_that_does_not_come_back_is_reported_as_not_repeatable(monkeypatch):
    def commutes(code, x, y):
        """add(x, y) equals x + y"""
        if code.add(x, y) != x + y:
            raise Failure("add returned the wrong sum")

    # Wrong on its 5th call only: the replay meets it, Hypothesis's run from the start does not.
    stateful = "calls = 0\ndef add(x, y):\n    global calls\n    calls += 1\n    return -1 if calls == 5 else x + y\n"
    outcome = _run(_assignment(commutes), stateful, replay=True, monkeypatch=monkeypatch)
    assert outcome.status is Status.FAILED
    assert "add returned the wrong sum" in outcome.message
    assert "not when repeated" in outcome.message


def test_a_property_that_rejects_inputs_is_left_to_hypothesis(monkeypatch):
    def odd_only(code, x, y):
        """add keeps odd sums odd"""
        assume(x % 2 == 1)
        if code.add(x, y) != x + y:
            raise Failure("wrong")

    assignment = _assignment(odd_only)
    plain = _run(assignment, CORRECT, replay=False, monkeypatch=monkeypatch)
    replayed = _run(assignment, CORRECT, replay=True, monkeypatch=monkeypatch)
    assert replayed.status is plain.status is Status.PASSED
    assert replayed.examples == plain.examples
    prop = assignment.properties[0]
    seed = engine.property_seed(assignment.name, prop.id, RunConfig().seed)
    assert plans.plan_for(prop, seed, 25, engine._settings) is None  # forgotten after the fall-back


def test_a_property_that_draws_inside_has_no_plan():
    a = Assignment("toy-data", "Toy", functions={"add": ("x", "y")})

    @a.property("add.data", category="math", points=1, given={"data": st.data()})
    def interactive(code, data):
        """draws as it goes"""
        data.draw(st.integers())

    assert plans.plan_for(a.properties[0], 1, 10, engine._settings) is None


@pytest.mark.parametrize("budget", [1, 10])
def test_a_plan_holds_fresh_copies_of_the_inputs(budget):
    a = Assignment("toy-copies", "Toy", functions={"f": ("v",)})

    @a.property(
        "f.list", category="math", points=1, given={"v": st.lists(st.integers(), min_size=1)}
    )
    def mutate(code, v):
        """changes what it is given"""
        v.append(0)

    plan = plans.plan_for(a.properties[0], 7, budget, engine._settings)
    assert plan is not None and len(plan.examples) == budget
    first = list(plan.inputs())
    for drawn in first:
        drawn["v"].append(99)
    assert list(plan.inputs()) != first


def test_prepare_records_every_property_ahead_of_the_first_submission(monkeypatch):
    from grader import registry

    recorded: list[str] = []
    real = plans._record
    monkeypatch.setattr(
        plans, "_record", lambda prop, *a: recorded.append(prop.id) or real(prop, *a)
    )
    assignment = registry.get("init-shallow")
    engine.prepare(assignment, RunConfig(seed=12345))  # a seed no other test uses: nothing cached
    assert recorded == [p.id for p in assignment.properties if p.given]
    recorded.clear()
    engine.prepare(assignment, RunConfig(seed=12345))
    assert recorded == []  # kept for the process's lifetime


# -- kept on disk between runs of `grader check` ----------------------------------------------


def _plain_assignment() -> Assignment:
    a = Assignment("toy-disk", "Toy", functions={"add": ("x", "y")}, version="3")

    @a.property(
        "add.disk",
        category="math",
        points=1,
        given={"x": st.integers(), "y": st.lists(st.integers())},
    )
    def prop(code, x, y):
        """a property"""

    return a


def test_a_plan_on_disk_replaces_recording_and_gives_the_same_inputs(tmp_path, monkeypatch):
    from grader.runner import plan_cache

    prop = _plain_assignment().properties[0]
    name = plan_cache.key(prop, "toy-disk", "3", 99, 10)
    first = plans.plan_for(prop, 99, 10, engine._settings, (str(tmp_path), name))
    assert first is not None and (tmp_path / f"{name}.json").exists()
    monkeypatch.setattr(plans, "_plans", {})  # as in a new process
    monkeypatch.setattr(plans, "_record", lambda *a: pytest.fail("recorded again"))
    again = plans.plan_for(prop, 99, 10, engine._settings, (str(tmp_path), name))
    assert again is not None and again.examples == first.examples
    assert [type(e["y"]) for e in again.examples] == [list] * len(first.examples)


def test_a_damaged_plan_file_is_ignored_and_rewritten(tmp_path, monkeypatch):
    from grader.runner import plan_cache

    prop = _plain_assignment().properties[0]
    name = plan_cache.key(prop, "toy-disk", "3", 5, 4)
    for damage in ('{"format": 1, "examples": [{"dict": {"x": {"evil": 1}}}]}', "not json", "[]"):
        (tmp_path / f"{name}.json").write_text(damage)
        monkeypatch.setattr(plans, "_plans", {})
        plan = plans.plan_for(prop, 5, 4, engine._settings, (str(tmp_path), name))
        assert plan is not None and len(plan.examples) == 4
        assert plan_cache.load(str(tmp_path), name) == list(plan.examples)


def test_only_plain_inputs_are_kept_and_the_key_follows_what_they_depend_on(tmp_path):
    import numpy as np

    from grader.runner import plan_cache

    assert not plan_cache.save(str(tmp_path), "arrays", ({"a": np.zeros(2)},))
    assert not plan_cache.save(str(tmp_path), "nan", ({"a": float("nan")},))
    assert list(tmp_path.iterdir()) == []
    prop = _plain_assignment().properties[0]
    keys = {
        plan_cache.key(prop, "toy-disk", "3", 1, 10),
        plan_cache.key(prop, "toy-disk", "4", 1, 10),  # another assignment version
        plan_cache.key(prop, "toy-disk", "3", 2, 10),  # another seed
        plan_cache.key(prop, "toy-disk", "3", 1, 20),  # another budget
    }
    assert len(keys) == 4
