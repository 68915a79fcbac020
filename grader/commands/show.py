"""`grader show NAME`: an assignment's properties, for an instructor deciding what it grades."""

from __future__ import annotations

import json
from typing import Any

import click

from grader.commands._course import course_option, load_course
from grader.properties import Assignment


def describe(assignment: Assignment) -> dict[str, Any]:
    """The assignment's rubric as JSON-able data."""
    return {
        "name": assignment.name,
        "title": assignment.title,
        "version": assignment.version,
        "description": assignment.description,
        "functions": {name: list(spec.params) for name, spec in assignment.functions.items()},
        # Other accepted parameter lists (course versions), for functions that have some.
        "variants": {
            name: [list(v) for v in spec.variants]
            for name, spec in assignment.functions.items()
            if spec.variants
        },
        "max_score": assignment.max_score,
        "properties": [
            {
                "id": p.id,
                "title": p.title,
                "category": p.category,
                "points": p.points,
                "depends": list(p.depends),
                "examples": p.examples,
                "hint": p.hint,
            }
            for p in assignment.properties
        ],
    }


def table(assignment: Assignment, width: int | None = None) -> str:
    """The rubric as a readable table."""
    import io
    import shutil

    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    width = width or max(80, min(140, shutil.get_terminal_size((110, 24)).columns))
    console = Console(file=buffer, width=width, no_color=True, highlight=False, emoji=False)
    signature = "; ".join(" or ".join(s.forms(f)) for f, s in assignment.functions.items())
    console.print(
        f"{assignment.name} · {assignment.title} (version {assignment.version})", markup=False
    )
    console.print(f"functions: {signature}", markup=False)
    grid = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, expand=True)
    grid.add_column("category", no_wrap=True)
    grid.add_column("id", no_wrap=True)
    grid.add_column("points", justify="right", no_wrap=True)
    grid.add_column("title", ratio=3)
    grid.add_column("needs", ratio=1, overflow="fold")
    previous = None
    for p in assignment.properties:
        # Text cells, not markup: titles such as "Wl is (n[l], n[l-1])" contain brackets.
        grid.add_row(
            Text(p.category if p.category != previous else ""),
            Text(p.id),
            Text(f"{p.points:g}"),
            Text(p.title),
            Text("\n".join(p.depends)),  # one per line: ids never wrap mid-list
        )
        previous = p.category
    console.print(grid)
    totals = ", ".join(
        f"{c} {sum(p.points for p in assignment.properties if p.category == c):g}"
        for c in assignment.categories()
    )
    console.print(f"total: {assignment.max_score:g} points ({totals})", markup=False)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


@click.command("show")
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table, or JSON for scripts.",
)
@course_option
def command(name: str, fmt: str, course: str | None) -> int:
    """Show an assignment's properties and points.

    Lists NAME's properties with their categories, points, titles and dependencies; under a
    course profile, the rubric as that course grades it."""
    from grader import courses

    profile = load_course(course)
    assignment = courses.assignment(name, profile)
    if fmt == "json":
        data = describe(assignment)
        if profile is not None:
            data["course"] = {"name": profile.name, "digest": profile.digest, **_policy(profile)}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        if profile is not None:
            seeding = _policy(profile)["seed_inside_function"]
            click.echo(
                f"course: {profile.name} ({profile.path}); a seed inside a graded function "
                f"is {seeding}"
            )
        click.echo(table(assignment), nl=False)
    return 0


def _policy(profile: Any) -> dict[str, Any]:
    return {"seed_inside_function": profile.seed_inside_function}
