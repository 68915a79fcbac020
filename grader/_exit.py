"""Ending a process whose work is done without the interpreter's teardown.

With numpy and Hypothesis loaded, finalizing every module
takes 0.1-0.2 s after the last useful instruction: at the end of each command, and at the
end of each grading process, which the driver waits for before writing the summary.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn


def exit_without_teardown(code: object) -> NoReturn:
    """Flush stdout and stderr, run the atexit handlers, and end the process with `code`.
    A code that is not an int (None, a message), or a non-daemon thread still running (it
    may hold work), takes the normal exit instead: SystemExit(code) is raised."""
    if not isinstance(code, int):
        raise SystemExit(code)  # let Python print a message and choose the code
    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        raise SystemExit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # closed, reader gone
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code)
