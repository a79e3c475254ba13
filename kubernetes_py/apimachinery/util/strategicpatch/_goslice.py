"""Go slice aliasing, where strategic merge patch's output depends on it.

When a patch with ``$setElementOrder`` is merged into a list, Go orders the result by the *original* slice
header after mergeSlice has shifted entries left (deletions) and appended entries in place (when capacity
allowed) within the same backing array. ``Slice`` models a header over a shared backing array so that the
caller's view can be read back afterwards.
"""

from __future__ import annotations

from typing import Any

# Go's malloc size classes (bytes) up to 32 KiB; a slice of interface{} uses 16 bytes per element.
_SIZE_CLASSES = (
    0,
    8,
    16,
    24,
    32,
    48,
    64,
    80,
    96,
    112,
    128,
    144,
    160,
    176,
    192,
    208,
    224,
    240,
    256,
    288,
    320,
    352,
    384,
    416,
    448,
    480,
    512,
    576,
    640,
    704,
    768,
    896,
    1024,
    1152,
    1280,
    1408,
    1536,
    1792,
    2048,
    2304,
    2688,
    3072,
    3200,
    3456,
    4096,
    4864,
    5376,
    6144,
    6528,
    6784,
    6912,
    8192,
    9472,
    9728,
    10240,
    10880,
    12288,
    13568,
    14336,
    16384,
    18432,
    19072,
    20480,
    21760,
    24576,
    27264,
    28672,
    32768,
)
_ELEM = 16
_PAGE = 8192


def _round_up_size(size: int) -> int:
    for c in _SIZE_CLASSES:
        if c >= size:
            return c
    return (size + _PAGE - 1) // _PAGE * _PAGE


def grow_cap(old_cap: int, needed: int) -> int:
    """runtime.growslice's new capacity for a slice of interface{} values."""
    new_cap = old_cap
    if needed > 2 * old_cap:
        new_cap = needed
    elif old_cap < 256:
        new_cap = 2 * old_cap
    else:
        while new_cap < needed:
            new_cap += (new_cap + 3 * 256) >> 2
    return _round_up_size(new_cap * _ELEM) // _ELEM


def decoded_cap(length: int) -> int:
    """The capacity encoding/json leaves on a decoded []interface{} (appended one element at a time)."""
    cap = 0
    for n in range(1, length + 1):
        if n > cap:
            cap = grow_cap(cap, n)
    return cap


class Slice:
    """A slice header (``length``) over a backing array ``buf`` whose len() is the capacity."""

    __slots__ = ("buf", "length")

    def __init__(self, buf: list[Any], length: int):
        self.buf, self.length = buf, length

    @classmethod
    def decoded(cls, items: list[Any]) -> "Slice":
        return cls(list(items) + [None] * (decoded_cap(len(items)) - len(items)), len(items))

    def items(self) -> list[Any]:
        return self.buf[: self.length]

    def delete_at(self, i: int) -> "Slice":
        """``append(s[:i], s[i+1:]...)``: shifts the tail left within the same array."""
        self.buf[i : self.length - 1] = self.buf[i + 1 : self.length]
        return Slice(self.buf, self.length - 1)

    def append(self, *values: Any) -> "Slice":
        """Go's append: in place when the capacity allows, else into a new array."""
        needed = self.length + len(values)
        if needed <= len(self.buf):
            self.buf[self.length : needed] = values
            return Slice(self.buf, needed)
        cap = grow_cap(len(self.buf), needed)
        buf = self.buf[: self.length] + list(values)
        return Slice(buf + [None] * (cap - needed), needed)
