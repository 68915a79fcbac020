"""The pipeline, top to bottom: load -> start -> run -> score.

`check` grades one submission and returns a `Report`; it never raises for anything the
submission does (a broken submission gets a load-error report), only for usage errors.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from grader import courses, registry
from grader import notices as _notices
from grader.config import RunConfig
from grader.courses import CourseProfile
from grader.errors import AmbiguousAssignment
from grader.loading import Submission, load
from grader.properties import Assignment
from grader.results import Report, ReportStatus
from grader.runner import sandbox
from grader.runner.student import StudentCode
from grader.runner.world import assignment_support, world_for
from grader.version import __version__


def infer_assignment(submission: Submission, course: CourseProfile | None = None) -> str:
    """The assignment a submission is for: from its notebook metadata, else from the names of
    the functions it defines (the assignment whose required functions it defines; the most
    specific one when several fit; under a `course`, its own assignments first). Raises
    AmbiguousAssignment when that does not decide."""
    meta = submission.metadata.get("grader")
    if isinstance(meta, dict) and isinstance(meta.get("assignment"), str):
        return meta["assignment"]
    defined = submission.defined_functions()
    known = courses.names(course)
    if course is not None:
        own = _fits(courses.usable(course), defined)
        if own:
            return _most_specific(submission, own, known)
    fits = _fits(registry.all_assignments(), defined)
    return _most_specific(submission, fits, known)


def _fits(candidates: list[Assignment], defined: set[str]) -> dict[str, set[str]]:
    """Name -> required functions, of the `candidates` whose functions `defined` holds."""
    return {a.name: set(a.functions) for a in candidates if set(a.functions) <= defined}


def _most_specific(submission: Submission, fits: dict[str, set[str]], known: list[str]) -> str:
    best = [n for n, req in fits.items() if not any(req < other for other in fits.values())]
    if len(best) == 1:
        return best[0]
    if best:
        raise AmbiguousAssignment(
            f"{submission.name} fits several assignments ({', '.join(sorted(best))}); pass -a NAME",
            tuple(sorted(best)),
        )
    raise AmbiguousAssignment(
        f"cannot tell which assignment {submission.name} is for (it defines none of their "
        f"required functions); pass -a NAME (one of: {', '.join(known)})",
        tuple(known),
    )


def default_launcher(config: RunConfig) -> sandbox.Launcher:
    """The worker launcher `config` asks for (sandbox mode and limits)."""
    mode = sandbox.resolve_mode(config.sandbox)
    return sandbox.Launcher(mode, sandbox.Limits(memory_mb=config.memory_mb))


def check(
    path: str | Path,
    assignment: str | None = None,
    *,
    config: RunConfig | None = None,
    submission_name: str | None = None,
    launcher: sandbox.Launcher | None = None,
    own_folder: bool = True,
) -> Report:
    """Grade one submission (.py or .ipynb) and return its report.

    `assignment` is an assignment name (see `grader list`); when None it is taken from the
    notebook's metadata or inferred from the functions the submission defines.
    `launcher` starts the worker; a batch passes one it keeps for many submissions.
    `own_folder`: the worker runs in the submission's folder, which comes first on its
    sys.path, as in Jupyter (False: a private empty folder, for a file that lies among other
    students' files). Then come `config.support` and the assignment's own support files.
    """
    config = config or RunConfig()
    started = time.perf_counter()
    submission = load(path)
    if launcher is None:
        launcher = default_launcher(config)
    mode = launcher.mode
    code = None
    folder = submission.path if own_folder else None
    # The assignment's support is guessed without importing it, and checked in `_grade`.
    guess = _support_hint(assignment, config.course)
    if not submission.error:
        # Start the worker first: it imports numpy and runs the notebook's definitions while
        # we import Hypothesis and the assignment; the graded functions, which decide what
        # driver code must run too, follow when the assignment is known (see _grade).
        code = StudentCode(
            submission.cells,
            launcher=launcher,
            call_timeout=config.call_timeout,
            load_timeout=config.load_timeout,
            preload=sandbox.preloads_for(submission.cells),
            world=world_for(folder, (*config.support, *guess)),
            roots_follow=True,
        )
        code.start()
    try:
        if assignment is None:
            try:
                assignment = infer_assignment(submission, config.course)
            except AmbiguousAssignment:
                if not submission.error:
                    raise
                return _unreadable(submission, config, mode, started, submission_name)
        the_assignment = courses.assignment(assignment, config.course)
        declared = assignment_support(the_assignment)
        if code is not None and declared != guess:  # a wrong guess: start again, rightly
            code.close()
            code.world = world_for(folder, (*config.support, *declared))
            code.start()
        unconfined = not getattr(launcher, "confinement", "namespaces")
        report = _grade(
            submission, the_assignment, code, config, mode, started, submission_name, unconfined
        )
        if config.course is not None:
            report = replace(report, course=config.course.name, course_digest=config.course.digest)
        return report
    finally:
        if code is not None:
            code.close()


def _support_hint(name: str | None, course: CourseProfile | None) -> tuple[str, ...]:
    """`registry.support_hint`, for a course's own assignment the hint of its base."""
    spec = course.get(name) if course is not None and name is not None else None
    return registry.support_hint(spec.base if spec is not None else name)


def _grade(
    submission: Submission,
    assignment: Assignment,
    code: StudentCode | None,
    config: RunConfig,
    mode: str,
    started: float,
    name: str | None,
    unconfined: bool = False,
) -> Report:
    from grader.runner import engine  # imports Hypothesis: after the worker has started
    from grader.scoring import load_error, score

    common = {
        "submission": name or submission.name,
        "seed": config.seed,
        "grader_version": __version__,
        "sandbox": mode,
    }
    static = _notices.static_notices(submission)
    if unconfined:
        static.append(_notices.UNCONFINED)
    if submission.error or code is None:
        return load_error(
            assignment,
            reasons=[submission.error],
            notices=static,
            duration=time.perf_counter() - started,
            **common,
        )
    code.functions = dict(assignment.functions)
    code.roots = tuple(assignment.functions)
    loaded = code.load_result()
    notes = [
        *static,
        *loaded.notices,
        *_notices.runtime_notices(loaded.blocked_imports, loaded.blocked_reads),
    ]
    warnings = list(loaded.warnings)
    missing = [f for f in assignment.functions if f not in loaded.callables]
    if loaded.error or missing:
        reasons = [loaded.error] if loaded.error else []
        for name_ in missing:
            reasons.append(_missing_reason(name_, submission, loaded.callables))
        return load_error(
            assignment,
            # The cause (a syntax error, an exception at import) first, then what it cost.
            reasons=[*warnings, *reasons]
            if warnings and not loaded.error
            else [*reasons, *warnings],
            notices=notes,
            duration=time.perf_counter() - started,
            **common,
        )
    outcomes = engine.run(assignment, code, config)
    # What the sandbox refused while the properties called into the submission.
    later = _notices.runtime_notices(code.blocked_imports, code.blocked_reads)
    notes += [n for n in later if n not in notes]
    return score(
        outcomes,
        assignment,
        load_errors=warnings,
        notices=notes,
        duration=time.perf_counter() - started,
        **common,
    )


def _unreadable(
    submission: Submission, config: RunConfig, mode: str, started: float, name: str | None
) -> Report:
    """A file that is not a submission at all, for no assignment in particular."""
    return Report(
        assignment="unknown",
        submission=name or submission.name,
        score=0,
        max_score=0,
        status=ReportStatus.LOAD_ERROR,
        load_errors=(submission.error,),
        seed=config.seed,
        grader_version=__version__,
        sandbox=mode,
        duration=time.perf_counter() - started,
    )


def _missing_reason(function: str, submission: Submission, defined: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(function, defined, n=1, cutoff=0.75)
    if close:
        return f"{function} is not defined (found {close[0]}: a typo in the name?)"
    if function in submission.defined_functions():
        where = "the cell that defines it" if submission.kind == "ipynb" else "its definition"
        return f"{function} is not defined: {where} did not run (see the error above)"
    return f"{function} is not defined in {submission.name}"
