"""Time the grader as it is installed: with its sources byte-compiled.

`pip install` compiles a package's modules; a checkout used in place compiles them on first
import and keeps the result, unless PYTHONDONTWRITEBYTECODE is set (as on some CI machines
and containers), when every process compiles the grader again (~0.2 s of CPU each). The
benchmarks call `compile_sources` first, so they measure the tool, not that setting.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("grader", "assignments", "reference")


def compile_sources() -> None:
    """Write the bytecode of the grader's own packages beside their sources (idempotent)."""
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
