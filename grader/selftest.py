"""Testing a rubric against known answers: the reference must get full marks, every mutant must
lose points.

An assignment ships a folder ``mutants/`` beside its module: ``reference.py`` (or
``reference.ipynb``), the correct solution in student form, and any number of mutants, each one
small, realistic bug. A mutant's docstring says what is wrong on its first line and may name
the properties that must catch it::

    \"\"\"Forgets the * 0.01: standard-normal weights saturate tanh.

    Killed by: scale.std
    \"\"\"

The selftest grades them all (in parallel) and reports which mutants survive, which properties
killed each, and which properties never killed anything: the rubric's strength.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.config import RunConfig
from grader.errors import UsageError
from grader.properties import Assignment
from grader.results import Report, ReportStatus, Status

REFERENCE_STEM = "reference"
_KILLED_BY = re.compile(r"^\s*killed by:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Graded:
    """One submission of the selftest and what grading it gave."""

    path: Path
    description: str
    expected: tuple[str, ...]  # property ids its docstring says must catch it
    report: Report

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def killed_by(self) -> tuple[str, ...]:
        """Properties that failed on it (failed or timed out); skips are not kills."""
        return tuple(
            p.id for p in self.report.properties if p.status in (Status.FAILED, Status.TIMEOUT)
        )

    @property
    def grader_errors(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.report.properties if p.status is Status.ERROR)

    @property
    def killed(self) -> bool:
        return not self.report.full_marks

    @property
    def missed(self) -> tuple[str, ...]:
        """Expected killers that did not fail on it."""
        return tuple(p for p in self.expected if p not in self.killed_by)


@dataclass(frozen=True)
class Selftest:
    """The outcome of `run`."""

    assignment: Assignment
    reference: Graded
    mutants: tuple[Graded, ...]
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    def kills(self) -> dict[str, list[str]]:
        """Property id -> the mutants it killed (every property listed, in rubric order)."""
        table: dict[str, list[str]] = {p.id: [] for p in self.assignment.properties}
        for mutant in self.mutants:
            for pid in mutant.killed_by:
                table.setdefault(pid, []).append(mutant.name)
        return table

    def to_dict(self) -> dict[str, Any]:
        def row(g: Graded) -> dict[str, Any]:
            return {
                "file": g.name,
                "description": g.description,
                "score": g.report.score,
                "max_score": g.report.max_score,
                "status": g.report.status.value,
                "killed": g.killed,
                "killed_by": list(g.killed_by),
                "expected": list(g.expected),
                "missed": list(g.missed),
                "grader_errors": list(g.grader_errors),
                "load_errors": list(g.report.load_errors),
            }

        return {
            "assignment": self.assignment.name,
            "ok": self.ok,
            "reference": row(self.reference),
            "mutants": [row(m) for m in self.mutants],
            "kills": self.kills(),
            "problems": list(self.problems),
        }


def mutants_folder(assignment: Assignment) -> Path:
    """Where an assignment's mutants live: ``mutants/`` beside the module that defines its
    properties (found from the property functions, so entry-point assignments work too)."""
    module = (
        sys.modules.get(assignment.properties[0].func.__module__) if assignment.properties else None
    )
    file = getattr(module, "__file__", None)
    if not file:
        raise UsageError(
            f"{assignment.name}: cannot tell where its module lives; pass --mutants DIR"
        )
    return Path(file).resolve().parent / "mutants"


def discover(folder: Path) -> tuple[Path, list[Path]]:
    """(reference, mutants) in `folder`; a UsageError when there is no reference."""
    if not folder.is_dir():
        raise UsageError(f"no mutants folder at {folder}")
    files = sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".py", ".ipynb") and p.is_file() and not p.name.startswith((".", "_"))
    )
    references = [p for p in files if p.stem == REFERENCE_STEM]
    if not references:
        raise UsageError(
            f"{folder} has no {REFERENCE_STEM}.py: the correct solution to test against"
        )
    return references[0], [p for p in files if p.stem != REFERENCE_STEM]


def describe(path: Path) -> tuple[str, tuple[str, ...]]:
    """(first docstring line, declared killers) of a .py mutant, read without running it."""
    if path.suffix != ".py":
        return "", ()
    try:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except (SyntaxError, ValueError, UnicodeDecodeError):
        return "", ()
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    match = _KILLED_BY.search(doc)
    expected = tuple(p.strip() for p in match.group(1).split(",") if p.strip()) if match else ()
    return first, expected


def _grade(args: tuple[str, str, RunConfig]) -> dict[str, Any]:
    """Grade one file (in a pool worker); a dict so that it crosses processes as plain data."""
    from grader.api import check

    path, assignment, config = args
    return check(path, assignment, config=config).to_dict()


def run(
    name: str,
    *,
    folder: Path | None = None,
    jobs: int = 2,
    config: RunConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> Selftest:
    """Grade the reference and every mutant of assignment `name`."""
    from grader import registry

    assignment = registry.get(name)
    folder = folder or mutants_folder(assignment)
    reference, mutants = discover(folder)
    config = config or RunConfig()
    files = [reference, *mutants]
    jobs_list = [(str(p), name, config) for p in files]
    if jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            dicts = []
            for path, data in zip(files, pool.map(_grade, jobs_list), strict=True):
                dicts.append(data)
                if progress:
                    progress(path.name)
    else:
        dicts = []
        for path, job in zip(files, jobs_list, strict=True):
            dicts.append(_grade(job))
            if progress:
                progress(path.name)
    graded = []
    for path, data in zip(files, dicts, strict=True):
        description, expected = describe(path)
        graded.append(Graded(path, description, expected, Report.from_dict(data)))
    return Selftest(assignment, graded[0], tuple(graded[1:]), _problems(assignment, graded))


def _problems(assignment: Assignment, graded: Sequence[Graded]) -> tuple[str, ...]:
    reference, mutants = graded[0], graded[1:]
    known = {p.id for p in assignment.properties}
    problems = []
    if not reference.report.full_marks:
        lost = [p.id for p in reference.report.properties if not p.passed]
        why = ", ".join(lost) or "; ".join(reference.report.load_errors)
        problems.append(
            f"the reference {reference.name} gets {reference.report.score:g}/"
            f"{reference.report.max_score:g} (not passing: {why})"
        )
    if not mutants:
        problems.append("there are no mutants to test the rubric with")
    for m in mutants:
        if not m.killed:
            problems.append(f"mutant {m.name} survives with full marks")
        unknown = [p for p in m.expected if p not in known]
        if unknown:
            problems.append(f"mutant {m.name} names unknown properties: {', '.join(unknown)}")
        elif m.missed:
            problems.append(f"mutant {m.name} was not caught by {', '.join(m.missed)}")
        if m.report.status is ReportStatus.LOAD_ERROR:
            problems.append(
                f"mutant {m.name} does not even load: {'; '.join(m.report.load_errors)}"
            )
        for pid in m.grader_errors:
            problems.append(f"property {pid} had a grader error on mutant {m.name}")
    return tuple(problems)


def text(result: Selftest, width: int | None = None) -> str:
    """The selftest as a readable report for the instructor."""
    import io
    import shutil

    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    width = width or max(80, min(140, shutil.get_terminal_size((110, 24)).columns))
    console = Console(file=buffer, width=width, no_color=True, highlight=False, emoji=False)
    ref = result.reference
    killed = sum(m.killed for m in result.mutants)
    mark = "full marks" if ref.report.full_marks else "NOT full marks"
    console.print(
        f"{result.assignment.name} selftest: reference {ref.name} "
        f"{ref.report.score:g}/{ref.report.max_score:g} ({mark})",
        markup=False,
    )
    grid = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, expand=True)
    grid.add_column("mutant", no_wrap=True)
    grid.add_column("score", justify="right", no_wrap=True)
    grid.add_column("killed by", ratio=2)
    grid.add_column("bug", ratio=3)
    for m in result.mutants:
        by = ", ".join(m.killed_by) if m.killed_by else ("load error" if m.killed else "SURVIVES")
        # Text cells, not markup: descriptions such as "sqrt(2 / n[l-1])" hold brackets.
        grid.add_row(
            Text(m.name), Text(f"{m.report.score:g}/{m.report.max_score:g}"), Text(by),
            Text(m.description),
        )  # fmt: skip
    console.print(grid)
    kills = result.kills()
    idle = [pid for pid, names in kills.items() if not names]
    console.print(
        "kills per property: "
        + ", ".join(f"{pid} {len(names)}" for pid, names in kills.items() if names),
        markup=False,
    )
    if idle:
        console.print(
            f"never killed a mutant: {', '.join(idle)} (add a mutant that only they catch)",
            markup=False,
        )
    console.print(
        f"rubric strength: {killed} of {len(result.mutants)} mutants killed", markup=False
    )
    for problem in result.problems:
        console.print(f"problem: {problem}", markup=False)
    console.print("selftest passed" if result.ok else "selftest FAILED", markup=False)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
