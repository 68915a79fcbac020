"""A submission's cells as top-level statements: each with its source, where it runs and
what it binds (the classification is `classify`'s)."""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from grader.load_plan import classify, notices

_BUILTINS = frozenset(dir(builtins))
# Lines as the tokenizer counts them (see `plan`).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass(frozen=True)
class Statement:
    """One top-level statement: where it is, whether it runs in place, what it binds."""

    cell: int  # index into the submission's cells
    line: int  # first and last line in its cell (1-based)
    end_line: int
    source: str  # compiles to code whose line numbers are the cell's own
    eager: bool  # runs in place (a definition or configuration); else only on demand
    binds: tuple[str, ...] = ()  # names it binds or changes; "*" for a star import
    module: str = ""  # for an import: the module it imports

    def to_wire(self) -> dict[str, object]:
        """The statement as plain data for the worker's load request."""
        return {
            "cell": self.cell,
            "source": self.source,
            "eager": self.eager,
            "binds": list(self.binds),
            "module": self.module,
        }


@dataclass(frozen=True)
class LoadPlan:
    """The statements of a submission, in source order, and the cells they come from."""

    cells: tuple[str, ...]  # the cells' filenames (what tracebacks show)
    statements: tuple[Statement, ...] = ()

    def to_wire(self) -> list[dict[str, object]]:
        return [s.to_wire() for s in self.statements]

    def skipped_notice(self, not_run: Iterable[int]) -> str:
        """ "top-level code not needed for grading was skipped (cells 12-30)", or "" when
        everything ran (see `notices.skipped_notice`)."""
        return notices.skipped_notice(self, not_run)

    def import_notices(self, missing: Sequence[tuple[int, str]]) -> list[str]:
        """One notice per module that could not be imported because the grader lacks it."""
        return notices.import_notices(self, missing)

    def unavailable(
        self,
        missing: Sequence[tuple[int, str]],
        timed_out: Iterable[int],
        budget: float,
        failed: Iterable[int] = (),
    ) -> dict[str, str]:
        """Name -> why the submission's code may find it undefined (see
        `notices.unavailable`)."""
        return notices.unavailable(self, missing, timed_out, budget, failed)


def plan(cells: Sequence[tuple[str, str]]) -> LoadPlan:
    """Split `cells` (filename, python source) into top-level statements, classified."""
    known: set[str] = set(_BUILTINS) | {"__name__", "__file__", "__doc__"}
    modules: set[str] = set()  # names bound by imports: calls on them change no variable
    statements: list[Statement] = []
    trees: list[ast.Module | None] = []
    for _, source in cells:
        try:
            trees.append(ast.parse(source))
        except (SyntaxError, ValueError):
            trees.append(None)
    setters = _global_setters(t for t in trees if t is not None)
    for index, (_, source) in enumerate(cells):
        tree = trees[index]
        if tree is None:
            # The worker compiles it whole and reports the syntax error, as Python would.
            defined = tuple(re.findall(r"^def\s+(\w+)\s*\(", source, flags=re.MULTILINE))
            end = source.count("\n") + 1
            statements.append(Statement(index, 1, end, source, True, defined))
            continue
        # Lines as the tokenizer counts them (str.splitlines also splits at form feeds and
        # U+2028, which may sit inside a string literal).
        lines = _LINE.findall(source)
        for node in tree.body:
            for part in _split_imports(node):
                statement = _statement(index, part, lines, known, modules, setters)
                statements.append(statement)
                if isinstance(part, ast.Import | ast.ImportFrom):
                    # An imported name is not "known": a constant reading it (`cmap =
                    # plt.cm.Spectral`) would import its module in place.
                    modules.update(b for b in statement.binds if b != "*")
                    known.difference_update(statement.binds)
                elif statement.eager:
                    known.update(statement.binds)
    return LoadPlan(tuple(name for name, _ in cells), tuple(statements))


def _split_imports(node: ast.stmt) -> list[ast.stmt]:
    """``import h5py, numpy as np`` as two statements, so a missing h5py does not lose np."""
    if isinstance(node, ast.Import) and len(node.names) > 1:
        return [ast.copy_location(ast.Import(names=[alias]), node) for alias in node.names]
    return [node]


def _global_setters(trees: Iterable[ast.Module]) -> dict[str, set[str]]:
    """Top-level function name -> the module-level names it declares ``global`` (so a driver
    call ``setup()`` binds what `setup` assigns)."""
    setters: dict[str, set[str]] = {}
    for tree in trees:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = {n for g in ast.walk(node) if isinstance(g, ast.Global) for n in g.names}
                if names:
                    setters.setdefault(node.name, set()).update(names)
    return setters


def _statement(
    cell: int,
    node: ast.stmt,
    lines: list[str],
    known: set[str],
    modules: set[str],
    setters: dict[str, set[str]],
) -> Statement:
    line, end = node.lineno, node.end_lineno or node.lineno
    decorators = getattr(node, "decorator_list", None)
    if decorators:  # `def` and `class` start at their line; their decorators come before
        line = min(line, *(d.lineno for d in decorators))
    if isinstance(node, ast.Import):  # one name (see _split_imports), on its first line
        alias = node.names[0]
        text = f"import {alias.name}" + (f" as {alias.asname}" if alias.asname else "")
    else:
        text = _segment(node, lines, line)
    source = "\n" * (line - 1) + text + "\n"
    module = ""
    if isinstance(node, ast.Import):
        module = node.names[0].name
    elif isinstance(node, ast.ImportFrom):
        module = "." * node.level + (node.module or "")
    return Statement(
        cell,
        line,
        end,
        source,
        classify.eager(node, known, modules),
        tuple(dict.fromkeys(classify.binds(node, modules, setters))),
        module,
    )


def _segment(node: ast.stmt, lines: list[str], line: int) -> str:
    """The statement's own text, from `line` (from its first column: a statement after ``;``
    starts mid-line; a decorated one at its first ``@``, column 0)."""
    first, last = line - 1, (node.end_lineno or node.lineno) - 1
    chunk = lines[first : last + 1]
    if not chunk:
        return ""
    start_col = node.col_offset if line == node.lineno else 0
    end_col = node.end_col_offset if node.end_col_offset is not None else len(chunk[-1])
    if first == last:
        return _decode_cols(chunk[0], start_col, end_col)
    head = _decode_cols(chunk[0], start_col, None)
    tail = _decode_cols(chunk[-1], 0, end_col)
    return head + "".join(chunk[1:-1]) + tail


def _decode_cols(line: str, start: int, end: int | None) -> str:
    """ast's column offsets count UTF-8 bytes, not characters."""
    data = line.encode("utf-8")
    return data[start:end].decode("utf-8", "replace")
