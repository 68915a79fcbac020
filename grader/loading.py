"""Loading a submission: parse only, never execute.

A `.py` file is one cell. A notebook contributes its code cells in order; markdown and outputs
are ignored (a notebook with megabytes of images loads as fast as an empty one). IPython syntax
is rewritten into plain Python that does nothing: line magics and ``!shell`` lines become
``pass``, cell magics that hold Python (``%%time``) keep their body, other cell magics
(``%%bash``, ``%%writefile`` ...) drop the cell. No shell command ever runs during grading.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.errors import SubmissionError, UsageError

SUFFIXES = (".py", ".ipynb")
MAX_BYTES = 200 * 1024 * 1024

# Cell magics whose body is Python and can run as such; any other cell magic drops the cell.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug", "python", "python3"}
_MAGIC_LINE = re.compile(r"^(\s*)(%(?!=)|!(?!=))")
_ASSIGN_MAGIC = re.compile(r"^(\s*)([\w.,\s\[\]]+?)\s*=\s*(%|!)")
_HELP_LINE = re.compile(r"^(\s*)(\?\??\s*[\w.]+|[\w.]+\s*\?\??)\s*$")
_TIME_MAGIC = re.compile(r"^(\s*)%(time|timeit|prun)\s+(?:-\S+\s+)*(.*)$")


@dataclass(frozen=True)
class Submission:
    """A parsed submission: the code cells to execute, and what could be read statically."""

    path: Path
    kind: str  # "py" or "ipynb"
    cells: tuple[tuple[str, str], ...] = ()  # (filename shown in tracebacks, python source)
    metadata: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # harmless rewrites, e.g. "cell 2: shell command skipped"
    error: str = ""  # set when the file cannot be read as a submission at all

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def source(self) -> str:
        return "\n\n".join(src for _, src in self.cells)

    def defined_functions(self) -> set[str]:
        """Names of top-level functions, found statically (even in cells that do not parse)."""
        names: set[str] = set()
        for _, src in self.cells:
            try:
                tree = ast.parse(src)
            except (SyntaxError, ValueError):
                names.update(re.findall(r"^def\s+(\w+)\s*\(", src, flags=re.MULTILINE))
                continue
            for node in tree.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(node.name)
                elif isinstance(node, ast.Assign | ast.AnnAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    names.update(t.id for t in targets if isinstance(t, ast.Name))
        return names

    def function_line(self, name: str) -> tuple[str, int] | None:
        """(cell filename, line) where `name` is defined, for annotations pointing at it."""
        pattern = re.compile(rf"^[ \t]*def\s+{re.escape(name)}\s*\(", flags=re.MULTILINE)
        for filename, src in self.cells:
            match = pattern.search(src)
            if match:
                return filename, src.count("\n", 0, match.start()) + 1
        return None


def load(path: str | Path) -> Submission:
    """Parse `path` (.py or .ipynb). Raises UsageError for a missing or unsupported file.

    A file that exists but is not a valid submission (corrupt JSON, not a notebook) comes back
    as a Submission whose `error` says why, so it can still get a load-error report.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"no such file: {path}")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; `grader check` takes one .py or .ipynb file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{path.name}: expected a .py module or an .ipynb notebook")
    if path.stat().st_size > MAX_BYTES:
        return Submission(path, suffix[1:], error=f"{path.name} is larger than 200 MB")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        if suffix == ".py":
            return _load_py(path, raw)
        return _load_notebook(path, raw)
    except SubmissionError as exc:
        return Submission(path, suffix[1:], error=str(exc))


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError(f"{name} is not UTF-8 text") from None


def _decode_python(raw: bytes, name: str) -> str:
    """A .py file's text as Python reads it: UTF-8 unless a PEP 263 coding line (or a BOM)
    says otherwise. (A notebook is JSON, always UTF-8.)"""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError as exc:
        if "unknown encoding" in str(exc):
            raise SubmissionError(f"{name}: its coding line names an {exc}") from None
        return _decode(raw, name)  # no coding line, and not UTF-8 either: say so
    if encoding in ("utf-8", "utf-8-sig"):
        return _decode(raw, name)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise SubmissionError(
            f"{name} is not valid {encoding} text, as its coding line says"
        ) from None


def _load_py(path: Path, raw: bytes) -> Submission:
    text = _decode_python(raw, path.name)
    if "\x00" in text:
        raise SubmissionError(f"{path.name} contains NUL bytes; is it really a Python file?")
    return Submission(path, "py", cells=((path.name, text),))


def _load_notebook(path: Path, raw: bytes) -> Submission:
    try:
        nb = json.loads(_decode(raw, path.name))
    except (ValueError, RecursionError) as exc:
        raise SubmissionError(f"{path.name} is not a valid notebook (bad JSON: {exc})") from None
    if not isinstance(nb, dict) or not ("cells" in nb or "worksheets" in nb):
        raise SubmissionError(f"{path.name} is JSON but not a Jupyter notebook (no cells)")
    major = nb.get("nbformat")
    if major != 4:
        nb = _upgrade(nb, major, path.name)
    cells_in = nb.get("cells")
    if not isinstance(cells_in, list):
        raise SubmissionError(f"{path.name}: the notebook's cells are not a list")
    cells: list[tuple[str, str]] = []
    notes: list[str] = []
    number = 0
    for cell in cells_in:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(s) for s in source)
        if not isinstance(source, str):
            continue
        label = f"{path.name} [cell {number}]"
        python, cell_notes = to_python(source)
        notes.extend(f"cell {number}: {note}" for note in cell_notes)
        if python.strip():
            cells.append((label, python))
    metadata = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    return Submission(path, "ipynb", tuple(cells), metadata, tuple(notes))


def _upgrade(nb: dict[str, Any], major: Any, name: str) -> dict[str, Any]:
    """Convert an older notebook (v3) to v4 with nbformat; refuse what cannot be converted."""
    if not isinstance(major, int) or major < 3 or major > 4:
        raise SubmissionError(
            f"{name} is a notebook of format version {major!r}; "
            "only versions 3 and 4 can be read (re-save it with a current Jupyter)"
        )
    import nbformat  # only old notebooks pay for importing it

    try:
        upgraded = nbformat.convert(nbformat.from_dict(nb), 4)
    except Exception as exc:
        raise SubmissionError(
            f"{name}: cannot convert notebook format {major} to 4: {exc}"
        ) from None
    return json.loads(json.dumps(upgraded))


def to_python(source: str) -> tuple[str, list[str]]:
    """IPython cell source rewritten as plain Python that runs no shell and no magic.

    Line numbers are preserved so that tracebacks point at the student's own lines.
    """
    lines = source.split("\n")
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in _PYTHON_CELL_MAGICS:
            return "", [f"%%{magic} cell skipped"]
        lines[0] = ""
    notes: list[str] = []
    out: list[str] = []
    for line in lines:
        time_magic = _TIME_MAGIC.match(line)
        if time_magic:
            out.append(time_magic.group(1) + time_magic.group(3))
            continue
        assign = _ASSIGN_MAGIC.match(line)
        if assign and not line.lstrip().startswith("#"):
            # x = !ls  /  x = %env  ->  x = [] (the value a command with no output would give)
            notes.append("shell or magic assignment replaced by an empty list")
            out.append(f"{assign.group(1)}{assign.group(2)} = []")
            continue
        magic = _MAGIC_LINE.match(line)
        if magic:
            kind = "shell command" if magic.group(2) == "!" else "magic"
            notes.append(f"{kind} skipped: {line.strip()[:60]}")
            out.append(f"{magic.group(1)}pass")
            continue
        if _HELP_LINE.match(line) and not line.strip().startswith("#"):
            out.append(_HELP_LINE.match(line).group(1) + "pass")  # type: ignore[union-attr]
            continue
        out.append(line)
    return "\n".join(out), notes
