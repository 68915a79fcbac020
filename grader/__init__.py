"""grader: a property-based autograder for machine-learning courses.

The public API is small:

* `check(path, assignment=None, config=None) -> Report` grades one submission;
* `Assignment`, `Failure` and the `grader.checks` helpers are what an instructor uses to write
  an assignment's properties;
* `Report`, `PropertyResult`, `Status`, `RunConfig` are the typed data those produce and take.

Everything else is internal.
"""

from grader.api import check
from grader.config import RunConfig
from grader.errors import GraderError
from grader.properties import Assignment, Failure
from grader.results import PropertyResult, Report, ReportStatus, Status
from grader.version import __version__

__all__ = [
    "Assignment",
    "Failure",
    "GraderError",
    "PropertyResult",
    "Report",
    "ReportStatus",
    "RunConfig",
    "Status",
    "__version__",
    "check",
]
