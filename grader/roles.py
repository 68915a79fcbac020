"""Roles: properties address the functions they check by role, and a binding names them.

A role is the name an assignment gives a function (``initialize_parameters_deep``). A course
profile (see `grader.courses`) may bind a role to the name its own notebooks use, bind only
some of an assignment's roles, and allow a fixed seed inside the graded functions. A property
learns all of that from the `code` it is given, through the three functions here, so the same
property serves the built-in assignment and every course that rebinds it::

    name = roles.name(code, "initialize_parameters")      # the name to call, and to print
    params = code.call(name, n_x, n_h, n_y)
    for role in roles.bound(code, ("f_zeros", "f_he")):   # only the roles the course binds
        ...
    if roles.seed_allowed(code): ...                      # the course allows np.random.seed

Outside a course, `code` is the plain `StudentCode`: every role is bound under its own name
and seeding inside a function is not allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

#: The course's seeding policies: a fixed seed inside a graded function is a bug ("forbidden",
#: the default), or the course's habit ("allowed").
SEEDING = ("forbidden", "allowed")
#: What a report says when a check of fresh draws passed because the course allows the seed.
SEEDED_ALLOWED = "seeded inside the function (allowed by this course)"


# (isinstance, not getattr: the plain StudentCode answers every attribute with a function.)


def name(code: Any, role: str) -> str:
    """The name under which `code` defines the function of `role`."""
    return code.role_names.get(role, role) if isinstance(code, Rebound) else role


def bound(code: Any, all_roles: Iterable[str]) -> list[str]:
    """The roles of `all_roles` that `code` binds, in their order."""
    if not isinstance(code, Rebound):
        return list(all_roles)
    return [r for r in all_roles if r in code.role_names]


def seed_allowed(code: Any) -> bool:
    """Whether the course allows a fixed seed inside a graded function."""
    return isinstance(code, Rebound) and code.seeding == "allowed"


class Rebound:
    """`code` seen through a course's binding: ``rebound.f(...)`` and ``rebound.call("f", ...)``
    call the course's function for role ``f``; everything else is `code`'s own."""

    def __init__(self, code: Any, role_names: Mapping[str, str], seeding: str) -> None:
        self._code = code
        self.role_names = dict(role_names)
        self.seeding = seeding

    def call(self, role: str, *args: Any) -> Any:
        return self._code.call(self.role_names.get(role, role), *args)

    def __getattr__(self, attr: str) -> Any:
        if attr in self.role_names:
            target = self.role_names[attr]
            return lambda *args: self._code.call(target, *args)
        return getattr(self._code, attr)


def renamer(role_names: Mapping[str, str]) -> Any:
    """A function that rewrites the roles' names in a text (a title, hint or message written
    for the built-in names) into the course's; the identity when no name changes."""
    changed = {r: n for r, n in role_names.items() if r != n}
    if not changed:
        return lambda text: text
    # Longest first, whole identifiers only: initialize_parameters must not rename the start
    # of initialize_parameters_deep.
    pattern = re.compile(
        r"(?<![\w])("
        + "|".join(re.escape(r) for r in sorted(changed, key=len, reverse=True))
        + r")(?![\w])"
    )
    return lambda text: pattern.sub(lambda m: changed[m.group(1)], text) if text else text
