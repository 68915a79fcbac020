"""Finding the submissions in a folder and the student each one belongs to.

Layouts understood (checked in this order for every .py / .ipynb file under SOURCE):

* **Moodle** "download all submissions": ``Jane Doe_12345_assignsubmission_file_/hw.ipynb``
  (a folder per student) -> student ``12345`` (the participant id);
* **Canvas** "download submissions": ``doe_jane_12345_67890_hw.ipynb``, also with ``_late_`` or
  ``_LATE_`` after the name -> student ``12345`` (the Canvas user id);
* **Blackboard** "download assignment": ``HW 1_jdoe_attempt_2024-03-01-10-15-00_hw.ipynb``
  -> student ``jdoe`` (the user name);
* **a folder per student**: ``SOURCE/<student>/<any path>/<file>`` -> the top folder's name;
* **a flat folder**: ``SOURCE/<file>`` -> the file's name without its extension.

Hidden files and folders, ``__MACOSX``, ``__pycache__`` and ``.ipynb_checkpoints`` are ignored.
When one student has several files, the newest is graded (latest modification time, then the
greatest file name) and the others are listed as ignored.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".py", ".ipynb")
_IGNORED_DIRS = {"__MACOSX", "__pycache__", ".ipynb_checkpoints"}

_MOODLE = re.compile(r"^(?P<name>.+)_(?P<id>\d+)_assignsubmission_\w+?_?$")
_CANVAS = re.compile(r"^(?P<name>[^_].*?)_(?:late_)?(?P<id>\d+)_(?P<sub>\d+)_(?P<orig>.+)$", re.I)
_BLACKBOARD = re.compile(
    r"^(?P<assignment>.+?)_(?P<id>[^_]+)_attempt_\d{4}(?:-\d{2}){5}(?:_(?P<orig>.+))?$"
)

#: The patterns, for --help and the documentation (one per line).
PATTERNS_HELP = (
    "  Moodle      Jane Doe_12345_assignsubmission_file_/hw.ipynb  -> 12345\n"
    "  Canvas      doe_jane_12345_67890_hw.ipynb (also _late_)     -> 12345\n"
    "  Blackboard  HW1_jdoe_attempt_2024-03-01-10-15-00_hw.ipynb   -> jdoe\n"
    "  folders     SOURCE/<student>/.../hw.ipynb                   -> <student>\n"
    "  flat        SOURCE/jane.ipynb                               -> jane"
)


@dataclass(frozen=True)
class Submission:
    """One student's file to grade."""

    student: str  # as the instructor knows the student (folder name, LMS id, file stem)
    key: str  # file-system-safe and unique (case-insensitively): reports/<key>.json
    path: Path  # the file on disk
    relpath: str  # the file's path inside SOURCE, with forward slashes (shown in the reports)
    layout: str  # "moodle", "canvas", "blackboard", "folder" or "flat"
    ignored: tuple[str, ...] = ()  # this student's other files, not graded (older ones)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with open(self.path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


@dataclass
class Discovery:
    """What a SOURCE folder holds."""

    submissions: list[Submission] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)  # not .py / .ipynb: not graded


def student_of(relpath: str) -> tuple[str, str]:
    """(student, layout) for a submission at `relpath` (forward slashes) inside SOURCE."""
    parts = relpath.split("/")
    if len(parts) > 1:
        top = parts[0]
        moodle = _MOODLE.match(top)
        if moodle:
            return moodle.group("id"), "moodle"
        return top, "folder"
    name = parts[0]
    canvas = _CANVAS.match(name)
    if canvas:
        return canvas.group("id"), "canvas"
    blackboard = _BLACKBOARD.match(name)
    if blackboard:
        return blackboard.group("id"), "blackboard"
    return Path(name).stem, "flat"


def safe_key(student: str) -> str:
    """A file name for `student`: letters, digits, '.', '-' and '_' only; never empty or hidden."""
    text = unicodedata.normalize("NFC", student)
    key = re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("._")
    return key[:80] or "student"


def _walk(root: Path) -> tuple[list[Path], list[str]]:
    found: list[Path] = []
    others: list[str] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry.name in _IGNORED_DIRS:
                continue
            # Symlinks could point anywhere (another student's file, /etc): never follow them.
            if entry.is_symlink():
                others.append(entry.relative_to(root).as_posix())
            elif entry.is_dir():
                stack.append(entry)
            elif entry.is_file():
                if entry.suffix.lower() in SUFFIXES:
                    found.append(entry)
                else:
                    others.append(entry.relative_to(root).as_posix())
    return found, sorted(others)


def discover(root: Path) -> Discovery:
    """Every student's submission under `root`, sorted by student."""
    files, others = _walk(root)
    by_student: dict[str, list[tuple[Path, str, str]]] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        student, layout = student_of(rel)
        by_student.setdefault(student, []).append((path, rel, layout))
    result = Discovery(other_files=others)
    used: set[str] = set()
    for student in sorted(by_student, key=lambda s: (s.casefold(), s)):
        candidates = by_student[student]
        # Newest first: modification time, then name (so hw-2 beats hw-1 when times tie).
        candidates.sort(key=lambda c: (c[0].stat().st_mtime_ns, c[1]), reverse=True)
        path, rel, layout = candidates[0]
        key = base = safe_key(student)
        n = 2
        # Keys must differ case-insensitively: reports/Jane.json and jane.json are one file on
        # macOS and Windows.
        while key.casefold() in used:
            key = f"{base}-{n}"
            n += 1
        used.add(key.casefold())
        result.submissions.append(
            Submission(
                student=student,
                key=key,
                path=path,
                relpath=rel,
                layout=layout,
                ignored=tuple(c[1] for c in candidates[1:]),
            )
        )
    return result
