"""Writing a file atomically: a reader sees the old file or the new one, never half of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _read_umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it: put it back at once
    os.umask(mask)
    return mask


# Read once, at import (before a batch starts any thread): umask is per process, and a file
# another thread created between the two calls above would get no mask at all.
_UMASK = _read_umask()


def atomic_write(path: str | Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8) to `path` through a temporary file beside it.

    The file gets the permissions any new file of this user gets (mkstemp's are owner-only),
    so a TA or a web server can read what the instructor's umask allows. On any error,
    Ctrl-C included, no temporary file is left behind and the error propagates."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
