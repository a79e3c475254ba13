"""sigs.k8s.io/structured-merge-diff/v6/value, for decoded JSON values: the total order (``compare``),
equality (``equals``) and text (``to_string``) structured-merge-diff gives values, and their JSON.

Numbers compare numerically across int and float (Go's value.Compare does too); a bool is never a number.
"""

from __future__ import annotations

import functools
from typing import Any, TypeGuard

from kubernetes_py._go.json import go_json
from kubernetes_py._go.strconv import go_format_float, go_quote

__all__ = [
    "MISSING",
    "compare",
    "equals",
    "less",
    "to_string",
    "to_json",
    "from_json",
    "sort_key",
    "is_map",
    "is_list",
    "is_null",
    "is_scalar",
    "is_number",
    "is_float",
    "is_int",
    "is_string",
    "is_bool",
    "Field",
    "FieldList",
]


class _Missing:
    """Go's nil value.Value: no value at all (as opposed to a JSON null)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


def is_bool(v: Any) -> bool:
    return type(v) is bool


def is_int(v: Any) -> bool:
    return isinstance(v, int) and type(v) is not bool


def is_float(v: Any) -> bool:
    return isinstance(v, float)


def is_number(v: Any) -> bool:
    return is_int(v) or is_float(v)


def is_string(v: Any) -> bool:
    return isinstance(v, str)


def is_map(v: Any) -> TypeGuard[dict[Any, Any]]:
    return isinstance(v, dict)


def is_list(v: Any) -> TypeGuard[list[Any] | tuple[Any, ...]]:
    return isinstance(v, (list, tuple))


def is_null(v: Any) -> bool:
    return v is None


def is_scalar(v: Any) -> bool:
    return is_number(v) or is_string(v) or is_bool(v)


def _rank(v: Any) -> int:
    if is_number(v):
        return 0
    if is_string(v):
        return 1
    if is_bool(v):
        return 2
    if is_list(v):
        return 3
    if is_map(v):
        return 4
    if v is None:
        return 5
    return 6


def _cmp(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)


def compare(lhs: Any, rhs: Any) -> int:
    """Go's value.Compare: -1, 0 or 1, a total order over values of any types (numbers < strings < bools <
    lists < maps < null)."""
    rl, rr = _rank(lhs), _rank(rhs)
    if rl != rr:
        return -1 if rl < rr else 1
    if rl in (0, 1, 2):
        return _cmp(lhs, rhs)
    if rl == 3:
        for a, b in zip(lhs, rhs):
            c = compare(a, b)
            if c:
                return c
        return _cmp(len(lhs), len(rhs))
    if rl == 4:
        return _map_compare(lhs, rhs)
    return 0


def _map_compare(lhs: dict[Any, Any], rhs: dict[Any, Any]) -> int:
    # value.MapCompare: zip the keys in lexical order; the first key only one side has, or the first
    # differing value, decides.
    llength, rlength = len(lhs), len(rhs)
    if llength == 0 and rlength == 0:
        return 0
    for i, key in enumerate(sorted(set(lhs) | set(rhs))):
        if i == llength:
            return -1
        if i == rlength:
            return 1
        if key not in lhs:
            return 1
        if key not in rhs:
            return -1
        c = compare(lhs[key], rhs[key])
        if c:
            return c
    return 0


def less(lhs: Any, rhs: Any) -> bool:
    return compare(lhs, rhs) < 0


sort_key = functools.cmp_to_key(compare)


def equals(lhs: Any, rhs: Any) -> bool:
    """Go's value.Equals: deep equality, numbers numerically across int and float, bools apart from numbers."""
    if is_number(lhs):
        return is_number(rhs) and lhs == rhs
    if is_bool(lhs) or is_string(lhs):
        return type(rhs) is type(lhs) and lhs == rhs
    if lhs is None:
        return rhs is None
    if is_list(lhs):
        return is_list(rhs) and len(lhs) == len(rhs) and all(equals(a, b) for a, b in zip(lhs, rhs))
    if is_map(lhs):
        if not is_map(rhs) or len(lhs) != len(rhs):
            return False
        for k, v in lhs.items():
            if k not in rhs or not equals(v, rhs[k]):
                return False
        return True
    return lhs is rhs


def to_string(v: Any) -> str:
    """Go's value.ToString: the text of a value inside a path (``"x"``, ``1``, ``true``, ``[1,2]``)."""
    if v is None:
        return "null"
    if is_float(v):
        return go_format_float(v)
    if is_int(v):
        return str(v)
    if is_string(v):
        return go_quote(v)
    if is_bool(v):
        return "true" if v else "false"
    if is_list(v):
        return "[" + ",".join(to_string(x) for x in v) + "]"
    if is_map(v):
        return "".join(f"{k}={to_string(x)}" for k, x in v.items())
    return "{{undefined}}"


def to_json(v: Any) -> str:
    """The JSON text structured-merge-diff writes for a value (json-iterator's standard-library mode: keys
    sorted, <>& escaped, Go's float digits)."""
    return go_json(v)


def from_json(data: str | bytes) -> Any:
    """A value from JSON text, numbers as apimachinery's JSON decoding gives them (int64 or float64)."""
    from kubernetes_py._go.json import unmarshal

    return unmarshal(data)


class Field:
    """A name and a value: one key field of an associative list item."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: Any):
        self.name, self.value = name, value

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.value!r})"


FieldList = list[Field]
