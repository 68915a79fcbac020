"""Known reports built straight from the dataclasses, for the renderer tests: no grading."""

from __future__ import annotations

from grader.results import Counterexample, PropertyResult, Report, ReportStatus, Status

#: A string a student can put into a report (dict keys, printed output): markup, quotes,
#: workflow-command and CDATA delimiters, a control character and a percent sign.
EVIL = "<script>alert('x')</script> & \"q\" ]]> ::warning:: 100%, a:b\x07"

TRAJECTORIES = {
    "quantity": "W1[i, 0]",
    "steps": 3,
    "panels": [
        {
            "label": "from your weights",
            "units": [[0.01, 0.02, 0.04, 0.08], [-0.01, -0.02, -0.03, -0.05]],
        },
        {"label": "from a zero start", "units": [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]},
    ],
}


def graded() -> Report:
    """One property of every status, with every detail a renderer may show."""
    rows = (
        PropertyResult("api.dict", "Returns a dict", "api", 8, 8, Status.PASSED, duration=0.25),
        PropertyResult(
            "shapes.weights",
            "W1 has shape (n_h, n_x)",
            "shapes",
            0,
            12,
            Status.FAILED,
            message="W1 has shape (1, 2); expected (n_h, n_x) = (2, 1)\nrows are hidden units",
            counterexample=Counterexample(
                "initialize_parameters",
                {"n_x": 1, "n_h": 2, "n_y": 1},
                "initialize_parameters(n_x=1, n_h=2, n_y=1)",
            ),
            hint="One row per hidden unit.",
            output=f"debug: {EVIL}",
            duration=0.5,
        ),
        PropertyResult(
            "symmetry.training",
            "After training, the units differ",
            "symmetry",
            10,
            10,
            Status.PASSED,
            artifacts={"trajectories": TRAJECTORIES},
        ),
        PropertyResult(
            "scale.std",
            "Weights have standard deviation 0.01",
            "scale",
            0,
            12,
            Status.TIMEOUT,
            message="initialize_parameters took longer than 5 s",
            counterexample=Counterexample(
                "initialize_parameters",
                {"n_x": 100, "n_h": 100, "n_y": 1},
                "initialize_parameters(n_x=100, n_h=100, n_y=1)",
            ),
            hint="Avoid Python loops over 10,000 weights.",
        ),
        PropertyResult(
            "scale.gaussian",
            "Weights are Gaussian",
            "scale",
            0,
            8,
            Status.ERROR,
            message="this check itself failed (a grader bug, not your fault)",
            traceback='Traceback (most recent call last):\n  File "x.py", line 1\nZeroDivisionError: boom',
        ),
        PropertyResult(
            "bias-zeros.zero",
            f"Biases are zero {EVIL}",
            "bias-zeros",
            0,
            10,
            Status.SKIPPED,
            message="not checked until this passes: “W1 has shape (n_h, n_x)”",
        ),
    )
    return Report(
        assignment="init-shallow",
        submission="hw1.ipynb",
        score=18,
        max_score=60,
        status=ReportStatus.GRADED,
        properties=rows,
        load_errors=("cell 3 raised NameError: name 'plt' is not defined",),
        seed=7,
        grader_version="0.1.0",
        assignment_title="Initialize a one-hidden-layer network",
        assignment_version="1",
        duration=2.5,
    )


def load_error() -> Report:
    """A submission that could not be loaded."""
    rows = (
        PropertyResult(
            "api.dict", "Returns a dict", "api", 0, 8, Status.SKIPPED, message="not checked"
        ),
        PropertyResult(
            "shapes.weights", "W1 has shape", "shapes", 0, 12, Status.SKIPPED, message="not checked"
        ),
    )
    return Report(
        assignment="init-shallow",
        submission="broken.ipynb",
        score=0,
        max_score=20,
        status=ReportStatus.LOAD_ERROR,
        properties=rows,
        load_errors=(f"broken.ipynb is not a valid notebook (bad JSON: {EVIL})",),
        grader_version="0.1.0",
    )
