"""JSON (schema 1): the report's public contract, as `Report.to_dict()` defines it."""

from __future__ import annotations

import json

from grader.results import Report


def render(report: Report, **_: object) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
