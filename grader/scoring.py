"""Scoring: outcomes in, a Report out. Pure: no I/O, no clock, no student code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from grader.properties import Assignment
from grader.results import Outcome, PropertyResult, Report, ReportStatus, Status


def score(
    outcomes: Sequence[Outcome],
    assignment: Assignment,
    *,
    submission: str,
    seed: int,
    grader_version: str,
    load_errors: Sequence[str] = (),
    notices: Sequence[str] = (),
    sandbox: str = "",
    duration: float = 0.0,
) -> Report:
    """A graded report: a property earns its points only when it passed."""
    by_id = {o.property_id: o for o in outcomes}
    rows = []
    for prop in assignment.properties:
        outcome = by_id.get(prop.id) or Outcome(prop.id, Status.SKIPPED, message="not run")
        rows.append(
            PropertyResult(
                id=prop.id,
                title=prop.title,
                category=prop.category,
                points=prop.points if outcome.status is Status.PASSED else 0,
                max_points=prop.points,
                status=outcome.status,
                message=outcome.message,
                counterexample=outcome.counterexample,
                hint=prop.hint if outcome.status in (Status.FAILED, Status.TIMEOUT) else None,
                output=outcome.output,
                traceback=outcome.traceback,
                duration=outcome.duration,
                examples=outcome.examples,
                artifacts=outcome.artifacts,
            )
        )
    return Report(
        assignment=assignment.name,
        submission=submission,
        score=_tidy(sum(r.points for r in rows)),
        max_score=_tidy(assignment.max_score),
        status=ReportStatus.GRADED,
        properties=tuple(rows),
        load_errors=tuple(load_errors),
        seed=seed,
        grader_version=grader_version,
        assignment_title=assignment.title,
        assignment_version=assignment.version,
        sandbox=sandbox,
        notices=tuple(notices),
        duration=duration,
    )


def load_error(
    assignment: Assignment,
    *,
    submission: str,
    reasons: Sequence[str],
    seed: int,
    grader_version: str,
    notices: Sequence[str] = (),
    sandbox: str = "",
    duration: float = 0.0,
) -> Report:
    """A report for a submission that could not be loaded: score 0, every property skipped."""
    why = reasons[0] if reasons else "the submission could not be loaded"
    skipped = [
        Outcome(p.id, Status.SKIPPED, message=f"not checked: {why}") for p in assignment.properties
    ]
    report = score(
        skipped,
        assignment,
        submission=submission,
        seed=seed,
        grader_version=grader_version,
        load_errors=reasons,
        notices=notices,
        sandbox=sandbox,
        duration=duration,
    )
    return replace(report, status=ReportStatus.LOAD_ERROR)


def _tidy(x: float) -> float:
    """Whole numbers as ints, so JSON and CSV show 85, not 85.0."""
    return int(x) if float(x).is_integer() else round(x, 6)
