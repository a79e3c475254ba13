"""Accessors for any API object: meta.Accessor, ListAccessor, CommonAccessor, TypeAccessor
(k8s.io/apimachinery/pkg/api/meta/meta.go)."""

from __future__ import annotations

from typing import Any, Callable

from kubernetes_py.apimachinery.runtime.schema import GroupVersion, parse_group_version

_OBJECT_METHODS = ("get_namespace", "get_name", "get_uid", "get_resource_version", "get_labels")
_LIST_METHODS = ("get_resource_version", "get_continue", "get_remaining_item_count", "get_self_link")


class NotObjectError(TypeError):
    """The value is not an API object with ObjectMeta (Go's errNotObject)."""

    def __init__(self) -> None:
        super().__init__("object does not implement the Object interfaces")


class NotListError(TypeError):
    """The value is not a list with ListMeta (Go's errNotList)."""

    def __init__(self) -> None:
        super().__init__("object does not implement the List interfaces")


class NotCommonError(TypeError):
    """The value has neither ObjectMeta nor ListMeta (Go's errNotCommon)."""

    def __init__(self) -> None:
        super().__init__("object does not implement the common interface for accessing the SelfLink")


def _has(obj: Any, names: tuple[str, ...]) -> bool:
    return all(callable(getattr(obj, n, None)) for n in names)


def _is_list(obj: Any) -> bool:
    # Go's meta.List: metav1.ListInterface plus runtime.Object. ObjectMeta-bearing objects are not lists.
    return (
        _has(obj, _LIST_METHODS)
        and not _has(obj, ("get_name", "get_namespace"))
        or (hasattr(obj, "is_list") and hasattr(obj, "items") and _has(obj, _LIST_METHODS))
    )


def _is_object(obj: Any) -> bool:
    return _has(obj, _OBJECT_METHODS)


def _view(obj: Any, is_view: Callable[[Any], bool], getter: str, err: Callable[[], TypeError]) -> Any:
    """``obj`` itself when ``is_view`` says it has the interface, else the metadata its ``getter``
    (get_object_meta, get_list_meta) returns; raises ``err()`` when neither gives one."""
    if obj is not None and is_view(obj):
        return obj
    get_meta = getattr(obj, getter, None)
    if callable(get_meta):
        m = get_meta()
        if m is not None:
            return m
    raise err()


def accessor(obj: Any) -> Any:
    """The metav1.Object view of ``obj`` (the object itself, or its ObjectMeta); raises NotObjectError."""
    return _view(obj, _is_object, "get_object_meta", NotObjectError)


def list_accessor(obj: Any) -> Any:
    """The metav1.ListInterface view of a list object; raises NotListError."""
    return _view(obj, _is_list, "get_list_meta", NotListError)


def common_accessor(obj: Any) -> Any:
    """resourceVersion/selfLink access for any object or list; raises NotCommonError."""
    if obj is None:
        raise NotCommonError()
    if _is_list(obj) or callable(getattr(obj, "get_list_meta", None)):
        return _view(obj, _is_list, "get_list_meta", NotCommonError)
    return _view(obj, _is_object, "get_object_meta", NotCommonError)


class _ObjectAccessor:
    """meta.Type over a runtime.Object's ObjectKind."""

    __slots__ = ("_obj",)

    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def get_kind(self) -> str:
        return str(self._obj.get_object_kind().group_version_kind().kind)

    def set_kind(self, kind: str) -> None:
        gvk = self._obj.get_object_kind().group_version_kind()
        self._obj.get_object_kind().set_group_version_kind(type(gvk)(gvk.group, gvk.version, kind))

    def get_api_version(self) -> str:
        return str(self._obj.get_object_kind().group_version_kind().group_version())

    def set_api_version(self, version: str) -> None:
        gvk = self._obj.get_object_kind().group_version_kind()
        try:
            gv = parse_group_version(version)
        except ValueError:
            gv = GroupVersion(group="", version=version)
        self._obj.get_object_kind().set_group_version_kind(type(gvk)(gv.group, gv.version, gvk.kind))


def type_accessor(obj: Any) -> _ObjectAccessor:
    """apiVersion/kind access for any runtime.Object (get_kind, set_kind, get_api_version, set_api_version)."""
    if obj is not None and callable(getattr(obj, "get_object_kind", None)):
        return _ObjectAccessor(obj)
    raise TypeError(f"struct {type(obj).__name__} lacks embedded TypeMeta type")


def as_partial_object_metadata(m: Any) -> Any:
    """A metav1.PartialObjectMetadata holding a copy of the object's metadata."""
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    obj_meta = getattr(metav1, "ObjectMeta")
    if isinstance(m, obj_meta):
        return metav1.PartialObjectMetadata(metadata=m)
    meta = obj_meta(
        name=m.get_name(),
        generateName=m.get_generate_name(),
        namespace=m.get_namespace(),
        selfLink=m.get_self_link(),
        uid=m.get_uid(),
        resourceVersion=m.get_resource_version(),
        generation=m.get_generation(),
    )
    timestamp = m.get_creation_timestamp()
    if timestamp is not None and timestamp.HasField("seconds"):
        meta.creationTimestamp = timestamp
    if m.get_deletion_timestamp() is not None:
        meta.deletionTimestamp = m.get_deletion_timestamp()
    if m.get_deletion_grace_period_seconds() is not None:
        meta.deletionGracePeriodSeconds = m.get_deletion_grace_period_seconds()
    meta.labels = m.get_labels() or {}
    meta.annotations = m.get_annotations() or {}
    meta.ownerReferences = m.get_owner_references() or []
    meta.finalizers = m.get_finalizers() or []
    meta.managedFields = m.get_managed_fields() or []
    return metav1.PartialObjectMetadata(metadata=meta)
