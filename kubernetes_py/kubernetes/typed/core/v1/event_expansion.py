"""The hand-written methods of the core/v1 events client (client-go typed/core/v1/event_expansion.go).

The ``*_with_event_namespace`` methods send the event to its own namespace, which must be the client's unless
the client is for all namespaces; ``search`` lists the events about one object.
"""

from __future__ import annotations

from typing import Any, Optional

from kubernetes_py import context, gentype
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.kubernetes.typed import _expansion

__all__ = ["EventExpansion", "EventSinkImpl", "get_involved_object_name_field_label"]


class EventExpansion(gentype.ExpansionWithList[corev1.Event, corev1.EventList]):
    """Event writes in the event's own namespace, and the involvedObject field selector."""

    def create_with_event_namespace(self, event: corev1.Event) -> corev1.Event:
        return self.create_with_event_namespace_with_context(None, event)

    def create_with_event_namespace_with_context(
        self, ctx: context.Context | None, event: corev1.Event
    ) -> corev1.Event:
        """POST the event to its own namespace; returns the server's Event."""
        return _expansion.write_in_event_namespace(self, ctx, "create", event, event, corev1.Event())

    def update_with_event_namespace(self, event: corev1.Event) -> corev1.Event:
        return self.update_with_event_namespace_with_context(None, event)

    def update_with_event_namespace_with_context(
        self, ctx: context.Context | None, event: corev1.Event
    ) -> corev1.Event:
        """PUT the event in its own namespace; returns the server's Event."""
        return _expansion.write_in_event_namespace(self, ctx, "update", event, event, corev1.Event())

    def patch_with_event_namespace(self, incomplete_event: corev1.Event, data: bytes) -> corev1.Event:
        return self.patch_with_event_namespace_with_context(None, incomplete_event, data)

    def patch_with_event_namespace_with_context(
        self, ctx: context.Context | None, incomplete_event: corev1.Event, data: bytes
    ) -> corev1.Event:
        """Strategic-merge-patch the event in its own namespace; returns the server's Event."""
        return _expansion.write_in_event_namespace(self, ctx, "patch", incomplete_event, data, corev1.Event())

    def search(self, scheme: Any, obj_or_ref: Any) -> corev1.EventList:
        return self.search_with_context(None, scheme, obj_or_ref)

    def search_with_context(self, ctx: context.Context | None, scheme: Any, obj_or_ref: Any) -> corev1.EventList:
        """The corev1.EventList of events whose involvedObject is ``obj_or_ref`` (an object or ObjectReference)."""
        from kubernetes_py.apimachinery.apis.meta import v1 as metav1
        from kubernetes_py.tools import reference

        ref = reference.get_reference(scheme, obj_or_ref)
        if self.get_namespace() and ref.namespace != self.get_namespace():
            raise ValueError(
                f"won't be able to find any events of namespace '{ref.namespace}' in namespace '{self.get_namespace()}'"
            )
        selector = self.get_field_selector(ref.name, ref.namespace, ref.kind or None, ref.uid or None)
        return self.list(ctx, metav1.ListOptions(fieldSelector=str(selector)))

    def get_field_selector(
        self,
        involved_object_name: Optional[str],
        involved_object_namespace: Optional[str],
        involved_object_kind: Optional[str],
        involved_object_uid: Optional[str],
    ) -> Any:
        """A field selector on the involvedObject fields that are given (None leaves one out)."""
        from kubernetes_py.apimachinery import fields

        field = fields.Set()
        if involved_object_name is not None:
            field["involvedObject.name"] = involved_object_name
        if involved_object_namespace is not None:
            field["involvedObject.namespace"] = involved_object_namespace
        if involved_object_kind is not None:
            field["involvedObject.kind"] = involved_object_kind
        if involved_object_uid is not None:
            field["involvedObject.uid"] = involved_object_uid
        return field.as_selector()


def get_involved_object_name_field_label(version: str) -> str:
    """The field label of the involved object's name (the same in every version)."""
    return "involvedObject.name"


class EventSinkImpl:
    """An event sink (tools/record) writing through an events client in each event's own namespace."""

    def __init__(self, interface: Any):
        self.interface = interface

    def create(self, event: Any) -> Any:
        return self.interface.create_with_event_namespace(event)

    def update(self, event: Any) -> Any:
        return self.interface.update_with_event_namespace(event)

    def patch(self, event: Any, data: bytes) -> Any:
        return self.interface.patch_with_event_namespace(event, data)
