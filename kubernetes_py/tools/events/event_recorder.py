"""The events.k8s.io/v1 recorder (tools/events/event_recorder.go)."""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from kubernetes_py._go.fmt import sprintf
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.api.events import v1 as eventsv1
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import reference
from kubernetes_py.tools.internal import clocktime
from kubernetes_py.tools.internal.events import EventCall, RecorderBase, reference_or_log
from kubernetes_py.tools.record import util

__all__ = []

_log = logging.getLogger("kubernetes_py.tools.events")


class _RecorderImpl(RecorderBase):
    """Makes events.k8s.io/v1 Events and passes them to ``broadcaster.action(watch.Added, event)``; the events
    broadcaster gives its recorders a queue in front of its watch.Broadcaster, so that this never blocks."""

    _logger = _log  # where a failure to record is logged (with_logger: another)

    def __init__(self, scheme: Any, reporting_controller: str, reporting_instance: str, broadcaster: Any, clock: Any):
        self.scheme = scheme
        self.reporting_controller = reporting_controller
        self.reporting_instance = reporting_instance
        self.broadcaster = broadcaster
        self.clock = clock

    def _record(self, call: EventCall) -> None:
        logger = self._logger
        regarding, related, annotations = call.regarding, call.related, call.annotations
        eventtype, reason, action = call.eventtype, call.reason, call.action
        timestamp = metav1.now_micro()
        message = sprintf(call.note, *call.args)
        ref_regarding = reference_or_log(logger, self.scheme, regarding, eventtype, reason, message)
        if ref_regarding is None:
            return
        ref_related = None
        if related is not None:
            try:
                ref_related = reference.get_reference(self.scheme, related)
            except Exception as err:  # noqa: BLE001
                logger.debug('"Could not construct reference" err=%s', err)
        if not util.validate_event_type(eventtype):
            logger.error('"Unsupported event type" eventType=%s', go_quote(eventtype))
            return
        event = self._make_event(
            ref_regarding,
            ref_related,
            timestamp,
            annotations,
            eventtype,
            reason,
            message,
            self.reporting_controller,
            self.reporting_instance,
            action,
        )
        try:
            self.broadcaster.action(watch.Added, event)
        except watch.BroadcasterStoppedError as err:
            logger.error(
                '"Unable to record event" err=%s event=%s',
                err,
                go_quote(f"{event.metadata.namespace}/{event.metadata.name}"),
            )

    def _make_event(
        self,
        ref_regarding: Any,
        ref_related: Any,
        timestamp: metav1.MicroTime,
        annotations: Optional[Dict[str, str]],
        eventtype: str,
        reason: str,
        message: str,
        reporting_controller: str,
        reporting_instance: str,
        action: str,
    ) -> Any:
        """The event (Go's makeEvent, with its parameters in its order); named after the regarding object and the
        recorder clock's time."""
        t = clocktime.to_time(self.clock, self.clock.now())
        event = eventsv1.Event(
            metadata=metav1.ObjectMeta(
                name=util.generate_event_name(ref_regarding.name, t.unix_nano()),
                namespace=ref_regarding.namespace or metav1.NamespaceDefault,
                annotations=annotations or {},
            ),
            eventTime=timestamp,
            reportingController=reporting_controller,
            reportingInstance=reporting_instance,
            action=action,
            reason=reason,
            regarding=ref_regarding,
            note=message,
            type=eventtype,
        )
        if ref_related is not None:
            event.related = ref_related
        return event


class _RecorderImplLogger(_RecorderImpl):
    """The recorder new_recorder returns: ``recorder`` logging its errors to ``logger``."""

    def __init__(self, recorder: _RecorderImpl, logger: logging.Logger):
        super().__init__(
            recorder.scheme,
            recorder.reporting_controller,
            recorder.reporting_instance,
            recorder.broadcaster,
            recorder.clock,
        )
        self.recorder = recorder
        self._logger = logger

    def with_logger(self, logger: logging.Logger) -> "_RecorderImplLogger":
        return _RecorderImplLogger(self.recorder, logger)
