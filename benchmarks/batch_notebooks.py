"""Generate a realistic class of notebooks for the batch benchmark (at run time, never committed).

Each student's notebook is built from one submission of the assignment's corpus
(tests/corpus/<assignment>/): a correct one (about 55%), a buggy one (about 40%) or a broken one
(about 5%), wrapped the way a student's course notebook looks: a Markdown title and
instructions, an imports cell, the solution cell, a cell that tries the function and its stored
output, and a closing Markdown cell. Notebooks in the corpus are used as they are. File names
follow Canvas's download convention (``lastfirst_<user id>_<submission id>_hw.ipynb``), so the
benchmark also exercises student discovery. The same seed gives the same class.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SHARES = (("correct", 0.55), ("wrong", 0.40), ("malformed", 0.05))
_NAMES = ("ng", "smith", "garcia", "kim", "müller", "okafor", "rossi", "tanaka", "silva", "dubois")


def _cell(kind: str, text: str, outputs: list[dict] | None = None) -> dict:
    cell: dict = {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=outputs or [])
    return cell


def _wrap(source: str, assignment: str, n: int) -> dict:
    """A course-style notebook holding `source` as the student's solution."""
    printed = {"name": "stdout", "output_type": "stream", "text": [f"student {n}: done\n"]}
    cells = [
        _cell("markdown", f"# {assignment}\n\nFill in the functions below, then run every cell."),
        _cell("code", "import numpy as np"),
        _cell("markdown", "## Your solution\n\nDo not change the function names."),
        _cell("code", source),
        _cell("code", f"# quick self-check\nprint('student {n}: done')", [printed]),
        _cell("markdown", "That's it: save the notebook and upload it."),
    ]
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def corpus_files(assignment: str) -> dict[str, list[Path]]:
    folder = CORPUS / assignment
    files: dict[str, list[Path]] = {kind: [] for kind, _ in SHARES}
    for path in sorted(folder.glob("*")):
        kind = path.name.split("_", 1)[0]
        if kind in files and path.suffix in (".py", ".ipynb"):
            files[kind].append(path)
    return files


def generate(assignment: str, dest: Path, count: int = 200, seed: int = 0) -> dict[str, int]:
    """Write `count` notebooks for `assignment` into `dest`; returns how many of each kind."""
    files = corpus_files(assignment)
    kinds = [k for k, _ in SHARES if files[k]]
    weights = [w for k, w in SHARES if files[k]]
    if "correct" not in kinds:
        raise ValueError(f"tests/corpus/{assignment} has no correct_* submission to build from")
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    made: dict[str, int] = dict.fromkeys(kinds, 0)
    for n in range(count):
        kind = rng.choices(kinds, weights)[0]
        source = rng.choice(files[kind])
        name = f"{rng.choice(_NAMES)}{n:03d}_{10_000 + n}_{70_000 + n}_hw.ipynb"
        target = dest / name
        if source.suffix == ".ipynb" or kind == "malformed":
            # Broken notebooks stay exactly as broken as they are in the corpus.
            target.write_bytes(source.read_bytes())
        else:
            notebook = _wrap(source.read_text(encoding="utf-8"), assignment, n)
            target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")
        made[kind] += 1
    return made
