"""Notices for the instructor: things worth a look in a submission. Not verdicts, no points.

Static notices come from reading the source (never running it): imports of the grader's own
packages, paths into them, patches of numpy or of Python's builtins, and system calls a
solution of this lesson does not need. Runtime notices come from what the sandbox refused while
the submission ran (an import of the grader's packages, a read of their files).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from grader.loading import Submission

PACKAGES = ("grader", "reference", "assignments")
#: Where nothing could confine a worker's reads (no bubblewrap, Landlock or namespaces).
UNCONFINED = (
    "this machine could not confine what the submission may read (no bubblewrap, Landlock "
    "or namespaces here): it could read any file the grader's user can"
)
_SYSTEM_CALLS = {"kill", "killpg", "fork", "forkpty", "setsid", "_exit", "system", "ptrace"}
_SYSTEM_MODULES = {"subprocess", "ctypes", "socket", "multiprocessing", "signal", "pty", "cffi"}
_NAMES = "|".join(PACKAGES)
_PATH = re.compile(rf"(?:^|/)({_NAMES})/(?:[\w.-]+/)*[\w.-]*\.py\b|/({_NAMES})/?$")

# Fallbacks for cells that do not parse (a notebook with a syntax error in one cell).
_PATTERNS = (
    (
        re.compile(rf"^\s*(?:from|import)\s+({_NAMES})\b", re.MULTILINE),
        "imports the grader's package {0!r}",
    ),
    (re.compile(r"\b((?:np|numpy)(?:\.\w+)+)\s*=(?!=)"), "assigns to {0} (patches numpy)"),
    (
        re.compile(r"\b((?:builtins|__builtins__)(?:\.\w+|\[['\"]\w+['\"]\]))\s*=(?!=)"),
        "assigns to {0} (patches Python itself)",
    ),
    (
        re.compile(r"\bos\.(kill|killpg|fork|setsid|_exit|system)\b|\b(subprocess|ctypes)\b"),
        "uses {0}, which a solution of this lesson does not need",
    ),
)


class _Reader(ast.NodeVisitor):
    """Walks one cell, collecting notices in the order they appear."""

    def __init__(self, found: list[str]) -> None:
        self.found = found
        # Names bound to numpy or to something from it -> what they name ("" when unknown:
        # `from numpy import random` may bind a module or, in another version, a function).
        self.numpy = {"np": "numpy", "numpy": "numpy"}
        self.builtins = {"builtins", "__builtins__"}

    def note(self, text: str) -> None:
        if text not in self.found:
            self.found.append(text)

    # -- imports ------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            root = alias.name.partition(".")[0]
            bound = alias.asname or root
            if root in PACKAGES:
                self.note(f"imports the grader's package {root!r}")
            elif root == "numpy":
                self.numpy[bound] = alias.name if alias.asname else "numpy"
            elif root == "builtins":
                self.builtins.add(bound)
            elif root in _SYSTEM_MODULES:
                self.note(f"uses {root}, which a solution of this lesson does not need")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        root = (node.module or "").partition(".")[0]
        if root in PACKAGES:
            self.note(f"imports the grader's package {root!r}")
        elif root == "numpy":
            # `from numpy import random` binds a module, `from numpy import zeros` a function:
            # assigning to an attribute of either patches numpy.
            for alias in node.names:
                self.numpy[alias.asname or alias.name] = ""
        elif root in _SYSTEM_MODULES:
            self.note(f"uses {root}, which a solution of this lesson does not need")

    # -- patches ------------------------------------------------------------------------------
    def _target(self, target: ast.expr) -> None:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._target(element)
            return
        dotted = _dotted(target)
        if dotted is None or ("." not in dotted and "[" not in dotted):
            return  # rebinding a plain name patches nothing
        root = dotted.partition(".")[0].partition("[")[0]
        if root in self.numpy:
            self.note(f"assigns to {self._as_numpy(dotted, root)} (patches numpy)")
        elif root in self.builtins:
            self.note(f"assigns to {dotted} (patches Python itself)")
        elif dotted.startswith("sys.modules["):
            self.note("replaces a module in sys.modules")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._target(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._target(target)

    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func) or ""
        first = node.args[0] if node.args else None
        if name in ("setattr", "delattr") and first is not None:
            owner = _dotted(first) or ""
            root = owner.partition(".")[0]
            if root in self.numpy:
                self.note(f"calls {name} on {self._as_numpy(owner, root)} (patches numpy)")
            elif root in self.builtins:
                self.note(f"calls {name} on {owner} (patches Python itself)")
        importer = name.rpartition(".")[2] in ("__import__", "import_module")
        if importer and isinstance(first, ast.Constant) and isinstance(first.value, str):
            root = first.value.partition(".")[0]
            if root in PACKAGES:
                self.note(f"imports the grader's package {root!r}")
        module, _, attr = name.rpartition(".")
        if module == "os" and attr in _SYSTEM_CALLS | {"execv", "execve", "execvp"}:
            self.note(f"uses os.{attr}, which a solution of this lesson does not need")
        self.generic_visit(node)

    def _as_numpy(self, dotted: str, root: str) -> str:
        """`xp.random.seed` as `numpy.random.seed` when `xp` is known to name numpy."""
        real = self.numpy.get(root, "")
        return real + dotted[len(root) :] if real else f"{dotted} (from numpy)"

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            match = _PATH.search(node.value)
            if match:
                package = match.group(1) or match.group(2)
                self.note(f"names a file of the grader's package {package!r} ({node.value[:80]!r})")


def _dotted(node: ast.expr) -> str | None:
    """`np.random.seed` for an attribute chain, `__builtins__['len']` for a subscript."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Subscript):
        base = _dotted(node.value)
        key = node.slice
        if base and isinstance(key, ast.Constant):
            return f"{base}[{key.value!r}]"
    return None


def static_notices(submission: Submission) -> list[str]:
    """What reading the source (without running it) shows an instructor should look at."""
    found: list[str] = []
    reader = _Reader(found)
    for _, source in submission.cells:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            _by_pattern(source, found)
            continue
        reader.visit(tree)
    return found


def _by_pattern(source: str, found: list[str]) -> None:
    for pattern, text in _PATTERNS:
        for match in pattern.finditer(source):
            notice = text.format(next((g for g in match.groups() if g), match.group(0)))
            if notice not in found:
                found.append(notice)


def runtime_notices(blocked_imports: Iterable[str], blocked_reads: Iterable[str] = ()) -> list[str]:
    """Notices from what the submission tried while it ran, and the sandbox refused."""
    notices = [f"tried to import {name!r}; blocked" for name in sorted(set(blocked_imports))]
    notices += [
        f"tried to read {path}, one of the grader's own files (hidden from submissions)"
        for path in sorted(set(blocked_reads))
    ]
    return notices
