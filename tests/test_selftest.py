"""`grader selftest`: the reference solution gets full marks, every declared mutant applies to it
and loses points, and the report says which property caught which mutant."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import registry, selftest
from grader.errors import UsageError
from grader.mutants import Mutant, MutantError, load

INIT_SHALLOW = selftest.declarations_path(registry.get("init-shallow"))


@pytest.mark.parametrize("name", registry.names())
def test_every_shipped_assignment_declares_described_mutants_of_its_solution(name):
    declared = load(selftest.declarations_path(registry.get(name)))
    assert declared.solution.name == "solution.py"
    assert len(declared.mutants) >= 12
    for mutant in declared.mutants:
        assert mutant.bug, f"{mutant.name} should say what its bug is"
        assert mutant.fails, f"{mutant.name} should name what must catch it"
        mutant.apply(declared.solution.read_text())  # raises when it no longer applies


@pytest.mark.parametrize("name", registry.names())
def test_every_shipped_assignment_passes_its_selftest(name):
    result = selftest.run(name, jobs=2)
    assert result.reference.report.full_marks, result.problems
    assert result.ok, "\n".join(result.problems)
    assert all(m.killed for m in result.mutants) and not result.stale


def test_an_edit_must_match_exactly_once_and_an_override_must_replace_a_function():
    source = "def f(x):\n    return x + 1\n\n\ndef g(x):\n    return x + 1\n"
    with pytest.raises(MutantError, match="found 2 times"):
        Mutant("twice", "bug", ("api",), old="return x + 1", new="return x").apply(source)
    with pytest.raises(MutantError, match="not found"):
        Mutant("gone", "bug", ("api",), old="x - 1", new="x").apply(source)
    edited = Mutant("one", "bug", ("api",), old="def g(x):", new="def g(y):").apply(source)
    assert edited == source.replace("def g(x):", "def g(y):")
    with pytest.raises(MutantError, match="replaces h, which"):
        Mutant("h", "bug", ("api",), override="def h(x):\n    return 0\n").apply(source)
    helped = "def _two():\n    return 2\n\n\ndef f(x):\n    return x * _two()\n"
    later = Mutant("later", "bug", ("api",), override=helped).apply(source)
    namespace: dict = {}
    exec(later, namespace)
    assert namespace["f"](5) == 10  # the later def wins


def _declarations(tmp_path: Path, extra: str) -> Path:
    shutil.copy(INIT_SHALLOW.parent / "solution.py", tmp_path / "solution.py")
    path = tmp_path / "mutants.toml"
    path.write_text('solution = "solution.py"\n' + extra)
    return path


def test_a_surviving_a_stale_and_a_misnamed_mutant_fail_the_selftest(tmp_path):
    path = _declarations(
        tmp_path,
        """
[mutant.survivor]
bug = "Same code, different name (W[l-1])."
fails = ["api"]
old = "import numpy as np"
new = "import numpy as np  # same"

[mutant.misnamed]
bug = "Draws the biases at random like the weights."
fails = ["shapes.biases", "no.such-property"]
old = "b1 = np.zeros((n_h, 1))"
new = "b1 = np.random.randn(n_h, 1) * 0.01"

[mutant.mute]
bug = "Every weight zero; the message must blame a seed (it does not)."
fails = ["randomness"]
says = "is a seed set inside the function?"
override = '''
def initialize_parameters(n_x, n_h, n_y):
    return {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)),
            "W2": np.zeros((n_y, n_h)), "b2": np.zeros((n_y, 1))}
'''

[mutant.stale]
bug = "An edit written for an older solution."
fails = ["scale"]
old = "W1 = np.random.randn(n_x, n_h) * 0.01"
new = "W1 = np.random.randn(n_x, n_h)"
""",
    )
    result = selftest.run("init-shallow", declarations=path, jobs=1)
    assert not result.ok
    assert result.reference.report.full_marks
    survivor = next(m for m in result.mutants if m.name == "survivor")
    assert not survivor.killed and survivor.killed_by == ()
    assert "mutant survivor survives with full marks" in result.problems
    assert (
        "mutant misnamed names unknown properties or categories: no.such-property"
        in result.problems
    )
    assert (
        "mutant mute fails, but no failure message says 'is a seed set inside the function?'"
        in (result.problems)
    )
    assert [s.name for s in result.stale] == ["stale"]
    assert any(p.startswith("mutant stale no longer applies: its edit's old text") for p in
               result.problems)  # fmt: skip
    report = selftest.text(result, width=120)
    assert "SURVIVES" in report and "DOES NOT APPLY" in report and "selftest FAILED" in report
    assert "different name (W[l-1])" in report  # brackets are text, not markup
    data = json.loads(json.dumps(result.to_dict()))
    assert data["kills"]["bias-zeros.zero"] == ["misnamed"]
    assert data["stale"][0]["file"] == "stale"


def test_a_category_in_fails_is_met_by_any_of_its_properties(tmp_path):
    path = _declarations(
        tmp_path,
        """
[mutant.zeros]
bug = "Weights start at zero."
fails = ["symmetry", "randomness"]
override = '''
def initialize_parameters(n_x, n_h, n_y):
    return {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)),
            "W2": np.zeros((n_y, n_h)), "b2": np.zeros((n_y, 1))}
'''
""",
    )
    result = selftest.run("init-shallow", declarations=path, jobs=1)
    assert result.ok, result.problems
    assert result.mutants[0].missed == ()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('solution = "missing.py"\n', "missing.py is missing"),
        ('solution = "solution.py"\n[mutant.x]\nbug = "b"\nfails = ["api"]\n', "either old"),
        ('solution = "solution.py"\n[mutant.x]\nbug = "b"\nold = "a"\nnew = "b"\n', "fails"),
        (
            'solution = "solution.py"\n[mutant.x]\nbug = "b"\nfails = ["api"]\nold = "a\\nb"\n'
            'new = "c"\n',
            "one line",
        ),
        ('solution = "solution.py"\n[mutant.x]\nbugs = "b"\n', "unknown keys: bugs"),
        ("solution = \n", "not valid TOML"),
        ('solution = "solution.py"\n[mutant.x]\nbug = "b"\nfails = ["api"]\nsays = 1\n', "says"),
    ],
)
def test_malformed_declarations_are_one_line_usage_errors(tmp_path, text, says):
    shutil.copy(INIT_SHALLOW.parent / "solution.py", tmp_path / "solution.py")
    (tmp_path / "mutants.toml").write_text(text)
    with pytest.raises(UsageError, match=says):
        load(tmp_path / "mutants.toml")


def test_the_cli_exit_code_tells_scripts_whether_the_rubric_holds(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "selftest", "init-shallow", "--mutants",
         str(tmp_path / "none.toml")],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.startswith("grader: error:") and len(proc.stderr.splitlines()) == 1
