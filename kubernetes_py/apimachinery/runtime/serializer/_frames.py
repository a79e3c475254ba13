"""Frame readers and writers: how a stream of objects is split into one object per frame.

A frame reader has ``read_frame() -> bytes`` (raises EOFError at a clean end of the stream, and
UnexpectedEOFError, an EOFError, when the stream ends inside a frame) and ``close()``. The source
is a binary file-like object (``read1`` or ``read``) or an iterable of byte chunks.
"""
from __future__ import annotations

import json
import struct


class UnexpectedEOFError(EOFError):
    """The stream ended in the middle of a frame (Go's io.ErrUnexpectedEOF)."""


class _Source:
    """Reads whatever bytes are available from a file-like object or an iterator of chunks."""

    def __init__(self, r):
        self._r = r
        if hasattr(r, "read1"):
            self._read = lambda: r.read1(65536)
        elif hasattr(r, "read"):
            self._read = lambda: r.read(65536)
        else:
            it = iter(r)
            self._read = lambda: next(it, b"")

    def read_some(self) -> bytes:
        data = self._read()
        return bytes(data) if data else b""

    def close(self) -> None:
        close = getattr(self._r, "close", None)
        if close is not None:
            close()


class JSONFrameReader:
    """Splits a stream of JSON values (objects one after another, any whitespace between)."""

    def __init__(self, r):
        self._src = _Source(r)
        self._buf = b""
        self._decoder = json.JSONDecoder()

    def read_frame(self) -> bytes:
        while True:
            text = self._buf.lstrip()
            if text:
                end = _json_value_end(text)
                if end is not None:
                    self._buf = text[end:]
                    return text[:end]
            chunk = self._src.read_some()
            if not chunk:
                if text:
                    raise UnexpectedEOFError(f"unexpected EOF: the stream ended inside a JSON value "
                                             f"({len(text)} bytes pending)")
                raise EOFError("EOF")
            self._buf = text + chunk

    def close(self) -> None:
        self._src.close()


def _json_value_end(data: bytes):
    """The end offset of the first complete JSON object or array in ``data``, or None if incomplete.

    Scans brackets outside strings; the frame is validated when it is decoded."""
    first = data[:1]
    if first not in (b"{", b"["):
        # A scalar: it ends at the next whitespace once more data (or EOF) shows it is complete.
        for i, byte in enumerate(data):
            if byte in b" \t\r\n":
                return i
        return None
    depth = 0
    in_string = False
    escaped = False
    for i, byte in enumerate(data):
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x7B, 0x5B):
            depth += 1
        elif byte in (0x7D, 0x5D):
            depth -= 1
            if depth == 0:
                return i + 1
    return None


class YAMLFrameReader:
    """Splits a YAML stream into documents at lines that start with '---'."""

    def __init__(self, r):
        self._src = _Source(r)
        self._buf = b""
        self._eof = False

    def read_frame(self) -> bytes:
        while True:
            doc = self._next_document()
            if doc is not None:
                return doc
            if self._eof:
                rest, self._buf = self._buf, b""
                if rest.strip():
                    return rest
                raise EOFError("EOF")
            chunk = self._src.read_some()
            if not chunk:
                self._eof = True
            self._buf += chunk

    def _next_document(self):
        start = 0
        while True:
            nl = self._buf.find(b"\n", start)
            if nl < 0:
                return None
            line = self._buf[start:nl]
            if line.startswith(b"---") and line[3:].strip() == b"":
                doc = self._buf[:start]
                self._buf = self._buf[nl + 1:]
                if doc.strip():
                    return doc
                start = 0
                continue
            start = nl + 1

    def close(self) -> None:
        self._src.close()


class YAMLFrameWriter:
    """Writes '---' between YAML documents."""

    def __init__(self, w):
        self._w = w

    def write(self, data: bytes) -> int:
        self._w.write(b"---\n")
        return self._w.write(data)


class LengthDelimitedFrameReader:
    """Frames prefixed with their length as a 4-byte big-endian integer (protobuf watch streams)."""

    def __init__(self, r):
        self._src = _Source(r)
        self._buf = b""

    def _fill(self, n: int, inside: bool) -> bool:
        while len(self._buf) < n:
            chunk = self._src.read_some()
            if not chunk:
                if self._buf or inside:
                    raise UnexpectedEOFError(
                        f"unexpected EOF: the stream ended inside a length-delimited frame "
                        f"(have {len(self._buf)} of {n} bytes)")
                return False
            self._buf += chunk
        return True

    def read_frame(self) -> bytes:
        if not self._fill(4, False):
            raise EOFError("EOF")
        (length,) = struct.unpack(">I", self._buf[:4])
        self._fill(4 + length, True)
        frame = self._buf[4:4 + length]
        self._buf = self._buf[4 + length:]
        return frame

    def close(self) -> None:
        self._src.close()


class LengthDelimitedFrameWriter:
    def __init__(self, w):
        self._w = w

    def write(self, data: bytes) -> int:
        self._w.write(struct.pack(">I", len(data)))
        return self._w.write(data)
