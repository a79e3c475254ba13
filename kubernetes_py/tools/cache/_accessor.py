"""A fast path to meta.accessor for the hot paths of the stores and queues (a key per event)."""

from __future__ import annotations

from typing import Any

from kubernetes_py.apimachinery.api import meta

_SELF_ACCESSOR_TYPES: set[type] = set()
_PLAIN_METADATA_TYPES: dict[type, bool] = {}


def accessor(obj: Any) -> Any:
    """meta.accessor(obj), remembering the types that are their own accessor (protobuf objects, Unstructured)."""
    if type(obj) in _SELF_ACCESSOR_TYPES:
        return obj
    m = meta.accessor(obj)
    if m is obj:
        _SELF_ACCESSOR_TYPES.add(type(obj))
    return m


def has_plain_metadata(t: type) -> bool:
    """Whether objects of type ``t`` are API messages whose namespace and name accessors read ``metadata``
    as they are (so that ``obj.metadata.namespace`` is what ``accessor(obj).get_namespace()`` returns)."""
    known = _PLAIN_METADATA_TYPES.get(t)
    if known is None:
        from kubernetes_py._schema import _object

        plain = getattr(_object, "ObjectWithMetaMethods", None)  # gone or renamed: every type takes the long way
        known = _PLAIN_METADATA_TYPES[t] = plain is not None and all(
            getattr(t, name, None) is getattr(plain, name, _NOT_PLAIN)
            for name in ("get_object_meta", "get_namespace", "get_name", "get_resource_version")
        )
    return known


_NOT_PLAIN = object()
