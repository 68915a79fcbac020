"""The ``--course`` option every command takes, and what a profile puts into a RunConfig."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from grader.config import RunConfig
    from grader.courses import CourseProfile

F = TypeVar("F", bound=Callable[..., Any])

COURSE_HELP = (
    "Course profile: a TOML file, or the name of one shipped with the grader "
    "(deeplearning-ai) [default: ./grader.toml when there is one]."
)


def course_option(func: F) -> F:
    """Add ``--course FILE|NAME`` to a command."""
    return click.option("--course", metavar="FILE", default=None, help=COURSE_HELP)(func)


def load_course(course: str | None) -> CourseProfile | None:
    """The profile the command runs under (a ProfileError, one line, when it is broken)."""
    from grader import courses

    return courses.find(course)


def given(name: str) -> bool:
    """Whether option `name` of the running command was given on the command line (a profile's
    setting yields to it, and wins over the option's default)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:  # called outside a command: nothing was given
        return False
    source = ctx.get_parameter_source(name)
    return source is not None and source is not click.core.ParameterSource.DEFAULT


def apply(config: RunConfig, course: CourseProfile | None) -> RunConfig:
    """`config` under `course`: its seed and time limits where the command line gave none, its
    support after ``--support``, and the profile itself."""
    from dataclasses import replace

    if course is None:
        return config
    changes: dict[str, Any] = {"course": course, "support": (*config.support, *course.support)}
    if course.seed is not None and not given("seed"):
        changes["seed"] = course.seed
    if course.timeout is not None and not given("timeout"):
        changes["call_timeout"] = course.timeout
    if course.load_timeout is not None and not given("load_timeout"):
        changes["load_timeout"] = course.load_timeout
    return replace(config, **changes)
