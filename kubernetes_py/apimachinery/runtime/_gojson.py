"""JSON text as Go's encoding/json writes it, and JSON parsing as apimachinery's util/json reads it."""
from __future__ import annotations

import json
from typing import Any

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _escape(text: str) -> str:
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return text


def dumps(value: Any, sort_keys: bool = False, indent: bool = False) -> bytes:
    """Compact (or two-space indented) JSON with Go's escaping of <, > and &, UTF-8 kept as is."""
    if indent:
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys, allow_nan=False)
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys, allow_nan=False)
    return _escape(text).encode("utf-8")


def _go_int(text: str):
    value = int(text)
    if _INT64_MIN <= value <= _INT64_MAX:
        return value
    return float(text)


def loads_preserving_ints(data) -> Any:
    """Parse JSON the way apimachinery's json.Unmarshal into interface{} does: integers that fit int64
    stay ints, other numbers are floats."""
    return json.loads(data, parse_int=_go_int)


class JSONSyntaxError(ValueError):
    """Malformed JSON, with the position of the problem."""


def describe_json_error(err: json.JSONDecodeError) -> str:
    return f"{err.msg} at line {err.lineno} column {err.colno} (char {err.pos})"
