"""Mutants as small declarations: one correct solution and, per mutant, the one change to it.

An assignment ships ``solution.py`` (the correct solution in student form) and
``mutants.toml`` beside the module that defines it::

    solution = "solution.py"

    [mutant.dZ2_sign]
    bug = "dZ2 = Y - A2: every gradient has the wrong sign."
    fails = ["backward.output", "backward.gradcheck"]
    old = "dZ2 = A2 - Y"
    new = "dZ2 = Y - A2"

    [mutant.cost_no_mean]
    bug = "The cost is summed over the examples, not averaged."
    fails = ["cost"]
    override = '''
    def compute_cost(A2, Y):
        return -float(np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))
    '''

A mutant is either a one-line edit (``old`` must occur exactly once in the solution, and is
replaced by ``new``) or an ``override``: functions appended after the solution, so that the
later ``def`` wins; each must be one the solution defines (a new ``_helper`` may come along). ``fails`` lists property ids or
categories: each property must fail, each category must hold a failing property. ``says``
(optional) is words that one failing property's message must contain: the likely cause, so a
message that blames the wrong thing is caught like a surviving mutant. ``habit`` (optional)
names a course habit the mutant is (``"seed_inside_function"``): under a course profile that
allows that habit, the mutant is no bug and must get full marks instead. A mutant
whose change no longer applies (the solution was restyled) is reported by name, never
silently graded as the solution itself.
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grader.errors import UsageError

DECLARATIONS = "mutants.toml"
_KEYS = {"bug", "fails", "says", "old", "new", "override", "habit"}
#: The course habits a mutant may be (see grader.courses: a profile may allow them).
HABITS = ("seed_inside_function",)


class MutantError(Exception):
    """A mutant's change does not apply to the source it is meant for."""


@dataclass(frozen=True)
class Mutant:
    """One declared bug: an edit of one line, or functions that replace the solution's."""

    name: str
    bug: str
    fails: tuple[str, ...] = ()
    says: str = ""  # words a failing property's message must contain: the bug's likely cause
    old: str = ""
    new: str = ""
    override: str = ""
    habit: str = ""  # a course habit (HABITS) it is: no bug where a course allows it

    def apply(self, source: str, where: str = "the solution") -> str:
        """`source` with this mutant's change; MutantError when it no longer applies."""
        if self.override:
            # A new helper (a name starting with _) may come along; every other function must
            # replace one of the solution's, or the override no longer mutates what it claims.
            defined = _functions(source)
            missing = [
                f for f in _functions(self.override) if f not in defined and not f.startswith("_")
            ]
            if missing:
                raise MutantError(f"its override replaces {', '.join(missing)}, which {where} "
                                  "does not define")  # fmt: skip
            return source.rstrip("\n") + "\n\n\n" + self.override.strip("\n") + "\n"
        found = source.count(self.old)
        if found != 1:
            how = "not found" if found == 0 else f"found {found} times"
            raise MutantError(f"its edit's old text {self.old!r} is {how} in {where}")
        return source.replace(self.old, self.new, 1)

    def changes(self, source: str) -> list[str]:
        """The top-level functions of `source` (the solution) this mutant changes."""
        if self.override:
            return _functions(self.override)
        start = source.find(self.old)
        if start < 0:
            return []
        line = source.count("\n", 0, start) + 1
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return []
        return [
            n.name
            for n in tree.body
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            and n.lineno <= line <= (n.end_lineno or n.lineno)
        ]


@dataclass(frozen=True)
class Declarations:
    """A declarations file: the solution it mutates and its mutants, in file order."""

    path: Path
    solution: Path
    mutants: tuple[Mutant, ...]

    def get(self, name: str) -> Mutant:
        for mutant in self.mutants:
            if mutant.name == name:
                return mutant
        raise UsageError(f"{self.path} declares no mutant {name!r}")


def _functions(source: str) -> list[str]:
    """Names of the top-level functions `source` defines (a syntax error defines none)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _mutant(name: str, entry: object, path: Path) -> Mutant:
    def bad(why: str) -> UsageError:
        return UsageError(f"{path}: mutant {name!r} {why}")

    if not isinstance(entry, dict):
        raise bad("is not a table")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise bad(f"has unknown keys: {', '.join(unknown)} (allowed: {', '.join(sorted(_KEYS))})")
    if not isinstance(entry.get("bug"), str) or not entry["bug"].strip():
        raise bad("needs bug = '...': one line saying what is wrong")
    fails = entry.get("fails", [])
    if not isinstance(fails, list) or not all(isinstance(f, str) for f in fails) or not fails:
        raise bad("needs fails = [...]: the properties or categories that must catch it")
    says = entry.get("says", "")
    if not isinstance(says, str):
        raise bad("says must be a string: words the failure message must contain")
    habit = entry.get("habit", "")
    if habit and habit not in HABITS:
        raise bad(f"habit must be one of: {', '.join(HABITS)}")
    edit = "old" in entry or "new" in entry
    if edit == ("override" in entry):
        raise bad("needs either old and new (a one-line edit) or override (functions)")
    if edit:
        old, new = entry.get("old"), entry.get("new")
        if not isinstance(old, str) or not isinstance(new, str) or not old:
            raise bad("needs both old and new as strings")
        if "\n" in old or "\n" in new:
            raise bad("edits one line only: use override to change more")
        return Mutant(name, entry["bug"].strip(), tuple(fails), says, old=old, new=new, habit=habit)
    override = entry["override"]
    if not isinstance(override, str) or not _functions(override):
        raise bad("needs override = '''def ...''': the functions that replace the solution's")
    return Mutant(name, entry["bug"].strip(), tuple(fails), says, override=override, habit=habit)


def load(path: Path) -> Declarations:
    """Read a declarations file; a UsageError (one line) for anything malformed."""
    if not path.is_file():
        raise UsageError(f"no mutant declarations at {path}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path} is not valid TOML: {exc}") from None
    solution = path.parent / str(data.get("solution", "solution.py"))
    if not solution.is_file():
        raise UsageError(f"{path}: its solution {solution.name} is missing")
    table = data.get("mutant", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: mutants are tables [mutant.NAME]")
    mutants = tuple(_mutant(name, entry, path) for name, entry in table.items())
    return Declarations(path, solution, mutants)
