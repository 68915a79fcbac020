"""What a load plan means for a report: notices of skipped code and missing modules, and
why a name may be undefined, in words a student acts on (see `grader.load_plan`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.load_plan.statements import LoadPlan

# Module names of the course's test helpers: calls to them are checks of the student's own
# work in the notebook, never needed for grading.
_TEST_HELPER = re.compile(r"^(testCases\w*|test_cases\w*|public_tests\w*|test_utils\w*)$")
_CELL = re.compile(r"\[cell (\d+)\]$")


def skipped_notice(plan: LoadPlan, not_run: Iterable[int]) -> str:
    """ "top-level code not needed for grading was skipped (cells 12-30)", or "" when
    everything ran. Statements that do nothing (``pass`` left by a magic) don't count."""
    skipped = {i for i in not_run if 0 <= i < len(plan.statements)}
    # An import nothing needed is not driver code; a missing one has its own notice.
    skipped = {
        i
        for i in skipped
        if not _is_nothing(plan.statements[i].source) and not plan.statements[i].module
    }
    if not skipped:
        return ""
    numbers = [_cell_number(plan.cells[plan.statements[i].cell]) for i in skipped]
    if all(n is not None for n in numbers):
        ranges = _ranges(sorted({n for n in numbers if n is not None}))
        single = len(ranges) == 1 and "-" not in ranges[0]
        where = ("cell " if single else "cells ") + ", ".join(ranges)
    else:
        where = _line_ranges(plan, skipped)
    return f"top-level code not needed for grading was skipped ({where})"


def _line_ranges(plan: LoadPlan, skipped: set[int]) -> str:
    """Lines of the skipped statements, one range per run of skipped statements."""
    spans: list[list[int]] = []
    in_run = False  # inside a run of skipped statements (a `pass` does not end one)
    for i, s in enumerate(plan.statements):
        if i in skipped:
            if in_run:
                spans[-1][1] = s.end_line
            else:
                spans.append([s.line, s.end_line])
            in_run = True
        elif not _is_nothing(s.source) and not s.module:
            in_run = False
    text = [f"{a}-{b}" if b > a else f"{a}" for a, b in spans]
    label = "line" if len(spans) == 1 and spans[0][0] == spans[0][1] else "lines"
    return f"{label} {', '.join(text)}"


def import_notices(plan: LoadPlan, missing: Sequence[tuple[int, str]]) -> list[str]:
    """One notice per module that could not be imported because the grader lacks it."""
    notes: list[str] = []
    for index, absent in missing:
        module = plan.statements[index].module
        if _TEST_HELPER.match(module.partition(".")[0]):
            text = (
                f"`{module}` (the course's test helpers) is not available where the grader "
                "runs; the calls to it were skipped"
            )
        elif absent and absent != module and not module.startswith(absent + "."):
            text = (
                f"`{module}` could not be imported: it needs `{absent}`, which is not "
                "installed where the grader runs; code that needs it was skipped"
            )
        else:
            shown = absent or module  # `import sklearn.linear_model`: sklearn is missing
            text = (
                f"`{shown}` is not installed where the grader runs (nor beside the "
                "submission, nor given with --support); code that needs it was skipped"
            )
        if text not in notes:
            notes.append(text)
    return notes


def unavailable(
    plan: LoadPlan,
    missing: Sequence[tuple[int, str]],
    timed_out: Iterable[int],
    budget: float,
    failed: Iterable[int] = (),
) -> dict[str, str]:
    """Name -> why the submission's code may find it undefined, in words a student acts
    on. The key "*" explains any name (a star import that failed)."""
    reasons: dict[str, str] = {}
    for index, _absent in missing:
        s = plan.statements[index]
        for name in s.binds:
            if name == "*":
                reasons.setdefault(
                    "*",
                    f"it may come from `{s.module}` (imported with *), which this grader "
                    "does not have; ask your instructor to add it with --support",
                )
            elif not s.module.startswith(".") and name == s.module.partition(".")[0]:
                reasons[name] = (
                    f"`{name}` is a module this grader does not have; ask your instructor "
                    "to add it with --support"
                )
            else:
                reasons[name] = (
                    f"`{name}` comes from `{s.module}`, which this grader does not have; "
                    "ask your instructor to add it with --support"
                )
    for index in timed_out:
        if not 0 <= index < len(plan.statements):
            continue
        s = plan.statements[index]
        where = describe(plan, index)
        for name in s.binds:
            if name != "*":
                reasons.setdefault(
                    name,
                    f"`{name}` is set by top-level code ({where}) that did not finish "
                    f"within its {budget:g} s budget when the grader loaded your code; "
                    "compute it inside the function that needs it, or make that code faster",
                )
    for index in failed:
        if not 0 <= index < len(plan.statements):
            continue
        where = describe(plan, index)
        for name in plan.statements[index].binds:
            if name != "*":
                reasons.setdefault(
                    name,
                    f"`{name}` is set by top-level code ({where}) that raised an error when "
                    "the grader ran it (see the load warnings)",
                )
    return reasons


def describe(plan: LoadPlan, index: int) -> str:
    """ "cell 3, line 2" (a notebook) or "line 12" (a .py file)."""
    s = plan.statements[index]
    number = _cell_number(plan.cells[s.cell])
    return f"cell {number}, line {s.line}" if number is not None else f"line {s.line}"


def _cell_number(filename: str) -> int | None:
    match = _CELL.search(filename)
    return int(match.group(1)) if match else None


def _ranges(numbers: list[int]) -> list[str]:
    out: list[str] = []
    start = prev = None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:  # type: ignore[operator]
            prev = n
        else:
            out.append(f"{start}-{prev}" if prev != start else f"{start}")
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else f"{start}")
    return out


def _is_nothing(source: str) -> bool:
    return source.strip() in ("", "pass")
