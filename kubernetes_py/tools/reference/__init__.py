"""k8s.io/client-go/tools/reference: an ObjectReference to an API object (or list)."""

from __future__ import annotations

from typing import Any

__all__ = ["ErrNilObject", "get_reference", "get_partial_reference"]


class ErrNilObject(ValueError):
    """get_reference was given no object."""

    def __init__(self) -> None:
        super().__init__("can't reference a nil object")


def get_reference(scheme: Any, obj: Any) -> Any:
    """A corev1.ObjectReference to ``obj``; kind and apiVersion come from the object, else from ``scheme``."""
    from kubernetes_py.api.core import v1 as corev1
    from kubernetes_py.apimachinery.api import meta

    if obj is None:
        raise ErrNilObject()
    if isinstance(obj, corev1.ObjectReference):
        return obj  # never a reference to a reference
    try:
        object_meta = meta.accessor(obj)
        list_meta = object_meta
    except meta.NotObjectError:
        object_meta = None
        list_meta = meta.common_accessor(obj)

    gvk = obj.get_object_kind().group_version_kind()
    if gvk.empty():
        if scheme is None:
            raise ValueError("scheme is required to look up gvk")
        gvks, _ = scheme.object_kinds(obj)
        if not gvks or gvks[0].empty():
            raise ValueError(f"unexpected gvks registered for object {type(obj).__name__}: {gvks}")
        gvk = gvks[0]

    ref = corev1.ObjectReference(kind=gvk.kind, apiVersion=str(gvk.group_version()))
    if object_meta is None:
        ref.resourceVersion = list_meta.get_resource_version()
        return ref
    ref.name = object_meta.get_name()
    ref.namespace = object_meta.get_namespace()
    ref.uid = object_meta.get_uid()
    ref.resourceVersion = object_meta.get_resource_version()
    return ref


def get_partial_reference(scheme: Any, obj: Any, field_path: str) -> Any:
    """get_reference with fieldPath set (a reference to part of the object)."""
    ref = get_reference(scheme, obj)
    ref.fieldPath = field_path
    return ref
