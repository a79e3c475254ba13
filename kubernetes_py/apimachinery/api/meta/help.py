"""List helpers: IsListType, ExtractList, SetList, EachListItem, LenList (k8s.io/apimachinery/pkg/api/meta/help.go)."""

from __future__ import annotations

from typing import Any, Callable, Optional

_RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension"


def _is_unstructured(obj) -> bool:
    return hasattr(obj, "unstructured_content") and hasattr(obj, "set_unstructured_content")


def _go_type(obj) -> str:
    from kubernetes_py.apimachinery.runtime.error import type_string

    return "*" + type_string(obj)


class NotAListError(TypeError):
    """The object has no ``items`` list."""


def _items_field(obj):
    descriptor = getattr(obj, "DESCRIPTOR", None)
    if descriptor is not None:
        field = descriptor.fields_by_name.get("items")
        if field is None:
            return None, "no Items field in this object"
        if not field.is_repeated or field.message_type is None:
            return None, "Items field must be a slice of objects"
        return field, None
    if hasattr(obj, "items") and isinstance(getattr(obj, "items"), list):
        return "list", None
    return None, "no Items field in this object"


def is_list_type(obj) -> bool:
    """True for list objects (typed ``...List`` messages, UnstructuredList, Unstructured with items)."""
    if _is_unstructured(obj):
        return obj.is_list()
    field, _err = _items_field(obj)
    return field is not None


def get_items_ptr(list_obj):
    """The object's items container (a live list); raises NotAListError."""
    field, err = _items_field(list_obj)
    if field is None:
        raise NotAListError(f"{_go_type(list_obj)} is not a list: {err}")
    return list_obj.items


def _is_raw_extension(item) -> bool:
    return getattr(getattr(item, "DESCRIPTOR", None), "full_name", "") == _RAW_EXTENSION


def _raw_item(item):
    if not item.HasField("raw"):
        return None
    from kubernetes_py.apimachinery import runtime

    return runtime.Unknown(raw=item.raw)


def each_list_item(obj, fn: Callable[[Any], None]) -> None:
    """Call ``fn`` on each item (the live items: changes stick); stops at fn's first exception."""
    _each(obj, fn, alloc=False)


def each_list_item_with_alloc(obj, fn: Callable[[Any], None]) -> None:
    """Like each_list_item, but ``fn`` gets a copy of each item."""
    _each(obj, fn, alloc=True)


def _each(obj, fn, alloc: bool) -> None:
    if _is_unstructured(obj):
        if alloc:
            obj.each_list_item_with_alloc(fn)
        else:
            obj.each_list_item(fn)
        return
    for item in get_items_ptr(obj):
        if _is_raw_extension(item):
            fn(_raw_item(item))
        else:
            fn(item.deep_copy() if alloc else item)


def extract_list(obj) -> list[Any]:
    """The list's items as objects (live references; raw extensions as runtime.Unknown)."""
    return _extract(obj, alloc=False)


def extract_list_with_alloc(obj) -> list[Any]:
    """The list's items as copies."""
    return _extract(obj, alloc=True)


def _extract(obj, alloc: bool) -> list[Any]:
    items = get_items_ptr(obj)
    out = []
    for item in items:
        if _is_raw_extension(item):
            out.append(_raw_item(item))
        elif alloc:
            out.append(item.deep_copy())
        else:
            out.append(item)
    return out


def len_list(list_obj) -> int:
    """Number of items, 0 for anything that is not a list."""
    try:
        return len(get_items_ptr(list_obj))
    except NotAListError:
        return 0


def set_list(list_obj, objects: list[Any]) -> None:
    """Replace the list's items with ``objects`` (copied in, as Go copies struct values)."""
    items = get_items_ptr(list_obj)
    if isinstance(items, list):
        from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured

        for i, o in enumerate(objects):
            if not isinstance(o, Unstructured):
                raise TypeError(f"item[{i}]: can't assign or convert {_go_type(o)} into unstructured.Unstructured")
        items[:] = list(objects)
        return
    element = list_obj.DESCRIPTOR.fields_by_name["items"].message_type
    converted = []
    for i, o in enumerate(objects):
        if element.full_name == _RAW_EXTENSION:
            converted.append(_to_raw_extension(o))
            continue
        if getattr(o, "DESCRIPTOR", None) is not element:
            raise TypeError(f"item[{i}]: can't assign or convert {_go_type(o)} into {element.name}")
        converted.append(o)
    del items[:]
    items.extend(converted)


def _to_raw_extension(o):
    from kubernetes_py.apimachinery import runtime
    from kubernetes_py._go import json as _gojson
    from kubernetes_py.apimachinery.runtime import _jsonconv

    if getattr(getattr(o, "DESCRIPTOR", None), "full_name", "") == "k8s.io.apimachinery.pkg.runtime.Unknown":
        return runtime.RawExtension(raw=o.raw)
    if _is_unstructured(o):
        return runtime.RawExtension(raw=_gojson.dumps(o.unstructured_content(), sort_keys=True))
    return runtime.RawExtension(raw=_gojson.dumps(_jsonconv.encode(o)))


_ = Optional
