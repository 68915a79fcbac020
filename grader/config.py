"""One frozen configuration, built at the CLI edge and passed down unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.courses import CourseProfile


@dataclass(frozen=True)
class RunConfig:
    """How to grade: the same config and submission always give the same report.

    seed: mixed with the assignment and property ids into each property's Hypothesis seed.
    call_timeout: wall-clock seconds one call into student code may take.
    load_timeout: wall-clock seconds the submission's top-level code may take.
    memory_mb: address-space limit of the worker process.
    sandbox: "auto" (bubblewrap when usable, else process limits), "bwrap" or "process".
    examples: scale factor on each property's number of generated examples (1.0 = default).
    plan_cache: folder where the inputs properties replay are kept between runs (None: record
        them in every process). `grader check` uses one; `grader grade` never does (see
        grader.runner.plan_cache).
    support: absolute paths of instructor-provided files or folders (``--support``), in the
        order they go on the worker's sys.path, after the submission's own folder and before
        the assignment's built-in support (see grader.runner.world).
    allow_unconfined: grade even where this machine cannot confine what a submission reads
        to its own world (no bubblewrap, Landlock or namespaces). `grader grade` refuses to
        start without it there; `grader check` proceeds and says so in the report.
    course: the course profile the run grades under (see grader.courses), or None. Its
        seed, time limits and support are already in the fields above (the CLI puts them
        there); the profile itself decides the assignment's shape and the seeding policy,
        and its name and digest go into every report.
    """

    seed: int = 0
    call_timeout: float = 5.0
    load_timeout: float = 20.0
    memory_mb: int = 2048
    sandbox: str = "auto"
    examples: float = 1.0
    plan_cache: str | None = None
    support: tuple[str, ...] = ()
    allow_unconfined: bool = False
    course: CourseProfile | None = None

    def __post_init__(self) -> None:
        # A config that crossed a process boundary as a dict may carry a list, and the course
        # as the dict of its fields: it is rebuilt from its own text.
        object.__setattr__(self, "support", tuple(self.support))
        course: Any = self.course
        if isinstance(course, dict):
            from grader.courses import parse

            object.__setattr__(self, "course", parse(course["source"], course["path"]))
