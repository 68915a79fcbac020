"""`grader grade`: grade a whole class (a folder or .zip of submissions) for the instructor."""

from __future__ import annotations

import sys

import click

from grader.batch.discovery import PATTERNS_HELP
from grader.batch.model import DEFAULT_BACKSTOP
from grader.commands._course import course_option, load_course

EXIT_OK, EXIT_USAGE, EXIT_GRADER_FAILED, EXIT_INTERRUPTED = 0, 2, 3, 130

_HELP = f"""Grade every submission in SOURCE (a folder or a .zip) and write the results to OUTDIR.

\b
OUTDIR gets, per student, reports/<student>.json (written as soon as it is graded) and
feedback/<student>.md; for the class, grades.csv (one row per student, one column per
property; UTF-8 with BOM for Excel) and summary.json / summary.html (score histogram, pass
rate per property, the most common failures, load errors, timeouts, slowest submissions).

\b
Which file belongs to which student (checked in this order):
{PATTERNS_HELP}
Two files for one student: the newest is graded (modification time, then name).

\b
On a Dask cluster: run `dask scheduler` on one machine and, on each node with this same
grader installed, `dask worker tcp://HOST:8786 --nthreads 1 --nworkers <cores>`; then add
--executor dask --scheduler tcp://HOST:8786. Files travel with the tasks (no shared disk
needed) and every output is written here, as in a local run.

\b
Exit codes: 0 every submission got a report (load errors and low scores included);
2 usage error; 3 the grader failed on some submissions (no report; their grades.csv row says
why; --resume retries them) or on the batch itself; 130 interrupted (the message says how to
resume).
"""


@click.command(
    "grade", help=_HELP, short_help="Grade a class: a folder or .zip of submissions, in parallel."
)
@click.argument("source", type=click.Path(path_type=str))
@click.option("-a", "--assignment", metavar="NAME", required=True, help="Assignment to grade.")
@click.option("-o", "--outdir", metavar="OUTDIR", required=True, help="Folder for the results.")
@click.option("-j", "--jobs", type=int, default=None, help="Grading processes [default: cores].")
@click.option("--resume", is_flag=True, help="Keep current reports in OUTDIR; grade the rest.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for generated inputs.")
@click.option("--timeout", type=float, default=None, help="Seconds per call into student code.")
@click.option(
    "--load-timeout",
    type=float,
    default=None,
    help="Seconds a notebook's top-level code may run [default: 20].",
)
@click.option(
    "--submission-timeout",
    type=float,
    default=DEFAULT_BACKSTOP,
    show_default=True,
    help="Backstop: seconds one submission's whole grading may take.",
)
@click.option(
    "--sandbox",
    type=click.Choice(["auto", "bwrap", "process"]),
    default="auto",
    show_default=True,
    help="How student code is isolated.",
)
@click.option(
    "--support",
    multiple=True,
    metavar="PATH",
    help="A course helper file or folder every notebook may import and read (repeatable).",
)
@click.option(
    "--allow-unconfined",
    is_flag=True,
    help="Grade even where this machine cannot stop a submission reading other files.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Grade here, or on a Dask cluster (needs grader[dask]).",
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786.")
@click.option(
    "--progress",
    type=click.Choice(["auto", "bar", "lines", "none"]),
    default="auto",
    show_default=True,
    help="A bar on a terminal, plain lines otherwise.",
)
@course_option
def command(
    source: str,
    assignment: str,
    outdir: str,
    jobs: int | None,
    resume: bool,
    seed: int,
    timeout: float | None,
    load_timeout: float | None,
    submission_timeout: float,
    sandbox: str,
    support: tuple[str, ...],
    allow_unconfined: bool,
    executor: str,
    scheduler: str | None,
    progress: str,
    course: str | None,
) -> int:
    from grader.batch.config import BatchConfig, unconfined_warning
    from grader.batch.run import grade

    profile = load_course(course)

    warning = unconfined_warning(sandbox, allow_unconfined)
    if warning:
        click.echo(f"grader: warning: {warning}", err=True)
    config = BatchConfig.create(
        source,
        assignment,
        outdir,
        jobs=jobs,
        resume=resume,
        seed=seed,
        sandbox=sandbox,
        timeout=timeout,
        load_timeout=load_timeout,
        backstop=submission_timeout,
        executor=executor,
        scheduler=scheduler,
        progress=None if progress == "auto" else progress,
        support=support,
        allow_unconfined=allow_unconfined,
        course=profile,
        course_option=course,
    )
    result = grade(config)
    err = sys.stderr
    for warning in result.warnings:
        click.echo(f"grader: warning: {warning}", err=True)
    several = [r.student for r in result.rows if r.ignored]
    if several:
        shown = ", ".join(several[:5]) + (" ..." if len(several) > 5 else "")
        click.echo(
            f"grader: note: {len(several)} student{'s' if len(several) > 1 else ''} handed in "
            f"several files; the newest was graded ({shown}; see the note column of grades.csv)",
            err=True,
        )
    total = len(result.rows)
    with_report = result.graded
    load_errors = sum(1 for r in result.rows if r.status == "load-error")
    click.echo(
        f"{with_report} of {total} submissions have a report"
        + (f" ({result.resumed} kept from an earlier run)" if result.resumed else "")
        + (f", {load_errors} could not be loaded" if load_errors else "")
        + f"; {result.duration:.1f} s. See {result.grades_csv} and {result.summary_html}."
    )
    if result.interrupted:
        again = config.resume_command()
        click.echo(
            f"grader: interrupted after {with_report} of {total}; what is done is saved. "
            f"To finish, run:\n  {again}",
            err=True,
        )
        err.flush()
        return EXIT_INTERRUPTED
    failed = result.failed
    if failed:
        names = ", ".join(r.student for r in failed[:5]) + (" ..." if len(failed) > 5 else "")
        click.echo(
            f"grader: error: {len(failed)} of {total} submissions could not be graded (the grader "
            f"failed on them: {names}); see grades.csv, and re-run with --resume to retry them",
            err=True,
        )
        return EXIT_GRADER_FAILED
    return EXIT_OK
