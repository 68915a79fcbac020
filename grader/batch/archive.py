"""Extracting a .zip of submissions safely.

Only .py and .ipynb members are extracted, into a fresh folder. A member whose name is absolute,
climbs out with ``..``, is a symlink or is larger than the cap is skipped and listed; the
total size is capped too, counting the bytes actually written (a zip's declared sizes can lie).
File times come from the archive, so "the newest file of a student" means what the LMS says.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grader.errors import UsageError

MAX_MEMBER_BYTES = 200 * 1024 * 1024  # the loader refuses larger files anyway
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_MEMBERS = 100_000
_JUNK = ("__MACOSX", "__pycache__", ".ipynb_checkpoints")
SUFFIXES = (".py", ".ipynb")
_MOODLE_FOLDER = re.compile(r"_\d+_assignsubmission_")


@dataclass
class Extracted:
    root: Path  # where the submissions are (a single wrapping folder is stepped into)
    skipped: list[str] = field(default_factory=list)  # "name: why" for refused members
    others: list[str] = field(default_factory=list)  # members that are not submissions


def _safe_name(name: str) -> PurePosixPath | None:
    """The member's relative path, or None when it is absolute or leaves the folder."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    path = PurePosixPath(name)
    if any(part == ".." for part in path.parts):
        return None
    parts = [p for p in path.parts if p not in ("", ".")]
    return PurePosixPath(*parts) if parts else None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def extract(archive: Path, dest: Path) -> Extracted:
    """Extract the submissions in `archive` under `dest` (which must exist and be empty)."""
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError(f"{archive} is not a readable .zip file ({exc})") from None
    result = Extracted(root=dest)
    total = 0
    with zf:
        members = zf.infolist()
        if len(members) > MAX_MEMBERS:
            raise UsageError(f"{archive} has {len(members)} entries; more than {MAX_MEMBERS}")
        for info in members:
            if info.is_dir():
                continue
            rel = _safe_name(info.filename)
            if rel is None:
                result.skipped.append(f"{info.filename}: path leaves the folder; not extracted")
                continue
            if any(p.startswith(".") or p in _JUNK for p in rel.parts):
                continue
            if _is_symlink(info):
                result.skipped.append(f"{info.filename}: a symbolic link; not extracted")
                continue
            if rel.suffix.lower() not in SUFFIXES:
                result.others.append(rel.as_posix())
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                result.skipped.append(f"{info.filename}: {_too_large()}; not extracted")
                continue
            target = dest.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            written = _copy_capped(zf, info, target, MAX_TOTAL_BYTES - total)
            if written is None:
                target.unlink(missing_ok=True)
                result.skipped.append(f"{info.filename}: {_too_large()}; not extracted")
                continue
            total += written
            stamp = time.mktime((*info.date_time, 0, 0, -1))
            os.utime(target, (stamp, stamp))
    result.others.sort()
    result.root = _step_into_wrapper(dest)
    return result


def _too_large() -> str:
    return f"larger than the {MAX_MEMBER_BYTES / 2**20:g} MB limit for one file"


def _copy_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, room: int) -> int | None:
    """Copy one member, refusing to write past the caps. None when the member is too large."""
    written = 0
    try:
        with zf.open(info) as src, open(target, "xb") as out:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > MAX_MEMBER_BYTES:
                    return None
                if written > room:
                    raise UsageError(
                        "the .zip expands to more than 4 GB; extract it yourself and pass the folder"
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UsageError(f"cannot extract {info.filename}: {exc}") from None
    return written


def _step_into_wrapper(root: Path) -> Path:
    """A zip made by compressing a folder holds just that folder: its content is the class."""
    entries = [e for e in root.iterdir() if not e.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir() and not _MOODLE_FOLDER.search(entries[0].name):
        inner = entries[0]
        # Only a wrapper when it holds per-student folders or files, not when it is one student
        # in a per-student layout of one: a wrapper's children are themselves submissions.
        children = [c for c in inner.iterdir() if not c.name.startswith(".")]
        if len(children) > 1 or (children and children[0].is_dir()):
            return inner
    return root


def cleanup(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
