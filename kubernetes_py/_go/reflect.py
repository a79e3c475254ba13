"""Go's ``reflect`` and ``==`` on decoded JSON values (the ``interface{}`` values of ``_go.json.unmarshal``): type and
kind names as Go prints them, and Go's equality of two such values."""

from __future__ import annotations

from typing import Any

from kubernetes_py._go.fmt import go_type_name

__all__ = ["type_name", "kind_name", "go_type", "go_equal"]


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


_GO_TYPES = {
    type(None): "nil",
    bool: "bool",
    int: "int64",
    float: "float64",
    str: "string",
    dict: "map[string]interface {}",
    list: "[]interface {}",
}


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
    return bool(a == b)
