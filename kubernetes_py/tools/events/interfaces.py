"""The recorder and broadcaster interfaces of events.k8s.io/v1 events (tools/events/interfaces.go and
tools/internal/events)."""

from __future__ import annotations

import logging
from typing import Any, Callable, Protocol
from kubernetes_py import context
from kubernetes_py.api.events import v1 as eventsv1
from kubernetes_py.tools.internal.events import AnnotatedEventRecorder, EventRecorder, EventRecorderLogger

__all__ = [
    "AnnotatedEventRecorder",
    "EventBroadcaster",
    "EventBroadcasterAdapter",
    "EventRecorder",
    "EventRecorderLogger",
    "EventSink",
]


class EventSink(Protocol):
    """Where events.k8s.io/v1 events are written; each call returns the server's Event or raises."""

    def create(self, ctx: context.Context | None, event: eventsv1.Event) -> eventsv1.Event: ...

    def update(self, ctx: context.Context | None, event: eventsv1.Event) -> eventsv1.Event: ...

    def patch(self, ctx: context.Context | None, old_event: eventsv1.Event, data: bytes) -> eventsv1.Event: ...


class EventBroadcaster(Protocol):
    def start_recording_to_sink(self, stop: Any) -> None: ...

    def start_recording_to_sink_with_context(self, ctx: context.Context | None) -> None: ...

    def new_recorder(self, scheme: Any, reporting_controller: str) -> EventRecorderLogger: ...

    def start_event_watcher(self, event_handler: Callable[[Any], None]) -> Callable[[], None]: ...

    def start_structured_logging(self, verbosity: int) -> Callable[[], None]: ...

    def start_logging(self, logger: logging.Logger) -> Callable[[], None]: ...

    def shutdown(self) -> None: ...


class EventBroadcasterAdapter(Protocol):
    def start_recording_to_sink(self, stop: Any) -> None: ...

    def new_recorder(self, name: str) -> EventRecorderLogger: ...

    def deprecated_new_legacy_recorder(self, name: str) -> Any: ...

    def shutdown(self) -> None: ...
