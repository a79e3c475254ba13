"""The hand-written methods of the events/v1beta1 events client (client-go typed/events/v1beta1/event_expansion.go).

Each sends the event to its own namespace (which must be the client's, unless the client is for all namespaces)
and runs without a context, as Go's does.
"""

from __future__ import annotations


from kubernetes_py import gentype
from kubernetes_py.api.events import v1beta1 as eventsv1beta1

from kubernetes_py.kubernetes.typed import _expansion

__all__ = ["EventExpansion"]


class EventExpansion(gentype.Expansion[eventsv1beta1.Event]):
    """create/update/patch_with_event_namespace on EventInterface."""

    def create_with_event_namespace(self, event: eventsv1beta1.Event) -> eventsv1beta1.Event:
        return _expansion.write_in_event_namespace(self, None, "create", event, event, eventsv1beta1.Event())

    def update_with_event_namespace(self, event: eventsv1beta1.Event) -> eventsv1beta1.Event:
        return _expansion.write_in_event_namespace(self, None, "update", event, event, eventsv1beta1.Event())

    def patch_with_event_namespace(self, event: eventsv1beta1.Event, data: bytes) -> eventsv1beta1.Event:
        return _expansion.write_in_event_namespace(self, None, "patch", event, data, eventsv1beta1.Event())
