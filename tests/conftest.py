"""Shared fixtures. Tests never read Hypothesis settings from the environment: the engine sets
every one it relies on explicitly."""

from __future__ import annotations

import os
import venv
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


@pytest.fixture(scope="session", autouse=True)
def bare_python_on_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`python` and `python3` on PATH are, for the whole suite, an interpreter with the standard
    library and nothing else, as on a fresh machine where the only environment with the grader
    is the one the test command built.

    A test that starts the grader by name instead of with `sys.executable` (or without putting
    `sys.executable`'s folder first on PATH, as a CI workflow's setup step does) then fails on
    every machine, not only on one where the grader or its dependencies were never installed
    outside the test environment."""
    folder = tmp_path_factory.mktemp("bare-python")
    venv.create(folder, with_pip=False, symlinks=os.name != "nt")
    bin_dir = folder / ("Scripts" if os.name == "nt" else "bin")
    before = os.environ.get("PATH")
    os.environ["PATH"] = os.pathsep.join([str(bin_dir), *([before] if before else [])])
    yield bin_dir
    if before is None:
        os.environ.pop("PATH", None)
    else:
        os.environ["PATH"] = before


@pytest.fixture
def write(tmp_path: Path):
    """write("name.py", source) -> path of a new file in a private folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    return _write
