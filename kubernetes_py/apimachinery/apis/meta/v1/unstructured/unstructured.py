"""Unstructured and UnstructuredList: API objects held as JSON-shaped dicts
(k8s.io/apimachinery/pkg/apis/meta/v1/unstructured)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Union

from kubernetes_py.apimachinery.runtime._jsonvalue import deep_copy_json
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, parse_group_version

from .helpers import (
    FieldTypeError,
    JSONObject,
    _get_nested_int64_pointer,
    _get_nested_string,
    nested_bool,
    nested_field_no_copy,
    nested_int64,
    nested_null_coercing_string_map,
    nested_string_slice,
    remove_nested_field,
    set_nested_field,
    set_nested_slice,
    set_nested_string_map,
    set_nested_string_slice,
)

if TYPE_CHECKING:
    from typing_extensions import Self

    from kubernetes_py.apimachinery.apis.meta.v1 import ManagedFieldsEntry, OwnerReference, Time

_log = logging.getLogger("kubernetes_py.unstructured")


def _time_from_string(text: str) -> Time:
    """metav1.Time parsed from RFC 3339 text; the zero Time when empty or unparsable."""
    from kubernetes_py._go.time import ZERO_TIME_SECONDS, TimeParseError, parse_rfc3339
    from kubernetes_py.apimachinery.apis.meta.v1 import Time

    t = Time()
    if text:
        try:
            seconds, _ = parse_rfc3339(text)
        except TimeParseError:
            return t
        if seconds != ZERO_TIME_SECONDS:
            t.seconds = seconds
            t.nanos = 0
    return t


def _time_to_string(t: Optional[Time]) -> str:
    from kubernetes_py._go.time import format_rfc3339, is_zero

    if t is None or not t.HasField("seconds") or is_zero(t.seconds, t.nanos):
        return ""
    return format_rfc3339(t.seconds)


class _Accessors:
    """The metav1.Object accessors over ``self.object`` (shared by Unstructured and UnstructuredList)."""

    object: Optional[JSONObject]

    def _content(self) -> JSONObject:
        if self.object is None:
            self.object = {}
        return self.object

    def _set(self, value: Any, *fields: str) -> None:
        set_nested_field(self._content(), value, *fields)

    def _set_or_remove(self, value: Union[str, int], field: str) -> None:
        """Set ``metadata.<field>``, or remove it for Go's zero value ("" or 0)."""
        if not value:
            remove_nested_field(self.object, "metadata", field)
            return
        self._set(value, "metadata", field)

    def get_api_version(self) -> str:
        return _get_nested_string(self.object, "apiVersion")

    def set_api_version(self, version: str) -> None:
        self._set(version, "apiVersion")

    def get_kind(self) -> str:
        return _get_nested_string(self.object, "kind")

    def set_kind(self, kind: str) -> None:
        self._set(kind, "kind")

    def get_resource_version(self) -> str:
        return _get_nested_string(self.object, "metadata", "resourceVersion")

    def set_resource_version(self, resource_version: str) -> None:
        self._set_or_remove(resource_version, "resourceVersion")

    def get_self_link(self) -> str:
        return _get_nested_string(self.object, "metadata", "selfLink")

    def set_self_link(self, self_link: str) -> None:
        self._set_or_remove(self_link, "selfLink")

    def get_continue(self) -> str:
        return _get_nested_string(self.object, "metadata", "continue")

    def set_continue(self, c: str) -> None:
        self._set_or_remove(c, "continue")

    def get_remaining_item_count(self) -> Optional[int]:
        return _get_nested_int64_pointer(self.object, "metadata", "remainingItemCount")

    def set_remaining_item_count(self, c: Optional[int]) -> None:
        if c is None:
            remove_nested_field(self.object, "metadata", "remainingItemCount")
        else:
            self._set(c, "metadata", "remainingItemCount")

    # schema.ObjectKind

    def get_object_kind(self) -> Self:
        return self

    def set_group_version_kind(self, gvk: GroupVersionKind) -> None:
        self.set_api_version(str(gvk.group_version()))
        self.set_kind(gvk.kind)

    def group_version_kind(self) -> GroupVersionKind:
        try:
            gv = parse_group_version(self.get_api_version())
        except ValueError:
            return GroupVersionKind()
        return gv.with_kind(self.get_kind())


class Unstructured(_Accessors):
    """An API object as a dict (``obj.object``), with the accessors of metav1.Object.

    ``Unstructured({"apiVersion": "v1", "kind": "Pod", ...})``; getters return zero values when a
    field is missing or of the wrong type, as in Go.
    """

    __slots__ = ("object",)

    def __init__(self, obj: Optional[JSONObject] = None):
        if obj is not None and not isinstance(obj, dict):
            raise TypeError(f"Unstructured content must be a dict, not {type(obj).__name__}")
        self.object = obj

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unstructured) and (self.object or {}) == (other.object or {})

    def __repr__(self) -> str:
        return f"Unstructured({self.object!r})"

    def is_list(self) -> bool:
        """True when the content has an ``items`` list."""
        return isinstance((self.object or {}).get("items"), list)

    def to_list(self) -> "UnstructuredList":
        if not self.is_list():
            return UnstructuredList(self.object)
        ret = UnstructuredList(self.object)
        self.each_list_item(lambda item: ret.items.append(item))
        return ret

    def each_list_item(self, fn: Callable[[Unstructured], None]) -> None:
        """Call ``fn`` with an Unstructured view of each item; stops at (and raises) fn's first error."""
        content = self.object or {}
        if "items" not in content:
            raise ValueError("content is not a list")
        items = content["items"]
        if not isinstance(items, list):
            raise ValueError(f"content is not a list: {_go_type(items)}")
        for item in items:
            if not isinstance(item, dict):
                raise ValueError(f"items member is not an object: {_go_type(item)}")
            fn(Unstructured(item))

    def each_list_item_with_alloc(self, fn: Callable[[Unstructured], None]) -> None:
        self.each_list_item(fn)

    def unstructured_content(self) -> JSONObject:
        """The content dict itself (an empty new dict when there is none)."""
        if self.object is None:
            return {}
        return self.object

    def set_unstructured_content(self, content: Optional[JSONObject]) -> None:
        self.object = content

    def new_empty_instance(self) -> "Unstructured":
        out = Unstructured()
        out.set_group_version_kind(self.group_version_kind())
        return out

    def deep_copy(self) -> "Unstructured":
        return Unstructured(deep_copy_json(self.object) if self.object is not None else None)

    def deep_copy_object(self) -> "Unstructured":
        return self.deep_copy()

    def marshal_json(self) -> bytes:
        from .scheme import UnstructuredJSONScheme
        from kubernetes_py.apimachinery.runtime.codec import encode

        return encode(UnstructuredJSONScheme, self)

    def unmarshal_json(self, data: bytes) -> None:
        from .scheme import UnstructuredJSONScheme

        UnstructuredJSONScheme.decode(data, None, self)

    # metav1.Object

    def get_namespace(self) -> str:
        return _get_nested_string(self.object, "metadata", "namespace")

    def set_namespace(self, namespace: str) -> None:
        self._set_or_remove(namespace, "namespace")

    def get_name(self) -> str:
        return _get_nested_string(self.object, "metadata", "name")

    def set_name(self, name: str) -> None:
        self._set_or_remove(name, "name")

    def get_generate_name(self) -> str:
        return _get_nested_string(self.object, "metadata", "generateName")

    def set_generate_name(self, generate_name: str) -> None:
        self._set_or_remove(generate_name, "generateName")

    def get_uid(self) -> str:
        return _get_nested_string(self.object, "metadata", "uid")

    def set_uid(self, uid: str) -> None:
        self._set_or_remove(uid, "uid")

    def get_generation(self) -> int:
        try:
            value, found = nested_int64(self.object, "metadata", "generation")
        except FieldTypeError:
            return 0
        return value if found else 0

    def set_generation(self, generation: int) -> None:
        self._set_or_remove(generation, "generation")

    def get_creation_timestamp(self) -> Time:
        """metav1.Time (the zero Time when missing)."""
        return _time_from_string(_get_nested_string(self.object, "metadata", "creationTimestamp"))

    def set_creation_timestamp(self, timestamp: Optional[Time]) -> None:
        text = _time_to_string(timestamp)
        if not text:
            remove_nested_field(self.object, "metadata", "creationTimestamp")
            return
        self._set(text, "metadata", "creationTimestamp")

    def get_deletion_timestamp(self) -> Optional[Time]:
        """metav1.Time, or None when missing or zero."""
        t = _time_from_string(_get_nested_string(self.object, "metadata", "deletionTimestamp"))
        return t if t.HasField("seconds") else None

    def set_deletion_timestamp(self, timestamp: Optional[Time]) -> None:
        if timestamp is None:
            remove_nested_field(self.object, "metadata", "deletionTimestamp")
            return
        self._set(_time_to_string(timestamp), "metadata", "deletionTimestamp")

    def get_deletion_grace_period_seconds(self) -> Optional[int]:
        try:
            value, found = nested_int64(self.object, "metadata", "deletionGracePeriodSeconds")
        except FieldTypeError:
            return None
        return value if found else None

    def set_deletion_grace_period_seconds(self, seconds: Optional[int]) -> None:
        if seconds is None:
            remove_nested_field(self.object, "metadata", "deletionGracePeriodSeconds")
            return
        self._set(seconds, "metadata", "deletionGracePeriodSeconds")

    def get_labels(self) -> Optional[dict[str, str]]:
        return self._string_map("labels")

    def set_labels(self, labels: Optional[Mapping[str, str]]) -> None:
        if labels is None:
            remove_nested_field(self.object, "metadata", "labels")
            return
        set_nested_string_map(self._content(), labels, "metadata", "labels")

    def get_annotations(self) -> Optional[dict[str, str]]:
        return self._string_map("annotations")

    def set_annotations(self, annotations: Optional[Mapping[str, str]]) -> None:
        if annotations is None:
            remove_nested_field(self.object, "metadata", "annotations")
            return
        set_nested_string_map(self._content(), annotations, "metadata", "annotations")

    def _string_map(self, field: str) -> Optional[dict[str, str]]:
        try:
            m, _ = nested_null_coercing_string_map(self.object, "metadata", field)
        except FieldTypeError:
            return None
        return m

    def get_finalizers(self) -> Optional[list[str]]:
        try:
            value, _ = nested_string_slice(self.object, "metadata", "finalizers")
        except FieldTypeError:
            return None
        return value

    def set_finalizers(self, finalizers: Optional[Iterable[str]]) -> None:
        if finalizers is None:
            remove_nested_field(self.object, "metadata", "finalizers")
            return
        set_nested_string_slice(self._content(), finalizers, "metadata", "finalizers")

    def get_owner_references(self) -> Optional[list[OwnerReference]]:
        """The ownerReferences as metav1.OwnerReference messages (None when missing or malformed)."""
        try:
            field, found = nested_field_no_copy(self.object, "metadata", "ownerReferences")
        except FieldTypeError:
            return None
        if not found or not isinstance(field, list):
            return None
        ret = []
        for item in field:
            if not isinstance(item, dict):
                return None
            ret.append(_extract_owner_reference(item))
        return ret

    def set_owner_references(self, references: Optional[Iterable[OwnerReference]]) -> None:
        if references is None:
            remove_nested_field(self.object, "metadata", "ownerReferences")
            return
        from kubernetes_py.apimachinery.runtime.converter import DefaultUnstructuredConverter

        converted = []
        for reference in references:
            try:
                # The converter takes any API message (Go's interface{}), not only a runtime.Object.
                converted.append(DefaultUnstructuredConverter.to_unstructured(reference))  # type: ignore[arg-type]
            except (TypeError, ValueError) as err:
                _log.error("unable to convert Owner Reference: %s", err)
        self._set(converted, "metadata", "ownerReferences")

    def get_managed_fields(self) -> Optional[list[ManagedFieldsEntry]]:
        """The managedFields as metav1.ManagedFieldsEntry messages (None when missing or malformed)."""
        try:
            v, found = nested_field_no_copy(self.object, "metadata", "managedFields")
        except FieldTypeError:
            return None
        if not found or not isinstance(v, list):
            return None
        from kubernetes_py.apimachinery.apis.meta.v1 import ManagedFieldsEntry
        from kubernetes_py.apimachinery.runtime.converter import DefaultUnstructuredConverter

        out = []
        for item in v:
            if not isinstance(item, dict):
                _log.error("unable to retrieve managedFields for object, item %r is not a map", item)
                return None
            entry = ManagedFieldsEntry()
            try:
                DefaultUnstructuredConverter.from_unstructured(item, entry)  # type: ignore[arg-type]  # any message
            except ValueError as err:
                _log.error("unable to retrieve managedFields for object: %s", err)
                return None
            out.append(entry)
        return out

    def set_managed_fields(self, managed_fields: Optional[Iterable[ManagedFieldsEntry]]) -> None:
        if managed_fields is None:
            remove_nested_field(self.object, "metadata", "managedFields")
            return
        from kubernetes_py.apimachinery.runtime.converter import DefaultUnstructuredConverter

        convert = DefaultUnstructuredConverter.to_unstructured
        items = [convert(entry) for entry in managed_fields]  # type: ignore[arg-type]  # any message, as in Go
        set_nested_slice(self._content(), items, "metadata", "managedFields")


def _extract_owner_reference(v: JSONObject) -> OwnerReference:
    from kubernetes_py.apimachinery.apis.meta.v1 import OwnerReference

    def opt_bool(name: str) -> Optional[bool]:
        try:
            value, found = nested_bool(v, name)
        except FieldTypeError:
            return None
        return value if found else None

    ref = OwnerReference(
        kind=_get_nested_string(v, "kind"),
        name=_get_nested_string(v, "name"),
        apiVersion=_get_nested_string(v, "apiVersion"),
        uid=_get_nested_string(v, "uid"),
    )
    controller, block = opt_bool("controller"), opt_bool("blockOwnerDeletion")
    if controller is not None:
        ref.controller = controller
    if block is not None:
        ref.blockOwnerDeletion = block
    return ref


def _go_type(value: object) -> str:
    from kubernetes_py._go.fmt import go_type_name

    return go_type_name(value)


class UnstructuredList(_Accessors):
    """A list of Unstructured items (``items``) plus the list's own fields (``object``)."""

    __slots__ = ("object", "items")

    def __init__(self, obj: Optional[JSONObject] = None, items: Optional[Iterable[Unstructured]] = None):
        self.object = obj
        self.items: list[Unstructured] = list(items) if items is not None else []

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UnstructuredList)
            and (self.object or {}) == (other.object or {})
            and self.items == other.items
        )

    def __repr__(self) -> str:
        return f"UnstructuredList({self.object!r}, items={self.items!r})"

    def is_list(self) -> bool:
        return True

    # A list's metadata setters keep an empty value (Go's UnstructuredList.Set* always set the field; the
    # object's remove it)

    def set_resource_version(self, resource_version: str) -> None:
        self._set(resource_version, "metadata", "resourceVersion")

    def set_self_link(self, self_link: str) -> None:
        self._set(self_link, "metadata", "selfLink")

    def set_continue(self, c: str) -> None:
        self._set(c, "metadata", "continue")

    def each_list_item(self, fn: Callable[[Unstructured], None]) -> None:
        for item in self.items:
            fn(item)

    def each_list_item_with_alloc(self, fn: Callable[[Unstructured], None]) -> None:
        for item in self.items:
            fn(Unstructured(item.object))

    def new_empty_instance(self) -> "UnstructuredList":
        out = UnstructuredList()
        out.set_group_version_kind(self.group_version_kind())
        return out

    def unstructured_content(self) -> JSONObject:
        """A new dict: the list's fields plus ``items`` (the items' contents, not copied)."""
        out = dict(self.object or {})
        out["items"] = [item.unstructured_content() for item in self.items]
        return out

    def set_unstructured_content(self, content: Optional[JSONObject]) -> None:
        """Take ``content`` as the list's fields; its ``items`` (objects only) become the Unstructured items."""
        self.object = content
        if content is None:
            self.items = []
            return
        items = content.get("items")
        kept = [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        self.items = [Unstructured(i) for i in kept]
        content["items"] = kept

    def deep_copy(self) -> "UnstructuredList":
        return UnstructuredList(
            deep_copy_json(self.object) if self.object is not None else None, [item.deep_copy() for item in self.items]
        )

    def deep_copy_object(self) -> "UnstructuredList":
        return self.deep_copy()

    def marshal_json(self) -> bytes:
        from .scheme import UnstructuredJSONScheme
        from kubernetes_py.apimachinery.runtime.codec import encode

        return encode(UnstructuredJSONScheme, self)

    def unmarshal_json(self, data: bytes) -> None:
        from .scheme import UnstructuredJSONScheme

        UnstructuredJSONScheme.decode(data, None, self)

    def get_list_meta(self) -> Self:
        return self
