"""`grader grade` end to end: a mixed class folder, a .zip, determinism of grades.csv, resuming
after Ctrl-C, a Dask cluster, and one-line usage errors.

Folders are small (built from the init-shallow corpus) so the whole file runs in about a minute.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import grader
from grader.batch import work
from grader.cli import cli

CORPUS = Path(__file__).parent / "corpus" / "init-shallow"
HANG = "import numpy as np\n\ndef initialize_parameters(n_x, n_h, n_y):\n    while True:\n        pass\n"


def grades(outdir: Path) -> dict[str, dict[str, str]]:
    text = (outdir / "grades.csv").read_bytes().decode("utf-8-sig")
    return {r["student"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}


def run_cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grader", "grade", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A class folder, one subfolder per student: good, buggy, broken, hanging, hostile name."""
    root = tmp_path_factory.mktemp("class") / "hw1"
    files = {
        "alice": "correct_randn.py",
        "bob": "correct_course_notebook.ipynb",
        "carol": "wrong_zeros.py",
        "dave": "wrong_W1_transposed.py",
        "eve": "malformed_truncated_json.ipynb",
        "=HYPERLINK(1)": "correct_normal.py",
    }
    for student, name in files.items():
        (root / student).mkdir(parents=True)
        shutil.copy(CORPUS / name, root / student / name)
    (root / "frank").mkdir()
    (root / "frank" / "hw.py").write_text(HANG)
    # Two files for one student: the newer one is graded.
    shutil.copy(CORPUS / "wrong_zeros.py", root / "alice" / "draft.py")
    os.utime(root / "alice" / "draft.py", (1_000_000, 1_000_000))
    return root


@pytest.fixture(scope="module")
def mixed_run(mixed: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("out") / "graded"
    proc = run_cli(str(mixed), "-a", "init-shallow", "-o", str(out), "-j", "2", "--timeout", "1")
    return proc, out


def test_every_submission_of_a_mixed_class_gets_a_report_and_its_row_says_why(mixed_run) -> None:
    proc, out = mixed_run
    assert proc.returncode == 0, proc.stderr
    rows = grades(out)
    assert sorted(rows) == ["'=HYPERLINK(1)", "alice", "bob", "carol", "dave", "eve", "frank"]
    assert rows["alice"]["score"] == rows["bob"]["score"] == "100"
    assert rows["alice"]["submission"] == "alice/correct_randn.py"
    assert "alice/draft.py" in rows["alice"]["note"]
    assert 0 < int(rows["carol"]["score"]) < 100 and 0 < int(rows["dave"]["score"]) < 100
    assert rows["eve"]["status"] == "load-error" and "not a valid notebook" in rows["eve"]["note"]
    assert rows["frank"]["score"] == "0" and "timed out" in rows["frank"]["note"]
    assert "7 of 7 submissions have a report" in proc.stdout
    assert "[7/7]" in proc.stderr  # plain progress lines: stderr is not a terminal here
    assert "1 student handed in several files; the newest was graded (alice" in proc.stderr


def test_reports_and_feedback_are_written_per_student(mixed_run) -> None:
    _, out = mixed_run
    reports = sorted(p.stem for p in (out / "reports").glob("*.json"))
    assert reports == ["HYPERLINK_1", "alice", "bob", "carol", "dave", "eve", "frank"]
    alice = json.loads((out / "reports" / "alice.json").read_text())
    assert alice["schema"] == 1 and alice["score"] == 100
    assert alice["submission"] == "alice/correct_randn.py"
    assert alice["batch"]["assignment"] == "init-shallow" and len(alice["batch"]["sha256"]) == 64
    assert sorted(p.stem for p in (out / "feedback").glob("*.md")) == reports
    assert "alice/correct_randn.py" in (out / "feedback" / "alice.md").read_text()
    assert not list(out.rglob("*.tmp"))


def test_the_summary_names_the_load_error_and_the_timeout(mixed_run) -> None:
    _, out = mixed_run
    data = json.loads((out / "summary.json").read_text())
    assert [e["student"] for e in data["load_errors"]] == ["eve"]
    assert {t["student"] for t in data["timeouts"]} == {"frank"}
    assert data["duplicates"] == [
        {"student": "alice", "graded": "alice/correct_randn.py", "ignored": ["alice/draft.py"]}
    ]
    page = (out / "summary.html").read_text()
    assert "What the class got wrong" in page and "frank" in page


def test_grades_csv_is_the_same_byte_for_byte_on_another_run(
    mixed_run, mixed: Path, tmp_path
) -> None:
    _, out = mixed_run
    again = grader.grade(mixed, "init-shallow", tmp_path / "again", jobs=2, timeout=1)
    assert again.ok
    assert (tmp_path / "again" / "grades.csv").read_bytes() == (out / "grades.csv").read_bytes()


def test_a_zip_is_graded_and_its_malicious_members_are_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(CORPUS / "correct_randn.py", "doe_jane_12345_67890_hw.py")
        zf.write(CORPUS / "wrong_zeros.py", "roe_rick_555_67891_hw.py")
        zf.writestr("../../escaped.py", "owned = True\n")
    result = grader.grade(archive, "init-shallow", tmp_path / "out", jobs=2)
    assert result.ok
    rows = grades(tmp_path / "out")
    assert sorted(rows) == ["12345", "555"]
    assert (
        rows["12345"]["score"] == "100"
        and rows["12345"]["submission"] == "doe_jane_12345_67890_hw.py"
    )
    assert any("escaped.py" in w for w in result.warnings)
    assert not (tmp_path.parent / "escaped.py").exists()


def test_ctrl_c_keeps_what_is_done_and_resume_finishes_without_regrading(tmp_path: Path) -> None:
    source = tmp_path / "class"
    source.mkdir()
    names = [
        "correct_randn.py",
        "wrong_zeros.py",
        "correct_normal.py",
        "wrong_abs.py",
        "correct_float32.py",
        "wrong_ones.ipynb",
    ]
    for name in names:
        shutil.copy(CORPUS / name, source / name)
    # Graded last (one grading process takes the students in order): its top level runs until
    # it is stopped, so the batch is still running, whatever the machine's speed, when Ctrl-C
    # comes. Before resuming, the student hands in a version that finishes.
    stuck = source / "zz_stuck.py"
    stuck.write_text("while True:\n    pass\n")
    names.append(stuck.name)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "grader",
            "grade",
            str(source),
            "-a",
            "init-shallow",
            "-o",
            str(out),
            "-j",
            "1",
            "--load-timeout",
            "3600",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "reports").glob("*.json"))) < 2:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    kept = {p.name: p.stat().st_mtime_ns for p in (out / "reports").glob("*.json")}
    assert len(kept) >= 2 and "zz_stuck.json" not in kept
    assert len(grades(out)) == len(kept)  # grades.csv written for what is done
    assert json.loads((out / "summary.json").read_text())["interrupted"] is True
    command = stderr.strip().splitlines()[-1].strip()
    assert command.startswith("grader grade ") and command.endswith("--resume")
    words = shlex.split(command)
    shutil.copy(CORPUS / "correct_randn.py", stuck)
    again = run_cli(*words[2:])
    assert again.returncode == 0, again.stderr
    assert f"({len(kept)} kept from an earlier run)" in again.stdout
    reports = {p.name: p.stat().st_mtime_ns for p in (out / "reports").glob("*.json")}
    assert len(reports) == len(names)
    assert all(reports[name] == mtime for name, mtime in kept.items()), "a kept report was regraded"
    assert sorted(grades(out)) == sorted(Path(n).stem for n in names)


def test_the_dask_executor_gives_the_same_grades_as_a_local_run(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    source = tmp_path / "class"
    source.mkdir()
    for name in ("correct_randn.py", "wrong_zeros.py", "malformed_truncated_json.ipynb"):
        shutil.copy(CORPUS / name, source / name)
    local = grader.grade(source, "init-shallow", tmp_path / "local", jobs=2)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        remote = grader.grade(
            source,
            "init-shallow",
            tmp_path / "dask",
            executor="dask",
            scheduler=cluster.scheduler_address,
        )
    # The in-process Dask worker graded with this process's launcher: stop its warm template.
    work.close_launcher()
    assert local.ok and remote.ok
    assert (tmp_path / "dask" / "grades.csv").read_bytes() == (
        tmp_path / "local" / "grades.csv"
    ).read_bytes()
    assert sorted(p.name for p in (tmp_path / "dask" / "reports").iterdir()) == sorted(
        p.name for p in (tmp_path / "local" / "reports").iterdir()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-folder", "-a", "init-shallow", "-o", "{out}"], "no such file or folder"),
        (["{src}", "-a", "no-such-assignment", "-o", "{out}"], "unknown assignment"),
        (["{src}", "-a", "init-shallow", "-o", "{file}"], "is a file"),
        (["{src}", "-a", "init-shallow", "-o", "{src}"], "not written by `grader grade`"),
        (["{src}", "-a", "init-shallow", "-o", "{out}", "-j", "0"], "at least 1"),
        (["{src}", "-a", "init-shallow", "-o", "{out}", "--executor", "dask"], "--scheduler"),
        (["{file}", "-a", "init-shallow", "-o", "{out}"], "folder of submissions or a .zip"),
    ],
)
def test_usage_mistakes_are_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(CORPUS / "correct_randn.py", src)
    (tmp_path / "file.txt").write_text("x")
    values = {"src": str(src), "out": str(tmp_path / "out"), "file": str(tmp_path / "file.txt")}
    result = CliRunner().invoke(cli, ["grade", *(a.format(**values) for a in args)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("grader: error:") and message in lines[0]
    assert not (tmp_path / "out").exists()


def test_the_resume_command_repeats_every_option_that_was_given() -> None:
    from grader.batch import BatchConfig
    from grader.config import RunConfig

    config = BatchConfig(
        "class", "init-shallow", "out", run=RunConfig(seed=7, sandbox="process"), jobs=3,
        seed=7, timeout=2, backstop=100, load_timeout=45,
    )  # fmt: skip
    assert config.resume_command() == (
        "grader grade class -a init-shallow -o out -j 3 --seed 7 --sandbox process "
        "--timeout 2 --load-timeout 45 --submission-timeout 100 --resume"
    )


def test_a_batch_config_grades_with_resolved_settings_and_resumes_with_the_typed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from grader.batch import BatchConfig

    (tmp_path / "class").mkdir()
    (tmp_path / "helpers").mkdir()
    monkeypatch.chdir(tmp_path)
    config = BatchConfig.create(
        "class", "init-shallow", "out", support=["helpers"], sandbox="process",
        allow_unconfined=True, course_option="my-course.toml",
    )  # fmt: skip
    assert config.run.support == (str((tmp_path / "helpers").resolve()),)
    assert (config.run.call_timeout, config.run.load_timeout) == (5.0, 20.0)
    assert config.resume_command() == (
        "grader grade class -a init-shallow -o out --sandbox process --support helpers "
        "--allow-unconfined --course my-course.toml --resume"
    )


def test_the_driver_never_imports_the_assignment_hypothesis_numpy_or_matplotlib(
    tmp_path: Path,
) -> None:
    """The grading processes import them; the driver only hands out work and writes outputs,
    and each of those imports would take CPU from the grading processes."""
    source = tmp_path / "class"
    source.mkdir()
    for name in ("correct_randn.py", "wrong_zeros.py"):
        shutil.copy(CORPUS / name, source / name)
    program = (
        "import sys\n"
        "from grader.batch import grade\n"
        f"result = grade({str(source)!r}, 'init-shallow', {str(tmp_path / 'out')!r}, jobs=1)\n"
        "heavy = ('assignments.init_shallow', 'hypothesis', 'numpy', 'matplotlib')\n"
        "print(result.ok, [m for m in heavy if m in sys.modules])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=180
    )
    assert proc.stdout.split() == ["True", "[]"], proc.stderr
    assert grades(tmp_path / "out")["wrong_zeros"]["score"] == "45"
