"""What a batch writes for the instructor: grades.csv, reports with a resume fingerprint,
feedback files, and the class summary (JSON and a self-contained HTML page)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from grader import registry, render
from grader.batch import charts, html, outputs, state, summary
from grader.batch.model import GRADER_ERROR, BatchResult, Row
from grader.results import Counterexample, Outcome, Status
from grader.scoring import load_error, score

ASSIGNMENT = registry.get("init-shallow")
IDS = [p.id for p in ASSIGNMENT.properties]


def report_for(name: str, failing: dict[str, str] | None = None, timeout: str = ""):
    """A graded init-shallow report where the properties in `failing` failed with a message."""
    failing = failing or {}
    outcomes = []
    for pid in IDS:
        if pid == timeout:
            outcomes.append(Outcome(pid, Status.TIMEOUT, "did not finish within 1 s"))
        elif pid in failing:
            cx = Counterexample(
                "initialize_parameters", {"n_x": 1}, "initialize_parameters(1, 1, 1)"
            )
            outcomes.append(Outcome(pid, Status.FAILED, failing[pid], counterexample=cx))
        else:
            outcomes.append(Outcome(pid, Status.PASSED))
    return score(outcomes, ASSIGNMENT, submission=name, seed=0, grader_version="t", duration=1.5)


def row(student: str, report=None, **kw) -> Row:
    r = Row(
        student=student,
        key=student.strip("=+-@") or "s",
        submission=f"{student}.py",
        path=Path(f"/nowhere/{student}.py"),
        sha256="0" * 64,
        report=report,
        **kw,
    )
    if report is not None:
        r.status = report.status.value
    return r


def parse_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# -- grades.csv ---------------------------------------------------------------------------------


def test_grades_csv_has_one_sorted_row_per_student_and_a_column_per_property() -> None:
    rows = [
        row("zoe", report_for("zoe.py")),
        row("adam", report_for("adam.py", {"scale.std": "std 0.1; expected 0.01"})),
        row(
            "mia",
            load_error(
                ASSIGNMENT, submission="mia.py", reasons=["bad JSON"], seed=0, grader_version="t"
            ),
        ),
    ]
    table = parse_csv(outputs.grades_csv(rows, ASSIGNMENT))
    assert table[0] == ["student", "submission", "score", "max_score", "status", *IDS, "note"]
    assert [r[0] for r in table[1:]] == ["adam", "mia", "zoe"]
    adam = dict(zip(table[0], table[1], strict=True))
    assert adam["score"] == "88" and adam["max_score"] == "100" and adam["status"] == "graded"
    assert adam["scale.std"] == "0" and adam["api.dict"] == "8"
    mia = dict(zip(table[0], table[2], strict=True))
    assert (mia["score"], mia["status"], mia["note"]) == ("0", "load-error", "bad JSON")


def test_grades_csv_is_excel_friendly_utf8_with_bom_and_crlf() -> None:
    data = outputs.grades_csv([row("Zoë", report_for("Zoë.py"))], ASSIGNMENT)
    assert data.startswith(b"\xef\xbb\xbfstudent,")
    assert data.count(b"\r\n") == 2 and b"\n" not in data.replace(b"\r\n", b"")
    assert "Zoë".encode() in data


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"])
def test_a_student_controlled_name_cannot_become_a_formula(name: str) -> None:
    table = parse_csv(outputs.grades_csv([row(name, report_for("x.py"))], ASSIGNMENT))
    assert table[1][0] == "'" + name
    assert table[1][1] == "'" + name + ".py"


def test_a_submission_the_grader_failed_on_has_an_empty_score_and_says_why() -> None:
    failed = row("bob", status=GRADER_ERROR, error="the grading process was killed by SIGKILL")
    table = parse_csv(outputs.grades_csv([failed], ASSIGNMENT))
    line = dict(zip(table[0], table[1], strict=True))
    assert line["score"] == "" and line["status"] == GRADER_ERROR
    assert "SIGKILL" in line["note"]


def test_duplicates_and_timeouts_are_explained_in_the_note() -> None:
    r = row("amy", report_for("amy.py", timeout="api.dict"), ignored=("amy/old.py",))
    note = parse_csv(outputs.grades_csv([r], ASSIGNMENT))[1][-1]
    assert "timed out in api.dict" in note and "amy/old.py" in note


# -- reports and resume -------------------------------------------------------------------------


def fingerprint(**change):
    base = dict(
        student="amy",
        sha256="ab" * 32,
        assignment="init-shallow",
        version="1",
        seed=0,
        grader_version="0.1.0",
    )
    return state.fingerprint(**{**base, **change})


def test_a_stored_report_is_current_only_for_the_same_file_assignment_seed_and_grader(
    tmp_path: Path,
) -> None:
    (tmp_path / "reports").mkdir()
    path = outputs.write_report(tmp_path, "amy", report_for("amy.py"), fingerprint())
    data = json.loads(path.read_text())
    assert data["schema"] == 1 and data["batch"]["sha256"] == "ab" * 32
    assert state.current_report(path, fingerprint()) is not None
    assert state.current_report(path, fingerprint(student="renamed")) is not None
    for change in (
        {"sha256": "cd" * 32},
        {"version": "2"},
        {"seed": 1},
        {"grader_version": "0.2.0"},
        {"assignment": "train-shallow"},
    ):
        assert state.current_report(path, fingerprint(**change)) is None, change


def test_a_corrupt_report_is_not_current(tmp_path: Path) -> None:
    bad = tmp_path / "amy.json"
    bad.write_text('{"schema": 1, "batch": ')
    assert state.current_report(bad, fingerprint()) is None


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "grades.csv"
    target.write_text("old")
    outputs.atomic_write(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


def test_outdir_must_be_a_folder_that_is_new_empty_or_a_batch_output(tmp_path: Path) -> None:
    state.check_outdir(tmp_path / "new")
    state.check_outdir(tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(state.UsageError, match="is a file"):
        state.check_outdir(tmp_path / "file")
    with pytest.raises(state.UsageError, match="not empty"):
        state.check_outdir(tmp_path)
    (tmp_path / state.MARKER).write_text("{}")
    state.check_outdir(tmp_path)


# -- feedback -----------------------------------------------------------------------------------


def test_feedback_uses_the_markdown_renderer_when_there_is_one() -> None:
    r = row("amy", report_for("amy.py", {"scale.std": "std 0.1; expected 0.01"}))
    text = outputs.feedback_markdown(r)
    if "markdown" in render.formats():
        assert text == render.render(r.report, "markdown")
    assert "std 0.1; expected 0.01" in text


def test_feedback_falls_back_to_the_text_report_in_a_code_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(render, "formats", lambda: ("text", "json"))
    r = row("amy", report_for("amy.py", {"scale.std": "std 0.1; expected 0.01"}), ignored=("b.py",))
    text = outputs.feedback_markdown(r)
    assert text.startswith("# Feedback on amy.py\n\n```text\n")
    assert "std 0.1; expected 0.01" in text and "\x1b[" not in text
    assert "not graded: `b.py`" in text


# -- summary ------------------------------------------------------------------------------------


def class_result() -> BatchResult:
    wrong_std = {"scale.std": "the entries of W1 have standard deviation 1 (over 20 calls)"}
    rows = [
        row("amy", report_for("amy.py")),
        row("ben", report_for("ben.py", wrong_std)),
        row(
            "cal",
            report_for(
                "cal.py",
                {"scale.std": "the entries of W1 have standard deviation 0.1 (over 20 calls)"},
            ),
        ),
        row("<script>alert(1)</script>", report_for("x.py", wrong_std)),
        row(
            "dan",
            load_error(
                ASSIGNMENT,
                submission="dan.py",
                reasons=["<b>bad</b> JSON"],
                seed=0,
                grader_version="t",
            ),
        ),
        row("eve", status=GRADER_ERROR, error="the grading process was killed by SIGKILL"),
        row("fay", report_for("fay.py", timeout="api.dict")),
    ]
    rows[1].seconds = 9.0
    return BatchResult(outdir=Path("/nowhere"), assignment="init-shallow", rows=rows)


def test_the_summary_groups_failing_messages_that_differ_only_in_numbers() -> None:
    data = summary.build(class_result(), ASSIGNMENT)
    std = next(p for p in data["properties"] if p["id"] == "scale.std")
    (top,) = std["messages"]
    assert top["count"] == 3
    assert top["pattern"] == "the entries of W1 have standard deviation # (over # calls)"
    assert top["example"] == "the entries of W1 have standard deviation 1 (over 20 calls)"
    assert std["counterexamples"] == [{"call": "initialize_parameters(1, 1, 1)", "count": 3}]
    assert std["pass_rate"] == pytest.approx(2 / 5)


def test_the_summary_lists_load_errors_timeouts_grader_failures_and_the_slowest() -> None:
    data = summary.build(class_result(), ASSIGNMENT)
    assert data["submissions"] == 7 and data["graded"] == 5 and data["full_marks"] == 1
    assert [e["student"] for e in data["load_errors"]] == ["dan"]
    assert [(t["student"], t["property"]) for t in data["timeouts"]] == [("fay", "api.dict")]
    assert [f["student"] for f in data["grader_failures"]] == ["eve"]
    assert data["slowest"][0]["student"] == "ben"
    assert sum(data["histogram"]["counts"]) == 6  # every report, load errors at 0
    json.dumps(data)


def test_the_summary_page_escapes_what_students_control_and_embeds_charts() -> None:
    page = html.render(summary.build(class_result(), ASSIGNMENT))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>bad</b>" not in page
    assert page.count("<svg ") == 2
    assert 'href="feedback/amy.md"' in page
    # Self-contained: opens offline (the SVG namespace is a name, not a link).
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page


def test_charts_are_valid_svg_drawn_the_same_every_time() -> None:
    from xml.etree import ElementTree

    data = summary.build(class_result(), ASSIGNMENT)
    histogram = charts.score_histogram(data["histogram"], data["max_score"])
    assert charts.score_histogram(data["histogram"], data["max_score"]) == histogram
    bars = ElementTree.fromstring(histogram).findall("{http://www.w3.org/2000/svg}rect")
    assert len(bars) == sum(1 for n in data["histogram"]["counts"] if n)
    rates = ElementTree.fromstring(charts.pass_rates(data["properties"]))
    shown = [p for p in data["properties"] if p["pass_rate"] is not None]
    assert len(rates.findall("{http://www.w3.org/2000/svg}rect")) == len(shown)
    texts = [t.text for t in rates.iter("{http://www.w3.org/2000/svg}text")]
    assert all(f"{100 * p['pass_rate']:.0f}%" in texts and p["id"] in texts for p in shown)


def test_a_property_id_in_a_chart_is_escaped() -> None:
    svg = charts.pass_rates([{"id": "<b>&x", "pass_rate": 0.5}])
    assert "<b>" not in svg and "&lt;b&gt;&amp;x" in svg


# -- progress -----------------------------------------------------------------------------------


def test_plain_progress_prints_one_line_per_submission_with_count_rate_and_time_left() -> None:
    from grader.batch.progress import make_progress

    stream = io.StringIO()
    display = make_progress(3, None, stream)  # not a terminal: plain lines
    display.advance(row("amy", report_for("amy.py")))
    display.advance(row("eve", status=GRADER_ERROR, error="the grading process died"))
    display.close()
    first, second = stream.getvalue().splitlines()
    assert first.startswith("[1/3] amy: 100/100 graded (") and "/s, ~" in first
    assert second.startswith("[2/3] eve: grader-error: the grading process died")


def test_the_progress_bar_shows_done_of_total_and_names_failures_as_plain_text() -> None:
    from grader.batch.progress import make_progress

    stream = io.StringIO()
    display = make_progress(2, "bar", stream)
    display.advance(row("[bold]x[/bold]", status=GRADER_ERROR, error="died"))
    display.advance(row("amy", report_for("amy.py")))
    display.close()
    out = stream.getvalue()
    assert "2/2" in out and "[bold]x[/bold]: grader-error: died" in out


def test_output_files_get_the_users_usual_permissions_not_owner_only(tmp_path: Path) -> None:
    """mkstemp makes owner-only files; a TA or a web server must be able to read feedback."""
    import os

    from grader import files
    from grader.batch import outputs

    target = tmp_path / "feedback.md"
    outputs.atomic_write(target, "# feedback\n")
    assert target.stat().st_mode & 0o777 == 0o666 & ~files._UMASK
    assert target.read_text() == "# feedback\n"
    assert [p.name for p in tmp_path.iterdir()] == ["feedback.md"]  # no temp file left
    assert os.umask(files._UMASK) == files._UMASK  # and the process umask is unchanged
