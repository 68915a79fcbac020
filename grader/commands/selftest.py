"""`grader selftest NAME`: does the rubric give the reference full marks and catch every mutant?"""

from __future__ import annotations

import json
from pathlib import Path

import click

from grader.commands._course import apply, course_option, load_course


@click.command("selftest")
@click.argument("name")
@click.option(
    "--mutants",
    "declarations",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Mutant declarations to test with (default: the assignment's mutants.toml).",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for generated inputs.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@course_option
def command(
    name: str, declarations: Path | None, jobs: int, seed: int, fmt: str, course: str | None
) -> int:
    """Check a rubric against its reference and mutants.

    Builds every mutant mutants.toml declares from the assignment's solution.py, grades them
    all, shows which property caught each mutant, and exits 0 only when the solution gets full
    marks, every mutant applies and every mutant is caught."""
    from grader import selftest
    from grader.config import RunConfig

    config = apply(RunConfig(seed=seed), load_course(course))
    result = selftest.run(name, declarations=declarations, jobs=jobs, config=config)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(selftest.text(result), nl=False)
    return 0 if result.ok else 1
