"""docs/authoring.md's worked example, graded end to end: a softmax assignment written only
with the public API, a correct and a buggy submission, and its mutants under selftest."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import grader
from grader import registry, selftest
from grader.results import Status

HERE = Path(__file__).parent / "authoring_example"
DOC = Path(__file__).parent.parent / "docs" / "authoring.md"
# What an assignment and its guide may name of grader: the user API (`grader.check`) and the
# authors' namespaces; every other module is internal.
PUBLIC = {"grader.authoring", "grader.testing"}
ASSIGNMENTS = Path(__file__).parent.parent / "assignments"


@pytest.fixture(scope="module")
def softmax():
    from authoring_example.softmax_assignment import assignment

    registry.register(assignment)
    yield assignment
    registry.unregister(assignment.name)


def _grader_modules(source: str) -> set[str]:
    """The modules of grader that `source` imports from."""
    tree = ast.parse(source)
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    return {name for name in imported if name.split(".")[0] == "grader"}


def test_the_example_uses_only_the_public_api():
    from_grader = _grader_modules((HERE / "softmax_assignment.py").read_text())
    assert from_grader and from_grader <= PUBLIC


def test_the_built_in_assignments_use_only_the_public_api():
    internal = {
        str(path.relative_to(ASSIGNMENTS)): sorted(_grader_modules(path.read_text()) - PUBLIC)
        for path in sorted(ASSIGNMENTS.rglob("*.py"))
    }
    assert {path: names for path, names in internal.items() if names} == {}


def test_the_guide_names_no_internal_module():
    """Modules it may name: the public ones, and `grader.check` (the user's API)."""
    named = set(re.findall(r"\bgrader\.[a-z_]+", DOC.read_text()))
    named -= {"grader.check", "grader.assignments"}  # (the entry-point group's name)
    assert named == PUBLIC


def test_the_public_namespace_holds_what_it_lists():
    import grader.authoring

    for name in grader.authoring.__all__:
        assert hasattr(grader.authoring, name), name
        assert name in grader.authoring.__doc__, f"{name} is exported but not documented"


def test_the_guide_shows_the_files_exactly_as_tested():
    doc = DOC.read_text()
    for name in ("softmax_assignment.py", "correct.py", "buggy.py", "test_softmax_rubric.py"):
        assert f"```python\n{(HERE / name).read_text()}```" in doc, f"{name} differs from the guide"
    declarations = (HERE / "mutants.toml").read_text()
    assert f"```toml\n{declarations}```" in doc, "mutants.toml differs from the guide"


def test_the_correct_submission_gets_full_marks(softmax):
    result = grader.check(HERE / "correct.py", "softmax")
    assert result.full_marks, [(p.id, p.message) for p in result.properties if not p.passed]
    assert result.max_score == 10


def test_the_buggy_submission_loses_exactly_the_stability_points(softmax):
    result = grader.check(HERE / "buggy.py", "softmax")
    failed = [p for p in result.properties if not p.passed]
    assert [p.id for p in failed] == ["stability.large"]
    assert failed[0].status is Status.FAILED
    assert failed[0].counterexample.call.startswith("softmax(z=")
    assert "overflowed" in failed[0].message
    assert result.score == 8
    # The guide quotes this report: keep it true.
    assert "smallest failing call: softmax(z=[[710.]])" in str(result)
    assert "Score: 8 / 10  (3 of 4 properties passed)" in DOC.read_text()


def test_the_rubric_kills_every_mutant(softmax):
    result = selftest.run("softmax", jobs=2)
    assert result.ok, result.problems
    assert len(result.mutants) >= 4 and not result.stale
    assert all(names for names in result.kills().values()), "every property catches a mutant"


def test_registering_is_a_documented_way_in_and_out(softmax):
    assert "softmax" in registry.names()
    assert registry.get("softmax") is softmax
    with pytest.raises(TypeError):
        registry.register("softmax")  # type: ignore[arg-type]
