"""`grader export gradescope NAME -o autograder.zip`: a Gradescope autograder for an assignment.

The zip holds what Gradescope's autograder specification asks for, at its root:

* ``setup.sh`` - run once when Gradescope builds the image: finds (or installs) a Python >= 3.11,
  makes a virtual environment in ``/autograder/grader-venv`` and installs this grader from the
  wheel in ``wheels/`` (dependencies from ``wheels/`` too when present, else from PyPI);
* ``run_autograder`` - run for every submission: grades the ``.ipynb`` or ``.py`` file in
  ``/autograder/submission`` and writes ``/autograder/results/results.json``
  (``--format gradescope``); what it prints (the full report with instructor notices) goes to
  the instructor-only stdout;
* ``grader.json`` - the assignment, the visibility of the results, the seed, the expected file.

``GRADER_AUTOGRADER_ROOT`` moves ``/autograder`` elsewhere (for trying the zip locally);
``GRADER_PYTHON``, ``GRADER_VENV_OPTIONS`` and ``GRADER_PIP_OPTIONS`` tune setup.sh.
"""

from __future__ import annotations

import json
import os
import tempfile
import traceback
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from grader.commands._course import course_option, load_course
from grader.errors import UsageError
from grader.files import atomic_write

if TYPE_CHECKING:
    from grader.courses import CourseProfile

ROOT_ENV = "GRADER_AUTOGRADER_ROOT"
CONFIG_NAME = "grader.json"
COURSE_NAME = "course.toml"

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image. It installs the
# grader from the wheel in this zip into a virtual environment of its own.
set -euo pipefail
ROOT="${GRADER_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
VENV="$ROOT/grader-venv"

find_python() {
  for candidate in ${GRADER_PYTHON:-} python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! PYTHON="$(find_python)"; then
  # The image's python3 is older than the grader needs: add a current one.
  apt-get update -q
  apt-get install -y -q python3.11 python3.11-venv
  PYTHON=python3.11
fi
# shellcheck disable=SC2086  # the options are words to split
if ! "$PYTHON" -m venv ${GRADER_VENV_OPTIONS:-} "$VENV"; then
  apt-get update -q
  apt-get install -y -q "$(basename "$PYTHON")-venv"
  "$PYTHON" -m venv ${GRADER_VENV_OPTIONS:-} "$VENV"
fi
# shellcheck disable=SC2086
"$VENV/bin/python" -m pip install ${GRADER_PIP_OPTIONS:-} --find-links "$SOURCE/wheels" \\
  "$SOURCE"/wheels/grader-*.whl
"$VENV/bin/python" -m grader --version
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: it grades /autograder/submission and writes
# /autograder/results/results.json. What it prints is shown to instructors only.
ROOT="${GRADER_AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT" || exit 1
exec "$ROOT/grader-venv/bin/python" -c \\
  'from grader.commands.export import run_autograder; raise SystemExit(run_autograder())'
"""

_SKIP_PARTS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}


def pick_submission(folder: Path, expected: str | None = None) -> tuple[Path | None, str]:
    """The file to grade in `folder` and a note for the student when the choice was not obvious.

    Preference: the file named `expected` (any case), else notebooks before modules, shallow
    before deep, then by name. Hidden files and editor or OS leftovers are ignored.
    """
    if not folder.is_dir():
        return None, "No submission folder was found."
    candidates = [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in (".ipynb", ".py")
        and not any(
            part.startswith(".") or part in _SKIP_PARTS for part in p.relative_to(folder).parts
        )
    ]
    if expected:
        named = [p for p in candidates if p.name.lower() == expected.lower()]
        if named:
            return sorted(named, key=lambda p: len(p.parts))[0], ""
    if not candidates:
        wanted = expected or "a .ipynb notebook or .py file"
        return None, f"No file to grade was found in your submission: please upload {wanted}."
    ordered = sorted(
        candidates, key=lambda p: (p.suffix.lower() != ".ipynb", len(p.parts), p.name.lower())
    )
    chosen = ordered[0]
    note = ""
    if expected:
        note = f"Your submission has no file named {expected}; graded {chosen.relative_to(folder)}."
    elif len(ordered) > 1:
        note = (
            f"Your submission has {len(ordered)} notebook or Python files; graded "
            f"{chosen.relative_to(folder)}."
        )
    return chosen, note


def _write_results(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def run_autograder(root: str | Path | None = None) -> int:
    """Grade Gradescope's submission folder into results.json (what ``run_autograder`` runs).

    Always writes results.json, even when the grader itself fails, so the student sees a
    message instead of Gradescope's generic error; the traceback goes to the instructor's
    stdout. Returns the process exit code (0 once results.json is written).
    """
    from grader.render import gradescope

    root = Path(root or os.environ.get(ROOT_ENV, "/autograder"))
    results_path = root / "results" / "results.json"
    settings: dict[str, Any] = {}
    visibility = "visible"
    try:
        settings = json.loads((root / "source" / CONFIG_NAME).read_text(encoding="utf-8"))
        visibility = settings.get("visibility", "visible")
        path, note = pick_submission(root / "submission", settings.get("file"))
        if path is None:
            _write_results(
                results_path,
                {"score": 0, "output": note, "visibility": visibility, "tests": []},
            )
            print(note)
            return 0
        from grader.api import check
        from grader.config import RunConfig
        from grader.render import text

        course = None
        if settings.get("course"):
            from grader import courses

            course = courses.load(root / "source" / settings["course"])
        config = RunConfig(
            seed=int(settings.get("seed", 0)), sandbox=settings.get("sandbox", "auto")
        )
        if course is not None:
            config = replace(
                config,
                course=course,
                call_timeout=course.timeout or config.call_timeout,
                load_timeout=course.load_timeout or config.load_timeout,
            )
        report = check(
            path,
            settings["assignment"],
            config=config,
            submission_name=str(path.relative_to(root / "submission")),
        )
        data = gradescope.results(report, visibility=visibility)
        if note:
            data["output"] = f"{note}\n{data['output']}"
        _write_results(results_path, data)
        print(text.render(report, verbose=True))
        return 0
    except Exception:
        traceback.print_exc()
        _write_results(
            results_path,
            {
                "score": 0,
                "output": "The autograder itself failed on this submission (a problem with the "
                "grader, not with your work). Your instructor can see the details.",
                "visibility": visibility,
                "tests": [],
            },
        )
        return 0


def build_zip(
    name: str,
    output: Path,
    *,
    visibility: str = "visible",
    expected_file: str | None = None,
    seed: int = 0,
    sandbox: str = "auto",
    wheel: Path | None = None,
    wheelhouse: Path | None = None,
    course: CourseProfile | None = None,
) -> list[str]:
    """Write the autograder zip for assignment `name` (under `course`, its profile travels in
    the zip as course.toml); returns the names it holds."""
    from grader import courses
    from grader import wheel as wheels
    from grader.render.gradescope import VISIBILITIES

    assignment = courses.assignment(name, course)  # a UsageError for an unknown name
    if course is not None and course.support:
        raise UsageError(
            f"{Path(course.path).name}: support: an exported autograder does not carry a "
            "course's support files yet; give them to the assignment instead"
        )
    if visibility not in VISIBILITIES:
        raise UsageError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    if not output.parent.is_dir():
        raise UsageError(f"cannot write {output}: folder {output.parent} does not exist")
    config = {
        "assignment": assignment.name,
        "assignment_version": assignment.version,
        "visibility": visibility,
        "seed": seed,
        "sandbox": sandbox,
        "file": expected_file,
    }
    if course is not None:
        config["course"] = COURSE_NAME
        if course.seed is not None and not seed:
            config["seed"] = course.seed
    with tempfile.TemporaryDirectory(prefix="grader-export-") as tmp:
        if wheel is not None:
            if not wheel.is_file() or not wheel.name.startswith("grader-"):
                raise UsageError(f"--wheel {wheel}: expected an existing grader-*.whl file")
            built = wheel
        else:
            root = wheels.source_root()
            if root is None:
                raise UsageError(
                    "this grader is not installed from a source tree, so no wheel can be built; "
                    "pass --wheel grader-*.whl"
                )
            built = wheels.build(root, Path(tmp))
        if wheelhouse is not None and not wheelhouse.is_dir():
            raise UsageError(f"--wheelhouse {wheelhouse} is not a folder")
        extra = sorted(wheelhouse.glob("*.whl")) if wheelhouse is not None else []
        entries: dict[str, tuple[bytes, int]] = {
            "setup.sh": (SETUP_SH.encode(), 0o755),
            "run_autograder": (RUN_AUTOGRADER.encode(), 0o755),
            CONFIG_NAME: ((json.dumps(config, indent=2) + "\n").encode(), 0o644),
            f"wheels/{built.name}": (built.read_bytes(), 0o644),
        }
        if course is not None:
            entries[COURSE_NAME] = (course.source.encode("utf-8"), 0o644)
        for path in extra:
            if not path.name.startswith("grader-"):
                entries[f"wheels/{path.name}"] = (path.read_bytes(), 0o644)
        partial = output.with_name(f".{output.name}.tmp")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for arcname, (data, mode) in entries.items():
                info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = (0o100000 | mode) << 16  # a regular file with its mode
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        os.replace(partial, output)
    return list(entries)


@click.group("export")
def command() -> None:
    """Package an assignment for a course platform."""


@command.command("gradescope")
@click.argument("name")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("autograder.zip"),
    show_default=True,
)
@click.option(
    "--visibility",
    type=click.Choice(["hidden", "after_due_date", "after_published", "visible"]),
    default="visible",
    show_default=True,
    help="When students see the results.",
)
@click.option("--file", "expected_file", metavar="NAME", help="The file students must submit.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for generated inputs.")
@click.option(
    "--sandbox",
    type=click.Choice(["auto", "bwrap", "process"]),
    default="auto",
    show_default=True,
    help="How student code is isolated on the grading image.",
)
@click.option(
    "--wheel",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Install this grader wheel instead of one built from the source tree.",
)
@click.option(
    "--wheelhouse",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also ship every wheel in this folder (dependencies for an offline image).",
)
@course_option
def gradescope(
    name: str,
    output: Path,
    visibility: str,
    expected_file: str | None,
    seed: int,
    sandbox: str,
    wheel: Path | None,
    wheelhouse: Path | None,
    course: str | None,
) -> int:
    """Build a Gradescope autograder zip that grades assignment NAME."""
    from grader import courses

    profile = load_course(course)
    names = build_zip(
        name,
        output,
        visibility=visibility,
        expected_file=expected_file,
        seed=seed,
        sandbox=sandbox,
        wheel=wheel,
        wheelhouse=wheelhouse,
        course=profile,
    )
    props = courses.assignment(name, profile).properties
    module = props[0].func.__module__ if props else ""
    if module and module.split(".")[0] not in ("assignments", "grader"):
        click.echo(
            f"note: {name} is defined in {module}, which the grader wheel does not contain; "
            "put its wheel in --wheelhouse",
            err=True,
        )
    click.echo(
        f"wrote {output} ({len(names)} files); upload it on the assignment's Configure "
        "Autograder page in Gradescope"
    )
    return 0
