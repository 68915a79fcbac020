"""Shared fixtures. Tests never read Hypothesis settings from the environment: the engine sets
every one it relies on explicitly."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture
def write(tmp_path: Path):
    """write("name.py", source) -> path of a new file in a private folder."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    return _write
