"""Grading a corpus folder through the real CLI, and the expectations its expected.toml states.

A single-bug submission that repeats one of the assignment's mutants is not a file of its own:
its entry names the mutant (``mutant = "dZ2_sign"``) and, when it is not the assignment's
solution, the corpus file it changes (``base = "correct_vectorized.py"``). It is built under
its own file name in a private folder before it is graded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import registry, selftest
from grader.mutants import load

CORPUS = Path(__file__).parent / "corpus"
_BUILT = Path(tempfile.mkdtemp(prefix="grader-corpus-"))


@dataclass(frozen=True)
class Expectation:
    file: str
    expect: str  # "full", "partial" or "load-error"
    fails: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()
    reason: str = ""
    score: float | None = None
    note: str = ""
    mutant: str = ""  # built from the assignment's mutant of this name
    base: str = ""  # ... applied to this corpus file (default: the assignment's solution)


@dataclass
class Graded:
    report: dict[str, Any]
    exit_code: int
    stderr: str = ""
    categories: dict[str, list[str]] = field(default_factory=dict)  # category -> statuses


def expectations(assignment: str) -> list[Expectation]:
    data = tomllib.loads((CORPUS / assignment / "expected.toml").read_text())
    return [
        Expectation(
            file=name,
            expect=entry["expect"],
            fails=tuple(entry.get("fails", ())),
            passes=tuple(entry.get("passes", ())),
            reason=entry.get("reason", ""),
            score=entry.get("score"),
            note=entry.get("note", ""),
            mutant=entry.get("mutant", ""),
            base=entry.get("base", ""),
        )
        for name, entry in data.items()
    ]


def derived(assignment: str, exp: Expectation) -> Path:
    """The submission `exp` describes, built from its mutant into a private folder."""
    declared = load(selftest.declarations_path(registry.get(assignment)))
    base = CORPUS / assignment / exp.base if exp.base else declared.solution
    path = _BUILT / assignment / exp.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(declared.get(exp.mutant).apply(base.read_text(), base.name))
    return path


def submission(assignment: str, file: str) -> Path:
    """Where corpus submission `file` is: in the corpus, or built from its mutant."""
    exp = next((e for e in expectations(assignment) if e.file == file and e.mutant), None)
    return derived(assignment, exp) if exp else CORPUS / assignment / file


def grade_one(assignment: str, file: str) -> Graded:
    path = submission(assignment, file)
    proc = subprocess.run(
        [sys.executable, "-m", "grader", "check", str(path), "-a", assignment, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    if proc.returncode not in (0, 1):
        raise AssertionError(f"grader exited {proc.returncode} on {file}: {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    cats: dict[str, list[str]] = {}
    for prop in report["properties"]:
        cats.setdefault(prop["category"], []).append(prop["status"])
    return Graded(report, proc.returncode, proc.stderr, cats)


def grade_all(assignment: str, files: list[str], jobs: int = 2) -> dict[str, Graded]:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(lambda f: (f, grade_one(assignment, f)), files)
        return dict(results)


def problems(exp: Expectation, graded: Graded) -> list[str]:
    """Every way `graded` differs from `exp` (empty when it meets it)."""
    r = graded.report
    found = []
    summary = {p["id"]: (p["status"], p["message"][:120]) for p in r["properties"]}
    if exp.expect == "load-error":
        if r["status"] != "load-error" or r["score"] != 0:
            found.append(f"expected a load error, got status {r['status']} score {r['score']}")
        if exp.reason and not any(exp.reason in e for e in r["load_errors"]):
            found.append(f"no load error mentions {exp.reason!r}: {r['load_errors']}")
        if graded.exit_code != 1:
            found.append(f"exit code {graded.exit_code}, expected 1")
        return found
    if r["status"] != "graded":
        return [f"expected a graded report, got {r['status']}: {r['load_errors']}"]
    if exp.expect == "full":
        if r["score"] != r["max_score"] or graded.exit_code != 0:
            failing = {k: v for k, v in summary.items() if v[0] != "passed"}
            found.append(f"expected full marks, got {r['score']}/{r['max_score']}: {failing}")
    else:
        if r["score"] >= r["max_score"] or graded.exit_code != 1:
            found.append(f"expected less than full marks, got {r['score']}/{r['max_score']}")
    for cat in exp.fails:
        if not any(s in ("failed", "timeout") for s in graded.categories.get(cat, [])):
            found.append(f"category {cat} should fail: {graded.categories.get(cat)} {summary}")
    for cat in exp.passes:
        if not all(s == "passed" for s in graded.categories.get(cat, ["missing"])):
            found.append(f"category {cat} should pass: {graded.categories.get(cat)} {summary}")
    if exp.score is not None and r["score"] != exp.score:
        found.append(f"expected score {exp.score}, got {r['score']}")
    if any(p["status"] == "error" for p in r["properties"]):
        found.append(f"a property errored (grader bug): {summary}")
    return found
