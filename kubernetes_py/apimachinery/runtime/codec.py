"""runtime.Encode / Decode / DecodeInto and the no-op codecs (k8s.io/apimachinery/pkg/runtime/codec.go)."""

from __future__ import annotations

import io
from typing import Any

from .error import type_string


def encode(e, obj) -> bytes:
    """The bytes ``e`` writes for ``obj``."""
    buf = io.BytesIO()
    e.encode(obj, buf)
    return buf.getvalue()


def decode(d, data: bytes):
    """The object ``d`` decodes from ``data`` (the kind comes from the data)."""
    obj, _gvk = d.decode(data, None, None)
    return obj


def decode_into(d, data: bytes, into) -> None:
    """Decode into ``into``; raises if the decoder produced a different object."""
    out, gvk = d.decode(data, None, into)
    if out is not into:
        raise ValueError(f"unable to decode {gvk} into *{type_string(into)}")


def encode_or_die(e, obj) -> str:
    return encode(e, obj).decode("utf-8")


def use_or_create_object(typer, creater, gvk, obj):
    """``obj`` when it is registered as ``gvk``, else a new object for ``gvk``."""
    if obj is not None:
        kinds, _ = typer.object_kinds(obj)
        if gvk in kinds:
            return obj
    return creater.new(gvk)


class Codec:
    """An Encoder and a Decoder in one (Go's runtime.NewCodec)."""

    def __init__(self, encoder, decoder):
        self.encoder = encoder
        self.decoder = decoder

    def encode(self, obj, w) -> None:
        self.encoder.encode(obj, w)

    def decode(self, data, defaults=None, into=None):
        return self.decoder.decode(data, defaults, into)

    def identifier(self) -> str:
        return self.encoder.identifier()


def new_codec(e, d) -> Codec:
    return Codec(e, d)


class NoopEncoder:
    """Decodes with ``decoder``; refuses to encode."""

    def __init__(self, decoder):
        self.decoder = decoder

    def encode(self, obj, w) -> None:
        raise ValueError(f"encoding is not allowed for this codec: {type_string(self.decoder)}")

    def decode(self, data, defaults=None, into=None):
        return self.decoder.decode(data, defaults, into)

    def identifier(self) -> str:
        return "noop"


class NoopDecoder:
    """Encodes with ``encoder``; refuses to decode."""

    def __init__(self, encoder):
        self.encoder = encoder

    def encode(self, obj, w) -> None:
        self.encoder.encode(obj, w)

    def decode(self, data, defaults=None, into=None) -> Any:
        raise ValueError(f"decoding is not allowed for this codec: {type_string(self.encoder)}")

    def identifier(self) -> str:
        return self.encoder.identifier()
