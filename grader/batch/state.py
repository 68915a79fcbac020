"""What makes a stored report current, and the marker that says a folder is a batch's output.

Each report written by a batch carries an extra top-level key ``"batch"`` (schema 1 allows
extra keys; the existing keys are untouched) with the fingerprint of what produced it: the
file's SHA-256, the assignment's name and version, the seed, the grader's version and, under a
course profile, the profile's digest. `--resume` keeps a report only when all of them match the
current run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from grader.errors import UsageError
from grader.results import Report

MARKER = ".grader-batch.json"
BATCH_KEY = "batch"


def fingerprint(
    *,
    student: str,
    sha256: str,
    assignment: str,
    version: str,
    seed: int,
    grader_version: str,
    course: str | None = None,
) -> dict[str, Any]:
    """The facts a report depends on (besides the grader's code itself). `course` is the
    digest of the course profile it was graded under (None: none), kept only when set, so
    the reports of batches without a profile keep their exact shape."""
    facts = {
        "student": student,
        "sha256": sha256,
        "assignment": assignment,
        "assignment_version": version,
        "seed": seed,
        "grader_version": grader_version,
    }
    if course is not None:
        facts["course"] = course
    return facts


def _matches(stored: Any, wanted: dict[str, Any]) -> bool:
    # The student id is informative only: a file that moved to another key is graded again.
    keys = ("sha256", "assignment", "assignment_version", "seed", "grader_version", "course")
    return isinstance(stored, dict) and all(stored.get(k) == wanted.get(k) for k in keys)


def current_report(path: Path, wanted: dict[str, Any]) -> Report | None:
    """The report stored at `path` when it is current for `wanted`; None otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not _matches(data.get(BATCH_KEY), wanted):
        return None
    try:
        return Report.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None


def check_outdir(outdir: Path) -> None:
    """Refuse an OUTDIR that is a file, or a non-empty folder that no batch wrote."""
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"-o {outdir}: is a file; give a folder for the batch's outputs")
    if outdir.is_dir() and any(outdir.iterdir()) and not (outdir / MARKER).exists():
        raise UsageError(
            f"-o {outdir}: folder is not empty and was not written by `grader grade`; "
            "give a new or empty folder"
        )


def write_marker(outdir: Path, info: dict[str, Any]) -> None:
    from grader.files import atomic_write

    atomic_write(outdir / MARKER, json.dumps(info, indent=2, sort_keys=True) + "\n")


def read_marker(outdir: Path) -> dict[str, Any]:
    try:
        data = json.loads((outdir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def writable(outdir: Path) -> None:
    """Create `outdir` and its subfolders; a usage error when that is not allowed."""
    try:
        for sub in (outdir, outdir / "reports", outdir / "feedback"):
            sub.mkdir(parents=True, exist_ok=True)
        probe = outdir / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"-o {outdir}: cannot write there ({exc.strerror or exc})") from None
