"""`grader template NAME [-o FILE]`: write an assignment's student template notebook.

The notebook is copied byte for byte from the assignment package (its ``template`` field), so
what a student opens is exactly what the instructor shipped, metadata naming the assignment
included: `grader check` then knows which assignment the finished notebook is for.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from grader.commands._course import course_option, load_course
from grader.errors import UsageError
from grader.files import atomic_write

if TYPE_CHECKING:
    from grader.courses import CourseProfile


def template_source(name: str, course: CourseProfile | None = None) -> bytes:
    """The bytes of assignment `name`'s template notebook; UsageError when there is none.
    A course's own assignment gets its base's template, its metadata naming the course's
    assignment (so `grader check --course` knows what the finished notebook is for)."""
    from grader import courses

    assignment = courses.assignment(name, course)  # UsageError naming the known assignments
    if not assignment.template:
        raise UsageError(f"assignment {name} has no student template notebook")
    path = Path(assignment.template)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"the template notebook of {name} cannot be read ({path}: {exc.strerror}); "
            "the installation is incomplete"
        ) from None
    if course is None or course.get(name) is None:
        return data
    notebook = json.loads(data)
    notebook.setdefault("metadata", {}).setdefault("grader", {})["assignment"] = name
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_template(
    name: str,
    output: str | None = None,
    *,
    force: bool = False,
    course: CourseProfile | None = None,
) -> Path | None:
    """Write the template of `name` to `output` (default ``<name>.ipynb`` in the current
    folder; ``-`` means stdout, returning None). Refuses to overwrite a file unless `force`."""
    data = template_source(name, course)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    target = Path(output) if output else Path(f"{name}.ipynb")
    if target.suffix.lower() != ".ipynb":
        raise UsageError(f"{target}: the template is a notebook; give a file name ending in .ipynb")
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name ending in .ipynb")
    if target.exists() and not force:
        raise UsageError(f"{target} already exists; pass --force to overwrite it")
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {target}: folder {folder} does not exist")
    try:  # an interrupted write never leaves half a notebook
        atomic_write(target, data)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    return target


@click.command("template")
@click.argument("name")
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Where to write the notebook [default: NAME.ipynb here; '-' for stdout].",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@course_option
def command(name: str, output: str | None, force: bool, course: str | None) -> int:
    """Write the student template notebook of assignment NAME."""
    target = write_template(name, output, force=force, course=load_course(course))
    if target is not None:
        click.echo(
            f"wrote {target}: complete the functions in it, then run `grader check {target}`",
            err=True,
        )
    return 0
