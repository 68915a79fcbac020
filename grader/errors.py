"""The grader's exceptions: one root, so the CLI can turn any of them into one line."""

from __future__ import annotations


class GraderError(Exception):
    """Root of every error the grader raises on purpose."""

    #: Process exit code when this error reaches the command line.
    exit_code = 2


class UsageError(GraderError):
    """The user asked for something that cannot be done (missing file, unknown assignment)."""


class SubmissionError(GraderError):
    """A submission cannot be parsed (corrupt notebook, unreadable file).

    Not a usage error: `grader check` turns it into a report with status load-error.
    """


class AmbiguousAssignment(UsageError):
    """The assignment could not be inferred from the submission."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class WorkerError(GraderError):
    """The worker process could not be started or spoke out of protocol."""

    exit_code = 3


class DeclarationError(GraderError, ValueError):
    """An assignment declares something that cannot work (a `given` key no parameter takes,
    negative points, an unknown dependency): raised at the declaration, naming the property and
    the argument, so the instructor learns it on import rather than a student at grading time.

    A ValueError too, which is what a duplicate id or an unknown dependency raised before."""
