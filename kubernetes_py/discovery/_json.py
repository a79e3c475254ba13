"""Go's encoding/json.Unmarshal of discovery documents (/api, /apis, aggregated discovery) into API messages,
through runtime's converter."""

from __future__ import annotations

import json
from typing import Any

from kubernetes_py.apimachinery.runtime import _jsonconv

__all__ = ["decode_json"]


def _loads(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as err:
        raise ValueError(f"invalid JSON in discovery response: {err}") from None


def decode_json(cls: type, data: bytes) -> Any:
    """Go's json.Unmarshal of ``data`` into a new ``cls`` message."""
    return _jsonconv.decode(cls, _loads(data), source=data)
