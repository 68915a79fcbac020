"""`--format markdown`: the feedback page as Markdown, with everything from the report escaped."""

from __future__ import annotations

from render_samples import graded, load_error

from grader.render import render
from grader.render.markdown import code_block, code_span, escape


def test_the_page_has_the_score_and_each_property_with_its_points():
    page = render(graded(), "markdown")
    assert "**Score: 18 / 60**" in page
    assert "## shapes" in page
    assert "**W1 has shape (n\\_h, n\\_x)** — 0/12 (failed)" in page
    assert "**Returns a dict** — 8/8 (passed)" in page


def test_a_failure_shows_message_call_output_and_hint():
    page = render(graded(), "markdown")
    assert "smallest failing call: `initialize_parameters(n_x=1, n_h=2, n_y=1)`" in page
    assert "*hint:* One row per hidden unit." in page
    assert "    ```\n    debug: <script>" in page  # printed output: fenced, so never rendered
    assert "Traceback" not in page


def test_student_text_outside_code_cannot_inject_markup():
    page = render(graded(), "markdown")
    title_line = next(line for line in page.splitlines() if "Biases are zero" in line)
    assert "<script>" not in title_line
    assert "&lt;script&gt;" in title_line


def test_escape_and_code_spans():
    assert escape("a*b_c [x](y) <b>") == "a\\*b\\_c \\[x\\](y) &lt;b&gt;"
    assert code_span("x = `y`") == "`` x = `y` ``"
    assert code_block("a\n```\nb").startswith("````\n")


def test_a_load_error_page_says_why():
    page = render(load_error(), "markdown")
    assert "## Your submission could not be graded" in page
    assert "is not a valid notebook" in page
