"""JSON in and out of API messages for discovery, through runtime's converter (Go's encoding/json + scheme codecs).

``DiscoveryNegotiator`` is what the discovery REST client decodes answers with: JSON only, the way
client-go's discovery client uses ``scheme.Codecs.UniversalDecoder()`` behind a NoopEncoder (a body
decodes into the message a caller gives, and a ``Status`` decodes on its own so errors carry the
server's message).
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


class _JSONDecoder:
    def decode(self, data: bytes, defaults: Any = None, into: Any = None) -> tuple[Any, Any]:
        if into is not None:
            return decode_json_into(into, data), None
        value = _loads(data)
        if isinstance(value, dict) and value.get("kind") == "Status":
            from kubernetes_py.apimachinery.apis.meta import v1 as metav1

            return _jsonconv.decode(metav1.Status, value, source=data), None
        kind = value.get("kind") if isinstance(value, dict) else None
        raise ValueError(f"discovery cannot decode an object of kind {kind!r} without a target")


class DiscoveryNegotiator:
    """The REST client negotiator of discovery clients: JSON for every media type the server names JSON."""

    _decoder = _JSONDecoder()

    def decoder(self, content_type: str, params: Optional[dict] = None) -> _JSONDecoder:
        if content_type != "application/json":
            raise ValueError(f"the content type {content_type!r} is not supported by the discovery client")
        return self._decoder

    def encoder(self, content_type: str, params: Optional[dict] = None) -> Any:
        raise ValueError("the discovery client sends no request bodies")

    def stream_decoder(self, content_type: str, params: Optional[dict] = None) -> Any:
        raise ValueError("the discovery client does not watch")
