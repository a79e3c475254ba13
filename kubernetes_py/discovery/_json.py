"""JSON in and out of API messages for discovery (Go's encoding/json through runtime's converter), and the
negotiator of the discovery REST client (client-go's NoopEncoder around ``scheme.Codecs.UniversalDecoder()``:
bodies decode into the message a caller gives, a ``Status`` on its own so errors carry the server's message).
"""
from __future__ import annotations

import json
from typing import Any, Optional

from kubernetes_py.apimachinery.runtime import _jsonconv

__all__ = ["DiscoveryNegotiator", "decode_json", "decode_json_into", "encode_json"]


def _loads(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as err:
        raise ValueError(f"invalid JSON in discovery response: {err}") from None


def decode_json(cls: type, data: bytes) -> Any:
    """Go's json.Unmarshal of ``data`` into a new ``cls`` message."""
    return _jsonconv.decode(cls, _loads(data), source=data)


def decode_json_into(message: Any, data: bytes) -> Any:
    """Go's json.Unmarshal of ``data`` into an existing message (its content is replaced)."""
    _jsonconv.decode_into(message, _loads(data))
    return message


def encode_json(message: Any, api_version: str, kind: str) -> bytes:
    """The JSON a legacy codec writes for a message of the given apiVersion/kind (ends with a newline)."""
    value = _jsonconv.encode(message)
    out = {"kind": kind, "apiVersion": api_version}
    out.update((k, v) for k, v in value.items() if k not in ("kind", "apiVersion"))
    return json.dumps(out, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


class DiscoveryNegotiator:
    """The REST client negotiator of discovery clients: every answer is read by ``scheme.Codecs.universal_decoder()``
    (JSON or protobuf, whatever the content type), as client-go wraps that decoder for any media type."""

    def decoder(self, content_type: str, params: Optional[dict] = None) -> Any:
        from kubernetes_py.kubernetes import scheme

        return scheme.Codecs.universal_decoder()

    def encoder(self, content_type: str, params: Optional[dict] = None) -> Any:
        raise ValueError("the discovery client sends no request bodies")

    def stream_decoder(self, content_type: str, params: Optional[dict] = None) -> Any:
        raise ValueError("the discovery client does not watch")
