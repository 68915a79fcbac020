"""Typed results of a grading run, and their JSON form (schema 1).

These frozen dataclasses are the only thing renderers, the batch driver and the public API see.
`Report.to_dict()` is the public JSON contract; `Report.from_dict()` reads it back, so a report
written by `grader grade` can be re-rendered in any format later.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any

SCHEMA = 1

#: Keys that hold wall-clock measurements: everything else in a report is deterministic.
TIMING_KEYS = frozenset({"duration", "durations"})


class Status(enum.StrEnum):
    """What happened to one property."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"  # a bug in the property or the grader, never the student's fault
    SKIPPED = "skipped"  # a property it depends on did not pass
    TIMEOUT = "timeout"  # the student's code ran out of its time budget


class ReportStatus(enum.StrEnum):
    GRADED = "graded"
    LOAD_ERROR = "load-error"


@dataclass(frozen=True)
class Counterexample:
    """The smallest input on which a property failed, kept as data.

    `call` is how a student would type it (``initialize_parameters(n_x=1, n_h=2, n_y=1)``);
    `arguments` holds the same values as JSON-able data (large arrays are summarised).
    """

    function: str
    arguments: dict[str, Any]
    call: str

    def to_dict(self) -> dict[str, Any]:
        return {"function": self.function, "arguments": self.arguments, "call": self.call}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Counterexample:
        return cls(function=data["function"], arguments=dict(data["arguments"]), call=data["call"])


@dataclass(frozen=True)
class Outcome:
    """What running one property produced, before any points are given."""

    property_id: str
    status: Status
    message: str = ""
    counterexample: Counterexample | None = None
    output: str = ""  # what the student's functions printed during the failing call
    traceback: str = ""  # for status "error": the grader-side traceback, for the instructor
    duration: float = 0.0
    examples: int = 0  # how many generated inputs were tried
    artifacts: dict[str, Any] = field(default_factory=dict)  # see grader.properties.attach


@dataclass(frozen=True)
class PropertyResult:
    """One row of a report: a property, its points and what happened."""

    id: str
    title: str
    category: str
    points: float
    max_points: float
    status: Status
    message: str = ""
    counterexample: Counterexample | None = None
    hint: str | None = None
    output: str = ""
    traceback: str = ""
    duration: float = 0.0
    examples: int = 0
    # JSON-able data a property attached for renderers (e.g. "trajectories" for a plot); in the
    # JSON only when non-empty, so reports without it keep their exact schema-1 shape.
    artifacts: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "points": self.points,
            "max_points": self.max_points,
            "status": self.status.value,
            "message": self.message,
            "counterexample": self.counterexample.to_dict() if self.counterexample else None,
            "hint": self.hint,
            "output": self.output,
            "traceback": self.traceback,
            "examples": self.examples,
            "duration": round(self.duration, 4),
        }
        if self.artifacts:
            data["artifacts"] = self.artifacts
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PropertyResult:
        cx = data.get("counterexample")
        return cls(
            id=data["id"],
            title=data.get("title", data["id"]),
            category=data["category"],
            points=data["points"],
            max_points=data["max_points"],
            status=Status(data["status"]),
            message=data.get("message", ""),
            counterexample=Counterexample.from_dict(cx) if cx else None,
            hint=data.get("hint"),
            output=data.get("output", ""),
            traceback=data.get("traceback", ""),
            duration=data.get("duration", 0.0),
            examples=data.get("examples", 0),
            artifacts=dict(data.get("artifacts") or {}),
        )


@dataclass(frozen=True)
class Report:
    """The result of grading one submission against one assignment (JSON schema 1)."""

    assignment: str
    submission: str
    score: float
    max_score: float
    status: ReportStatus
    properties: tuple[PropertyResult, ...] = ()
    load_errors: tuple[str, ...] = ()
    seed: int = 0
    grader_version: str = ""
    assignment_title: str = ""
    assignment_version: str = ""
    sandbox: str = ""
    notices: tuple[str, ...] = ()  # things an instructor may want to look at; not verdicts
    duration: float = 0.0
    schema: int = field(default=SCHEMA)
    # The course profile it was graded under (grader.courses): its name and the SHA-256 of its
    # text. In JSON only when set, so reports without a profile keep their exact shape.
    course: str = ""
    course_digest: str = ""

    @property
    def full_marks(self) -> bool:
        return self.status is ReportStatus.GRADED and self.score >= self.max_score > 0

    def by_category(self) -> dict[str, list[PropertyResult]]:
        groups: dict[str, list[PropertyResult]] = {}
        for result in self.properties:
            groups.setdefault(result.category, []).append(result)
        return groups

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": self.schema,
            "assignment": self.assignment,
            "submission": self.submission,
            "score": self.score,
            "max_score": self.max_score,
            "status": self.status.value,
            "properties": [p.to_dict() for p in self.properties],
            "load_errors": list(self.load_errors),
            "seed": self.seed,
            "grader_version": self.grader_version,
            "assignment_title": self.assignment_title,
            "assignment_version": self.assignment_version,
            "sandbox": self.sandbox,
            "notices": list(self.notices),
            "duration": round(self.duration, 4),
        }
        if self.course:
            data["course"] = {"name": self.course, "digest": self.course_digest}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"unsupported report schema {data.get('schema')!r}")
        return cls(
            assignment=data["assignment"],
            submission=data["submission"],
            score=data["score"],
            max_score=data["max_score"],
            status=ReportStatus(data["status"]),
            properties=tuple(PropertyResult.from_dict(p) for p in data["properties"]),
            load_errors=tuple(data.get("load_errors", ())),
            seed=data.get("seed", 0),
            grader_version=data.get("grader_version", ""),
            assignment_title=data.get("assignment_title", ""),
            assignment_version=data.get("assignment_version", ""),
            sandbox=data.get("sandbox", ""),
            notices=tuple(data.get("notices", ())),
            duration=data.get("duration", 0.0),
            course=(data.get("course") or {}).get("name", ""),
            course_digest=(data.get("course") or {}).get("digest", ""),
        )

    def without_timing(self) -> Report:
        """The same report with every wall-clock field zeroed (for comparing runs)."""
        props = tuple(replace(p, duration=0.0) for p in self.properties)
        return replace(self, properties=props, duration=0.0)


def strip_timing(data: Any) -> Any:
    """A JSON-able report (or any part of one) with timing keys removed, for comparisons."""
    if isinstance(data, dict):
        return {k: strip_timing(v) for k, v in data.items() if k not in TIMING_KEYS}
    if isinstance(data, list):
        return [strip_timing(v) for v in data]
    return data


__all__ = [
    "SCHEMA",
    "Counterexample",
    "Outcome",
    "PropertyResult",
    "Report",
    "ReportStatus",
    "Status",
    "strip_timing",
]
