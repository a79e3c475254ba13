"""List helpers: IsListType, ExtractList, SetList, EachListItem, LenList (k8s.io/apimachinery/pkg/api/meta/help.go).

Go finds a list's ``Items`` by reflection; here a typed list is a message with a repeated message field ``items``
and an unstructured list carries its own ``items``. As in Go, a RawExtension item with no content is a nil object
(None).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, MutableSequence, Optional, Protocol, Sequence, Union

from google.protobuf.descriptor import FieldDescriptor

from kubernetes_py.apimachinery.runtime.interfaces import Object, is_message, is_unknown
from kubernetes_py.apimachinery.runtime.interfaces import Unstructured as _RuntimeUnstructured

if TYPE_CHECKING:
    from typing_extensions import TypeGuard

    from kubernetes_py._schema.messages import RawExtension, Unknown

_RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension"

Item = Union[Object, "Unknown", None]
"""A list item as Go hands it on: the item, a runtime.Unknown for a RawExtension holding bytes, None (Go's nil) for
an empty one."""
ItemFunc = Callable[[Item], None]
"""Go's ``func(runtime.Object) error``: the exception it raises stops the walk."""


class _UnstructuredObject(_RuntimeUnstructured, Protocol):
    """unstructured.Unstructured and UnstructuredList: they know whether they are lists and walk their items."""

    def is_list(self) -> bool: ...

    def each_list_item(self, fn: ItemFunc) -> None: ...

    def each_list_item_with_alloc(self, fn: ItemFunc) -> None: ...


def _is_unstructured(obj: object) -> TypeGuard[_UnstructuredObject]:
    return hasattr(obj, "unstructured_content") and hasattr(obj, "set_unstructured_content")


def _go_type(obj: object) -> str:
    from kubernetes_py.apimachinery.runtime.error import type_string

    return "*" + type_string(obj)


class NotAListError(TypeError):
    """The object has no ``items`` list."""


def _items_field(obj: object) -> tuple[Union[FieldDescriptor, str, None], Optional[str]]:
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


def is_list_type(obj: object) -> bool:
    """True for list objects (typed ``...List`` messages, UnstructuredList, Unstructured with items)."""
    if _is_unstructured(obj):
        return obj.is_list()
    field, _err = _items_field(obj)
    return field is not None


def get_items_ptr(list_obj: object) -> MutableSequence[Any]:
    """The object's items container (a live list: a repeated message field or an UnstructuredList's items);
    raises NotAListError."""
    field, err = _items_field(list_obj)
    if field is None:
        raise NotAListError(f"{_go_type(list_obj)} is not a list: {err}")
    items: MutableSequence[Any] = getattr(list_obj, "items")
    return items


def _is_raw_extension(item: object) -> TypeGuard[RawExtension]:
    return getattr(getattr(item, "DESCRIPTOR", None), "full_name", "") == _RAW_EXTENSION


def _raw_item(item: RawExtension) -> Optional[Unknown]:
    if not item.HasField("raw"):
        return None
    from kubernetes_py.apimachinery import runtime

    unknown: Unknown = runtime.Unknown(raw=item.raw)
    return unknown


def each_list_item(obj: Object, fn: ItemFunc) -> None:
    """Call ``fn`` on each item (the live items: changes stick); stops at fn's first exception."""
    _each(obj, fn, alloc=False)


def each_list_item_with_alloc(obj: Object, fn: ItemFunc) -> None:
    """Like each_list_item, but ``fn`` gets a copy of each item."""
    _each(obj, fn, alloc=True)


def _each(obj: Object, fn: ItemFunc, alloc: bool) -> None:
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


def extract_list(obj: Object) -> list[Item]:
    """The list's items as objects (live references; raw extensions as runtime.Unknown)."""
    return _extract(obj, alloc=False)


def extract_list_with_alloc(obj: Object) -> list[Item]:
    """The list's items as copies."""
    return _extract(obj, alloc=True)


def _extract(obj: Object, alloc: bool) -> list[Item]:
    items = get_items_ptr(obj)
    out: list[Item] = []
    for item in items:
        if _is_raw_extension(item):
            out.append(_raw_item(item))
        elif alloc:
            out.append(item.deep_copy())
        else:
            out.append(item)
    return out


def len_list(list_obj: Object) -> int:
    """Number of items, 0 for anything that is not a list."""
    try:
        return len(get_items_ptr(list_obj))
    except NotAListError:
        return 0


def set_list(list_obj: Object, objects: Sequence[object]) -> None:
    """Replace the list's items with ``objects`` (copied in, as Go copies struct values)."""
    items = get_items_ptr(list_obj)
    if isinstance(items, list):
        from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured

        for i, o in enumerate(objects):
            if not isinstance(o, Unstructured):
                raise TypeError(f"item[{i}]: can't assign or convert {_go_type(o)} into unstructured.Unstructured")
        items[:] = list(objects)
        return
    element = getattr(list_obj, "DESCRIPTOR").fields_by_name["items"].message_type
    converted: list[object] = []
    for i, o in enumerate(objects):
        if element.full_name == _RAW_EXTENSION:
            converted.append(_to_raw_extension(o))
            continue
        if getattr(o, "DESCRIPTOR", None) is not element:
            raise TypeError(f"item[{i}]: can't assign or convert {_go_type(o)} into {element.name}")
        converted.append(o)
    del items[:]
    items.extend(converted)


def _to_raw_extension(o: object) -> RawExtension:
    from kubernetes_py.apimachinery import runtime
    from kubernetes_py._go import json as _gojson
    from kubernetes_py.apimachinery.runtime import _jsonconv

    if is_unknown(o):
        return runtime.RawExtension(raw=o.raw)
    if _is_unstructured(o):
        return runtime.RawExtension(raw=_gojson.dumps(o.unstructured_content(), sort_keys=True))
    if not is_message(o):
        raise TypeError(f"can't convert {_go_type(o)} into runtime.RawExtension")
    return runtime.RawExtension(raw=_gojson.dumps(_jsonconv.encode(o)))
