"""The command line: `grader check`, `grader list`, and the instructor commands.

Exit codes: 0 full marks (or the command succeeded); 1 graded but not full marks (a submission
that cannot load included); 2 the command could not run at all (missing file, unknown assignment,
bad option), reported as one line on stderr; 3 the grader itself failed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from grader._exit import exit_without_teardown
from grader.commands._course import apply as apply_course
from grader.commands._course import course_option, load_course
from grader.config import RunConfig
from grader.errors import AmbiguousAssignment, GraderError
from grader.files import atomic_write
from grader.version import __version__

EXIT_FULL, EXIT_NOT_FULL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    path = Path(output)
    if path.parent and not path.parent.exists():
        raise GraderError(f"cannot write {output}: folder {path.parent} does not exist")
    atomic_write(path, text)


def _config(
    seed: int,
    timeout: float | None,
    sandbox: str,
    load_timeout: float | None = None,
    support: tuple[str, ...] = (),
) -> RunConfig:
    for value, hint in ((timeout, "--timeout"), (load_timeout, "--load-timeout")):
        if value is not None and value <= 0:
            raise click.BadParameter("must be positive", param_hint=hint)
    from grader.runner.plan_cache import default_dir
    from grader.runner.world import resolve_support

    base = RunConfig()
    return RunConfig(
        seed=seed,
        call_timeout=timeout or base.call_timeout,
        load_timeout=load_timeout or base.load_timeout,
        sandbox=sandbox,
        plan_cache=default_dir(),  # a student's next check skips recording the inputs
        support=resolve_support(support),
        # On a student's own machine a check runs whatever it can confine (the report says).
        allow_unconfined=True,
    )


LOAD_TIMEOUT_HELP = "Seconds the notebook's top-level code may run [default: 20]."
SUPPORT_HELP = (
    "A course helper file or folder the notebook may import and read (repeatable; after "
    "the notebook's own folder on sys.path, in the order given)."
)


# click >= 8.2 renamed NoArgsIsHelp to NoArgsIsHelpError.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", None) or getattr(
    click.exceptions, "NoArgsIsHelp", click.UsageError
)


class _Group(click.Group):
    """Turns every usage mistake into one line on stderr and exit code 2."""

    def main(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)  # type: ignore[arg-type]
        except _NO_ARGS_IS_HELP as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else "")
            sys.exit(0)
        except click.UsageError as exc:
            click.echo(f"grader: error: {exc.format_message()}", err=True)
            sys.exit(EXIT_USAGE)
        except click.Abort:
            click.echo("grader: interrupted", err=True)
            sys.exit(130)
        except AmbiguousAssignment as exc:
            click.echo(f"grader: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except GraderError as exc:
            click.echo(f"grader: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(EXIT_NOT_FULL)
        except Exception:
            # A bug in the grader itself: the traceback is for us, the exit code for scripts.
            import traceback

            traceback.print_exc()
            click.echo("grader: internal error (a bug in the grader; please report it)", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(code if isinstance(code, int) else 0)


FORMAT_CHOICES = ("text", "json", "junit", "gradescope", "markdown", "html", "github")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grader")
def cli() -> None:
    """Property-based autograder for machine-learning courses."""


@cli.command()
@click.argument("submission", type=click.Path(dir_okay=False, path_type=str))
@click.option("-a", "--assignment", metavar="NAME", help="Assignment (default: from the notebook).")
@click.option("--format", "fmt", default="text", show_default=True, help="text, json, junit, ...")
@click.option("-o", "--output", metavar="FILE", help="Write the report here instead of stdout.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for generated inputs.")
@click.option("--timeout", type=float, default=None, help="Seconds per call into your code.")
@click.option("--load-timeout", type=float, default=None, help=LOAD_TIMEOUT_HELP)
@click.option(
    "--sandbox",
    type=click.Choice(["auto", "bwrap", "process"]),
    default="auto",
    show_default=True,
    help="How student code is isolated.",
)
@click.option("--support", multiple=True, metavar="PATH", help=SUPPORT_HELP)
@course_option
@click.option("-v", "--verbose", is_flag=True, help="Also show tracebacks and instructor notices.")
def check(
    submission: str,
    assignment: str | None,
    fmt: str,
    output: str | None,
    seed: int,
    timeout: float | None,
    load_timeout: float | None,
    sandbox: str,
    support: tuple[str, ...],
    course: str | None,
    verbose: bool,
) -> int:
    """Grade one SUBMISSION (.py or .ipynb) and print its report."""
    from grader import render
    from grader.api import check as run_check

    if fmt not in render.formats():
        raise click.BadParameter(
            f"choose from {', '.join(render.formats())}", param_hint="--format"
        )
    config = apply_course(
        _config(seed, timeout, sandbox, load_timeout, support), load_course(course)
    )
    report = run_check(submission, assignment, config=config)
    options: dict[str, object] = {}
    if fmt == "text":
        to_terminal = output in (None, "-") and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        options = {"color": to_terminal, "verbose": verbose}
    elif fmt == "github":
        options = {"path": submission}  # annotations name the file and the defining line
    _write(render.render(report, fmt, **options), output)
    return EXIT_FULL if report.full_marks else EXIT_NOT_FULL


@cli.command("list")
@course_option
def list_assignments(course: str | None) -> int:
    """List the assignments this grader knows (under a course: the course's first)."""
    from grader import courses

    profile = load_course(course)
    listed = courses.names(profile)
    width = max(16, *(len(n) for n in listed))
    for name in listed:
        try:
            a = courses.assignment(name, profile)
        except GraderError as exc:  # a course assignment whose base is not installed
            click.echo(f"{name:<{width}} {'':>12}  unavailable: {exc}")
            continue
        click.echo(f"{a.name:<{width}} {a.max_score:>5g} points  {a.title}")
    return 0


def _add_commands() -> None:
    from grader.commands import all_commands

    for command in all_commands():
        cli.add_command(command)


_add_commands()


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="grader")
    except SystemExit as done:
        exit_without_teardown(done.code)


if __name__ == "__main__":
    main()
