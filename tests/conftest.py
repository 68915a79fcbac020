"""Shared fixtures. Tests never read Hypothesis settings from the environment: the engine sets
every one it relies on explicitly."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(scope="session", autouse=True)
def private_plan_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`grader check` keeps the inputs it replays in the user's cache folder; the suite's
    checks (subprocesses included, through the environment) keep theirs in a folder of their
    own, so a test run leaves nothing in the home folder."""
    folder = tmp_path_factory.mktemp("plan-cache")
    before = os.environ.get("GRADER_CACHE_DIR")
    os.environ["GRADER_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("GRADER_CACHE_DIR", None)
    else:
        os.environ["GRADER_CACHE_DIR"] = before


@pytest.fixture
def write(tmp_path: Path):
    """write("name.py", source) -> path of a new file in a private folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    return _write
