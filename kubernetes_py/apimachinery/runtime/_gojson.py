"""JSON text as Go's encoding/json writes it, and JSON parsing as apimachinery's util/json reads it."""
from __future__ import annotations

import json
from typing import Any

from kubernetes_py.apimachinery.util._goformat import go_json_escape_html, go_json_int


def dumps(value: Any, sort_keys: bool = False, indent: bool = False) -> bytes:
    """Compact (or two-space indented) JSON with Go's escaping of <, > and &, UTF-8 kept as is."""
    if indent:
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=sort_keys, allow_nan=False)
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys, allow_nan=False)
    return go_json_escape_html(text).encode("utf-8")


def loads_preserving_ints(data) -> Any:
    """Parse JSON the way apimachinery's json.Unmarshal into interface{} does: integers that fit int64
    stay ints, other numbers are floats."""
    return json.loads(data, parse_int=go_json_int)


class JSONSyntaxError(ValueError):
    """Malformed JSON, with the position of the problem."""


def describe_json_error(err: json.JSONDecodeError) -> str:
    return f"{err.msg} at line {err.lineno} column {err.colno} (char {err.pos})"
