"""runtime.DefaultUnstructuredConverter: typed API objects <-> map[string]interface{} content
(k8s.io/apimachinery/pkg/runtime/converter.go), through the same converter as JSON."""

from __future__ import annotations

from typing import Any

from . import _jsonconv
from ._jsonvalue import deep_copy_json, deep_copy_json_value
from .error import StrictDecodingError
from .interfaces import Object, is_message, is_unstructured


class UnstructuredConverter:
    """Converts between typed objects and their unstructured (JSON-shaped dict) form."""

    def to_unstructured(self, obj: Object) -> dict[str, Any]:
        """A new dict with the object's content as Go's JSON form (copied for unstructured objects)."""
        if is_unstructured(obj):
            return deep_copy_json_value(obj.unstructured_content())
        if not is_message(obj):
            raise TypeError(f"to_unstructured needs an API object, not {type(obj).__name__}")
        return _jsonconv.encode(obj)

    def from_unstructured(self, u: dict[str, Any], obj: Object) -> None:
        """Replace the content of ``obj`` with ``u`` (unknown fields are dropped, as in Go)."""
        self._from(u, obj, strict=False)

    def from_unstructured_with_validation(self, u: dict[str, Any], obj: Object, return_unknown_fields: bool) -> None:
        """Like from_unstructured; with ``return_unknown_fields`` raises StrictDecodingError listing the
        unknown fields (the object is still filled in)."""
        errors = self._from(u, obj, strict=return_unknown_fields)
        if errors:
            raise StrictDecodingError(errors)

    def _from(self, u: dict[str, Any], obj: Object, strict: bool) -> list[str]:
        if not isinstance(u, dict):
            raise TypeError(f"from_unstructured needs a dict, not {type(u).__name__}")
        if is_unstructured(obj):
            obj.set_unstructured_content(deep_copy_json_value(u))
            return []
        if not is_message(obj):
            raise TypeError(f"from_unstructured needs an API object to fill, not {type(obj).__name__}")
        errors: list[str] = []
        if strict:
            result, errors = _jsonconv.decode(type(obj), u, strict=True)
        else:
            result = _jsonconv.decode(type(obj), deep_copy_json_value(u), original=u)
        obj.Clear()
        obj.MergeFrom(result)
        return errors


DefaultUnstructuredConverter = UnstructuredConverter()


__all__ = ["DefaultUnstructuredConverter", "UnstructuredConverter", "deep_copy_json", "deep_copy_json_value"]
