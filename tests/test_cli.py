"""The command line as students and CI use it: exit codes, formats, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.results import strip_timing

CORPUS = Path(__file__).parent / "corpus" / "init-shallow"
GOOD = CORPUS / "correct_randn.py"
BUGGY = CORPUS / "wrong_W1_transposed.py"


def grader(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_full_marks_exit_0_and_the_text_report_ends_with_the_total():
    proc = grader("check", str(GOOD), "-a", "init-shallow")
    assert proc.returncode == 0, proc.stderr
    assert "Score: 100 / 100" in proc.stdout
    assert proc.stderr == ""


def test_a_bug_exits_1_and_shows_the_smallest_failing_call():
    proc = grader("check", str(BUGGY))  # assignment inferred from the function name
    assert proc.returncode == 1
    assert "smallest failing call: initialize_parameters(n_x=1, n_h=2, n_y=1)" in proc.stdout
    assert "W1 has shape (1, 2); expected (2, 1)" in proc.stdout
    assert "hint:" in proc.stdout


def test_json_report_has_exactly_the_schema_1_keys(tmp_path):
    out = tmp_path / "report.json"
    proc = grader("check", str(BUGGY), "--format", "json", "-o", str(out))
    assert proc.returncode == 1
    assert proc.stdout == ""
    report = json.loads(out.read_text())
    required = {
        "schema",
        "assignment",
        "submission",
        "score",
        "max_score",
        "status",
        "properties",
        "load_errors",
        "seed",
        "grader_version",
    }
    assert required <= set(report)
    assert report["schema"] == 1
    assert report["status"] == "graded"
    assert isinstance(report["seed"], int)
    prop_keys = {
        "id",
        "category",
        "points",
        "max_points",
        "status",
        "message",
        "counterexample",
        "hint",
    }
    for prop in report["properties"]:
        assert prop_keys <= set(prop)
        assert prop["status"] in {"passed", "failed", "error", "skipped", "timeout"}
    failing = [p for p in report["properties"] if p["status"] == "failed"]
    assert failing[0]["counterexample"]["call"].startswith("initialize_parameters(")
    assert report["score"] == sum(p["points"] for p in report["properties"])


def test_the_same_seed_gives_the_same_report_byte_for_byte_apart_from_timing():
    runs = [
        json.loads(grader("check", str(BUGGY), "--format", "json", "--seed", "7").stdout)
        for _ in range(2)
    ]
    assert strip_timing(runs[0]) == strip_timing(runs[1])


def test_a_submission_that_cannot_load_gets_a_load_error_report_and_exit_1(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("def initialize_parameters(n_x, n_h, n_y:\n")
    proc = grader("check", str(broken), "-a", "init-shallow", "--format", "json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["status"] == "load-error"
    assert report["score"] == 0
    assert any("SyntaxError" in e for e in report["load_errors"])


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["check", "does-not-exist.py"], "no such file"),
        (["check", str(GOOD), "-a", "no-such-assignment"], "unknown assignment"),
        (["check", str(GOOD), "--format", "pdf"], "--format"),
        (["check", str(GOOD), "--bogus"], "--bogus"),
        (["check", str(GOOD), "--timeout", "-1"], "--timeout"),
        (["check", str(GOOD), "--load-timeout", "0"], "--load-timeout"),
        (["check", str(CORPUS / "README.md")], ".ipynb"),
    ],
)
def test_usage_errors_are_one_line_on_stderr_with_exit_2(args, fragment):
    proc = grader(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("grader: error:")
    assert fragment in lines[0]


def test_top_level_code_that_sleeps_is_skipped_and_a_slow_definition_is_stopped(tmp_path):
    slow = tmp_path / "slow.py"
    slow.write_text(
        "class Slow:\n    import time\n    time.sleep(60)\n\n"
        + GOOD.read_text()
        + "\nimport time\ntime.sleep(60)\n"
    )
    proc = grader(
        "check", str(slow), "-a", "init-shallow", "--load-timeout", "1", "--format", "json"
    )
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, report
    assert report["score"] == report["max_score"]
    assert report["load_errors"] == [
        "slow.py: top-level code did not finish in the time it had and was stopped"
    ]
    assert any(
        n.startswith("top-level code not needed for grading was skipped (line")
        for n in report["notices"]
    )


def test_load_timeout_bounds_the_notebooks_top_level_code(tmp_path):
    # A definition that ignores the worker's per-statement alarm: the grader's clock stops it.
    slow = tmp_path / "slow.py"
    slow.write_text(
        GOOD.read_text()
        + "\nclass Stubborn:\n    import signal, time\n"
        + "    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n    time.sleep(60)\n"
    )
    proc = grader(
        "check", str(slow), "-a", "init-shallow", "--load-timeout", "1", "--format", "json"
    )
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["status"] == "load-error"
    assert any("did not finish within 1 s" in e for e in report["load_errors"])


def test_check_keeps_the_replayed_inputs_for_the_next_check_and_grade_never_reads_them(tmp_path):
    cache = tmp_path / "plans"
    env = {**os.environ, "GRADER_CACHE_DIR": str(cache)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "grader", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)

    first = run("check", str(BUGGY), "-a", "init-shallow", "--format", "json")
    kept = sorted(p.name for p in cache.iterdir())
    ran = [p for p in json.loads(first.stdout)["properties"] if p["status"] != "skipped"]
    assert len(kept) == len(ran) == 10  # one file per property that ran (one was skipped)
    second = run("check", str(BUGGY), "-a", "init-shallow", "--format", "json")
    assert sorted(p.name for p in cache.iterdir()) == kept
    assert strip_timing(json.loads(second.stdout)) == strip_timing(json.loads(first.stdout))
    (tmp_path / "class" / "ann").mkdir(parents=True)
    (tmp_path / "class" / "ann" / "sub.py").write_text(GOOD.read_text())
    env["GRADER_CACHE_DIR"] = str(tmp_path / "batch-plans")
    graded = run(
        "grade", str(tmp_path / "class"), "-a", "init-shallow", "-o", str(tmp_path / "out")
    )
    assert graded.returncode == 0, graded.stderr
    assert not (tmp_path / "batch-plans").exists()


def test_an_unrecognisable_submission_asks_for_the_assignment(tmp_path):
    other = tmp_path / "other.py"
    other.write_text("def something_else():\n    pass\n")
    proc = grader("check", str(other))
    assert proc.returncode == 2
    assert "pass -a NAME" in proc.stderr


def test_list_shows_assignments_with_points():
    proc = grader("list")
    assert proc.returncode == 0
    assert "init-shallow" in proc.stdout
    assert "100 points" in proc.stdout


def test_no_hypothesis_folder_appears_where_the_student_runs(tmp_path):
    grader("check", str(BUGGY), cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []
