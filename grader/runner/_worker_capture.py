"""What the worker records of the student's code: its printed output, capped, and its
attempts to read the grader's hidden folders.

Part of the worker (see `_worker`); injected as ``_grader_worker_capture``. Recording only:
the sandbox is what keeps the hidden folders unreadable.
"""

from __future__ import annotations

import io
import os
from typing import Any

try:  # injected by the sandbox bootstrap; the grader package itself is not importable here
    import _grader_landlock as _landlock  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - only when imported inside the grader for inspection
    from grader.runner import _landlock

OUTPUT_CAP = 4000
MAX_REPORTED = 20  # blocked attempts reported per kind


class CappedWriter(io.TextIOBase):
    """Collects what the student prints, keeping only the first OUTPUT_CAP characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        if self.size >= OUTPUT_CAP:  # the common case in a flood: count it and move on
            self.dropped += len(text)
            return len(text)
        room = OUTPUT_CAP - self.size
        self.parts.append(text[:room])
        self.size += min(room, len(text))
        self.dropped += max(0, len(text) - room)
        return len(text)

    def flush(self) -> None:
        pass

    def take(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n... ({self.dropped} more characters not shown)"
        self.parts, self.size, self.dropped = [], 0, 0
        return text


class ReadWatch:
    """Audit hook noting attempts to open or list the grader's hidden folders.

    The sandbox (bwrap's empty tmpfs, or Landlock) is what makes them unreadable; this only
    remembers the attempt so the report can say so.
    """

    EVENTS = frozenset({"open", "os.listdir", "os.scandir", "os.chdir", "os.stat"})

    def __init__(self, hidden: list[str], shown: list[str] | None = None) -> None:
        self.hidden = tuple(h.rstrip("/") for h in hidden)
        # Folders of the worker's world inside a hidden one (the built-in support files, the
        # interpreter): reading them is what they are there for.
        self.shown = tuple(s.rstrip("/") for s in shown or ())
        self.attempts: list[str] = []

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if event not in self.EVENTS or not self.hidden or not args:
            return
        path = args[0]
        if isinstance(path, int) or path is None:
            return
        try:
            path = os.path.abspath(os.fsdecode(os.fspath(path)))
        except Exception:
            return
        # The innermost folder holding the path decides, as for Landlock's grants: a support
        # folder or a virtualenv inside the grader's checkout is shown, the grader's package
        # inside site-packages is hidden.
        if _landlock.visible(path, self.hidden, self.shown):
            return
        if path not in self.attempts and len(self.attempts) < MAX_REPORTED:
            self.attempts.append(path)
