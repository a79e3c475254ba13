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

from typing import Any

TYPE_META_API_VERSION_NUMBER = 536870910
TYPE_META_KIND_NUMBER = 536870911

OBJECT_META = "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta"
LIST_META = "k8s.io.apimachinery.pkg.apis.meta.v1.ListMeta"
TYPE_META = "k8s.io.apimachinery.pkg.apis.meta.v1.TypeMeta"


def _copy(message):
    clone = type(message)()
    clone.CopyFrom(message)
    return clone


class CommonMethods:
    """Methods of every API message class."""

    __slots__ = ()

    def deep_copy(self):
        """A copy that shares nothing with this object (Go's DeepCopy)."""
        clone = type(self)()
        clone.CopyFrom(self)
        return clone


class _TypeMetaKind:
    """The schema.ObjectKind of an object whose Go struct embeds TypeMeta: a view of its
    apiVersion and kind fields."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def group_version_kind(self):
        from kubernetes_py.apimachinery.runtime.schema import from_api_version_and_kind

        return from_api_version_and_kind(self._obj.apiVersion, self._obj.kind)

    def set_group_version_kind(self, gvk) -> None:
        api_version, kind = gvk.to_api_version_and_kind()
        _set_or_clear(self._obj, "apiVersion", api_version)
        _set_or_clear(self._obj, "kind", kind)

    def __repr__(self) -> str:
        return f"ObjectKind({self._obj.apiVersion!r}, {self._obj.kind!r})"


def _set_or_clear(message, name: str, value: str) -> None:
    if value:
        setattr(message, name, value)
    else:
        message.ClearField(name)


class RuntimeObjectMethods:
    """runtime.Object on messages whose Go struct embeds metav1.TypeMeta."""

    __slots__ = ()

    def get_object_kind(self):
        """The object's schema.ObjectKind, backed by its apiVersion and kind fields."""
        return _TypeMetaKind(self)

    def deep_copy_object(self):
        """runtime.Object's DeepCopyObject."""
        clone = type(self)()
        clone.CopyFrom(self)
        return clone


# Registered kinds without TypeMeta whose Go GetObjectKind returns schema.EmptyObjectKind.
EMPTY_OBJECT_KIND = frozenset({"k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent"})
_empty_object_kind = None
"""schema.EmptyObjectKind, imported on first use (the schema package imports this module)."""


class EmptyObjectKindMethods:
    """runtime.Object on kinds without TypeMeta (metav1.WatchEvent): the kind is always empty."""

    __slots__ = ()

    def get_object_kind(self):
        global _empty_object_kind
        if _empty_object_kind is None:
            from kubernetes_py.apimachinery.runtime.schema import EmptyObjectKind

            _empty_object_kind = EmptyObjectKind
        return _empty_object_kind

    def deep_copy_object(self):
        clone = type(self)()
        clone.CopyFrom(self)
        return clone


class TypeMetaMethods:
    """metav1.TypeMeta is itself a schema.ObjectKind."""

    __slots__ = ()

    def get_object_kind(self):
        return self

    def group_version_kind(self):
        from kubernetes_py.apimachinery.runtime.schema import from_api_version_and_kind

        return from_api_version_and_kind(self.apiVersion, self.kind)

    def set_group_version_kind(self, gvk) -> None:
        api_version, kind = gvk.to_api_version_and_kind()
        _set_or_clear(self, "apiVersion", api_version)
        _set_or_clear(self, "kind", kind)


def _object_accessors(meta):
    """The metav1.Object accessors, reading ObjectMeta through ``meta(self)``."""

    class ObjectAccessors:
        __slots__ = ()

        def get_namespace(self) -> str:
            return meta(self).namespace

        def set_namespace(self, namespace: str) -> None:
            meta(self).namespace = namespace

        def get_name(self) -> str:
            return meta(self).name

        def set_name(self, name: str) -> None:
            meta(self).name = name

        def get_generate_name(self) -> str:
            return meta(self).generateName

        def set_generate_name(self, name: str) -> None:
            meta(self).generateName = name

        def get_uid(self) -> str:
            return meta(self).uid

        def set_uid(self, uid: str) -> None:
            meta(self).uid = uid

        def get_resource_version(self) -> str:
            return meta(self).resourceVersion

        def set_resource_version(self, version: str) -> None:
            meta(self).resourceVersion = version

        def get_generation(self) -> int:
            return meta(self).generation

        def set_generation(self, generation: int) -> None:
            meta(self).generation = generation

        def get_self_link(self) -> str:
            return meta(self).selfLink

        def set_self_link(self, self_link: str) -> None:
            meta(self).selfLink = self_link

        def get_creation_timestamp(self):
            """A copy of creationTimestamp (an empty metav1.Time when unset: Go's zero Time)."""
            return _copy(meta(self).creationTimestamp)

        def set_creation_timestamp(self, timestamp) -> None:
            meta(self).creationTimestamp = timestamp

        def get_deletion_timestamp(self):
            """deletionTimestamp, or None when unset (Go's nil *Time)."""
            m = meta(self)
            return m.deletionTimestamp if m.HasField("deletionTimestamp") else None

        def set_deletion_timestamp(self, timestamp) -> None:
            meta(self).deletionTimestamp = timestamp

        def get_deletion_grace_period_seconds(self):
            """deletionGracePeriodSeconds, or None when unset (Go's nil *int64)."""
            m = meta(self)
            return m.deletionGracePeriodSeconds if m.HasField("deletionGracePeriodSeconds") else None

        def set_deletion_grace_period_seconds(self, seconds) -> None:
            meta(self).deletionGracePeriodSeconds = seconds

        def get_labels(self) -> dict[Any, Any]:
            return dict(meta(self).labels)

        def set_labels(self, labels) -> None:
            meta(self).labels = labels

        def get_annotations(self) -> dict[Any, Any]:
            return dict(meta(self).annotations)

        def set_annotations(self, annotations) -> None:
            meta(self).annotations = annotations

        def get_finalizers(self) -> list[Any]:
            return list(meta(self).finalizers)

        def set_finalizers(self, finalizers) -> None:
            meta(self).finalizers = finalizers

        def get_owner_references(self) -> list[Any]:
            return [_copy(ref) for ref in meta(self).ownerReferences]

        def set_owner_references(self, references) -> None:
            meta(self).ownerReferences = references

        def get_managed_fields(self) -> list[Any]:
            return [_copy(entry) for entry in meta(self).managedFields]

        def set_managed_fields(self, entries) -> None:
            meta(self).managedFields = entries

    return ObjectAccessors


def _list_accessors(meta):
    """The metav1.ListInterface accessors, reading ListMeta through ``meta(self)``."""

    class ListAccessors:
        __slots__ = ()

        def get_resource_version(self) -> str:
            return meta(self).resourceVersion

        def set_resource_version(self, version: str) -> None:
            meta(self).resourceVersion = version

        def get_self_link(self) -> str:
            return meta(self).selfLink

        def set_self_link(self, self_link: str) -> None:
            meta(self).selfLink = self_link

        def get_continue(self) -> str:
            return getattr(meta(self), "continue")

        def set_continue(self, c: str) -> None:
            setattr(meta(self), "continue", c)

        def get_remaining_item_count(self):
            """remainingItemCount, or None when unset (Go's nil *int64)."""
            m = meta(self)
            return m.remainingItemCount if m.HasField("remainingItemCount") else None

        def set_remaining_item_count(self, count) -> None:
            meta(self).remainingItemCount = count

    return ListAccessors


def _itself(obj):
    return obj


def _metadata(obj):
    return obj.metadata


class ObjectMetaMethods(_object_accessors(_itself)):
    """metav1.ObjectMeta implements metav1.Object itself."""

    __slots__ = ()

    def get_object_meta(self):
        return self


class ObjectWithMetaMethods(_object_accessors(_metadata)):
    """Types with ``metadata`` of type ObjectMeta implement metav1.Object through it."""

    __slots__ = ()

    def get_object_meta(self):
        """The object's live ObjectMeta (Go returns a pointer into the object)."""
        return self.metadata


class ListMetaMethods(_list_accessors(_itself)):
    """metav1.ListMeta implements metav1.ListInterface itself."""

    __slots__ = ()

    def get_list_meta(self):
        return self


class ListWithMetaMethods(_list_accessors(_metadata)):
    """Lists with ``metadata`` of type ListMeta implement metav1.ListInterface through it."""

    __slots__ = ()

    def get_list_meta(self):
        """The list's live ListMeta."""
        return self.metadata
