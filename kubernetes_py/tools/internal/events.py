"""The events.k8s.io recorder interfaces (client-go tools/internal/events/interfaces.go): tools/events re-exports
them, and tools/record's EventRecorderAdapter implements them. ``RecorderBase`` is what every implementation here
shares: ``eventf`` is ``annotated_eventf`` without annotations."""

from __future__ import annotations

import abc
import logging
from typing import Any, Dict, Optional, Protocol

__all__ = ["AnnotatedEventRecorder", "EventRecorder", "EventRecorderLogger", "RecorderBase"]


class EventRecorder(Protocol):
    """``eventf(regarding, related, eventtype, reason, action, note, *args)``: ``regarding`` is the object the
    event is about, ``related`` an optional second object, ``action`` what was done (or failed), ``note`` a
    Sprintf format of at most 1 kB once formatted."""

    def eventf(
        self, regarding: Any, related: Any, eventtype: str, reason: str, action: str, note: str, *args: Any
    ) -> None: ...


class AnnotatedEventRecorder(Protocol):
    @abc.abstractmethod
    def annotated_eventf(
        self,
        regarding: Any,
        related: Any,
        annotations: Optional[Dict[str, str]],
        eventtype: str,
        reason: str,
        action: str,
        note: str,
        *args: Any,
    ) -> None:
        """Record an event carrying ``annotations``."""


class EventRecorderLogger(EventRecorder, Protocol):
    def with_logger(self, logger: logging.Logger) -> "EventRecorderLogger": ...


class RecorderBase(EventRecorder, AnnotatedEventRecorder):
    """An EventRecorder whose ``eventf`` is its ``annotated_eventf`` with no annotations."""

    def eventf(
        self, regarding: Any, related: Any, eventtype: str, reason: str, action: str, note: str, *args: Any
    ) -> None:
        self.annotated_eventf(regarding, related, None, eventtype, reason, action, note, *args)
