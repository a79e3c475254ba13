"""A fast path to meta.accessor for the hot paths of the stores and queues (a key per event)."""

from __future__ import annotations

from typing import Any

from kubernetes_py.apimachinery.api import meta

_SELF_ACCESSOR_TYPES: set[type] = set()


def accessor(obj: Any) -> Any:
    """meta.accessor(obj), remembering the types that are their own accessor (protobuf objects, Unstructured)."""
    if type(obj) in _SELF_ACCESSOR_TYPES:
        return obj
    m = meta.accessor(obj)
    if m is obj:
        _SELF_ACCESSOR_TYPES.add(type(obj))
    return m
