"""Port of k8s.io/apimachinery/pkg/runtime/serializer/streaming: one object per frame of a stream."""

from __future__ import annotations

import inspect
import io
from typing import Optional

from kubernetes_py.apimachinery.runtime.interfaces import Decoder as ObjectDecoder
from kubernetes_py.apimachinery.runtime.interfaces import Encoder as ObjectEncoder
from kubernetes_py.apimachinery.runtime.interfaces import FrameReader, Object, Writer
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind

from .._frames import ObjectTooLargeError, UnexpectedEOFError

MAX_BYTES = 16 * 1024 * 1024

ErrObjectTooLarge = ObjectTooLargeError


class Decoder:
    """Reads one frame at a time from a frame reader and decodes it.

    ``decode(defaults=None, into=None) -> (obj, gvk)``; raises EOFError at the end of the stream, and
    ObjectTooLargeError for a frame over ``max_bytes`` (a frame reader that takes the limit refuses the frame
    before buffering it; the next decode goes on with the frame after it, as Go's decoder does).
    """

    def __init__(self, frame_reader: FrameReader, decoder: ObjectDecoder, max_bytes: int = MAX_BYTES):
        self._reader = frame_reader
        self._decoder = decoder
        self._max_bytes = max_bytes
        try:
            self._reader_limits = "max_bytes" in inspect.signature(frame_reader.read_frame).parameters
        except (TypeError, ValueError):
            self._reader_limits = False

    def decode(
        self, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        return self._decoder.decode(self.read_frame(), defaults, into)

    def read_frame(self) -> bytes:
        """The next frame, not decoded: what decode() decodes (EOFError and ObjectTooLargeError as there)."""
        if self._reader_limits:
            frame: bytes = self._reader.read_frame(max_bytes=self._max_bytes)  # type: ignore[call-arg] # checked above
        else:
            frame = self._reader.read_frame()
        if len(frame) > self._max_bytes:
            raise ObjectTooLargeError()
        return frame

    @property
    def frame_reader(self) -> FrameReader:
        return self._reader

    @property
    def decoder(self) -> ObjectDecoder:
        """The decoder of each frame."""
        return self._decoder

    def close(self) -> None:
        self._reader.close()


def new_decoder(frame_reader: FrameReader, d: ObjectDecoder, max_bytes: int = MAX_BYTES) -> Decoder:
    return Decoder(frame_reader, d, max_bytes)


class Encoder:
    """Encodes each object and writes it to the frame writer in one write."""

    def __init__(self, writer: Writer, encoder: ObjectEncoder):
        self._writer = writer
        self._encoder = encoder

    def encode(self, obj: Object) -> None:
        buf = io.BytesIO()
        self._encoder.encode(obj, buf)
        self._writer.write(buf.getvalue())


def new_encoder(w: Writer, e: ObjectEncoder) -> Encoder:
    return Encoder(w, e)


__all__ = [
    "Decoder",
    "Encoder",
    "ErrObjectTooLarge",
    "MAX_BYTES",
    "ObjectTooLargeError",
    "UnexpectedEOFError",
    "new_decoder",
    "new_encoder",
]
