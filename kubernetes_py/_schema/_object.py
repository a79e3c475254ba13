"""Methods every API message class gets: deep_copy, the metav1.Object / metav1.ListInterface
accessors and runtime.Object's get_object_kind.

TypeMeta: Kubernetes' protos have no apiVersion/kind fields (Go keeps TypeMeta out of the protobuf
body and puts it in the runtime.Unknown envelope). The generator adds them back as two ordinary
string fields, ``apiVersion`` and ``kind`` (field numbers TYPE_META_API_VERSION_NUMBER and
TYPE_META_KIND_NUMBER, far above anything Kubernetes uses), to exactly the messages whose Go struct
embeds metav1.TypeMeta. So ``pod.kind = "Pod"`` works as Go's ``pod.Kind = "Pod"`` does, a new
object's TypeMeta is empty, and ``get_object_kind()`` reads and writes those two fields, like Go's
``GetObjectKind()`` returning ``&obj.TypeMeta``. Encoders that write Kubernetes protobuf must clear
the two fields on a copy before ``SerializeToString()`` (the Go body never carries them); Go's
decoder would skip them anyway, as it skips any unknown field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping, Optional, Protocol, TypeVar

from google.protobuf.message import Message

if TYPE_CHECKING:
    from kubernetes_py.apimachinery.apis.meta.v1.generated import (
        ListMeta,
        ManagedFieldsEntry,
        ObjectMeta,
        OwnerReference,
        Time,
    )
    from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, ObjectKind

    # For checkers the mixins are messages (their methods are copied onto the message classes); at run time
    # they are plain classes, so that only their own methods are copied.
    _Mixin = Message
else:
    _Mixin = object

TYPE_META_API_VERSION_NUMBER = 536870910
TYPE_META_KIND_NUMBER = 536870911

OBJECT_META = "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta"
LIST_META = "k8s.io.apimachinery.pkg.apis.meta.v1.ListMeta"
TYPE_META = "k8s.io.apimachinery.pkg.apis.meta.v1.TypeMeta"

_M = TypeVar("_M", bound=Message)


def _copy(message: _M) -> _M:
    clone = type(message)()
    clone.CopyFrom(message)
    return clone


def _assign(message: Message, name: str, value: object) -> None:
    """``message.<name> = value`` through the class's Go-assignment ``__setattr__`` (see _assign.py), which takes
    any mapping, iterable or None where the stubs can only declare the type a read gives."""
    setattr(message, name, value)


class CommonMethods(_Mixin):
    """Methods of every API message class."""

    __slots__ = ()

    def deep_copy(self: _M) -> _M:
        """A copy that shares nothing with this object (Go's DeepCopy)."""
        return _copy(self)


class _TypeMetaFields(Protocol):
    """A message whose Go struct embeds TypeMeta: its apiVersion and kind fields."""

    apiVersion: str
    kind: str

    def ClearField(self, field_name: str) -> None: ...  # noqa: N802 - protobuf's method


def _group_version_kind(obj: _TypeMetaFields) -> GroupVersionKind:
    from kubernetes_py.apimachinery.runtime.schema import from_api_version_and_kind

    return from_api_version_and_kind(obj.apiVersion, obj.kind)


def _set_group_version_kind(obj: _TypeMetaFields, gvk: GroupVersionKind) -> None:
    api_version, kind = gvk.to_api_version_and_kind()
    for name, value in (("apiVersion", api_version), ("kind", kind)):
        if value:
            setattr(obj, name, value)
        else:
            obj.ClearField(name)


class _TypeMetaKind:
    """The schema.ObjectKind of an object whose Go struct embeds TypeMeta: a view of its
    apiVersion and kind fields."""

    __slots__ = ("_obj",)

    def __init__(self, obj: _TypeMetaFields):
        self._obj = obj

    def group_version_kind(self) -> GroupVersionKind:
        return _group_version_kind(self._obj)

    def set_group_version_kind(self, gvk: GroupVersionKind) -> None:
        _set_group_version_kind(self._obj, gvk)

    def __repr__(self) -> str:
        return f"ObjectKind({self._obj.apiVersion!r}, {self._obj.kind!r})"


class RuntimeObjectMethods(_Mixin):
    """runtime.Object on messages whose Go struct embeds metav1.TypeMeta."""

    __slots__ = ()

    if TYPE_CHECKING:
        apiVersion: str
        kind: str

    def get_object_kind(self) -> ObjectKind:
        """The object's schema.ObjectKind, backed by its apiVersion and kind fields."""
        return _TypeMetaKind(self)

    def deep_copy_object(self: _M) -> _M:
        """runtime.Object's DeepCopyObject."""
        return _copy(self)


# Registered kinds without TypeMeta whose Go GetObjectKind returns schema.EmptyObjectKind.
EMPTY_OBJECT_KIND = frozenset({"k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent"})
_empty_object_kind: Optional[ObjectKind] = None
"""schema.EmptyObjectKind, imported on first use (the schema package imports this module)."""


class EmptyObjectKindMethods(_Mixin):
    """runtime.Object on kinds without TypeMeta (metav1.WatchEvent): the kind is always empty."""

    __slots__ = ()

    def get_object_kind(self) -> ObjectKind:
        global _empty_object_kind
        if _empty_object_kind is None:
            from kubernetes_py.apimachinery.runtime.schema import EmptyObjectKind

            _empty_object_kind = EmptyObjectKind
        return _empty_object_kind

    def deep_copy_object(self: _M) -> _M:
        return _copy(self)


class TypeMetaMethods(_Mixin):
    """metav1.TypeMeta is itself a schema.ObjectKind."""

    __slots__ = ()

    if TYPE_CHECKING:
        apiVersion: str
        kind: str

    def get_object_kind(self) -> ObjectKind:
        return self

    def group_version_kind(self) -> GroupVersionKind:
        return _group_version_kind(self)

    def set_group_version_kind(self, gvk: GroupVersionKind) -> None:
        _set_group_version_kind(self, gvk)


class _ObjectAccessors(_Mixin):
    """The metav1.Object accessors, reading the ObjectMeta ``get_object_meta()`` gives."""

    __slots__ = ()

    def get_object_meta(self) -> ObjectMeta:
        raise NotImplementedError

    def get_namespace(self) -> str:
        return self.get_object_meta().namespace

    def set_namespace(self, namespace: str) -> None:
        self.get_object_meta().namespace = namespace

    def get_name(self) -> str:
        return self.get_object_meta().name

    def set_name(self, name: str) -> None:
        self.get_object_meta().name = name

    def get_generate_name(self) -> str:
        return self.get_object_meta().generateName

    def set_generate_name(self, name: str) -> None:
        self.get_object_meta().generateName = name

    def get_uid(self) -> str:
        return self.get_object_meta().uid

    def set_uid(self, uid: str) -> None:
        self.get_object_meta().uid = uid

    def get_resource_version(self) -> str:
        return self.get_object_meta().resourceVersion

    def set_resource_version(self, version: str) -> None:
        self.get_object_meta().resourceVersion = version

    def get_generation(self) -> int:
        return self.get_object_meta().generation

    def set_generation(self, generation: int) -> None:
        self.get_object_meta().generation = generation

    def get_self_link(self) -> str:
        return self.get_object_meta().selfLink

    def set_self_link(self, self_link: str) -> None:
        self.get_object_meta().selfLink = self_link

    def get_creation_timestamp(self) -> Time:
        """A copy of creationTimestamp (an empty metav1.Time when unset: Go's zero Time)."""
        return _copy(self.get_object_meta().creationTimestamp)

    def set_creation_timestamp(self, timestamp: Time) -> None:
        self.get_object_meta().creationTimestamp = timestamp

    def get_deletion_timestamp(self) -> Optional[Time]:
        """deletionTimestamp, or None when unset (Go's nil *Time)."""
        m = self.get_object_meta()
        return m.deletionTimestamp if m.HasField("deletionTimestamp") else None

    def set_deletion_timestamp(self, timestamp: Optional[Time]) -> None:
        _assign(self.get_object_meta(), "deletionTimestamp", timestamp)

    def get_deletion_grace_period_seconds(self) -> Optional[int]:
        """deletionGracePeriodSeconds, or None when unset (Go's nil *int64)."""
        m = self.get_object_meta()
        return m.deletionGracePeriodSeconds if m.HasField("deletionGracePeriodSeconds") else None

    def set_deletion_grace_period_seconds(self, seconds: Optional[int]) -> None:
        _assign(self.get_object_meta(), "deletionGracePeriodSeconds", seconds)

    def get_labels(self) -> dict[str, str]:
        return dict(self.get_object_meta().labels)

    def set_labels(self, labels: Optional[Mapping[str, str]]) -> None:
        _assign(self.get_object_meta(), "labels", labels)

    def get_annotations(self) -> dict[str, str]:
        return dict(self.get_object_meta().annotations)

    def set_annotations(self, annotations: Optional[Mapping[str, str]]) -> None:
        _assign(self.get_object_meta(), "annotations", annotations)

    def get_finalizers(self) -> list[str]:
        return list(self.get_object_meta().finalizers)

    def set_finalizers(self, finalizers: Optional[Iterable[str]]) -> None:
        _assign(self.get_object_meta(), "finalizers", finalizers)

    def get_owner_references(self) -> list[OwnerReference]:
        return [_copy(ref) for ref in self.get_object_meta().ownerReferences]

    def set_owner_references(self, references: Optional[Iterable[OwnerReference]]) -> None:
        _assign(self.get_object_meta(), "ownerReferences", references)

    def get_managed_fields(self) -> list[ManagedFieldsEntry]:
        return [_copy(entry) for entry in self.get_object_meta().managedFields]

    def set_managed_fields(self, entries: Optional[Iterable[ManagedFieldsEntry]]) -> None:
        _assign(self.get_object_meta(), "managedFields", entries)


class _ListAccessors(_Mixin):
    """The metav1.ListInterface accessors, reading the ListMeta ``get_list_meta()`` gives."""

    __slots__ = ()

    def get_list_meta(self) -> ListMeta:
        raise NotImplementedError

    def get_resource_version(self) -> str:
        return self.get_list_meta().resourceVersion

    def set_resource_version(self, version: str) -> None:
        self.get_list_meta().resourceVersion = version

    def get_self_link(self) -> str:
        return self.get_list_meta().selfLink

    def set_self_link(self, self_link: str) -> None:
        self.get_list_meta().selfLink = self_link

    def get_continue(self) -> str:
        value: str = getattr(self.get_list_meta(), "continue")
        return value

    def set_continue(self, c: str) -> None:
        setattr(self.get_list_meta(), "continue", c)

    def get_remaining_item_count(self) -> Optional[int]:
        """remainingItemCount, or None when unset (Go's nil *int64)."""
        m = self.get_list_meta()
        return m.remainingItemCount if m.HasField("remainingItemCount") else None

    def set_remaining_item_count(self, count: Optional[int]) -> None:
        _assign(self.get_list_meta(), "remainingItemCount", count)


class ObjectMetaMethods(_ObjectAccessors):
    """metav1.ObjectMeta implements metav1.Object itself."""

    __slots__ = ()

    def get_object_meta(self) -> ObjectMeta:
        return self  # type: ignore[return-value]  # this mixin is copied onto the ObjectMeta class only


class ObjectWithMetaMethods(_ObjectAccessors):
    """Types with ``metadata`` of type ObjectMeta implement metav1.Object through it."""

    __slots__ = ()

    if TYPE_CHECKING:
        metadata: ObjectMeta

    def get_object_meta(self) -> ObjectMeta:
        """The object's live ObjectMeta (Go returns a pointer into the object)."""
        return self.metadata


class ListMetaMethods(_ListAccessors):
    """metav1.ListMeta implements metav1.ListInterface itself."""

    __slots__ = ()

    def get_list_meta(self) -> ListMeta:
        return self  # type: ignore[return-value]  # this mixin is copied onto the ListMeta class only


class ListWithMetaMethods(_ListAccessors):
    """Lists with ``metadata`` of type ListMeta implement metav1.ListInterface through it."""

    __slots__ = ()

    if TYPE_CHECKING:
        metadata: ListMeta

    def get_list_meta(self) -> ListMeta:
        """The list's live ListMeta."""
        return self.metadata
