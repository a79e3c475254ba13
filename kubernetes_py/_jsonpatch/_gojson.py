"""Go's view of decoded JSON values for the patch packages: json.Marshal/Unmarshal, reflect type names and ``==``.

The text formatting itself (``go_json``, ``go_sprint``, ``go_type_name``) lives in kubernetes_py._go (json, fmt).

Values are what apimachinery's util/json decodes into ``interface{}``: dict (``map[string]interface {}``),
list (``[]interface {}``), str, bool, int (int64), float (float64) and None (nil).
"""
from __future__ import annotations

import json
from typing import Any

from kubernetes_py._go.fmt import go_type_name
from kubernetes_py._go.json import go_json, go_json_int

__all__ = ["marshal", "unmarshal", "type_name", "kind_name", "go_equal", "JSONDecodeError"]

JSONDecodeError = json.JSONDecodeError


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON literal {name}")


def unmarshal(data: Any) -> Any:
    """Decode JSON as apimachinery's json.Unmarshal into interface{} does (integers stay int64)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data).decode("utf-8")
    return json.loads(data, parse_int=go_json_int, parse_constant=_reject_constant)


def marshal(value: Any) -> bytes:
    """Go's json.Marshal of a decoded value, as bytes (keys sorted, <>& escaped)."""
    return go_json(value).encode("utf-8")


def type_name(value: Any) -> str:
    """``reflect.TypeOf(value).String()`` printed with %s: Go's %T text, except that a nil type prints as
    ``%!s(<nil>)`` (where %T would say ``<nil>``)."""
    if value is None:
        return "%!s(<nil>)"
    return go_type_name(value)


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
