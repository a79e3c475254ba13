"""Reading and writing fields of unstructured content by path
(k8s.io/apimachinery/pkg/apis/meta/v1/unstructured/helpers.go).

Go's ``(T, bool, error)`` is ``(value, found)`` here, and the error is raised as FieldTypeError
with Go's message, e.g. ``.spec.replicas accessor error: 3 is of the type string, expected int64``.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

from kubernetes_py._go.fmt import go_sprint as go_value, go_type_name
from kubernetes_py.apimachinery.runtime._jsonvalue import deep_copy_json, deep_copy_json_value

JSONObject = dict[str, Any]
"""Go's map[string]interface{}: a decoded JSON object (its values are any JSON value)."""

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


class FieldTypeError(TypeError):
    """A value on the path is not of the type the accessor needs."""


def _json_path(fields: Sequence[str]) -> str:
    return "." + ".".join(fields)


def _type_error(fields: Sequence[str], value: Any, expected: str) -> FieldTypeError:
    return FieldTypeError(
        f"{_json_path(fields)} accessor error: {go_value(value)} is of the type "
        f"{go_type_name(value)}, expected {expected}"
    )


def nested_field_no_copy(obj: Optional[JSONObject], *fields: str) -> tuple[Any, bool]:
    """The value at ``fields`` (not copied) and whether it was found."""
    val: Any = obj
    for i, field in enumerate(fields):
        if val is None:
            return None, False
        if isinstance(val, dict):
            if field not in val:
                return None, False
            val = val[field]
        else:
            raise _type_error(fields[: i + 1], val, "map[string]interface{}")
    return val, True


def nested_field_copy(obj: Optional[JSONObject], *fields: str) -> tuple[Any, bool]:
    """A deep copy of the value at ``fields`` and whether it was found."""
    val, found = nested_field_no_copy(obj, *fields)
    if not found:
        return None, False
    return deep_copy_json_value(val), True


def _is_int64(val: Any) -> bool:
    return isinstance(val, int) and not isinstance(val, bool) and _INT64_MIN <= val <= _INT64_MAX


def nested_string(obj: Optional[JSONObject], *fields: str) -> tuple[str, bool]:
    val, found = nested_field_no_copy(obj, *fields)
    if not found:
        return "", False
    if not isinstance(val, str):
        raise _type_error(fields, val, "string")
    return val, True


def nested_bool(obj: Optional[JSONObject], *fields: str) -> tuple[bool, bool]:
    val, found = nested_field_no_copy(obj, *fields)
    if not found:
        return False, False
    if not isinstance(val, bool):
        raise _type_error(fields, val, "bool")
    return val, True


def nested_float64(obj: Optional[JSONObject], *fields: str) -> tuple[float, bool]:
    val, found = nested_field_no_copy(obj, *fields)
    if not found:
        return 0.0, False
    if not isinstance(val, float):
        raise _type_error(fields, val, "float64")
    return val, True


def nested_int64(obj: Optional[JSONObject], *fields: str) -> tuple[int, bool]:
    val, found = nested_field_no_copy(obj, *fields)
    if not found:
        return 0, False
    if not _is_int64(val):
        raise _type_error(fields, val, "int64")
    return val, True


def nested_number_as_float64(obj: Optional[JSONObject], *fields: str) -> tuple[float, bool]:
    """An int64 or float64 value as a float; an int64 that a float cannot hold exactly is an error."""
    val, found = nested_field_no_copy(obj, *fields)
    if not found:
        return 0.0, False
    if _is_int64(val):
        f = float(val)
        if int(f) != val:
            raise FieldTypeError(
                f"{_json_path(fields)} accessor error: int64 value {val} cannot be losslessly converted to float64"
            )
        return f, True
    if isinstance(val, float):
        return val, True
    raise _type_error(fields, val, "float64 or int64")


def nested_string_slice(obj: Optional[JSONObject], *fields: str) -> tuple[Optional[list[str]], bool]:
    val, found = nested_field_no_copy(obj, *fields)
    if not found:
        return None, False
    if not isinstance(val, list):
        raise _type_error(fields, val, "[]interface{}")
    for v in val:
        if not isinstance(v, str):
            raise FieldTypeError(
                f"{_json_path(fields)} accessor error: contains non-string key in the slice: "
                f"{go_value(v)} is of the type {go_type_name(v)}, expected string"
            )
    return list(val), True


def nested_slice(obj: Optional[JSONObject], *fields: str) -> tuple[Optional[list[Any]], bool]:
    """A deep copy of the list at ``fields``."""
    val, found = nested_field_no_copy(obj, *fields)
    if not found:
        return None, False
    if not isinstance(val, list):
        raise _type_error(fields, val, "[]interface{}")
    return deep_copy_json_value(val), True


def _nested_map_no_copy(
    obj: Optional[JSONObject], tolerate_none: bool, fields: Sequence[str]
) -> tuple[Optional[JSONObject], bool]:
    val, found = nested_field_no_copy(obj, *fields)
    if not found:
        return None, False
    if val is None and tolerate_none:
        return None, True
    if not isinstance(val, dict):
        raise _type_error(fields, val, "map[string]interface{}")
    return val, True


def _non_string_value(fields: Sequence[str], key: str, v: Any) -> FieldTypeError:
    return FieldTypeError(
        f"{_json_path(fields)} accessor error: contains non-string value in the map under key "
        f'"{key}": {go_value(v)} is of the type {go_type_name(v)}, expected string'
    )


def nested_string_map(obj: Optional[JSONObject], *fields: str) -> tuple[Optional[dict[str, str]], bool]:
    m, _ = _nested_map_no_copy(obj, False, fields)
    if m is None:  # not found (a null map is found only when tolerated)
        return None, False
    for k, v in m.items():
        if not isinstance(v, str):
            raise _non_string_value(fields, k, v)
    return dict(m), True


def nested_null_coercing_string_map(obj: Optional[JSONObject], *fields: str) -> tuple[Optional[dict[str, str]], bool]:
    """Like nested_string_map, but a null map is (None, True) and null values read as ""."""
    m, found = _nested_map_no_copy(obj, True, fields)
    if not found or m is None:
        return None, found
    out: dict[str, str] = {}
    for k, v in m.items():
        if isinstance(v, str):
            out[k] = v
        elif v is None:
            out[k] = ""
        else:
            raise _non_string_value(fields, k, v)
    return out, True


def nested_map(obj: Optional[JSONObject], *fields: str) -> tuple[Optional[JSONObject], bool]:
    """A deep copy of the map at ``fields``."""
    m, _ = _nested_map_no_copy(obj, False, fields)
    if m is None:  # not found (a null map is found only when tolerated)
        return None, False
    return deep_copy_json(m), True


def _set_nested_field_no_copy(obj: JSONObject, value: Any, fields: Sequence[str]) -> None:
    if not fields:
        raise ValueError("set_nested_field needs at least one field name")
    m = obj
    for i, field in enumerate(fields[:-1]):
        if field in m:
            val = m[field]
            if not isinstance(val, dict):
                raise FieldTypeError(
                    f"value cannot be set because {_json_path(fields[: i + 1])} is not a map[string]interface{{}}"
                )
            m = val
        else:
            new_val: JSONObject = {}
            m[field] = new_val
            m = new_val
    m[fields[-1]] = value


def set_nested_field(obj: JSONObject, value: Any, *fields: str) -> None:
    """Set a deep copy of ``value`` at ``fields``, creating maps on the way."""
    _set_nested_field_no_copy(obj, deep_copy_json_value(value), fields)


def set_nested_string_slice(obj: JSONObject, value: Iterable[str], *fields: str) -> None:
    _set_nested_field_no_copy(obj, list(value), fields)


def set_nested_slice(obj: JSONObject, value: list[Any], *fields: str) -> None:
    set_nested_field(obj, value, *fields)


def set_nested_string_map(obj: JSONObject, value: Mapping[str, str], *fields: str) -> None:
    _set_nested_field_no_copy(obj, dict(value), fields)


def set_nested_map(obj: JSONObject, value: JSONObject, *fields: str) -> None:
    set_nested_field(obj, value, *fields)


def remove_nested_field(obj: Optional[JSONObject], *fields: str) -> None:
    """Delete the field at ``fields`` if the path to it exists."""
    if obj is None or not fields:
        return
    m = obj
    for field in fields[:-1]:
        x = m.get(field)
        if not isinstance(x, dict):
            return
        m = x
    m.pop(fields[-1], None)


def _get_nested_string(obj: Optional[JSONObject], *fields: str) -> str:
    try:
        val, _ = nested_string(obj, *fields)
    except FieldTypeError:
        return ""
    return val


def _get_nested_int64_pointer(obj: Optional[JSONObject], *fields: str) -> Optional[int]:
    try:
        val, found = nested_int64(obj, *fields)
    except FieldTypeError:
        return None
    return val if found else None
