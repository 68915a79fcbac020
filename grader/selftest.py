"""Testing a rubric against known answers: the reference solution must get full marks, every
mutant must lose points.

An assignment ships, beside the module that defines it, ``solution.py`` (the correct solution
in student form) and ``mutants.toml``: one small declaration per mutant, a realistic bug given
as one change of the solution (see `grader.mutants`)::

    [mutant.no_scale]
    bug = "Forgets the * 0.01: standard-normal weights saturate tanh."
    fails = ["scale.std"]
    old = "W1 = np.random.randn(n_h, n_x) * 0.01"
    new = "W1 = np.random.randn(n_h, n_x)"

The selftest builds every mutant, grades the solution and the mutants (in parallel) and
reports which mutants survive, which no longer apply to the solution, which properties killed
each, and which properties never killed anything: the rubric's strength.

Under a course profile (``RunConfig.course``) it tests the course's rubric: the sources speak
the course's function names, a mutant whose every expected killer the course does not grade is
left out (listed as not graded), and a mutant that is a habit the course allows (``habit``) must
get full marks.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader import roles
from grader.config import RunConfig
from grader.errors import UsageError
from grader.mutants import DECLARATIONS, Declarations, MutantError, load
from grader.properties import Assignment
from grader.results import Report, ReportStatus, Status


@dataclass(frozen=True)
class Graded:
    """One submission of the selftest and what grading it gave."""

    name: str
    description: str
    expected: tuple[str, ...]  # property ids or categories that must catch it
    report: Report
    says: str = ""  # words one failing property's message must contain
    allowed: str = ""  # the course habit it is, when the course allows it: full marks expected

    @property
    def unsaid(self) -> bool:
        """It declares words its failure must say, and no failing property says them."""
        failing = (p.message for p in self.report.properties if p.id in self.killed_by)
        return bool(self.says) and not any(self.says in message for message in failing)

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
        """Expected killers that did not fail on it: a property id that did not fail, or a
        category in which nothing failed."""
        categories = {p.id: p.category for p in self.report.properties}
        failed = set(self.killed_by) | {categories[p] for p in self.killed_by}
        return tuple(p for p in self.expected if p not in failed)


@dataclass(frozen=True)
class Stale:
    """A declared mutant whose change no longer applies to the solution: it is not graded."""

    name: str
    description: str
    reason: str


@dataclass(frozen=True)
class Selftest:
    """The outcome of `run`."""

    assignment: Assignment
    reference: Graded
    mutants: tuple[Graded, ...]
    problems: tuple[str, ...] = field(default=())
    stale: tuple[Stale, ...] = field(default=())
    ungraded: tuple[str, ...] = field(default=())  # mutants the course's rubric does not grade

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
                "says": g.says,
                "unsaid": g.unsaid,
                "grader_errors": list(g.grader_errors),
                "load_errors": list(g.report.load_errors),
                "allowed": g.allowed,
            }

        return {
            "assignment": self.assignment.name,
            "ok": self.ok,
            "reference": row(self.reference),
            "mutants": [row(m) for m in self.mutants],
            "stale": [
                {"file": s.name, "description": s.description, "reason": s.reason}
                for s in self.stale
            ],
            "kills": self.kills(),
            "problems": list(self.problems),
            "ungraded": list(self.ungraded),
        }


def declarations_path(assignment: Assignment) -> Path:
    """Where an assignment's mutants are declared: ``mutants.toml`` beside the module that
    defines its properties (found from the property functions, so entry-point assignments work
    too)."""
    module = (
        sys.modules.get(assignment.properties[0].func.__module__) if assignment.properties else None
    )
    file = getattr(module, "__file__", None)
    if not file:
        raise UsageError(
            f"{assignment.name}: cannot tell where its module lives; pass --mutants FILE"
        )
    return Path(file).resolve().parent / DECLARATIONS


def build(
    declarations: Declarations, folder: Path, rename: Callable[[str], str] = str
) -> tuple[Path, list[Path], list[Stale]]:
    """Write the solution and every mutant that applies into `folder`, one ``NAME.py`` each:
    (solution, mutants, stale ones). `rename` turns each source's function names into a
    course's."""
    source = declarations.solution.read_text(encoding="utf-8")
    solution = folder / declarations.solution.name
    solution.write_text(rename(source), encoding="utf-8")
    built, stale = [], []
    for mutant in declarations.mutants:
        try:
            text = mutant.apply(source, declarations.solution.name)
        except MutantError as exc:
            stale.append(Stale(mutant.name, mutant.bug, str(exc)))
            continue
        path = folder / f"{mutant.name}.py"
        path.write_text(rename(text), encoding="utf-8")
        built.append(path)
    return solution, built, stale


def _grade(args: tuple[str, str, RunConfig]) -> dict[str, Any]:
    """Grade one file (in a pool worker); a dict so that it crosses processes as plain data."""
    from grader.api import check

    path, assignment, config = args
    return check(path, assignment, config=config).to_dict()


def run(
    name: str,
    *,
    declarations: Path | None = None,
    jobs: int = 2,
    config: RunConfig | None = None,
    progress: Callable[[str], None] | None = None,
) -> Selftest:
    """Grade the reference solution and every declared mutant of assignment `name`."""
    from grader import courses

    config = config or RunConfig()
    assignment = courses.assignment(name, config.course)
    declared = load(declarations or declarations_path(assignment))
    declared, ungraded, allowed = _for_course(declared, assignment, name, config)
    rename = roles.renamer(courses.binding(name, config.course))
    with tempfile.TemporaryDirectory(prefix="grader-selftest-") as tmp:
        solution, mutants, stale = build(declared, Path(tmp), rename)
        files = [solution, *mutants]
        jobs_list = [(str(p), name, config) for p in files]
        dicts = []
        if jobs > 1 and len(files) > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for path, data in zip(files, pool.map(_grade, jobs_list), strict=True):
                    dicts.append(data)
                    if progress:
                        progress(path.stem)
        else:
            for path, job in zip(files, jobs_list, strict=True):
                dicts.append(_grade(job))
                if progress:
                    progress(path.stem)
    graded = [Graded(solution.name, "the correct solution", (), Report.from_dict(dicts[0]))]
    for mutant, data in zip(
        (m for m in declared.mutants if m.name not in {s.name for s in stale}),
        dicts[1:],
        strict=True,
    ):
        report = Report.from_dict(data)
        graded.append(
            Graded(
                mutant.name,
                mutant.bug,
                mutant.fails,
                report,
                mutant.says,
                allowed=mutant.habit if mutant.name in allowed else "",
            )
        )
    return Selftest(
        assignment,
        graded[0],
        tuple(graded[1:]),
        _problems(assignment, graded, stale),
        tuple(stale),
        tuple(ungraded),
    )


def _for_course(
    declared: Declarations, assignment: Assignment, name: str, config: RunConfig
) -> tuple[Declarations, list[str], set[str]]:
    """The declarations as the course grades them: (mutants kept, with their expected killers
    in the course's rubric; names of those it does not grade: every killer gone, or only
    functions the course does not bind changed; names of habits it allows)."""
    course = config.course
    if course is None:
        return declared, [], set()
    spec = course.get(name)
    categories = dict(spec.categories) if spec is not None else {}
    bound = {role for _, role in spec.functions} if spec is not None and spec.functions else None
    source = declared.solution.read_text(encoding="utf-8")
    ids = {p.id for p in assignment.properties}
    known = ids | set(assignment.categories())
    habits = {"seed_inside_function"} if course.seed_inside_function == "allowed" else set()
    kept, ungraded, allowed = [], [], set()
    for mutant in declared.mutants:
        changed = mutant.changes(source)
        if bound is not None and changed and not bound.intersection(changed):
            ungraded.append(mutant.name)
            continue
        if mutant.habit and mutant.habit in habits:
            kept.append(replace(mutant, fails=()))
            allowed.add(mutant.name)
            continue
        fails = tuple(f for f in (categories.get(f, f) for f in mutant.fails) if f in known)
        if fails:
            kept.append(replace(mutant, fails=fails))
        else:
            ungraded.append(mutant.name)
    return replace(declared, mutants=tuple(kept)), ungraded, allowed


def _problems(
    assignment: Assignment, graded: Sequence[Graded], stale: Sequence[Stale]
) -> tuple[str, ...]:
    reference, mutants = graded[0], graded[1:]
    known = {p.id for p in assignment.properties} | set(assignment.categories())
    problems = []
    if not reference.report.full_marks:
        lost = [p.id for p in reference.report.properties if not p.passed]
        why = ", ".join(lost) or "; ".join(reference.report.load_errors)
        problems.append(
            f"the reference {reference.name} gets {reference.report.score:g}/"
            f"{reference.report.max_score:g} (not passing: {why})"
        )
    for s in stale:
        problems.append(f"mutant {s.name} no longer applies: {s.reason}")
    if not mutants and not stale:
        problems.append("there are no mutants to test the rubric with")
    for m in mutants:
        if m.allowed:
            if m.killed:
                problems.append(
                    f"mutant {m.name} is a habit this course allows ({m.allowed}), yet loses "
                    f"points: {', '.join(m.killed_by) or 'load error'}"
                )
            continue
        if not m.killed:
            problems.append(f"mutant {m.name} survives with full marks")
        unknown = [p for p in m.expected if p not in known]
        if unknown:
            problems.append(
                f"mutant {m.name} names unknown properties or categories: {', '.join(unknown)}"
            )
        elif m.missed:
            problems.append(f"mutant {m.name} was not caught by {', '.join(m.missed)}")
        elif m.unsaid:
            problems.append(f"mutant {m.name} fails, but no failure message says {m.says!r}")
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
    bugs = [m for m in result.mutants if not m.allowed]
    killed = sum(m.killed for m in bugs)
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
        if m.allowed and not m.killed:
            by = "full marks: a habit this course allows"
        # Text cells, not markup: descriptions such as "sqrt(2 / n[l-1])" hold brackets.
        grid.add_row(
            Text(m.name), Text(f"{m.report.score:g}/{m.report.max_score:g}"), Text(by),
            Text(m.description),
        )  # fmt: skip
    for s in result.stale:
        grid.add_row(Text(s.name), Text("-"), Text("DOES NOT APPLY"), Text(s.description))
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
    if result.ungraded:
        console.print(
            f"not graded by this course: {', '.join(result.ungraded)}",
            markup=False,
        )
    console.print(
        f"rubric strength: {killed} of {len(bugs)} mutants killed"
        + (f" ({len(result.stale)} no longer apply)" if result.stale else ""),
        markup=False,
    )
    for problem in result.problems:
        console.print(f"problem: {problem}", markup=False)
    console.print("selftest passed" if result.ok else "selftest FAILED", markup=False)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
