"""The hand-written methods of the events/v1beta1 events client (client-go typed/events/v1beta1/event_expansion.go).

Each sends the event to its own namespace (which must be the client's, unless the client is for all namespaces)
and runs without a context, as Go's does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from kubernetes_py import gentype
    from kubernetes_py.api.events import v1beta1 as eventsv1beta1

    _Client = gentype.Client[eventsv1beta1.Event]
else:
    _Client = object

__all__ = ["EventExpansion"]

_STRATEGIC_MERGE_PATCH_TYPE = "application/strategic-merge-patch+json"


class EventExpansion(_Client):
    """create/update/patch_with_event_namespace on EventInterface."""

    def _check_namespace(self, action: str, event: eventsv1beta1.Event) -> str:
        namespace = event.get_namespace()
        if self.get_namespace() != "" and namespace != self.get_namespace():
            raise ValueError(
                f"can't {action} an event with namespace '{namespace}' in namespace '{self.get_namespace()}'"
            )
        return namespace

    def create_with_event_namespace(self, event: eventsv1beta1.Event) -> eventsv1beta1.Event:
        from kubernetes_py.api.events import v1beta1 as eventsv1beta1

        namespace = self._check_namespace("create", event)
        result = eventsv1beta1.Event()
        (
            self.get_client()
            .post()
            .namespace_if_scoped(namespace, len(namespace) > 0)
            .resource("events")
            .body(event)
            .do(None)
            .into(result)
        )
        return result

    def update_with_event_namespace(self, event: eventsv1beta1.Event) -> eventsv1beta1.Event:
        from kubernetes_py.api.events import v1beta1 as eventsv1beta1

        namespace = self._check_namespace("update", event)
        result = eventsv1beta1.Event()
        (
            self.get_client()
            .put()
            .namespace_if_scoped(namespace, len(namespace) > 0)
            .resource("events")
            .name(event.get_name())
            .body(event)
            .do(None)
            .into(result)
        )
        return result

    def patch_with_event_namespace(self, event: eventsv1beta1.Event, data: bytes) -> eventsv1beta1.Event:
        from kubernetes_py.api.events import v1beta1 as eventsv1beta1

        namespace = self._check_namespace("patch", event)
        result = eventsv1beta1.Event()
        (
            self.get_client()
            .patch(_STRATEGIC_MERGE_PATCH_TYPE)
            .namespace_if_scoped(namespace, len(namespace) > 0)
            .resource("events")
            .name(event.get_name())
            .body(data)
            .do(None)
            .into(result)
        )
        return result
