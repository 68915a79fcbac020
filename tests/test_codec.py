"""The wire format between grader and worker: plain data round-trips; anything a hostile worker
can write is either decoded as plain data or refused with CodecError, never runs code, and
never makes the grader allocate much more than the frame's own size."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest

from grader.runner import codec
from grader.runner.codec import CodecError, Opaque, SubclassedArray


def frame(tree: object, *buffers: bytes, sizes: list[int] | None = None) -> bytes:
    """A hand-made frame, as a hostile worker would write it."""
    header = json.dumps({"v": tree, "n": sizes if sizes is not None else [len(b) for b in buffers]})
    body = b"".join(buffers)
    return codec._PREFIX.pack(codec.MAGIC, len(header), len(body)) + header.encode() + body


# -- plain data round-trips ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        -(2**62),
        1.5,
        "héllo",
        [1, [2, [3]]],
        (1, "a", None),
        {"W1": [1.0], "b1": {"nested": (2,)}},
    ],
)
def test_plain_values_round_trip(value: object) -> None:
    assert codec.decode_frame(codec.encode(value)) == value


@pytest.mark.parametrize("dtype", ["f8", "f4", "f2", "i8", "u1", "bool", "c16"])
def test_numeric_arrays_round_trip_with_dtype_and_shape(dtype: str) -> None:
    arr = (np.arange(24) % 3).astype(dtype).reshape(2, 3, 4)
    out = codec.decode_frame(codec.encode(arr))
    assert type(out) is np.ndarray and out.dtype == arr.dtype and np.array_equal(out, arr)


def test_arrays_arrive_writable_and_independent_whatever_their_place_in_the_body() -> None:
    """Decoded arrays share the frame's body instead of copying it; each is still its own,
    writable array, and one after an odd-sized buffer (unaligned in the body) is copied."""
    flags = np.array([True, False, True])  # 3 bytes: what follows them starts unaligned
    weights = np.arange(6.0).reshape(2, 3)
    more = -np.ones((2, 2))
    out = codec.decode_frame(codec.encode({"W": weights, "flags": flags, "more": more}))
    assert np.array_equal(out["W"], weights) and np.array_equal(out["more"], more)
    assert all(a.flags.aligned and a.flags.writeable for a in out.values())
    out["W"][0, 0] = 99.0
    out["more"] += 1.0
    out["flags"][0] = False
    assert (
        out["W"][0, 0] == 99.0
        and not out["more"].any()
        and out["flags"].tolist()
        == [
            False,
            False,
            True,
        ]
    )


def test_non_contiguous_and_byte_swapped_arrays_arrive_as_their_values() -> None:
    base = np.arange(12.0).reshape(3, 4)
    for arr in (base.T, base[:, ::2], base.astype(">f8")):
        out = codec.decode_frame(codec.encode(arr))
        assert out.dtype == np.float64 and np.array_equal(out, arr)


def test_non_finite_floats_travel_as_floats() -> None:
    out = codec.decode_frame(codec.encode([math.nan, math.inf, -math.inf]))
    assert math.isnan(out[0]) and out[1:] == [math.inf, -math.inf]


def test_numpy_scalars_come_back_as_numpy_scalars() -> None:
    out = codec.decode_frame(codec.encode(np.float32(2.5)))
    assert isinstance(out, np.float32) and out == 2.5


# -- what the worker may not send ---------------------------------------------------------------
def test_objects_travel_as_descriptions_never_as_objects() -> None:
    class Liar:
        def __eq__(self, other: object) -> bool:
            return True

    out = codec.decode_frame(codec.encode({"W1": Liar()}))
    assert out == {"W1": Opaque("an object of type Liar")}


def test_object_arrays_are_described_not_sent() -> None:
    out = codec.decode_frame(codec.encode(np.array([{"a": 1}], dtype=object)))
    assert isinstance(out, Opaque) and "dtype object" in out.description


def test_an_ndarray_subclass_arrives_as_a_plain_array_that_remembers_it() -> None:
    class Sneaky(np.ndarray):
        @property
        def shape(self) -> tuple[int, ...]:
            return (1,)

        def __eq__(self, other: object) -> bool:  # type: ignore[override]
            return True

    out = codec.decode_frame(codec.encode(np.zeros((2, 3)).view(Sneaky)))
    assert isinstance(out, SubclassedArray) and out.original == "Sneaky"
    assert out.shape == (2, 3)  # the real shape, not the one the subclass claimed


def test_dict_and_list_subclasses_are_read_by_their_real_contents() -> None:
    class Claims(dict):
        def keys(self):  # type: ignore[override]
            return ["W1"]

        def __getitem__(self, key: object) -> object:
            return 1

    assert codec.decode_frame(codec.encode(Claims())) == {}


def test_zero_stride_views_too_large_to_send_become_descriptions() -> None:
    huge = np.broadcast_to(np.float64(0.01), (10**6, 10**6))  # 8 TB, costs nothing to make
    out = codec.decode_frame(codec.encode(huge))
    assert isinstance(out, Opaque) and "too large" in out.description


def test_deep_nesting_is_cut_when_encoding() -> None:
    deep: list[object] = []
    for _ in range(200):
        deep = [deep]
    out, levels = codec.decode_frame(codec.encode(deep)), 0
    while isinstance(out, list):
        out, levels = out[0], levels + 1
    assert isinstance(out, Opaque) and levels <= codec.MAX_DEPTH + 1


# -- hostile frames -----------------------------------------------------------------------------
def test_a_pickle_is_not_a_frame() -> None:
    with pytest.raises(CodecError):
        codec.decode_frame(pickle.dumps({"score": 100}))


@pytest.mark.parametrize("what", ["header", "body"])
def test_huge_declared_sizes_are_refused_before_anything_is_read(what: str) -> None:
    sizes = (10, 2**40) if what == "body" else (2**31, 0)
    prefix = codec._PREFIX.pack(codec.MAGIC, *sizes)
    with pytest.raises(CodecError, match="too large"):
        codec.frame_sizes(prefix)


@pytest.mark.parametrize("dtype", ["|O", "<U4", "|V8", "<M8[s]", "object", "f8; import os"])
def test_dtypes_outside_the_allow_list_are_refused(dtype: str) -> None:
    with pytest.raises(CodecError):
        codec.decode_frame(frame({"$nd": 0, "dtype": dtype, "shape": [1]}, b"\0" * 8))


@pytest.mark.parametrize(
    ("shape", "data"),
    [
        ([3], b"\0" * 16),  # 24 bytes announced, 16 sent
        ([-1], b"\0" * 8),  # numpy would infer this one: not here
        ([1.5], b"\0" * 8),
        ([True], b"\0" * 8),
        ([2**62, 2**62, 0], b""),  # no elements, absurd dimensions
        ([1] * 40, b"\0" * 8),  # more dimensions than numpy allows
        ("8", b"\0" * 8),
    ],
)
def test_shapes_that_do_not_match_their_buffer_are_refused(shape: object, data: bytes) -> None:
    with pytest.raises(CodecError):
        codec.decode_frame(frame({"$nd": 0, "dtype": "<f8", "shape": shape}, data))


def test_declared_buffer_lengths_must_add_up_to_the_body() -> None:
    with pytest.raises(CodecError, match="body does not match"):
        codec.decode_frame(frame({"$nd": 0, "dtype": "<f8", "shape": [1]}, b"\0" * 8, sizes=[16]))


def test_one_buffer_cannot_back_many_arrays() -> None:
    """Otherwise a 256 MB body referenced a thousand times would cost the grader 256 GB."""
    node = {"$nd": 0, "dtype": "<f8", "shape": [1]}
    with pytest.raises(CodecError):
        codec.decode_frame(frame([node] * 1000, b"\0" * 8))


@pytest.mark.parametrize("index", [1, -1, True, "0", None])
def test_array_nodes_must_point_at_an_existing_buffer(index: object) -> None:
    with pytest.raises(CodecError):
        codec.decode_frame(frame({"$nd": index, "dtype": "<f8", "shape": [1]}, b"\0" * 8))


def test_deeply_nested_headers_are_refused_not_crashed_on() -> None:
    header = "[" * 100_000 + "]" * 100_000
    with pytest.raises(CodecError):
        codec.decode(f'{{"v": {header}, "n": []}}'.encode(), b"")


@pytest.mark.parametrize(
    "tree",
    [
        {},
        {"$unknown": 1},
        {"$tuple": "abc"},
        {"$dict": [1, 2]},
        {"$tuple": [0] * (codec.MAX_ITEMS + 1)},
    ],
)
def test_malformed_nodes_are_refused(tree: object) -> None:
    with pytest.raises(CodecError):
        codec.decode_frame(frame(tree))


def test_bool_arrays_only_ever_hold_true_and_false() -> None:
    out = codec.decode_frame(frame({"$nd": 0, "dtype": "|b1", "shape": [3]}, b"\x00\x02\xff"))
    assert out.tolist() == [False, True, True] and out.view(np.uint8).tolist() == [0, 1, 1]


def test_strings_claiming_to_be_special_floats_are_just_nan() -> None:
    assert math.isnan(codec.decode_frame(frame({"$float": "__import__('os')"})))
    assert math.isnan(codec.decode_frame(frame({"$float": ["inf"]})))


def test_a_frame_with_trailing_bytes_is_refused() -> None:
    with pytest.raises(CodecError, match="length mismatch"):
        codec.decode_frame(codec.encode(1) + b"extra")
