"""Frame readers and writers: how a stream of objects is split into one object per frame.

A frame reader has ``read_frame() -> bytes`` (raises EOFError at a clean end of the stream, and
UnexpectedEOFError, an EOFError, when the stream ends inside a frame) and ``close()``. The source
is a binary file-like object (``read1`` or ``read``) or an iterable of byte chunks.

Hostile streams cost what they send, once: every reader keeps its bytes in one buffer that is appended to and
compacted (never copied whole per read), and looks at each byte once. The JSON and length-delimited readers take
``read_frame(max_bytes=...)`` (the streaming decoder passes its limit) and raise ObjectTooLargeError as soon as a
frame is known to be longer, without buffering it; its bytes are dropped on the next read, which returns the
frame after it, as client-go's streaming decoder drains a refused frame.
"""

from __future__ import annotations

import io
import re
import struct
from typing import Any, Callable, Optional, Union

Chunk = Union[bytes, bytearray, memoryview]
"""Bytes as a source gives them."""

try:
    from kubernetes_py.apimachinery.runtime._json2pb import frame_scan as _scan_c
except ImportError:  # the optional C extension is not built: the same scan in Python
    _scan_c = None


class UnexpectedEOFError(EOFError):
    """The stream ended in the middle of a frame (Go's io.ErrUnexpectedEOF)."""


class ObjectTooLargeError(ValueError):
    """A frame longer than the decoder allows (Go's streaming.ErrObjectTooLarge)."""

    def __init__(self) -> None:
        super().__init__("object to decode was longer than maximum allowed size")


class _Source:
    """Reads whatever bytes are available from a file-like object or an iterator of chunks.

    A raw stream (``readinto`` without ``read1``, as a response body) is read into one scratch buffer: its
    ``read`` would allocate and zero a new buffer of the read's size every time, then copy what it got out of it."""

    def __init__(self, r: Any):
        self._r = r
        self._read: Callable[[], Optional[Chunk]]
        if hasattr(r, "read1"):
            self._read = lambda: r.read1(65536)
        elif isinstance(r, io.RawIOBase):
            self._read = self._read_into
            self._scratch = memoryview(bytearray(65536))
        elif hasattr(r, "read"):
            self._read = lambda: r.read(65536)
        else:
            it = iter(r)
            self._read = lambda: next(it, b"")

    def _read_into(self) -> Chunk:
        n = self._r.readinto(self._scratch)
        return self._scratch[:n] if n else b""

    def read_some(self) -> Chunk:
        """The bytes read (a view valid until the next read: the caller copies them)."""
        return self._read() or b""

    def close(self) -> None:
        close = getattr(self._r, "close", None)
        if close is not None:
            close()


class _Buffer:
    """Bytes read and not yet taken: a bytearray with a start offset, compacted when half is taken,
    so that appending a chunk and taking a frame cost their own length (no copy of the whole buffer)."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.start = 0

    def pending(self) -> int:
        return len(self.data) - self.start

    def append(self, chunk: Chunk) -> None:
        if self.start and self.start * 2 >= len(self.data):
            del self.data[: self.start]
            self.start = 0
        self.data += chunk

    def take(self, n: int) -> bytes:
        start = self.start
        with memoryview(self.data) as view:  # one copy (a bytearray slice would be a second)
            out = bytes(view[start : start + n])
        self.start = start + n
        return out

    def drop(self, n: int) -> None:
        self.start += n
        if self.start == len(self.data):
            self.data.clear()
            self.start = 0


_SPACE = re.compile(rb"[^ \t\n\r\x0b\x0c]")  # what bytes.lstrip() keeps
_SCALAR_END = re.compile(rb"[ \t\r\n]")
# Outside strings: everything up to the next bracket, whole strings included; it stops early at a string whose
# closing quote has not arrived. Inside a string: up to its closing quote, or a backslash that ends the data.
# (Each repetition can match in one way only, so a failed string costs its length once.)
_OUTSIDE = re.compile(rb'[^"{}\[\]]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"{}\[\]]*)*', re.DOTALL)
_INSIDE = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)


def _match_end(pattern: re.Pattern[bytes], data: bytearray, pos: int) -> int:
    m = pattern.match(data, pos)
    assert m is not None  # _INSIDE and _OUTSIDE match the empty string too
    return m.end()


def _scan_py(data: bytearray, start: int, state: int) -> tuple[int, int]:
    """frame_scan of the C extension in Python: (end, state), see csrc/json2pb/jsonread.c."""
    depth, in_string, escaped = state >> 2, state & 1, state & 2
    pos, n = start, len(data)
    while pos < n:
        if in_string:
            if escaped:
                escaped = 0
                pos += 1
                continue
            pos = _match_end(_INSIDE, data, pos)
            if pos >= n:
                break
            if data[pos] == 0x5C:  # the data ends just after this backslash
                return -1, depth * 4 + 1 + 2
            in_string = 0
            pos += 1
            continue
        pos = _match_end(_OUTSIDE, data, pos)
        if pos >= n:
            break
        byte = data[pos]
        pos += 1
        if byte == 0x22:
            in_string = 1
        elif byte in (0x7B, 0x5B):
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return pos, 0
    return -1, depth * 4 + in_string + escaped


_scan = _scan_c or _scan_py


class JSONFrameReader:
    """Splits a stream of JSON values (objects one after another, any whitespace between).

    An object or array ends at the bracket that closes it (brackets counted outside strings; the frame is
    validated when it is decoded), a scalar at the next whitespace. The scan resumes where the last read
    stopped, so a value costs its length once however many reads bring it in.
    """

    def __init__(self, r: Any):
        self._src = _Source(r)
        self._buf = _Buffer()
        self._in_value = False  # the pending bytes begin a value (blanks before it are dropped)
        self._scalar = False  # ... a scalar, which ends at the next blank
        self._scanned = 0  # pending bytes already scanned
        self._state = 0  # the bracket scan's state after them
        self._skipping = False  # the value is being dropped: it was refused as too large

    def read_frame(self, max_bytes: Optional[int] = None) -> bytes:
        """The next value; with ``max_bytes``, ObjectTooLargeError as soon as the value is known to be longer
        (its bytes are dropped as they come, and the next call returns the value after it)."""
        buf = self._buf
        while True:
            if not self._in_value and buf.pending():
                m = _SPACE.search(buf.data, buf.start)
                buf.drop((m.start() if m else len(buf.data)) - buf.start)
                if buf.pending():
                    self._in_value = True
                    self._scalar = buf.data[buf.start] not in (0x7B, 0x5B)
            if self._in_value:
                end = self._find_end()
                if end >= 0:
                    self._in_value, self._scanned, self._state = False, 0, 0
                    if not self._skipping:
                        return buf.take(end - buf.start)
                    self._skipping = False
                    buf.drop(end - buf.start)
                    continue
                if not self._skipping and max_bytes is not None and buf.pending() > max_bytes:
                    self._skipping = True
                    self._scanned = 0
                    buf.drop(buf.pending())
                    raise ObjectTooLargeError()
                if self._skipping:
                    self._scanned = 0
                    buf.drop(buf.pending())
            chunk = self._src.read_some()
            if not chunk:
                if self._in_value:
                    pending = buf.pending()
                    self._in_value, self._scanned, self._state, self._skipping = False, 0, 0, False
                    buf.drop(pending)
                    raise UnexpectedEOFError(
                        f"unexpected EOF: the stream ended inside a JSON value ({pending} bytes pending)"
                    )
                raise EOFError("EOF")
            buf.append(chunk)

    def _find_end(self) -> int:
        """Where the pending value ends in the buffer, or -1 (what was scanned is not scanned again)."""
        buf = self._buf
        resume = buf.start + self._scanned
        if self._scalar:
            m = _SCALAR_END.search(buf.data, resume)
            end = m.start() if m else -1
        else:
            end, self._state = _scan(buf.data, resume, self._state)
        self._scanned = buf.pending()
        return end

    def close(self) -> None:
        self._src.close()


class YAMLFrameReader:
    """Splits a YAML stream into documents at lines that start with '---'.

    Each line is examined once, when its end has arrived (the scan resumes after the last complete line)."""

    def __init__(self, r: Any):
        self._src = _Source(r)
        self._buf = _Buffer()
        self._scan = 0  # pending bytes whose lines are already examined
        self._eof = False

    def read_frame(self) -> bytes:
        buf = self._buf
        while True:
            doc = self._next_document()
            if doc is not None:
                return doc
            if self._eof:
                rest = buf.take(buf.pending())
                self._scan = 0
                if rest.strip():
                    return rest
                raise EOFError("EOF")
            chunk = self._src.read_some()
            if not chunk:
                self._eof = True
            buf.append(chunk)

    def _next_document(self) -> Optional[bytes]:
        buf = self._buf
        while True:
            line_start = buf.start + self._scan
            nl = buf.data.find(b"\n", line_start)
            if nl < 0:
                return None
            self._scan = nl + 1 - buf.start
            if buf.data.startswith(b"---", line_start) and not buf.data[line_start + 3 : nl].strip():
                doc = buf.take(line_start - buf.start)
                buf.drop(nl + 1 - buf.start)
                self._scan = 0
                if doc.strip():
                    return doc

    def close(self) -> None:
        self._src.close()


class YAMLFrameWriter:
    """Writes '---' between YAML documents."""

    def __init__(self, w: Any):
        self._w = w

    def write(self, data: bytes) -> int:
        self._w.write(b"---\n")
        written: int = self._w.write(data)
        return written


_LENGTH = struct.Struct(">I")


class LengthDelimitedFrameReader:
    """Frames prefixed with their length as a 4-byte big-endian integer (protobuf watch streams).

    With a limit, a longer frame is refused from its prefix, before any of it is read (Go's streaming
    decoder refuses it at the limit); its bytes are dropped on the next read, as Go's decoder drains them.
    """

    def __init__(self, r: Any):
        self._src = _Source(r)
        self._buf = _Buffer()
        self._discard = 0  # bytes of a refused frame still to drop

    def _fill(self, n: int, inside: bool) -> bool:
        buf = self._buf
        while buf.pending() < n:
            chunk = self._src.read_some()
            if not chunk:
                if buf.pending() or inside:
                    raise UnexpectedEOFError(
                        f"unexpected EOF: the stream ended inside a length-delimited frame "
                        f"(have {buf.pending()} of {n} bytes)"
                    )
                return False
            buf.append(chunk)
        return True

    def _drop_refused(self) -> None:
        buf = self._buf
        while self._discard:
            if not buf.pending():
                chunk = self._src.read_some()
                if not chunk:
                    raise UnexpectedEOFError(
                        f"unexpected EOF: the stream ended inside a length-delimited frame "
                        f"({self._discard} bytes of a refused frame missing)"
                    )
                buf.append(chunk)
            n = min(self._discard, buf.pending())
            buf.drop(n)
            self._discard -= n

    def read_frame(self, max_bytes: Optional[int] = None) -> bytes:
        """The next frame; with ``max_bytes``, ObjectTooLargeError for a longer one."""
        buf = self._buf
        data, start = buf.data, buf.start
        if not self._discard and len(data) - start >= 4:  # a frame read with the one before it: no read, no check
            (length,) = _LENGTH.unpack_from(data, start)
            if start + 4 + length <= len(data) and (max_bytes is None or length <= max_bytes):
                buf.start = start + 4
                return buf.take(length)
        if self._discard:
            self._drop_refused()
        if not self._fill(4, False):
            raise EOFError("EOF")
        (length,) = _LENGTH.unpack_from(self._buf.data, self._buf.start)
        if max_bytes is not None and length > max_bytes:
            self._buf.drop(4)
            self._discard = length
            raise ObjectTooLargeError()
        self._fill(4 + length, True)
        self._buf.drop(4)
        return self._buf.take(length)

    def close(self) -> None:
        self._src.close()


class LengthDelimitedFrameWriter:
    def __init__(self, w: Any):
        self._w = w

    def write(self, data: bytes) -> int:
        self._w.write(struct.pack(">I", len(data)))
        written: int = self._w.write(data)
        return written
