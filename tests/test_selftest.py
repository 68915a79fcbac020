"""`grader selftest`: the reference gets full marks, every shipped mutant loses points, and the
report says which property caught which mutant."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import registry, selftest
from grader.errors import UsageError

INIT_SHALLOW_MUTANTS = selftest.mutants_folder(registry.get("init-shallow"))


def test_init_shallow_ships_a_reference_and_at_least_twelve_mutants():
    reference, mutants = selftest.discover(INIT_SHALLOW_MUTANTS)
    assert reference.name == "reference.py"
    assert len(mutants) >= 12
    for mutant in mutants:
        description, expected = selftest.describe(mutant)
        assert description, f"{mutant.name} should say what its bug is"
        assert expected, f"{mutant.name} should name the properties that must catch it"


@pytest.mark.parametrize("name", registry.names())
def test_every_shipped_assignment_passes_its_selftest(name):
    folder = selftest.mutants_folder(registry.get(name))
    if not folder.is_dir():
        pytest.skip(f"{name} ships no mutants/ folder yet")
    result = selftest.run(name, jobs=2)
    assert result.reference.report.full_marks, result.problems
    assert result.ok, "\n".join(result.problems)
    assert all(m.killed for m in result.mutants)


def _folder(tmp_path: Path, mutants: dict[str, str]) -> Path:
    folder = tmp_path / "mutants"
    folder.mkdir()
    shutil.copy(INIT_SHALLOW_MUTANTS / "reference.py", folder / "reference.py")
    for name, text in mutants.items():
        (folder / name).write_text(text)
    return folder


def test_a_surviving_mutant_and_a_wrong_expectation_fail_the_selftest(tmp_path):
    reference = (INIT_SHALLOW_MUTANTS / "reference.py").read_text()
    renamed = reference.replace(
        '"""The correct', '"""Same code, different name (W[l-1]).\n\nThe correct', 1
    )
    wrong = (
        (INIT_SHALLOW_MUTANTS / "bias_random.py")
        .read_text()
        .replace("Killed by: bias-zeros.zero", "Killed by: shapes.biases, no.such-property")
    )
    folder = _folder(tmp_path, {"survivor.py": renamed, "misnamed.py": wrong})
    result = selftest.run("init-shallow", folder=folder, jobs=1)
    assert not result.ok
    assert result.reference.report.full_marks
    survivor = next(m for m in result.mutants if m.name == "survivor.py")
    assert not survivor.killed and survivor.killed_by == ()
    assert "mutant survivor.py survives with full marks" in result.problems
    assert "mutant misnamed.py names unknown properties: no.such-property" in result.problems
    report = selftest.text(result, width=120)
    assert "SURVIVES" in report and "selftest FAILED" in report
    assert "different name (W[l-1])" in report  # brackets are text, not markup
    assert json.loads(json.dumps(result.to_dict()))["kills"]["bias-zeros.zero"] == ["misnamed.py"]


def test_a_folder_without_reference_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match=r"reference\.py"):
        selftest.discover(tmp_path)
    with pytest.raises(UsageError, match="no mutants folder"):
        selftest.discover(tmp_path / "missing")


def test_the_cli_exit_code_tells_scripts_whether_the_rubric_holds(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "selftest", "init-shallow", "--mutants", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("grader: error:") and len(proc.stderr.splitlines()) == 1
