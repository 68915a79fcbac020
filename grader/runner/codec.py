"""Plain-data wire format between the grader and the worker: JSON plus raw array buffers.

A frame is ``MAGIC | u32 header length | u64 body length | JSON header | array buffers``.
The header is a JSON tree; arrays appear in it as ``{"$nd": i, "dtype": "<f8", "shape": [..]}``
pointing at the i-th buffer of the body. Decoding uses only ``json.loads`` and
``np.frombuffer`` with a dtype from an allow-list, so a hostile worker can make the grader
read wrong numbers but never run code.

This module is also executed inside the worker (injected as source by the sandbox), so it
imports nothing from the grader.
"""

from __future__ import annotations

import json
import math
import struct
from typing import Any

import numpy as np

MAGIC = b"GRD1"
_PREFIX = struct.Struct("<4sIQ")
MAX_HEADER = 8 * 1024 * 1024
MAX_BODY = 256 * 1024 * 1024
MAX_DEPTH = 32
MAX_ITEMS = 100_000
MAX_STR = 100_000
MAX_NDIM = 32
MAX_DIM = 2**40

# Only numeric and bool dtypes travel as arrays; everything else is described, never sent.
_DTYPES = {
    "|b1", "|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8",
    "<f2", "<f4", "<f8", "<c8", "<c16",
}  # fmt: skip


# Received dtype strings, parsed once: (dtype, whether it is bool).
_PARSED = {name: (np.dtype(name), name == "|b1") for name in _DTYPES}
# Dtypes sent as they are, by their wire name (little-endian or no byte order).
_SENT = {dtype: name for name, (dtype, _) in _PARSED.items()}
_JSON = json.JSONEncoder(allow_nan=False, separators=(", ", ": "))


class CodecError(ValueError):
    """A frame that is malformed, too large or not plain data."""


class Opaque:
    """Stands for a value that could not travel as plain data ("an object of type Liar")."""

    __slots__ = ("description",)

    def __init__(self, description: str) -> None:
        self.description = description

    def __repr__(self) -> str:
        return f"<{self.description}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Opaque) and other.description == self.description

    def __hash__(self) -> int:
        return hash(self.description)


class SubclassedArray(np.ndarray):
    """A plain array that arrived from an ndarray subclass (``original`` names the class)."""

    original: str = ""


def _describe(value: Any) -> str:
    # type(value).__name__ can be lied about only by the student's own process; we cap it.
    try:
        name = str(type(value).__name__)[:80]
    except Exception:
        name = "unknown"
    return f"an object of type {name}"


def _encode_array(arr: np.ndarray, buffers: list[Any], limit: list[int]) -> dict[str, Any]:
    plain = arr if type(arr) is np.ndarray else np.ndarray.view(arr, np.ndarray)
    dtype = plain.dtype
    name = _SENT.get(dtype)
    if name is None:
        if dtype.byteorder == ">":
            dtype = dtype.newbyteorder("<")
        name = dtype.str
        if name not in _DTYPES:
            return {"$opaque": f"an array of dtype {plain.dtype.name} and shape {plain.shape}"}
    nbytes = plain.size * dtype.itemsize
    if nbytes > limit[0]:
        return {"$opaque": f"an array of shape {plain.shape} (too large to send back)"}
    limit[0] -= nbytes
    if plain.flags.c_contiguous and plain.dtype is dtype:
        # No copy here: the frame's body is joined from these views once.
        buffers.append(memoryview(plain.reshape(-1)).cast("B") if nbytes else b"")
    else:
        buffers.append(np.ascontiguousarray(plain, dtype=dtype).tobytes())
    node: dict[str, Any] = {"$nd": len(buffers) - 1, "dtype": name, "shape": list(plain.shape)}
    if type(arr) is not np.ndarray:
        node["subclass"] = _describe(arr)[len("an object of type ") :]
    return node


def _encode(value: Any, buffers: list[bytes], limit: list[int], depth: int) -> Any:
    try:
        return _encode_node(value, buffers, limit, depth)
    except Exception:  # a value that lies about its type, or breaks while being read
        return {"$opaque": _describe(value)}


def _encode_node(value: Any, buffers: list[Any], limit: list[int], depth: int) -> Any:
    if depth > MAX_DEPTH:
        return {"$opaque": "a structure nested too deeply"}
    kind = type(value)
    # The exact types first, by identity (the common replies: dicts of arrays, numbers).
    if kind is np.ndarray:
        return _encode_array(value, buffers, limit)
    if kind is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if kind is int:
        return value if abs(value) < 2**63 else {"$opaque": "an integer too large to send"}
    if value is None or kind is bool:
        return value
    if kind is str:
        return value[:MAX_STR]
    if kind is dict:
        if len(value) > MAX_ITEMS:
            return {"$opaque": f"a dict of {len(value)} items (too many)"}
        encoded = {}
        for k, v in value.items():  # a plain dict: its methods are the real ones
            if type(k) is not str:
                return {"$opaque": "a dict whose keys are not all strings"}
            encoded[k[:MAX_STR]] = _encode(v, buffers, limit, depth + 1)
        return {"$dict": encoded}
    if kind is list:
        if len(value) > MAX_ITEMS:
            return {"$opaque": f"a list of {len(value)} items (too many)"}
        return [_encode(v, buffers, limit, depth + 1) for v in value]
    if isinstance(value, np.ndarray):
        return _encode_array(value, buffers, limit)
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        node = _encode_array(np.asarray(value), buffers, limit)
        if "$nd" in node:
            node["scalar"] = True
        return node
    if isinstance(value, list | tuple):
        # Unbound base-class calls: a hostile subclass cannot override how it is read.
        base = list if isinstance(value, list) else tuple
        n = base.__len__(value)
        if n > MAX_ITEMS:
            return {"$opaque": f"a {base.__name__} of {n} items (too many)"}
        items = [_encode(base.__getitem__(value, i), buffers, limit, depth + 1) for i in range(n)]
        return items if base is list else {"$tuple": items}
    if isinstance(value, dict):
        pairs = list(dict.items(value))
        if len(pairs) > MAX_ITEMS:
            return {"$opaque": f"a dict of {len(pairs)} items (too many)"}
        for k, _ in pairs:
            if type(k) is not str:
                return {"$opaque": "a dict whose keys are not all strings"}
        return {"$dict": {k[:MAX_STR]: _encode(v, buffers, limit, depth + 1) for k, v in pairs}}
    return {"$opaque": _describe(value)}


def encode(value: Any, max_body: int = MAX_BODY) -> bytes:
    """One frame holding `value` as plain data (anything else becomes a description)."""
    buffers: list[Any] = []
    tree = _encode(value, buffers, [max_body], 0)
    header = _JSON.encode({"v": tree, "n": [len(b) for b in buffers]}).encode()
    if len(header) > MAX_HEADER:
        header = _JSON.encode({"v": {"$opaque": "a value too large to send back"}, "n": []})
        header, buffers = header.encode(), []
    body_len = sum(len(b) for b in buffers)
    return b"".join((_PREFIX.pack(MAGIC, len(header), body_len), header, *buffers))


def frame_sizes(prefix: bytes) -> tuple[int, int]:
    """Header and body lengths announced by a frame's fixed-size prefix, validated."""
    if len(prefix) != _PREFIX.size:
        raise CodecError("truncated frame")
    magic, header_len, body_len = _PREFIX.unpack(prefix)
    if magic != MAGIC:
        raise CodecError("not a grader frame")
    if header_len > MAX_HEADER or body_len > MAX_BODY:
        raise CodecError("frame too large")
    return header_len, body_len


PREFIX_SIZE = _PREFIX.size


class _Buffers:
    """The body's array buffers; each may back one array only, so a small header cannot make
    the grader copy one large buffer many times over."""

    def __init__(self, body: bytearray, sizes: list[int]) -> None:
        self.body = body
        self.spans: list[tuple[int, int]] = []
        offset = 0
        for n in sizes:
            self.spans.append((offset, n))
            offset += n
        self.used: set[int] = set()

    def take(self, index: Any) -> tuple[int, int]:
        """(offset, length) of buffer `index` in the body."""
        if type(index) is not int or not 0 <= index < len(self.spans) or index in self.used:
            raise CodecError("bad array node")
        self.used.add(index)
        return self.spans[index]


def _decode(node: Any, buffers: _Buffers, depth: int) -> Any:
    kind = type(node)
    if kind is dict:
        if depth > MAX_DEPTH + 2:
            raise CodecError("structure nested too deeply")
        if "$nd" in node:
            return _decode_array(node, buffers)
        if "$dict" in node:
            items = node["$dict"]
            if type(items) is not dict or len(items) > MAX_ITEMS:
                raise CodecError("bad dict node")
            return {k: _decode(v, buffers, depth + 1) for k, v in items.items()}
        if "$tuple" in node:
            items = node["$tuple"]
            if type(items) is not list or len(items) > MAX_ITEMS:
                raise CodecError("bad tuple node")
            return tuple([_decode(v, buffers, depth + 1) for v in items])
        if "$float" in node:
            word = node["$float"]
            return float(word) if word in ("nan", "inf", "-inf") else math.nan
        if "$opaque" in node:
            return Opaque(str(node["$opaque"])[:300])
        raise CodecError("unexpected node" if not node else "unknown node")
    if kind is list:
        if depth > MAX_DEPTH + 2:
            raise CodecError("structure nested too deeply")
        if len(node) > MAX_ITEMS:
            raise CodecError("list too long")
        return [_decode(v, buffers, depth + 1) for v in node]
    # json.loads makes nothing else: None, bool, int, float, str.
    return node


def _decode_array(node: dict[str, Any], buffers: _Buffers) -> Any:
    dtype = node.get("dtype")
    parsed = _PARSED.get(dtype) if type(dtype) is str else None
    if parsed is None:
        raise CodecError("bad array dtype")
    dt, is_bool = parsed
    shape = node.get("shape")
    if type(shape) is not list or len(shape) > MAX_NDIM:
        raise CodecError("bad array shape")
    size = 1
    for n in shape:
        if type(n) is not int or not 0 <= n <= MAX_DIM:
            raise CodecError("bad array shape")
        size *= n
    offset, length = buffers.take(node.get("$nd"))
    if size * dt.itemsize != length:
        raise CodecError("array size does not match its buffer")
    try:
        if offset % dt.alignment:
            # Not aligned in the body (after a buffer of odd size): a copy is.
            arr = np.frombuffer(buffers.body, dt, size, offset).copy().reshape(shape)
        else:
            # The body is this frame's own bytearray: the array may use it, writable, as is.
            arr = np.frombuffer(buffers.body, dt, size, offset).reshape(shape)
    except (ValueError, TypeError, MemoryError) as exc:
        raise CodecError(f"bad array: {exc}") from None
    if is_bool:  # any byte but 0 and 1 would make a bool array behave oddly
        arr = arr.view(np.uint8) != 0
    if len(node) > 3:
        if node.get("scalar") is True and arr.ndim == 0:
            return arr[()]
        if node.get("subclass"):
            sub = arr.view(SubclassedArray)
            sub.original = str(node["subclass"])[:80]
            return sub
    return arr


def decode(header: bytes, body: bytes | bytearray) -> Any:
    """The value of one frame (header and body as read after `frame_sizes`). Arrays share
    `body` when it is a bytearray (pass one the caller no longer uses); else it is copied."""
    try:
        meta = json.loads(header)
    except (ValueError, RecursionError) as exc:
        raise CodecError(f"bad header: {exc}") from None
    if type(meta) is not dict or type(meta.get("n")) is not list:
        raise CodecError("bad header")
    sizes = meta["n"]
    total = 0
    for n in sizes:
        if type(n) is not int or n < 0:
            raise CodecError("body does not match its header")
        total += n
    if total != len(body):
        raise CodecError("body does not match its header")
    if type(body) is not bytearray:
        body = bytearray(body)
    try:
        return _decode(meta.get("v"), _Buffers(body, sizes), 0)
    except RecursionError:
        raise CodecError("structure nested too deeply") from None


def decode_frame(frame: bytes) -> Any:
    """Decode a whole frame held in memory (tests and small messages)."""
    header_len, body_len = frame_sizes(frame[:PREFIX_SIZE])
    start = PREFIX_SIZE
    if len(frame) != start + header_len + body_len:
        raise CodecError("frame length mismatch")
    return decode(frame[start : start + header_len], frame[start + header_len :])
