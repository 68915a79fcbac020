"""grader: a property-based autograder for machine-learning courses.

The public API is small:

* `check(path, assignment=None, config=None) -> CheckResult` grades one submission: the
  `Report` (`.report`, and every attribute of it) in a wrapper that displays itself in Jupyter
  (see `grader.notebook`; `grader.api.check` returns the bare `Report`);
* `grade(source, assignment, outdir, jobs=None, resume=False, seed=0, ...) -> BatchResult`
  grades a folder or .zip of submissions in parallel and writes one report and feedback file
  per student, grades.csv and a class summary (see `grader.batch.grade`);
* `Assignment` and `Failure` are what an instructor uses to write an assignment's properties,
  with the rest of the authors' namespace in `grader.authoring` and its in-process test
  double in `grader.testing` (see docs/authoring.md);
* `Report`, `PropertyResult`, `Status`, `RunConfig` are the typed data those produce and take.

Everything else is internal.
"""

import os as _os

# The grader's own numerics are small matrices (reference training steps, statistics), where a
# multi-threaded BLAS costs far more in thread hand-offs than it saves, and steals the cores that
# parallel grading and the student's worker need. Set before numpy loads; a user's choice wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

from grader.batch import BatchResult, grade  # noqa: E402
from grader.config import RunConfig  # noqa: E402
from grader.errors import GraderError  # noqa: E402
from grader.notebook import CheckResult, check  # noqa: E402
from grader.properties import Assignment, Failure  # noqa: E402
from grader.results import PropertyResult, Report, ReportStatus, Status  # noqa: E402
from grader.version import __version__  # noqa: E402

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
