"""One frozen batch configuration, built where the batch starts (`grader grade`, or
`grader.grade` in Python) and passed down unchanged; `to_argv` gives the command that resumes
the batch."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from grader.batch.model import DEFAULT_BACKSTOP
from grader.config import RunConfig
from grader.errors import UsageError

if TYPE_CHECKING:
    from grader.courses import CourseProfile

EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class BatchConfig:
    """How to grade a class.

    source, assignment, outdir: as for `grader.grade`.
    run: how each submission is graded, as every grading process receives it (the course's
        seed, time limits and support merged in, support paths made absolute).
    jobs: grading processes (None: one per core). resume: keep current reports.
    backstop: seconds one submission's whole grading may take (``--submission-timeout``).
    executor: "local" or "dask", with `scheduler` the Dask scheduler's address.
    progress: "bar", "lines", "none", or None for a bar on a terminal and lines otherwise.
    seed, timeout, load_timeout, support, course: the options as the instructor gave them
        (`course` as typed after ``--course``), which the resume command repeats; `run` holds
        what they resolved to.
    """

    source: str | Path
    assignment: str
    outdir: str | Path
    run: RunConfig = field(default_factory=RunConfig)
    jobs: int | None = None
    resume: bool = False
    backstop: float = DEFAULT_BACKSTOP
    executor: str = "local"
    scheduler: str | None = None
    progress: str | None = "none"
    seed: int = 0
    timeout: float | None = None
    load_timeout: float | None = None
    support: tuple[str, ...] = ()
    course: str | None = None

    @classmethod
    def create(
        cls,
        source: str | Path,
        assignment: str,
        outdir: str | Path,
        *,
        jobs: int | None = None,
        resume: bool = False,
        seed: int = 0,
        sandbox: str = "auto",
        timeout: float | None = None,
        load_timeout: float | None = None,
        backstop: float = DEFAULT_BACKSTOP,
        executor: str = "local",
        scheduler: str | None = None,
        progress: str | None = "none",
        support: tuple[str, ...] | list[str] = (),
        allow_unconfined: bool = False,
        course: CourseProfile | None = None,
        course_option: str | None = None,
    ) -> BatchConfig:
        """The configuration these options give, checked: a `UsageError` for a bad one (a
        missing SOURCE or support path, a bad OUTDIR, a non-positive limit, an executor
        without its scheduler, a machine that cannot confine reads without
        `allow_unconfined`), before any grading process starts. `course` is the profile,
        `course_option` how it was named on the command line (for the resume command)."""
        # Imported here: `import grader` imports this module, and the sandbox is not needed
        # until a batch starts.
        from grader.runner import sandbox as sandboxes
        from grader.runner.world import resolve_support

        _validate(Path(source), Path(outdir), jobs, timeout, backstop, load_timeout)
        if executor not in EXECUTORS:
            raise UsageError(f"--executor {executor!r}: choose local or dask")
        if executor == "dask" and not scheduler:
            raise UsageError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        sandboxes.resolve_mode(sandbox)  # a usage error now rather than in every process
        if unconfined_warning(sandbox, allow_unconfined=True) and not allow_unconfined:
            raise UsageError(
                "this machine cannot stop a submission from reading other students' files "
                "(no bubblewrap, Landlock or namespaces); add --allow-unconfined to grade anyway"
            )
        base = RunConfig()
        run_seed, call_timeout, run_load_timeout = seed, timeout, load_timeout
        if course is not None:  # the profile's settings, where the caller gave none
            run_seed = seed or (course.seed or 0)
            call_timeout = timeout or course.timeout
            run_load_timeout = load_timeout or course.load_timeout
        run = RunConfig(
            seed=run_seed,
            call_timeout=call_timeout or base.call_timeout,
            load_timeout=run_load_timeout or base.load_timeout,
            sandbox=sandbox,
            support=(*resolve_support(support), *(course.support if course else ())),
            allow_unconfined=allow_unconfined,
            course=course,
        )
        return cls(
            source=source,
            assignment=assignment,
            outdir=outdir,
            run=run,
            jobs=jobs,
            resume=resume,
            backstop=backstop,
            executor=executor,
            scheduler=scheduler,
            progress=progress,
            seed=seed,
            timeout=timeout,
            load_timeout=load_timeout,
            support=tuple(support),
            course=course_option,
        )

    def to_argv(self) -> list[str]:
        """The `grader grade ... --resume` command that continues this batch, as words: every
        option that was given, none that was left at its default."""
        words = ["grader", "grade", str(self.source), "-a", self.assignment, "-o", str(self.outdir)]
        if self.jobs is not None:
            words += ["-j", str(self.jobs)]
        if self.seed:
            words += ["--seed", str(self.seed)]
        if self.run.sandbox != "auto":
            words += ["--sandbox", self.run.sandbox]
        if self.timeout is not None:
            words += ["--timeout", f"{self.timeout:g}"]
        if self.load_timeout is not None:
            words += ["--load-timeout", f"{self.load_timeout:g}"]
        if self.backstop != DEFAULT_BACKSTOP:
            words += ["--submission-timeout", f"{self.backstop:g}"]
        if self.executor != "local":
            words += ["--executor", self.executor, "--scheduler", str(self.scheduler)]
        for path in self.support:
            words += ["--support", str(path)]
        if self.run.allow_unconfined:
            words.append("--allow-unconfined")
        if self.course is not None:
            words += ["--course", self.course]
        words.append("--resume")
        return words

    def resume_command(self) -> str:
        """`to_argv` as one line to paste into a shell."""
        return shlex.join(self.to_argv())


def unconfined_warning(sandbox_mode: str, allow_unconfined: bool) -> str:
    """What to tell the instructor before a batch whose workers' reads cannot be confined
    on this machine ("" when they can, or when the batch may not run unconfined at all)."""
    from grader.runner import sandbox

    mode = sandbox.resolve_mode(sandbox_mode)
    namespaces, landlock = sandbox.allowed_layers()
    if not allow_unconfined or sandbox.read_confinement(
        mode, namespaces=namespaces, landlock=landlock
    ):
        return ""
    return (
        "reads are not confined on this machine (no bubblewrap, Landlock or namespaces): "
        "each submission can read every file this user can, other students' included"
    )


def _validate(
    source: Path,
    outdir: Path,
    jobs: int | None,
    timeout: float | None,
    backstop: float,
    load_timeout: float | None,
) -> None:
    from grader.batch import state

    if not source.exists():
        raise UsageError(f"no such file or folder: {source}")
    if source.is_file() and source.suffix.lower() != ".zip":
        raise UsageError(f"{source}: SOURCE must be a folder of submissions or a .zip of them")
    if jobs is not None and jobs < 1:
        raise UsageError("-j/--jobs must be at least 1")
    if timeout is not None and timeout <= 0:
        raise UsageError("--timeout must be positive")
    if load_timeout is not None and load_timeout <= 0:
        raise UsageError("--load-timeout must be positive")
    if backstop <= 0:
        raise UsageError("--submission-timeout must be positive")
    state.check_outdir(outdir)
    if outdir.resolve() == source.resolve() or source.resolve() in outdir.resolve().parents:
        raise UsageError(f"-o {outdir}: the outputs must not go inside SOURCE")
