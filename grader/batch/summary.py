"""The class summary: what the class got right and wrong, as data (summary.json).

Failing messages are grouped after replacing numbers with '#', so "W1 has shape (1, 2)" and
"W1 has shape (3, 5)" count as one misunderstanding; the most frequent wording is kept as the
example. `html.py` renders this dict; nothing here draws.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from typing import Any

from grader.batch.model import AssignmentInfo, BatchResult, Row
from grader.results import ReportStatus, Status

SCHEMA = 1
TOP_MESSAGES = 5
TOP_SLOWEST = 10
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w])", re.IGNORECASE)


def message_pattern(message: str) -> str:
    """`message` with its numbers replaced by '#', to group messages that differ in values."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    return _NUMBER.sub("#", first)[:300]


def _rows_done(result: BatchResult) -> list[Row]:
    return [r for r in result.rows if r.done]


def _histogram(scores: list[float], max_score: float, bins: int = 10) -> dict[str, Any]:
    top = max_score if max_score > 0 else max(scores, default=1) or 1
    edges = [top * i / bins for i in range(bins + 1)]
    counts = [0] * bins
    for s in scores:
        i = min(int(s / top * bins), bins - 1) if top else 0
        counts[max(i, 0)] += 1
    return {"edges": [round(e, 6) for e in edges], "counts": counts}


def _property_stats(rows: list[Row], assignment: AssignmentInfo) -> list[dict[str, Any]]:
    graded = [r for r in rows if r.report and r.report.status is ReportStatus.GRADED]
    stats = []
    for prop in assignment.properties:
        counts: Counter[str] = Counter()
        messages: dict[str, list[tuple[str, str]]] = {}
        calls: Counter[str] = Counter()
        for row in graded:
            assert row.report is not None
            result = next((p for p in row.report.properties if p.id == prop.id), None)
            if result is None:
                continue
            counts[result.status.value] += 1
            if result.status in (Status.FAILED, Status.TIMEOUT, Status.ERROR):
                pattern = message_pattern(result.message) or result.status.value
                messages.setdefault(pattern, []).append((row.student, result.message))
                if result.counterexample is not None:
                    calls[result.counterexample.call] += 1
        checked = sum(counts[s] for s in ("passed", "failed", "timeout", "error"))
        top = sorted(messages.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_MESSAGES]
        stats.append(
            {
                "id": prop.id,
                "title": prop.title,
                "category": prop.category,
                "points": prop.points,
                "hint": prop.hint,
                "counts": {s.value: counts[s.value] for s in Status},
                "checked": checked,
                "pass_rate": round(counts["passed"] / checked, 4) if checked else None,
                "messages": [
                    {
                        "pattern": pattern,
                        "example": Counter(m for _, m in seen).most_common(1)[0][0],
                        "count": len(seen),
                        "students": sorted({s for s, _ in seen}),
                    }
                    for pattern, seen in top
                ],
                "counterexamples": [
                    {"call": call, "count": n}
                    for call, n in sorted(calls.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
                ],
            }
        )
    return stats


def build(result: BatchResult, assignment: AssignmentInfo) -> dict[str, Any]:
    """The summary of `result` as JSON-able data."""
    rows = _rows_done(result)
    with_report = [r for r in rows if r.report is not None]
    scores = [float(r.report.score) for r in with_report if r.report is not None]
    load_errors = [
        {
            "student": r.student,
            "submission": r.submission,
            "reason": "; ".join(r.report.load_errors) or "could not be loaded",
        }
        for r in with_report
        if r.report is not None and r.report.status is ReportStatus.LOAD_ERROR
    ]
    timeouts = [
        {"student": r.student, "submission": r.submission, "property": p.id, "message": p.message}
        for r in with_report
        if r.report is not None
        for p in r.report.properties
        if p.status is Status.TIMEOUT
    ]
    failures = [
        {"student": r.student, "submission": r.submission, "status": r.status, "reason": r.error}
        for r in rows
        if r.report is None
    ]
    slowest = sorted(rows, key=lambda r: (-r.seconds, r.student))[:TOP_SLOWEST]
    return {
        "schema": SCHEMA,
        "assignment": assignment.name,
        "assignment_title": assignment.title,
        "assignment_version": assignment.version,
        "max_score": assignment.max_score,
        "submissions": len(result.rows),
        "finished": len(rows),
        "interrupted": result.interrupted,
        "graded": sum(1 for r in with_report if r.report.status is ReportStatus.GRADED),  # type: ignore[union-attr]
        "load_errors": load_errors,
        "grader_failures": failures,
        "timeouts": timeouts,
        "full_marks": sum(1 for r in with_report if r.report.full_marks),  # type: ignore[union-attr]
        "resumed": result.resumed,
        "score": {
            "mean": round(statistics.fmean(scores), 4) if scores else None,
            "median": statistics.median(scores) if scores else None,
            "min": min(scores, default=None),
            "max": max(scores, default=None),
        },
        "histogram": _histogram(scores, assignment.max_score),
        "properties": _property_stats(rows, assignment),
        "slowest": [
            {"student": r.student, "submission": r.submission, "seconds": round(r.seconds, 3)}
            for r in slowest
        ],
        "duplicates": [
            {"student": r.student, "graded": r.submission, "ignored": list(r.ignored)}
            for r in result.rows
            if r.ignored
        ],
        "students": [
            {
                "student": r.student,
                "key": r.key,
                "submission": r.submission,
                "status": r.status,
                "score": r.report.score if r.report else None,
            }
            for r in sorted(rows, key=lambda r: (r.student.casefold(), r.student))
        ],
        "warnings": list(result.warnings),
        "duration": round(result.duration, 3),
    }


def write(outdir: Any, result: BatchResult, assignment: AssignmentInfo) -> None:
    """summary.json and summary.html in `outdir`."""
    from grader.batch import html
    from grader.files import atomic_write

    data = build(result, assignment)
    atomic_write(outdir / "summary.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    atomic_write(outdir / "summary.html", html.render(data))
