"""A course profile's TOML, checked key by key into frozen dataclasses.

Every mistake is one `ProfileError` line naming the file and the key ("grader.toml:
assignments.c1w4.points.api.dict: expected a number, got a string"). The schema is explicit
code rather than a JSON Schema so the grader needs no extra dependency at run time, and each
message can say what to write instead.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.errors import UsageError
from grader.roles import SEEDING


class ProfileError(UsageError):
    """A course profile that cannot be used: one line naming the file and the key."""


@dataclass(frozen=True)
class CourseAssignment:
    """One assignment of a course: a built-in one, adapted.

    functions: (the course's function name, the built-in role it plays); empty: every role
        under its own name.
    off: property ids the course does not grade.
    points: (property id, points) for the properties the course weighs differently.
    categories: (built-in category, the course's name for it).
    titles: (property id, the course's title for it), e.g. where it checks fewer functions.
    """

    name: str
    base: str
    title: str = ""
    functions: tuple[tuple[str, str], ...] = ()
    off: tuple[str, ...] = ()
    points: tuple[tuple[str, float], ...] = ()
    categories: tuple[tuple[str, str], ...] = ()
    titles: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CourseProfile:
    """A parsed course profile. `path` and `source` are the file and its text, from which the
    profile is rebuilt in another process (see `grader.config.RunConfig`); `digest` is the
    SHA-256 of that text, recorded in every report graded under it."""

    name: str
    path: str
    source: str
    digest: str
    seed_inside_function: str = "forbidden"
    seed: int | None = None
    timeout: float | None = None
    load_timeout: float | None = None
    support: tuple[str, ...] = ()  # absolute paths
    assignments: tuple[CourseAssignment, ...] = ()

    def get(self, name: str) -> CourseAssignment | None:
        return next((a for a in self.assignments if a.name == name), None)


_TOP = {
    "name": "the course's name, recorded in every report",
    "description": "a sentence about the course",
    "seed_inside_function": '"allowed" or "forbidden"',
    "seed": "the grading seed",
    "timeout": "seconds per call into student code",
    "load_timeout": "seconds a notebook's top-level code may run",
    "support": "helper files or folders, relative to the profile",
    "assignments": "the course's assignments",
}
_ASSIGNMENT = {
    "base": "the built-in assignment it adapts",
    "title": "the course's title for it",
    "functions": "the course's function names, each mapped to a built-in role",
    "off": "property ids not graded",
    "points": "points per property id",
    "categories": "course names for built-in categories",
    "titles": "course titles per property id",
}


def parse(source: str, path: str | Path) -> CourseProfile:
    """The profile in `source` (the text of the file at `path`); a ProfileError otherwise."""
    path = Path(path)
    where = path.name

    def fail(key: str, message: str) -> ProfileError:
        return ProfileError(f"{where}: {key}: {message}" if key else f"{where}: {message}")

    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise fail("", f"not valid TOML ({exc})") from None
    _known_keys(data, _TOP, "", fail)
    name = _get(data, "name", str, "", fail, default=path.stem)
    _get(data, "description", str, "", fail, default="")
    seeding = _get(data, "seed_inside_function", str, "", fail, default="forbidden")
    if seeding not in SEEDING:
        raise fail("seed_inside_function", f'expected "allowed" or "forbidden", got {seeding!r}')
    seed = _get(data, "seed", int, "", fail, default=None)
    timeout = _positive(data, "timeout", fail)
    load_timeout = _positive(data, "load_timeout", fail)
    support = []
    for i, item in enumerate(_get(data, "support", list, "", fail, default=[])):
        if not isinstance(item, str):
            raise fail(f"support[{i}]", f"expected a path (a string), got {_kind(item)}")
        target = (path.parent / item).resolve()
        if not target.exists():
            raise fail(f"support[{i}]", f"{item}: no such file or folder (next to {where})")
        support.append(str(target))
    table = _get(data, "assignments", dict, "", fail, default={})
    parsed = tuple(_assignment(n, v, fail) for n, v in table.items())
    return CourseProfile(
        name=name,
        path=str(path),
        source=source,
        digest=hashlib.sha256(source.encode("utf-8")).hexdigest(),
        seed_inside_function=seeding,
        seed=seed,
        timeout=timeout,
        load_timeout=load_timeout,
        support=tuple(support),
        assignments=parsed,
    )


def _assignment(name: str, value: Any, fail: Any) -> CourseAssignment:
    key = f"assignments.{name}"
    if not isinstance(value, dict):
        raise fail(key, f"expected a table ([{key}]), got {_kind(value)}")
    _known_keys(value, _ASSIGNMENT, key, fail)
    if "base" not in value:
        raise fail(f"{key}.base", 'missing: name the built-in assignment (base = "init-deep")')
    base = _get(value, "base", str, key, fail)
    title = _get(value, "title", str, key, fail, default="")
    functions = _str_table(value, "functions", key, fail)
    roles = [role for _, role in functions]
    for role in roles:
        if roles.count(role) > 1:
            raise fail(f"{key}.functions", f"two functions are mapped to the role {role!r}")
    off = _get(value, "off", list, key, fail, default=[])
    for i, item in enumerate(off):
        if not isinstance(item, str):
            raise fail(f"{key}.off[{i}]", f"expected a property id (a string), got {_kind(item)}")
    points = []
    for pid, pts in _get(value, "points", dict, key, fail, default={}).items():
        if isinstance(pts, bool) or not isinstance(pts, int | float) or pts < 0:
            raise fail(f"{key}.points.{pid}", f"expected a number of points >= 0, got {pts!r}")
        points.append((pid, float(pts)))
    return CourseAssignment(
        name=name,
        base=base,
        title=title,
        functions=functions,
        off=tuple(off),
        points=tuple(points),
        categories=_str_table(value, "categories", key, fail),
        titles=_str_table(value, "titles", key, fail),
    )


def _str_table(value: dict, field: str, key: str, fail: Any) -> tuple[tuple[str, str], ...]:
    pairs = []
    for k, v in _get(value, field, dict, key, fail, default={}).items():
        if not isinstance(v, str) or not v:
            raise fail(f"{key}.{field}.{k}", f"expected a name (a string), got {_kind(v)}")
        pairs.append((k, v))
    return tuple(pairs)


def _known_keys(table: dict, known: dict[str, str], key: str, fail: Any) -> None:
    for k in table:
        if k not in known:
            where = f"{key}.{k}" if key else k
            allowed = ", ".join(known)
            raise fail(where, f"unknown key (allowed here: {allowed})")


_KINDS = {str: "a string", int: "an integer", list: "an array", dict: "a table"}


def _get(table: dict, field: str, kind: type, key: str, fail: Any, **default: Any) -> Any:
    where = f"{key}.{field}" if key else field
    if field not in table:
        return default["default"]
    value = table[field]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise fail(where, f"expected {_KINDS[kind]}, got {_kind(value)}")
    return value


def _positive(data: dict, field: str, fail: Any) -> float | None:
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise fail(field, f"expected a positive number of seconds, got {value!r}")
    return float(value)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
