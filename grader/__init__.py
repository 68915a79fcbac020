"""grader: a property-based autograder for machine-learning courses.

The public API is small:

* `check(path, assignment=None, config=None) -> CheckResult` grades one submission: the
  `Report` (`.report`, and every attribute of it) in a wrapper that displays itself in Jupyter
  (see `grader.notebook`; `grader.api.check` returns the bare `Report`);
* `grade(source, assignment, outdir, jobs=None, resume=False, seed=0, ...) -> BatchResult`
  grades a folder or .zip of submissions in parallel and writes one report and feedback file
  per student, grades.csv and a class summary (see `grader.batch.grade`);
* `Assignment`, `Failure` and the `grader.checks` helpers are what an instructor uses to write
  an assignment's properties;
* `Report`, `PropertyResult`, `Status`, `RunConfig` are the typed data those produce and take.

Everything else is internal.
"""

from grader.batch import BatchResult, grade
from grader.config import RunConfig
from grader.errors import GraderError
from grader.notebook import CheckResult, check
from grader.properties import Assignment, Failure
from grader.results import PropertyResult, Report, ReportStatus, Status
from grader.version import __version__

__all__ = [
    "Assignment",
    "BatchResult",
    "CheckResult",
    "Failure",
    "GraderError",
    "PropertyResult",
    "Report",
    "ReportStatus",
    "RunConfig",
    "Status",
    "__version__",
    "check",
    "grade",
]
