"""How a top-level statement is classified: whether it runs in place (a definition or
configuration) or only on demand (driver code), and which module-level names it binds or
changes (see `grader.load_plan`)."""

from __future__ import annotations

import ast

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


def eager(node: ast.stmt, known: set[str], modules: set[str]) -> bool:
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
            if not eager(s, scratch, modules):
                return False
            scratch.update(binds(s, modules))
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
def binds(
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
        self.found.extend(binds(node, self.modules, self.setters))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.found.extend(binds(node, self.modules, self.setters))

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
