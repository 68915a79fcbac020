"""A course assignment: a built-in one rebound to the course's names, points and policy.

The built-in assignment is left untouched; the course's is a new `Assignment` whose
properties are the built-in ones (minus those turned off or left without a bound role), each
run on the student's code seen through the course's binding (`grader.roles.Rebound`), with
titles, hints and failure messages speaking the course's function names.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader import roles
from grader.properties import Assignment, Failure, Property, PropertyFunc

if TYPE_CHECKING:
    from grader.courses._schema import CourseAssignment, CourseProfile


def derive(base: Assignment, spec: CourseAssignment, profile: CourseProfile) -> Assignment:
    """`base` as course `profile` grades it under the name `spec.name`."""
    from grader.courses._schema import ProfileError

    where = Path(profile.path).name
    key = f"assignments.{spec.name}" if profile.get(spec.name) else ""

    def fail(field: str, message: str) -> ProfileError:
        return ProfileError(f"{where}: {key}.{field}: {message}")

    role_names = _binding(base, spec, fail)
    rename = roles.renamer(role_names)
    ids = [p.id for p in base.properties]
    named = [("off", pid) for pid in spec.off]
    named += [(f"points.{pid}", pid) for pid, _ in spec.points]
    named += [(f"titles.{pid}", pid) for pid, _ in spec.titles]
    for field, pid in named:
        if pid not in ids:
            raise fail(field, f"unknown property {pid!r} of {base.name}{_close(pid, ids)}")
    categories = dict(spec.categories)
    for category in categories:
        if category not in base.categories():
            raise fail(
                f"categories.{category}",
                f"unknown category {category!r} of {base.name} (its categories: "
                f"{', '.join(base.categories())})",
            )
    points = dict(spec.points)
    titles = dict(spec.titles)
    kept = [p for p in base.properties if p.id not in spec.off and _served(p, role_names, base)]
    for p in base.properties:
        if not p.roles and p.id not in spec.off and not _served(p, role_names, base):
            unbound = [r for r in base.functions if r not in role_names]
            raise fail(
                "functions",
                f"{base.name}'s property {p.id!r} needs every function, and "
                f"{', '.join(unbound)} {'is' if len(unbound) == 1 else 'are'} not mapped "
                f'(map it, or turn the property off: off = ["{p.id}"])',
            )
    kept_ids = {p.id for p in kept}
    derived = Assignment(
        name=spec.name,
        title=spec.title or base.title,
        functions={role_names[r]: f for r, f in base.functions.items() if r in role_names},
        # A changed profile changes the version, so a batch's --resume grades again.
        version=f"{base.version}+{profile.name}.{profile.digest[:12]}",
        description=rename(base.description),
        template=base.template,
        support=base.support,
    )
    for p in kept:
        derived.properties.append(
            replace(
                p,
                title=titles.get(p.id) or rename(p.title),
                hint=rename(p.hint) if p.hint else p.hint,
                category=categories.get(p.category, p.category),
                points=points.get(p.id, p.points),
                depends=tuple(d for d in p.depends if d in kept_ids),
                func=_rebound(p.func, role_names, profile.seed_inside_function, rename),
            )
        )
    return derived


def _binding(base: Assignment, spec: CourseAssignment, fail: Any) -> dict[str, str]:
    """Role -> the course's name for it: every role under its own name when the course maps
    none, else exactly the roles it maps."""
    if not spec.functions:
        return {r: r for r in base.functions}
    binding = {}
    for course_name, role in spec.functions:
        if role not in base.functions:
            raise fail(
                f"functions.{course_name}",
                f"{role!r} is not a function of {base.name} (its roles: "
                f"{', '.join(base.functions)})",
            )
        binding[role] = course_name
    return binding


def _served(prop: Property, role_names: dict[str, str], base: Assignment) -> bool:
    """Whether a property can run under the binding: one that names its roles needs one of
    them bound (it checks those it finds); one that does not needs every function bound."""
    if prop.roles:
        return any(r in role_names for r in prop.roles)
    return all(r in role_names for r in base.functions)


def _rebound(
    func: PropertyFunc, role_names: dict[str, str], seeding: str, rename: Any
) -> PropertyFunc:
    @functools.wraps(func)
    def run(code: Any, **given: Any) -> None:
        try:
            func(roles.Rebound(code, role_names, seeding), **given)
        except Failure as exc:
            said = rename(str(exc))
            if said == str(exc):
                raise
            raise Failure(said) from None

    return run


def _close(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
