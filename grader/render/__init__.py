"""Renderers: pure functions Report -> str, one module per format, found by name here."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from grader.errors import UsageError
from grader.results import Report

Renderer = Callable[..., str]

# format name -> module (each defines `render(report, **options) -> str`); imported on demand so
# a JSON run never pays for rich.
_MODULES = {
    "text": "grader.render.text",
    "json": "grader.render.json_",
    "junit": "grader.render.junit",
    "gradescope": "grader.render.gradescope",
    "markdown": "grader.render.markdown",
    "html": "grader.render.html",
    "github": "grader.render.github",
}

FORMATS = tuple(_MODULES)


def register(name: str, module: str) -> None:
    """Make `grader.render.render(report, name)` use `module.render`."""
    _MODULES[name] = module


def formats() -> tuple[str, ...]:
    return tuple(_MODULES)


def render(report: Report, fmt: str = "text", **options: object) -> str:
    """`report` in format `fmt` (see `formats()`)."""
    if fmt not in _MODULES:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(_MODULES)})")
    module = importlib.import_module(_MODULES[fmt])
    return module.render(report, **options)
