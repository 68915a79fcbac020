"""Loading as a plan: which top-level statements of a submission run, and when.

A notebook holds two kinds of top-level code. Definitions (imports, ``def``, ``class``,
constants such as ``layers_dims = [12288, 20, 7, 5, 1]``) are what grading needs; they run
in place, in source order, each statement on its own, so that a statement that fails (an
``import h5py`` the grader lacks) costs that statement and not the rest of its cell. Driver
code (training runs, sweeps, plots, prints, calls to the course's test helpers, loops,
``if __name__ == "__main__":``) runs only on demand: when a graded function, or a
definition, reads a name that only driver code binds (``rng = np.random.default_rng(1)``,
``X, Y = load_planar_dataset()``), the worker runs the statements that bind it, in source
order, together with what they need in turn, each under its own time budget.

This module is the static half, run in the grader: it splits the cells into statements and
says, for each, whether it runs in place and which names it binds. The worker
(`grader.runner._worker`) does the dynamic half: it reads the global names each function's
code object uses and runs the driver statements that bind them.

Imports run on demand too: ``import matplotlib.pyplot as plt`` costs half a second, and
grading rarely needs it. A star import and ``from __future__`` run in place (what they bind
cannot be known before). An import that never ran is still checked: the worker asks the
import system whether its module exists, without importing it, so a missing ``h5py`` is
reported either way.

Configuration runs in place: an expression statement calling a function known to set process
state that a graded function can depend on (a random seed, warning filters, numpy's error and
print options, the recursion limit, ``sys.path``) with literal arguments. It takes
microseconds and can change what a function computes (``np.seterr(all="raise")``) or can
import; Jupyter runs it before the functions are called, so the grader does too. Any other
call is driver code. Names that a program reaches only through ``globals()`` or ``eval``
are not seen.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Functions that set process state a graded function can depend on; called with literal
# arguments they run in place.
_CONFIG_FUNCTIONS = frozenset(
    {
        "seed",
        "manual_seed",
        "set_seed",
        "filterwarnings",
        "simplefilter",
        "resetwarnings",
        "set_printoptions",
        "seterr",
        "setrecursionlimit",
    }
)
_CONFIG_CALLS = frozenset({"sys.path.append", "sys.path.insert", "sys.path.extend"})
# Module names of the course's test helpers: calls to them are checks of the student's own
# work in the notebook, never needed for grading.
_TEST_HELPER = re.compile(r"^(testCases\w*|test_cases\w*|public_tests\w*|test_utils\w*)$")
_BUILTINS = frozenset(dir(builtins))


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
        everything ran. Statements that do nothing (``pass`` left by a magic) don't count."""
        skipped = {i for i in not_run if 0 <= i < len(self.statements)}
        # An import nothing needed is not driver code; a missing one has its own notice.
        skipped = {
            i
            for i in skipped
            if not _is_nothing(self.statements[i].source) and not self.statements[i].module
        }
        if not skipped:
            return ""
        numbers = [_cell_number(self.cells[self.statements[i].cell]) for i in skipped]
        if all(n is not None for n in numbers):
            ranges = _ranges(sorted({n for n in numbers if n is not None}))
            single = len(ranges) == 1 and "-" not in ranges[0]
            where = ("cell " if single else "cells ") + ", ".join(ranges)
        else:
            where = self._line_ranges(skipped)
        return f"top-level code not needed for grading was skipped ({where})"

    def _line_ranges(self, skipped: set[int]) -> str:
        """Lines of the skipped statements, one range per run of skipped statements."""
        spans: list[list[int]] = []
        in_run = False  # inside a run of skipped statements (a `pass` does not end one)
        for i, s in enumerate(self.statements):
            if i in skipped:
                if in_run:
                    spans[-1][1] = s.end_line
                else:
                    spans.append([s.line, s.end_line])
                in_run = True
            elif not _is_nothing(s.source) and not s.module:
                in_run = False
        text = [f"{a}-{b}" if b > a else f"{a}" for a, b in spans]
        label = "line" if len(spans) == 1 and spans[0][0] == spans[0][1] else "lines"
        return f"{label} {', '.join(text)}"

    def import_notices(self, missing: Sequence[tuple[int, str]]) -> list[str]:
        """One notice per module that could not be imported because the grader lacks it."""
        notes: list[str] = []
        for index, absent in missing:
            module = self.statements[index].module
            if _TEST_HELPER.match(module.partition(".")[0]):
                text = (
                    f"`{module}` (the course's test helpers) is not available where the grader "
                    "runs; the calls to it were skipped"
                )
            elif absent and absent != module and not module.startswith(absent + "."):
                text = (
                    f"`{module}` could not be imported: it needs `{absent}`, which is not "
                    "installed where the grader runs; code that needs it was skipped"
                )
            else:
                shown = absent or module  # `import sklearn.linear_model`: sklearn is missing
                text = (
                    f"`{shown}` is not installed where the grader runs (nor beside the "
                    "submission, nor given with --support); code that needs it was skipped"
                )
            if text not in notes:
                notes.append(text)
        return notes

    def unavailable(
        self,
        missing: Sequence[tuple[int, str]],
        timed_out: Iterable[int],
        budget: float,
        failed: Iterable[int] = (),
    ) -> dict[str, str]:
        """Name -> why the submission's code may find it undefined, in words a student acts
        on. The key "*" explains any name (a star import that failed)."""
        reasons: dict[str, str] = {}
        for index, _absent in missing:
            s = self.statements[index]
            for name in s.binds:
                if name == "*":
                    reasons.setdefault(
                        "*",
                        f"it may come from `{s.module}` (imported with *), which this grader "
                        "does not have; ask your instructor to add it with --support",
                    )
                elif not s.module.startswith(".") and name == s.module.partition(".")[0]:
                    reasons[name] = (
                        f"`{name}` is a module this grader does not have; ask your instructor "
                        "to add it with --support"
                    )
                else:
                    reasons[name] = (
                        f"`{name}` comes from `{s.module}`, which this grader does not have; "
                        "ask your instructor to add it with --support"
                    )
        for index in timed_out:
            if not 0 <= index < len(self.statements):
                continue
            s = self.statements[index]
            where = self.describe(index)
            for name in s.binds:
                if name != "*":
                    reasons.setdefault(
                        name,
                        f"`{name}` is set by top-level code ({where}) that did not finish "
                        f"within its {budget:g} s budget when the grader loaded your code; "
                        "compute it inside the function that needs it, or make that code faster",
                    )
        for index in failed:
            if not 0 <= index < len(self.statements):
                continue
            where = self.describe(index)
            for name in self.statements[index].binds:
                if name != "*":
                    reasons.setdefault(
                        name,
                        f"`{name}` is set by top-level code ({where}) that raised an error when "
                        "the grader ran it (see the load warnings)",
                    )
        return reasons

    def describe(self, index: int) -> str:
        """ "cell 3, line 2" (a notebook) or "line 12" (a .py file)."""
        s = self.statements[index]
        number = _cell_number(self.cells[s.cell])
        return f"cell {number}, line {s.line}" if number is not None else f"line {s.line}"


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
        _eager(node, known, modules),
        tuple(dict.fromkeys(_binds(node, modules, setters))),
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


# -- classification ----------------------------------------------------------------------------
def _eager(node: ast.stmt, known: set[str], modules: set[str]) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == "__future__" or any(a.name == "*" for a in node.names)
    if isinstance(node, ast.Pass | ast.Global | ast.Nonlocal):
        return True
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return True  # what they need at definition time (defaults, bases) comes on demand
    if isinstance(node, ast.Expr):
        if isinstance(node.value, ast.Constant):
            return True  # a docstring
        return _is_config_call(node.value, known)
    if isinstance(node, ast.Assign | ast.AnnAssign):
        value = node.value
        if value is None:
            return True  # `x: int`
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return _static(value, known) and all(_plain_target(t) for t in targets)
    if isinstance(node, ast.Try):
        inner = [*node.body, *node.orelse, *node.finalbody]
        inner += [s for handler in node.handlers for s in handler.body]
        scratch = set(known)
        for s in inner:
            if not _eager(s, scratch, modules):
                return False
            scratch.update(_binds(s, modules))
        return True
    return False


def _plain_target(target: ast.expr) -> bool:
    if isinstance(target, ast.Name):
        return True
    if isinstance(target, ast.Tuple | ast.List):
        return all(_plain_target(e) for e in target.elts)
    if isinstance(target, ast.Starred):
        return _plain_target(target.value)
    return False


def _static(node: ast.expr, known: set[str]) -> bool:
    """An expression that computes nothing worth skipping: literals, and names that
    definitions already bound (never a call)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id in known
    if isinstance(node, ast.Attribute):
        return _static(node.value, known)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return all(_static(e, known) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is None or _static(k, known) for k in node.keys) and all(
            _static(v, known) for v in node.values
        )
    if isinstance(node, ast.Starred):
        return _static(node.value, known)
    if isinstance(node, ast.UnaryOp):
        return _static(node.operand, known)
    if isinstance(node, ast.BinOp):
        return _static(node.left, known) and _static(node.right, known)
    if isinstance(node, ast.BoolOp):
        return all(_static(v, known) for v in node.values)
    if isinstance(node, ast.Compare):
        return _static(node.left, known) and all(_static(c, known) for c in node.comparators)
    if isinstance(node, ast.Subscript):
        return _static(node.value, known) and _static(node.slice, known)
    if isinstance(node, ast.Slice):
        parts = (node.lower, node.upper, node.step)
        return all(p is None or _static(p, known) for p in parts)
    if isinstance(node, ast.Lambda):  # making a function runs nothing but its defaults
        args = node.args
        return all(_static(d, known) for d in [*args.defaults, *args.kw_defaults] if d)
    return False


def _is_config_call(node: ast.expr, known: set[str]) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = _dotted(node.func)
    if name is None:
        return False
    if name not in _CONFIG_CALLS and name.rpartition(".")[2] not in _CONFIG_FUNCTIONS:
        return False
    return all(_static(a, known) for a in node.args) and all(
        _static(k.value, known) for k in node.keywords
    )


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Starred):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


# -- what a statement binds -----------------------------------------------------------------
def _binds(
    node: ast.stmt, modules: set[str], setters: dict[str, set[str]] | None = None
) -> list[str]:
    """Names `node` binds at module level, and names of variables it changes in place
    (``layers_dims.append(1)``, ``params["W1"] = ...``, ``np.random.randn = ...``): running it
    on demand must happen before a function reads them. Method calls on modules
    (``plt.plot(...)``) change no variable."""
    if isinstance(node, ast.Import):
        return [a.asname or a.name.partition(".")[0] for a in node.names]
    if isinstance(node, ast.ImportFrom):
        return [a.asname or a.name for a in node.names]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    found: list[str] = []
    _BindingVisitor(found, modules, setters or {}).visit(node)
    return found


class _BindingVisitor(ast.NodeVisitor):
    def __init__(self, found: list[str], modules: set[str], setters: dict[str, set[str]]) -> None:
        self.found = found
        self.modules = modules
        self.setters = setters

    def add(self, name: str | None) -> None:
        if name and name not in self.modules:
            self.found.append(name)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store | ast.Del):
            self.found.append(node.id)

    def _changed(self, node: ast.Attribute | ast.Subscript) -> None:
        if isinstance(node.ctx, ast.Store | ast.Del):
            # A module's too: `np.random.randn = ...` must run before a function using np.
            root = _root(node)
            if root:
                self.found.append(root)
        self.generic_visit(node)

    visit_Attribute = _changed
    visit_Subscript = _changed

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Attribute):  # x.append(...), d.update(...)
            self.add(_root(node.func))
        elif isinstance(node.func, ast.Name):  # setup(), which declares `global rng`
            self.found.extend(sorted(self.setters.get(node.func.id, ())))
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.extend(_binds(node, self.modules, self.setters))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.found.extend(_binds(node, self.modules, self.setters))

    def _scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.found.append(node.name)  # its body is another scope

    visit_FunctionDef = _scope
    visit_AsyncFunctionDef = _scope
    visit_ClassDef = _scope

    def visit_Lambda(self, node: ast.Lambda) -> None:
        pass

    def _comprehension(self, node: ast.AST) -> None:
        for sub in ast.walk(node):  # only a walrus inside binds at module level
            if isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
                self.found.append(sub.target.id)

    visit_ListComp = _comprehension
    visit_SetComp = _comprehension
    visit_DictComp = _comprehension
    visit_GeneratorExp = _comprehension


# -- helpers -----------------------------------------------------------------------------------
_CELL = re.compile(r"\[cell (\d+)\]$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _cell_number(filename: str) -> int | None:
    match = _CELL.search(filename)
    return int(match.group(1)) if match else None


def _ranges(numbers: list[int]) -> list[str]:
    out: list[str] = []
    start = prev = None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:  # type: ignore[operator]
            prev = n
        else:
            out.append(f"{start}-{prev}" if prev != start else f"{start}")
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else f"{start}")
    return out


def _is_nothing(source: str) -> bool:
    return source.strip() in ("", "pass")
