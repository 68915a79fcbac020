"""Frames to and from a worker over its two pipes, each within a deadline.

The grader's side of the worker's transport (the worker's side is `_worker`'s `receive` and
`send`): one codec frame per message. Writes never block, so a worker that stops reading
cannot stall the grader; reads take whatever the pipe holds, so a small reply costs one wait
and one read. What a failure means is the caller's to say: `Expired` when the deadline
passed, `Closed` when the worker's end is gone (it died), `codec.CodecError` when what came
back is not a frame.
"""

from __future__ import annotations

import os
import select
import time
from typing import Any

from grader.runner import codec


class Expired(Exception):
    """The deadline passed before the whole frame went through."""


class Closed(Exception):
    """The worker's end of the pipe is closed: the worker died."""


def send(fd: int, message: Any, timeout: float) -> None:
    """Write `message` as one frame to `fd` (non-blocking) within `timeout` seconds."""
    view = memoryview(codec.encode(message))
    deadline = time.monotonic() + timeout
    while view:
        try:  # the pipe usually has room: write first, wait only when it is full
            view = view[os.write(fd, view) :]
            continue
        except BlockingIOError:
            pass
        except OSError:
            raise Closed from None
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([], [fd], [], left)[1]:
            raise Expired


def receive(fd: int, pending: bytearray, timeout: float) -> Any:
    """The next frame from `fd`, decoded, within `timeout` seconds. `pending` holds the bytes
    read beyond the last frame: it is consumed first and keeps what this read took too much."""
    deadline = time.monotonic() + timeout
    header_len, body_len = codec.frame_sizes(_read(fd, pending, codec.PREFIX_SIZE, deadline))
    header = _read(fd, pending, header_len, deadline)
    body = _read(fd, pending, body_len, deadline) if body_len else bytearray()
    return codec.decode(header, body)


def _read(fd: int, pending: bytearray, n: int, deadline: float) -> bytearray:
    """The next `n` bytes of the stream, as a bytearray of their own. Reads take whatever the
    pipe holds (up to 64 KiB), so a small reply costs one wait and one read instead of one per
    part."""
    while len(pending) < n:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Expired
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise Expired
        chunk = os.read(fd, max(n - len(pending), 1 << 16))
        if not chunk:
            raise Closed
        pending += chunk
    data = pending[:n]
    del pending[:n]
    return data
