"""encoding/json's encoder (encode.go) as Go writes decoded values: compact or indented, keys sorted or in their
order, <, > and & escaped, UTF-8 kept as is, float64 in Go's digits (plain from 1e-6 to 1e21, ``3`` for 3.0, ``1e-7``
below and ``1e+21`` from there on), values nested deeper than Python recurses written by a loop.

Two writers: ``go_json``/``marshal`` for the small values of error messages and patches (its errors are Go's:
"json: unsupported type: ..."), and ``dumps``/``raw_json_text`` for whole objects of the JSON codec, where numbers read
from embedded raw JSON (RawFloat) keep the digits they were given, as Go writes raw JSON."""

from __future__ import annotations

import json
import math
import re
import secrets
from typing import Any, Optional

from kubernetes_py._go.json.scanner import MAX_NESTING_DEPTH
from kubernetes_py._go.strconv import _exponent, _fixed, _shortest_digits, go_format_float, go_string

__all__ = [
    "RawFloat",
    "dumps",
    "dumps_deep",
    "go_json",
    "go_json_escape_html",
    "go_json_float",
    "go_json_string",
    "marshal",
    "raw_json_text",
]


def go_json_escape_html(text: str) -> str:
    """Escape, in JSON text written by Python's encoder with ``ensure_ascii=False``, what Go's encoding/json
    escapes besides: <, > and & (HTML safety) and U+2028/U+2029. Those characters only occur inside strings."""
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        text = (
            text.replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
            .replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029")
        )
    return text


def go_json_string(s: str) -> str:
    """encoding/json's text for a string: non-ASCII kept as is, HTML characters escaped."""
    return go_json_escape_html(json.dumps(s, ensure_ascii=False))


_PLAIN_JSON_TYPES = (str, int, bool, type(None))


def _needs_go_formatting(value: Any) -> bool:
    # True where Python's C encoder would not write Go's text: a float (Go's digits differ), a key that is not
    # a string, or a type outside the decoded-JSON ones (the slow path names it in its error).
    cls = type(value)
    if cls in _PLAIN_JSON_TYPES:
        return False
    if cls is dict:
        return any(type(k) is not str or _needs_go_formatting(v) for k, v in value.items())
    if cls is list or cls is tuple:
        return any(_needs_go_formatting(v) for v in value)
    return True


def go_json(value: Any) -> str:
    """Compact JSON the way Go's ``json.Marshal`` writes a decoded value (map keys sorted, HTML characters
    escaped, floats in Go's digits); a value outside JSON raises TypeError with Go's message."""
    if not _needs_go_formatting(value):
        # For these values the C encoder writes Go's text once the HTML characters are escaped.
        return go_json_escape_html(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
    return _go_json(value)


def _go_json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_json_float(value)
    if isinstance(value, str):
        return go_json_string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{go_json_string(str(k))}:{_go_json(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_go_json(v) for v in value) + "]"
    raise TypeError(f"json: unsupported type: {type(value).__name__}")


def go_json_float(f: float) -> str:
    """encoding/json's text for a float64: plain digits, exponent form only below 1e-6 or from 1e21 on."""
    if math.isnan(f) or math.isinf(f):
        raise ValueError(f"json: unsupported value: {go_format_float(f)}")
    if f == 0:
        return "0" if math.copysign(1, f) > 0 else "-0"
    negative, digits, exp = _shortest_digits(f)
    if abs(f) < 1e-6 or abs(f) >= 1e21:
        return _exponent(negative, digits, exp, 1)
    return _fixed(negative, digits, exp)


def marshal(value: Any) -> bytes:
    """Go's json.Marshal of a decoded value, as bytes (keys sorted, <>& escaped)."""
    return go_json(value).encode("utf-8")


class RawFloat(float):
    """A number of embedded raw JSON (RawExtension, FieldsV1, apiextensions JSON), which ``dumps`` writes as
    Python reads it (the digits of the kept text, for what Go's encoder wrote), not as a float64 value."""

    __slots__ = ()


# A float64 is written as a string that holds its Go text between two marks, which are then removed: the json
# module writes every float with repr, and has no hook for numbers. The marks cannot occur in a value's strings
# (a private-use character followed by a token drawn per process).
_MARK = "\ue000" + secrets.token_hex(8)
_MARKED = re.compile('"' + _MARK + '([^"]*)' + _MARK + '"')


def _is_go_float(x: Any) -> bool:
    return isinstance(x, float) and x.__class__ is not RawFloat and x - x == 0  # finite: json raises for the rest


def _has_go_float(value: Any) -> bool:
    stack: list[Any] = [value]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
        elif _is_go_float(x):
            return True
    return False


def _mark_go_floats(value: Any) -> Any:
    """A copy of ``value`` (its containers) with each float64 replaced by its marked Go text."""
    root = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        container, key = stack.pop()
        x = container[key]
        copy: Any
        if isinstance(x, dict):
            container[key] = copy = dict(x)
            stack.extend((copy, k) for k in copy)
        elif isinstance(x, (list, tuple)):
            container[key] = copy = list(x)
            stack.extend((copy, i) for i in range(len(copy)))
        elif _is_go_float(x):
            container[key] = _MARK + go_json_float(x) + _MARK
    return root[0]


def dumps(value: Any, sort_keys: bool = False, indent: bool = False) -> bytes:
    """Compact (or two-space indented) JSON with Go's escaping of <, > and &, UTF-8 kept as is, floats in Go's
    text."""
    marked = _has_go_float(value)
    if marked:
        value = _mark_go_floats(value)
    try:
        if indent:
            text = json.dumps(
                value, ensure_ascii=False, indent=2, sort_keys=sort_keys, allow_nan=False, default=_default
            )
        else:
            text = json.dumps(
                value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys, allow_nan=False, default=_default
            )
    except RecursionError:
        text = dumps_deep(value, sort_keys=sort_keys, indent=2 if indent else None)
    if marked:
        text = _MARKED.sub(r"\1", text)
    return go_json_escape_html(text).encode("utf-8")


_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode


def raw_json_text(value: Any) -> bytes:
    """The bytes kept for embedded raw JSON (RawExtension, FieldsV1...) read as ``value``: compact, as Go
    writes it (HTML characters escaped), keys in their order."""
    try:
        text = _COMPACT(value)
    except RecursionError:
        text = dumps_deep(value)
    return go_json_escape_html(text).encode("utf-8")


def _default(value: Any) -> str:
    """Strings protobuf hands back as bytes (not valid UTF-8) are written as Go writes them."""
    if isinstance(value, (bytes, bytearray)):
        return go_string(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps_deep(value: Any, sort_keys: bool = False, indent: Optional[int] = None) -> str:
    """json.dumps(value, ensure_ascii=False, allow_nan=False) with the separators of ``indent`` (None: compact),
    by a loop: for values nested deeper than the json module recurses. Raises ValueError for a value nested
    deeper than Go's limit or that is not JSON."""
    one = json.JSONEncoder(ensure_ascii=False, allow_nan=False, default=_default).encode
    item_sep, key_sep = (",", ":") if indent is None else (",", ": ")
    out: list[str] = []
    # The work list holds values to write and literal text (in a 1-tuple) to write between them.
    work: list[Any] = [(value, 0)]
    while work:
        entry = work.pop()
        if len(entry) == 1:
            out.append(entry[0])
            continue
        item, depth = entry
        if depth > MAX_NESTING_DEPTH:
            raise ValueError(f"json: value nested deeper than {MAX_NESTING_DEPTH} levels")
        if isinstance(item, dict) and item:
            keys = sorted(item) if sort_keys else list(item)
            pad = "" if indent is None else "\n" + " " * (indent * (depth + 1))
            end = "" if indent is None else "\n" + " " * (indent * depth)
            parts: list[Any] = [(("{" + pad),)]
            for idx, k in enumerate(keys):
                if idx:
                    parts.append(((item_sep + pad),))
                parts.append((one(k if isinstance(k, str) else _key_text(k)) + key_sep,))
                parts.append((item[k], depth + 1))
            parts.append(((end + "}"),))
            work.extend(reversed(parts))
        elif isinstance(item, (list, tuple)) and item:
            pad = "" if indent is None else "\n" + " " * (indent * (depth + 1))
            end = "" if indent is None else "\n" + " " * (indent * depth)
            parts = [(("[" + pad),)]
            for idx, v in enumerate(item):
                if idx:
                    parts.append(((item_sep + pad),))
                parts.append((v, depth + 1))
            parts.append(((end + "]"),))
            work.extend(reversed(parts))
        else:
            out.append(one(item))
    return "".join(out)


def _key_text(k: Any) -> str:
    if isinstance(k, (bytes, bytearray)):
        return go_string(k)
    return json.dumps(k) if not isinstance(k, str) else k
