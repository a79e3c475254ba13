"""Go's view of decoded JSON values: ``encoding/json`` output, ``fmt`` ``%v`` text, type names and ``==``.

Values are what apimachinery's util/json decodes into ``interface{}``: dict (``map[string]interface {}``),
list (``[]interface {}``), str, bool, int (int64), float (float64) and None (nil).
"""
from __future__ import annotations

import json
import math
from typing import Any

from kubernetes_py.apimachinery.util._goformat import go_format_float

__all__ = ["marshal", "unmarshal", "sprint", "type_name", "kind_name", "go_equal", "JSONDecodeError"]

JSONDecodeError = json.JSONDecodeError
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _parse_int(text: str) -> Any:
    value = int(text)
    return value if _INT64_MIN <= value <= _INT64_MAX else float(text)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON literal {name}")


def unmarshal(data: Any) -> Any:
    """Decode JSON as apimachinery's json.Unmarshal into interface{} does (integers stay int64)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data).decode("utf-8")
    return json.loads(data, parse_int=_parse_int, parse_constant=_reject_constant)


def _float(f: float) -> str:
    if math.isnan(f) or math.isinf(f):
        raise ValueError(f"json: unsupported value: {go_format_float(f)}")
    if f == 0:
        return "-0" if math.copysign(1, f) < 0 else "0"
    exp = abs(f)
    if exp < 1e-6 or exp >= 1e21:
        text = repr(f)
        if "e" not in text:
            text = f"{f:e}"
        mantissa, _, e = text.partition("e")
        if mantissa.endswith(".0"):
            mantissa = mantissa[:-2]
        e_int = int(e)
        return f"{mantissa}e{'-' if e_int < 0 else '+'}{abs(e_int):02d}" if abs(e_int) >= 10 else \
            f"{mantissa}e{'-' if e_int < 0 else '+'}{abs(e_int)}"
    text = repr(f)
    if "e" in text or "E" in text:
        text = format(f, "f")
    if text.endswith(".0"):
        text = text[:-2]
    return text


def _string(s: str) -> str:
    text = json.dumps(s, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def marshal(value: Any) -> bytes:
    """Compact JSON as Go's json.Marshal writes a decoded value (keys sorted, <>& escaped)."""
    if not _has_float(value):
        # The C encoder writes the same text as Go once <, >, & and U+2028/9 (only ever inside strings)
        # are escaped; floats need Go's formatting and take the slow path.
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
            text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
        return text.encode("utf-8")
    return _marshal(value).encode("utf-8")


def _marshal(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{_string(k)}:{_marshal(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_marshal(v) for v in value) + "]"
    raise TypeError(f"json: unsupported type: {type(value).__name__}")


def sprint(value: Any) -> str:
    """Go's ``fmt.Sprintf("%v", value)`` of a decoded JSON value (map keys sorted, as fmt prints them)."""
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{sprint(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(sprint(v) for v in value) + "]"
    return str(value)


def type_name(value: Any) -> str:
    """``reflect.TypeOf(value).String()`` (``%!s(<nil>)`` for nil, as fmt prints a nil reflect.Type with %s)."""
    if value is None:
        return "%!s(<nil>)"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return type(value).__name__


def kind_name(value: Any) -> str:
    """``reflect.TypeOf(value).Kind().String()``; "nil" for nil."""
    if value is None:
        return "nil"
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "slice"
    return type_name(value)


_GO_TYPES = {type(None): "nil", bool: "bool", int: "int64", float: "float64", str: "string",
             dict: "map[string]interface {}", list: "[]interface {}"}


def go_type(value: Any) -> str:
    """A key that is equal for two values exactly when reflect.TypeOf gives the same type."""
    name = _GO_TYPES.get(type(value))
    if name is not None:
        return name
    return "nil" if value is None else type_name(value)


def go_equal(a: Any, b: Any) -> bool:
    """Go's ``==`` on two interface{} values: same dynamic type and equal value.

    Maps and slices are not comparable in Go (comparing them panics); this raises TypeError likewise."""
    if go_type(a) != go_type(b):
        return False
    if isinstance(a, (dict, list)):
        raise TypeError(f"runtime error: comparing uncomparable type {type_name(a)}")
    return a == b
