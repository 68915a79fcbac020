"""What every feedback format says about a property, written once: the renderers differ only in
markup. Student-facing wording lives here so the terminal, the HTML page, Gradescope and CI
annotations tell a student the same thing."""

from __future__ import annotations

from grader.results import PropertyResult, Report, Status

#: Printed output longer than this is cut (the report keeps the whole capped text).
MAX_OUTPUT = 2000

VERDICTS = {
    Status.PASSED: "passed",
    Status.FAILED: "failed",
    Status.TIMEOUT: "ran out of time",
    Status.ERROR: "could not be checked",
    Status.SKIPPED: "not checked",
}


def points(x: float) -> str:
    """85, 8.5: never 85.0."""
    return f"{x:g}"


def call_label(row: PropertyResult) -> str:
    """How to introduce the counterexample: a call when there is a function, else the inputs."""
    if row.counterexample is not None and row.counterexample.function:
        return "smallest failing call"
    return "smallest failing input"


def shown_output(row: PropertyResult) -> str:
    """What the student's function printed, cut to a readable length."""
    text = row.output.strip()
    return text if len(text) <= MAX_OUTPUT else text[:MAX_OUTPUT] + " …"


def details(row: PropertyResult) -> list[tuple[str, str]]:
    """(label, text) pairs a student reads under a property that did not pass, in order; under
    one that passed, only its message when it has one (why it passed: a course's rule).

    Labels: "" (the message), "smallest failing call"/"smallest failing input", "your function
    printed", "hint". The traceback of an error is for the instructor and is never included.
    """
    if row.status is Status.PASSED:
        return [("", row.message)] if row.message else []
    out: list[tuple[str, str]] = []
    if row.message:
        out.append(("", row.message))
    if row.status is Status.SKIPPED:
        return out
    if row.counterexample is not None:
        out.append((call_label(row), row.counterexample.call))
    if row.output.strip():
        out.append(("your function printed", shown_output(row)))
    if row.hint:
        out.append(("hint", row.hint))
    return out


def details_text(row: PropertyResult) -> str:
    """`details` as plain text, one item per paragraph."""
    return "\n".join(f"{label}: {text}" if label else text for label, text in details(row))


def summary(report: Report) -> str:
    """One line: the score and how many properties passed."""
    passed = sum(1 for p in report.properties if p.passed)
    return (
        f"{report.assignment}: {points(report.score)} / {points(report.max_score)} points "
        f"({passed} of {len(report.properties)} properties passed)"
    )
