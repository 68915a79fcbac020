"""Notices for the instructor: things worth a look in a submission. Not verdicts, no points."""

from __future__ import annotations

import re
from collections.abc import Iterable

from grader.loading import Submission

_PATTERNS = (
    (
        re.compile(r"^\s*(?:from|import)\s+(grader|reference|assignments)\b", re.MULTILINE),
        "imports the grader's package {0!r}",
    ),
    (
        re.compile(r"\b(?:np|numpy)(?:\.\w+)*\.(\w+)\s*=(?!=)"),
        "assigns to numpy.{0} (patches numpy)",
    ),
    (
        re.compile(r"\b(?:builtins|__builtins__)(?:\.|\[['\"])(\w+)['\"\]]*\s*=(?!=)"),
        "assigns to builtins.{0} (patches Python itself)",
    ),
    (
        re.compile(r"\bos\.(kill|killpg|fork|setsid|_exit)\b|\bsubprocess\b|\bctypes\b"),
        "uses {0}, which a solution of this lesson does not need",
    ),
)


def static_notices(submission: Submission) -> list[str]:
    """What reading the source (without running it) shows an instructor should look at."""
    found: list[str] = []
    source = submission.source
    for pattern, text in _PATTERNS:
        for match in pattern.finditer(source):
            notice = text.format(match.group(1) or match.group(0))
            if notice not in found:
                found.append(notice)
    return found


def runtime_notices(blocked_imports: Iterable[str]) -> list[str]:
    """Notices from what the submission tried while it ran."""
    return [f"tried to import {name!r}; blocked" for name in sorted(set(blocked_imports))]
