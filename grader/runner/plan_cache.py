"""Recorded inputs kept on disk between runs of `grader check`, so a student's second check
skips the recording (~0.3 s of a ~1.2 s check).

Only plans made of plain values (int, float, str, bool, None, lists and tuples of them) are
kept, as JSON (nothing in a file can run code), under a key that changes with anything the
inputs depend on: the grader, Hypothesis and Python versions, the assignment's name and
version, the source of its package, the property, its strategies, the seed and the number of
examples. A file that is missing, unreadable or malformed is ignored, and rewritten.

`grader grade` never reads these files: a submission confined only by process limits (no
Landlock, no bubblewrap) runs as the instructor's user and could rewrite them, to choose the
inputs later students are graded on. A student can rewrite their own, and fool only their
own check.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.files import atomic_write
from grader.version import __version__

if TYPE_CHECKING:
    from grader.properties import Property

_FORMAT = 1


def default_dir() -> str | None:
    """Where `grader check` keeps plans: $GRADER_CACHE_DIR, else the user's cache folder."""
    if os.environ.get("GRADER_CACHE_DIR"):
        return os.environ["GRADER_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "grader", "plans") if os.path.isabs(base) else None


def key(prop: Property, assignment: str, version: str, base_seed: int, budget: int) -> str:
    """A file name that changes whenever the recorded inputs could."""
    import hypothesis  # here, not at the top: the CLI reads `default_dir` before it starts
    # the worker, and Hypothesis takes ~0.4 s to import

    parts = [
        f"format={_FORMAT}",
        f"grader={__version__}",
        f"hypothesis={hypothesis.__version__}",
        f"python={sys.version_info[:2]}",
        f"assignment={assignment}:{version}",
        f"source={_source_digest(prop.func.__module__)}",
        f"property={prop.id}",
        f"given={sorted((k, repr(v)) for k, v in prop.given.items())}",
        f"seed={base_seed}",
        f"budget={budget}",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


@functools.cache
def _source_digest(module_name: str) -> str:
    """Digest of every .py file in the package that defines the property (or of its module,
    when it is not in a package): a strategy edited without a version bump still changes the
    key."""
    module = sys.modules.get(module_name)
    try:
        path = Path(inspect.getfile(module)) if module is not None else None
    except (TypeError, OSError):
        path = None
    if path is None:
        return "unknown"
    root = path.parent if path.name == "__init__.py" or "." in module_name else path
    files = sorted(root.rglob("*.py")) if root.is_dir() else [root]
    digest = hashlib.sha256()
    for file in files:
        with contextlib.suppress(OSError):
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def load(folder: str, name: str) -> list[dict[str, Any]] | None:
    """The examples stored under `name`, or None (absent, unreadable or malformed)."""
    try:
        with open(os.path.join(folder, f"{name}.json"), encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return None
        examples = data["examples"]
        if not isinstance(examples, list):
            return None
        decoded = [_decode(e) for e in examples]
        if not all(isinstance(e, dict) for e in decoded):
            return None
        return decoded
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def save(folder: str, name: str, examples: tuple[dict[str, Any], ...]) -> bool:
    """Store `examples` if they are plain values that JSON brings back exactly; atomic."""
    try:
        encoded = [_encode(e) for e in examples]
        if [_decode(e) for e in encoded] != list(examples):
            return False
        text = json.dumps({"format": _FORMAT, "examples": encoded}, allow_nan=False)
    except (_NotPlain, ValueError, RecursionError):
        return False
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        atomic_write(os.path.join(folder, f"{name}.json"), text)
        return True
    except OSError:  # a read-only home, a full disk: the cache is only an optimisation
        return False


class _NotPlain(Exception):
    pass


def _encode(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        if not math.isfinite(value):
            raise _NotPlain
        return value
    if kind is list:
        return [_encode(v) for v in value]
    if kind is tuple:
        return {"tuple": [_encode(v) for v in value]}
    if kind is dict and all(type(k) is str for k in value):
        return {"dict": {k: _encode(v) for k, v in value.items()}}
    raise _NotPlain


def _decode(node: Any) -> Any:
    if node is None or type(node) in (bool, int, float, str):
        return node
    if type(node) is list:
        return [_decode(v) for v in node]
    if type(node) is dict and len(node) == 1:
        if type(node.get("tuple")) is list:
            return tuple(_decode(v) for v in node["tuple"])
        if type(node.get("dict")) is dict:
            return {str(k): _decode(v) for k, v in node["dict"].items()}
    raise ValueError("not a stored plan")
