"""Course profiles: one TOML file that adapts the built-in assignments to a course.

A profile names the course's assignments after a built-in one (``base = "init-deep"``), maps
the course's function names onto the built-in roles, changes points, turns properties off,
renames categories, allows the course's seeding habit, and sets support files, time limits
and the grading seed. See docs/courses.md.

Where a profile comes from (`find`): ``--course FILE``, ``--course NAME`` for one shipped in
this package (``deeplearning-ai``), else a ``grader.toml`` in the working directory. Under a
profile every assignment is seen through it (`assignment`): the course's own by their names,
and a built-in one under its own name with the course's seeding policy.
"""

from __future__ import annotations

import functools
from pathlib import Path

from grader.courses._derive import derive
from grader.courses._schema import CourseAssignment, CourseProfile, ProfileError, parse
from grader.properties import Assignment

#: The file a course keeps in the folder it grades from.
DEFAULT_FILE = "grader.toml"
_SHIPPED = Path(__file__).resolve().parent


def shipped() -> list[str]:
    """Names of the profiles shipped with the grader."""
    return sorted(p.stem for p in _SHIPPED.glob("*.toml"))


def load(path: str | Path) -> CourseProfile:
    """The profile in file `path`; a ProfileError (one line) when it cannot be used."""
    path = Path(path).expanduser().resolve()
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{path.name}: cannot read it ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ProfileError(f"{path.name}: not UTF-8 text") from None
    profile = parse(source, path)
    validate(profile)
    return profile


def find(course: str | None, cwd: str | Path | None = None) -> CourseProfile | None:
    """The profile a command runs under: `course` as a file or a shipped name, else
    ``grader.toml`` in `cwd` (the working directory), else None."""
    if course is None:
        default = Path(cwd or Path.cwd()) / DEFAULT_FILE
        return load(default) if default.is_file() else None
    given = Path(course).expanduser()
    if given.is_file():
        return load(given)
    if course in shipped():
        return load(_SHIPPED / f"{course}.toml")
    raise ProfileError(
        f"--course {course}: no such file, and no shipped course of that name "
        f"(shipped: {', '.join(shipped()) or 'none'})"
    )


def validate(profile: CourseProfile) -> None:
    """Check every course assignment against its base: properties, roles, categories. An
    assignment whose base is not installed is checked when it is used (`assignment` then
    says so), so a profile that names an assignment of a newer grader still serves the rest."""
    usable(profile)  # deriving an assignment checks it


def assignment(name: str, profile: CourseProfile | None) -> Assignment:
    """Assignment `name` as `profile` grades it (the built-in one when `profile` is None)."""
    from grader import registry

    if profile is None:
        return registry.get(name)
    return _derived(profile, name)


def names(profile: CourseProfile | None) -> list[str]:
    """Every assignment name known under `profile`: the course's own, then the built-in ones."""
    from grader import registry

    if profile is None:
        return registry.names()
    own = [a.name for a in profile.assignments]
    return own + [n for n in registry.names() if n not in own]


def binding(name: str, profile: CourseProfile | None) -> dict[str, str]:
    """Role -> the course's function name, for the roles course assignment `name` renames."""
    spec = profile.get(name) if profile is not None else None
    if spec is None:
        return {}
    return {role: course_name for course_name, role in spec.functions if course_name != role}


def usable(profile: CourseProfile) -> list[Assignment]:
    """The course's own assignments whose base is installed, derived."""
    from grader import registry

    known = set(registry.names())
    return [_derived(profile, a.name) for a in profile.assignments if a.base in known]


@functools.lru_cache(maxsize=32)
def _derived(profile: CourseProfile, name: str) -> Assignment:
    from grader import registry

    spec = profile.get(name) or CourseAssignment(name=name, base=name)
    if spec.base not in registry.names():
        key = f"assignments.{name}.base" if profile.get(name) else None
        if key is None:
            return registry.get(name)  # a UsageError naming the known assignments
        raise ProfileError(
            f"{Path(profile.path).name}: {key}: unknown assignment {spec.base!r} (installed: "
            f"{', '.join(registry.names())})"
        )
    return derive(registry.get(spec.base), spec, profile)


__all__ = [
    "DEFAULT_FILE",
    "CourseAssignment",
    "CourseProfile",
    "ProfileError",
    "assignment",
    "binding",
    "find",
    "load",
    "names",
    "parse",
    "shipped",
    "usable",
]
