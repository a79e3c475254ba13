"""The events.k8s.io recorder interfaces (client-go tools/internal/events/interfaces.go): tools/events re-exports
them, and tools/record's EventRecorderAdapter implements them. ``RecorderBase`` is what every implementation here
shares: ``eventf`` is ``annotated_eventf`` without annotations."""

from __future__ import annotations

import abc
import dataclasses
import logging
from typing import Any, Dict, Optional, Protocol, Tuple

from kubernetes_py._go.strconv import go_quote
from kubernetes_py.tools import reference

__all__ = [
    "AnnotatedEventRecorder",
    "EventCall",
    "EventRecorder",
    "EventRecorderLogger",
    "RecorderBase",
    "log_event_occurred",
    "reference_or_log",
]


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


@dataclasses.dataclass(frozen=True)
class EventCall:
    """The arguments of one ``eventf``/``annotated_eventf`` call (``annotations`` None for eventf)."""

    regarding: Any
    related: Any
    annotations: Optional[Dict[str, str]]
    eventtype: str
    reason: str
    action: str
    note: str
    args: Tuple[Any, ...]


class RecorderBase(EventRecorder, AnnotatedEventRecorder):
    """An EventRecorder whose ``eventf`` is its ``annotated_eventf`` with no annotations, and which records each
    call through ``_record``."""

    def eventf(
        self, regarding: Any, related: Any, eventtype: str, reason: str, action: str, note: str, *args: Any
    ) -> None:
        self.annotated_eventf(regarding, related, None, eventtype, reason, action, note, *args)

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
        self._record(EventCall(regarding, related, annotations, eventtype, reason, action, note, args))

    def _record(self, call: EventCall) -> None:
        raise NotImplementedError


def reference_or_log(
    logger: logging.Logger, scheme: Any, obj: Any, eventtype: str, reason: str, message: str
) -> Optional[Any]:
    """The ObjectReference of the object an event is about, or None after logging why the event is not reported."""
    try:
        return reference.get_reference(scheme, obj)
    except Exception as err:  # noqa: BLE001 - Go logs and drops the event
        logger.error(
            '"Could not construct reference, will not report event" err=%s eventType=%s reason=%s message=%s',
            err,
            go_quote(eventtype),
            go_quote(reason),
            go_quote(message),
        )
        return None


def log_event_occurred(
    logger: logging.Logger, level: int, namespace: str, name: str, fields: list[tuple[str, str]]
) -> None:
    """klog's structured "Event occurred" line: the object as namespace/name, then each field quoted."""
    kref = f"{namespace}/{name}" if namespace else name
    logger.log(
        level,
        '"Event occurred" object=%s' + "".join(f" {key}=%s" for key, _ in fields),
        go_quote(kref),
        *(go_quote(value) for _, value in fields),
    )
