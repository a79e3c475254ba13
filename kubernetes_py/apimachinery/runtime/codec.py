"""runtime.Encode / Decode / DecodeInto and the no-op codecs (k8s.io/apimachinery/pkg/runtime/codec.go)."""

from __future__ import annotations

import io
from typing import Optional

from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind

from .error import type_string
from .interfaces import Decoder, Encoder, Object, ObjectCreater, ObjectTyper, Writer


def encode(e: Encoder, obj: Object) -> bytes:
    """The bytes ``e`` writes for ``obj``."""
    buf = io.BytesIO()
    e.encode(obj, buf)
    return buf.getvalue()


def decode(d: Decoder, data: bytes) -> Object:
    """The object ``d`` decodes from ``data`` (the kind comes from the data)."""
    obj, _gvk = d.decode(data, None, None)
    return obj


def decode_into(d: Decoder, data: bytes, into: Object) -> None:
    """Decode into ``into``; raises if the decoder produced a different object."""
    out, gvk = d.decode(data, None, into)
    if out is not into:
        raise ValueError(f"unable to decode {gvk} into *{type_string(into)}")


def encode_or_die(e: Encoder, obj: Object) -> str:
    return encode(e, obj).decode("utf-8")


def use_or_create_object(
    typer: ObjectTyper, creater: ObjectCreater, gvk: GroupVersionKind, obj: Optional[Object]
) -> Object:
    """``obj`` when it is registered as ``gvk``, else a new object for ``gvk``."""
    if obj is not None:
        kinds, _ = typer.object_kinds(obj)
        if gvk in kinds:
            return obj
    return creater.new(gvk)


class _Decodes:
    """Go's embedded Decoder: decodes through ``decoder``."""

    decoder: Decoder

    def decode(
        self, data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        return self.decoder.decode(data, defaults, into)


class _Encodes:
    """Go's embedded Encoder: encodes through ``encoder``, with its identifier."""

    encoder: Encoder

    def encode(self, obj: Object, w: Writer) -> None:
        self.encoder.encode(obj, w)

    def identifier(self) -> str:
        return self.encoder.identifier()


class Codec(_Encodes, _Decodes):
    """An Encoder and a Decoder in one (Go's runtime.NewCodec)."""

    def __init__(self, encoder: Encoder, decoder: Decoder):
        self.encoder = encoder
        self.decoder = decoder


def new_codec(e: Encoder, d: Decoder) -> Codec:
    return Codec(e, d)


class NoopEncoder(_Decodes):
    """Decodes with ``decoder``; refuses to encode."""

    def __init__(self, decoder: Decoder):
        self.decoder = decoder

    def encode(self, obj: Object, w: Writer) -> None:
        raise ValueError(f"encoding is not allowed for this codec: {type_string(self.decoder)}")

    def identifier(self) -> str:
        return "noop"


class NoopDecoder(_Encodes):
    """Encodes with ``encoder``; refuses to decode."""

    def __init__(self, encoder: Encoder):
        self.encoder = encoder

    def decode(
        self, data: bytes, defaults: Optional[GroupVersionKind] = None, into: Optional[Object] = None
    ) -> tuple[Object, GroupVersionKind]:
        raise ValueError(f"decoding is not allowed for this codec: {type_string(self.encoder)}")
