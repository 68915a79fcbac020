"""The worker's replies, read defensively; a load reply becomes a `LoadResult`.

A submission owns its worker process and can make it send anything: every field is checked
and cut to size here before the grader uses it, and the load plan's part of a load reply
becomes the notices and explanations a report gives (see `grader.load_plan`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grader import binding, load_plan
from grader.load_plan import LoadPlan

#: Longest output of one call kept in a report (the worker keeps 4000 characters and says how
#: many more there were).
OUTPUT_LIMIT = 4200


@dataclass(frozen=True)
class LoadResult:
    """What executing the submission's top level produced."""

    functions: tuple[str, ...] = ()
    callables: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    output: str = ""
    blocked_imports: tuple[str, ...] = ()
    blocked_reads: tuple[str, ...] = ()  # paths in the grader's hidden folders it tried to open
    error: str = ""  # set when the top level could not even finish (timeout, crash)
    signatures: dict[str, binding.Signature] = field(default_factory=dict)  # of `functions`
    # What the load plan did (see grader.load_plan): statements never run, run on demand or
    # stopped at their budget (indices into the plan), imports of modules the grader lacks
    # (statement, missing module), and what that means for a report and a student.
    not_run: tuple[int, ...] = ()
    on_demand: tuple[int, ...] = ()
    timed_out: tuple[int, ...] = ()
    missing: tuple[tuple[int, str], ...] = ()
    notices: tuple[str, ...] = ()
    unavailable: dict[str, str] = field(default_factory=dict)  # name -> why it is undefined


def load_result(reply: dict[str, Any], plan: LoadPlan, load_timeout: float) -> LoadResult:
    """The result of a load from the worker's successful reply to it."""
    return LoadResult(
        functions=tuple(strings(reply.get("functions"), 1000)),
        callables=tuple(strings(reply.get("callables"), 1000)),
        warnings=tuple(strings(reply.get("warnings"), 50)),
        output=text(reply.get("output", ""), OUTPUT_LIMIT),
        blocked_imports=tuple(strings(reply.get("blocked"))),
        blocked_reads=tuple(strings(reply.get("blocked_reads"))),
        signatures=binding.parse(reply.get("signatures")),
        **_planned(reply, plan, load_timeout),
    )


def _planned(reply: dict[str, Any], plan: LoadPlan, load_timeout: float) -> dict[str, Any]:
    """The load plan's part of a reply, checked (the worker may send anything), with the
    notices and explanations it gives."""
    count = len(plan.statements)
    not_run = indices(reply.get("not_run"), count)
    timed_out = indices(reply.get("timed_out"), count)
    missing = []
    for entry in reply.get("missing") or () if isinstance(reply.get("missing"), list) else ():
        if isinstance(entry, list | tuple) and len(entry) == 2:
            index, absent = entry
            if type(index) is int and 0 <= index < count and plan.statements[index].module:
                missing.append((index, text(absent, 200)))
    budget = load_plan.statement_budget(load_timeout)  # what the worker gives one statement
    notices = [*plan.import_notices(missing)]
    skipped = plan.skipped_notice(not_run)
    if skipped:
        notices.insert(0, skipped)
    return {
        "not_run": not_run,
        "on_demand": indices(reply.get("on_demand"), count),
        "timed_out": timed_out,
        "missing": tuple(missing),
        "notices": tuple(notices),
        "unavailable": plan.unavailable(
            missing, timed_out, budget, indices(reply.get("failed"), count)
        ),
    }


def strings(value: Any, limit: int = 20) -> list[str]:
    """At most `limit` strings of at most 500 characters: whatever the worker claims, the
    report stays small (a submission can make its worker send anything)."""
    if not isinstance(value, list | tuple):
        return []
    return [text(v, 500) for v in value[:limit]]


def indices(value: Any, count: int) -> tuple[int, ...]:
    """Statement indices from a reply: ints in range, at most one of each."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(sorted({v for v in value if type(v) is int and 0 <= v < count}))


def text(value: Any, limit: int) -> str:
    """`value` as a string of at most about `limit` characters (" ..." says it was cut)."""
    shown = value if isinstance(value, str) else str(value)
    return shown if len(shown) <= limit else shown[:limit] + " ..."
