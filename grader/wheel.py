"""Building a wheel of this source tree without build tools, for `grader export gradescope`.

A pure-Python wheel is a zip of the packages plus a ``.dist-info`` folder; this module writes
one from what pyproject.toml declares (name, version, dependencies, scripts, the packages
``[tool.setuptools.packages.find]`` includes and the ``package-data`` patterns), so an export
works on a machine with neither network nor the ``wheel`` package, and always holds exactly the
files of the tree it was built from (no stale ``build/`` folder).
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import tomllib
import zipfile
from pathlib import Path
from typing import Any

from grader.errors import UsageError


def source_root() -> Path | None:
    """The source tree this grader runs from (an editable install), or None."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "grader").is_dir() else None


def _project(root: Path) -> dict[str, Any]:
    try:
        return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read {root / 'pyproject.toml'}: {exc}") from None


def _packages(root: Path, include: list[str]) -> list[str]:
    """Dotted names of the packages (folders with __init__.py) that `include` selects."""
    found = []
    for init in sorted(root.rglob("__init__.py")):
        folder = init.parent
        parts = folder.relative_to(root).parts
        if not parts or any(p.startswith(".") or p == "build" for p in parts):
            continue
        # A package counts only when every folder above it is a package too.
        if not all(
            (root.joinpath(*parts[:i]) / "__init__.py").is_file() for i in range(1, len(parts))
        ):
            continue
        name = ".".join(parts)
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in include):
            found.append(name)
    return found


def _files(root: Path, packages: list[str], data: dict[str, list[str]]) -> list[Path]:
    files: set[Path] = set()
    for package in packages:
        folder = root.joinpath(*package.split("."))
        patterns = ["*.py", *data.get("*", []), *data.get(package, [])]
        # As setuptools reads package-data: each pattern is a glob relative to the package's
        # folder, so "support/*.py" takes the files of a data folder inside it.
        for pattern in patterns:
            files.update(path for path in folder.glob(pattern) if path.is_file())
    return sorted(files)


def _metadata(project: dict[str, Any]) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
    ]
    if project.get("description"):
        lines.append(f"Summary: {project['description']}")
    if project.get("requires-python"):
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {dep}" for dep in project.get("dependencies", [])]
    return "\n".join(lines) + "\n"


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def build(root: Path, out_dir: Path) -> Path:
    """Write ``<name>-<version>-py3-none-any.whl`` of the tree at `root` into `out_dir`."""
    config = _project(root)
    project = config.get("project", {})
    if "name" not in project or "version" not in project:
        raise UsageError(f"{root / 'pyproject.toml'} has no [project] name and version")
    setuptools = config.get("tool", {}).get("setuptools", {})
    include = setuptools.get("packages", {}).get("find", {}).get("include", ["*"])
    packages = _packages(root, include)
    if not packages:
        raise UsageError(f"no packages found in {root}")
    files = _files(root, packages, setuptools.get("package-data", {}))
    dist = project["name"].replace("-", "_")
    info = f"{dist}-{project['version']}.dist-info"
    meta: dict[str, bytes] = {
        f"{info}/METADATA": _metadata(project).encode(),
        f"{info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: grader.wheel\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n"
        ),
        f"{info}/top_level.txt": "".join(f"{p}\n" for p in packages if "." not in p).encode(),
    }
    scripts = project.get("scripts", {})
    if scripts:
        body = "".join(f"{name} = {target}\n" for name, target in scripts.items())
        meta[f"{info}/entry_points.txt"] = f"[console_scripts]\n{body}".encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{dist}-{project['version']}-py3-none-any.whl"
    records = []
    with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            arcname = path.relative_to(root).as_posix()
            data = path.read_bytes()
            archive.writestr(arcname, data)
            records.append(f"{arcname},{_record_hash(data)},{len(data)}")
        for arcname, data in meta.items():
            archive.writestr(arcname, data)
            records.append(f"{arcname},{_record_hash(data)},{len(data)}")
        records.append(f"{info}/RECORD,,")
        archive.writestr(f"{info}/RECORD", "\n".join(records) + "\n")
    return wheel
