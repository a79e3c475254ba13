"""Go's ``fmt`` verbs on decoded JSON values: ``%v`` (``go_sprint``) and ``%T`` (``go_type_name``,
``go_pointer_type_name``). Event messages' full ``Sprintf`` is tools/internal/gofmt."""
from __future__ import annotations

from typing import Any

from kubernetes_py._go.strconv import go_format_float


def go_sprint(value: Any) -> str:
    """Go's ``fmt.Sprint`` (``%v``) of a decoded JSON value (map keys sorted, as fmt prints them)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_sprint(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_sprint(v) for v in value) + "]"
    return str(value)


def go_type_name(value: Any) -> str:
    """Go's ``%T`` of a decoded JSON value: objects are ``map[string]interface {}``, arrays ``[]interface {}``,
    integers ``int64``, other numbers ``float64``, nil ``<nil>``."""
    if value is None:
        return "<nil>"
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


def go_pointer_type_name(obj: Any) -> str:
    """Go's %T of a pointer to a typed object: ``*v1.PartialObjectMetadata`` (the last element of the Go
    package path, from the protobuf descriptor when there is one, else from the Python module)."""
    descriptor = getattr(type(obj), "DESCRIPTOR", None)
    package = descriptor.full_name.split(".")[-2] if descriptor is not None else type(obj).__module__.split(".")[-1]
    return f"*{package}.{type(obj).__name__}"
