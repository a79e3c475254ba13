"""Event broadcaster and recorder for core/v1 Events (k8s.io/client-go/tools/record/event.go).

A recorder turns ``event(obj, type, reason, message)`` into a corev1.Event and queues it, never blocking: the
broadcaster (a watch.Broadcaster with a queue of 1000, dropping events for watchers that fall behind) hands each
event to every watcher started with start_recording_to_sink, start_logging, start_structured_logging or
start_event_watcher. Each watcher is a thread ("event-broadcaster sink", "event-broadcaster logging", ...). A
sink watcher correlates events (events_cache.py) and writes them: a create, or a patch for a repeat (a create
again if the event is gone), retried up to 12 times with ``sleep_duration`` (10 s, the first one randomized)
between tries while the server cannot be reached; an error the server answered with is not retried.

Shutdown: ``shutdown()`` (or the end of the context given with with_context) delivers what is queued, stops the
watchers and joins their threads; an event in its retry sleep is given up.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import threading
from typing import Any, Callable, Dict, Optional, Protocol

from kubernetes_py import context as _context
from kubernetes_py._go.fmt import sprintf
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.watch import Interface as _WatchInterface  # the broadcaster's watch() hides the module
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.tools.internal import clocktime
from kubernetes_py.tools.internal.events import EventCall, RecorderBase, log_event_occurred, reference_or_log
from kubernetes_py.utils.clock import RealClock

from . import util
from .events_cache import EventCorrelator, new_event_correlator_with_options

__all__ = [
    "BroadcasterOption",
    "CorrelatorOptions",
    "EventBroadcaster",
    "EventRecorder",
    "EventRecorderAdapter",
    "EventRecorderLogger",
    "EventSink",
    "new_broadcaster",
    "new_broadcaster_for_tests",
    "new_broadcaster_with_correlator_options",
    "new_event_recorder_adapter",
    "with_context",
    "with_correlator_options",
    "with_sleep_duration",
]

_log = logging.getLogger(__name__)

maxTriesPerEvent = 12
defaultSleepDuration = 10.0
maxQueuedEvents = 1000


class EventSink(Protocol):
    """Where events are written (kubernetes.typed.core.v1.EventSinkImpl over a clientset); each call returns
    the server's Event or raises. It must write each event in the event's own namespace."""

    def create(self, event: corev1.Event) -> corev1.Event: ...

    def update(self, event: corev1.Event) -> corev1.Event: ...

    def patch(self, old_event: corev1.Event, data: bytes) -> corev1.Event: ...


@dataclasses.dataclass
class CorrelatorOptions:
    """Settings of the correlator a sink watcher uses; zero values take client-go's defaults (LRU of 4096,
    burst 25, qps 1/300, 10 events per 600 s before aggregation, aggregation by reason, the real clock)."""

    lru_cache_size: int = 0
    burst_size: int = 0
    qps: float = 0.0
    key_func: Optional[Callable[[Any], Any]] = None
    message_func: Optional[Callable[[Any], str]] = None
    max_events: int = 0
    max_interval_in_seconds: int = 0
    clock: Any = None
    spam_key_func: Optional[Callable[[Any], str]] = None


class EventRecorder(Protocol):
    """Records events about objects: ``eventtype`` is Normal or Warning, ``reason`` UpperCamelCase, the message
    for humans; ``eventf`` formats the message as Go's Sprintf."""

    def event(self, obj: Any, eventtype: str, reason: str, message: str) -> None: ...

    def eventf(self, obj: Any, eventtype: str, reason: str, message_fmt: str, *args: Any) -> None: ...

    def annotated_eventf(
        self, obj: Any, annotations: Optional[Dict[str, str]], eventtype: str, reason: str, message_fmt: str, *args: Any
    ) -> None: ...


class EventRecorderLogger(EventRecorder, Protocol):
    def with_logger(self, logger: logging.Logger) -> "EventRecorderLogger": ...


class EventBroadcaster(Protocol):
    def start_event_watcher(self, event_handler: Callable[[Any], None]) -> watch.Interface: ...

    def start_recording_to_sink(self, sink: EventSink) -> watch.Interface: ...

    def start_logging(self, logf: Callable[..., None]) -> watch.Interface: ...

    def start_structured_logging(self, verbosity: int) -> watch.Interface: ...

    def new_recorder(self, scheme: Any, source: Any) -> EventRecorderLogger: ...

    def shutdown(self) -> None: ...


@dataclasses.dataclass
class _Config:
    correlator_options: CorrelatorOptions = dataclasses.field(default_factory=CorrelatorOptions)
    context: Optional[_context.Context] = None
    sleep_duration: float = defaultSleepDuration


BroadcasterOption = Callable[[_Config], None]


def with_correlator_options(options: CorrelatorOptions) -> BroadcasterOption:
    def apply(c: _Config) -> None:
        c.correlator_options = options

    return apply


def with_context(ctx: _context.Context) -> BroadcasterOption:
    """The broadcaster shuts down when ``ctx`` ends (shutdown() need not be called)."""

    def apply(c: _Config) -> None:
        c.context = ctx

    return apply


def with_sleep_duration(sleep_duration: float) -> BroadcasterOption:
    """The wait between tries of writing an event (10 s by default)."""

    def apply(c: _Config) -> None:
        c.sleep_duration = sleep_duration

    return apply


def new_broadcaster(*opts: BroadcasterOption) -> "_EventBroadcasterImpl":
    """A new event broadcaster; call shutdown() when done, unless it was given a context with with_context."""
    c = _Config()
    for opt in opts:
        opt(c)
    return _EventBroadcasterImpl(c)


def new_broadcaster_for_tests(sleep_duration: float) -> "_EventBroadcasterImpl":
    return new_broadcaster(with_sleep_duration(sleep_duration))


def new_broadcaster_with_correlator_options(options: CorrelatorOptions) -> "_EventBroadcasterImpl":
    return new_broadcaster(with_correlator_options(options))


def _go_object_reference(ref: Any) -> str:
    """Go's %#v of a corev1.ObjectReference."""
    fields = [
        ("Kind", ref.kind),
        ("Namespace", ref.namespace),
        ("Name", ref.name),
        ("UID", ref.uid),
        ("APIVersion", ref.apiVersion),
        ("ResourceVersion", ref.resourceVersion),
        ("FieldPath", ref.fieldPath),
    ]
    return "v1.ObjectReference{" + ", ".join(f"{k}:{go_quote(v)}" for k, v in fields) + "}"


def _level(verbosity: int) -> int:
    from kubernetes_py.transport import verbosity_level

    return logging.INFO if verbosity <= 0 else verbosity_level(verbosity)


class _EventBroadcasterImpl:
    """The EventBroadcaster of new_broadcaster (see the module docstring for its threads)."""

    def __init__(self, c: _Config):
        self.broadcaster = watch.new_long_queue_broadcaster(maxQueuedEvents, watch.DropIfChannelFull)
        self.sleep_duration = c.sleep_duration
        self.options = c.correlator_options
        ctx = c.context if c.context is not None else _context.background()
        have_ctx_cancelation = ctx.done() is not _context.background().done()
        self.cancelation_ctx, self.cancel = _context.with_cancel(ctx)
        self._threads = wait.Group()  # the watchers
        self._stopper: Optional[threading.Thread] = None
        if have_ctx_cancelation:
            self._stopper = threading.Thread(
                target=self._stop_when_done, name="event-broadcaster shutdown", daemon=True
            )
            self._stopper.start()

    # Go's eventBroadcasterImpl embeds *watch.Broadcaster.
    def watch(self) -> _WatchInterface:
        return self.broadcaster.watch()

    def action(self, action: str, obj: Any) -> None:
        self.broadcaster.action(action, obj)

    def action_or_drop(self, action: str, obj: Any) -> bool:
        return self.broadcaster.action_or_drop(action, obj)

    def _stop_when_done(self) -> None:
        self.cancelation_ctx.done().wait()
        self.broadcaster.shutdown()
        self._join_watchers()

    def _join_watchers(self) -> None:
        self._threads.wait()

    def shutdown(self) -> None:
        """Deliver what is queued, stop every watcher and join the broadcaster's threads."""
        self.broadcaster.shutdown()
        self.cancel()
        self._join_watchers()
        if self._stopper is not None and self._stopper is not threading.current_thread():
            self._stopper.join()

    def __enter__(self) -> "_EventBroadcasterImpl":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()

    def start_recording_to_sink(self, sink: EventSink) -> _WatchInterface:
        """Write every event to ``sink`` through a new correlator; stop() the result to stop."""
        correlator = new_event_correlator_with_options(self.options)
        return self._start_event_watcher("sink", lambda event: self._record_to_sink(sink, event, correlator))

    def _record_to_sink(self, sink: EventSink, event: Any, correlator: EventCorrelator) -> None:
        event = event.deep_copy()  # other watchers see the same event
        ctx = self.cancelation_ctx
        try:
            result = correlator.event_correlate(event)
        except Exception as err:  # noqa: BLE001
            utilruntime.handle_error_with_context(ctx, err, "Event correlation failed")
            return
        to_send = result.event
        if result.skip or to_send is None:  # a result not skipped carries its event
            return
        tries = 0
        while True:
            if _record_event(sink, to_send, result.patch, to_send.count > 1, correlator):
                return
            tries += 1
            if tries >= maxTriesPerEvent:
                _log.error('"Unable to write event (retry limit exceeded!)" event=%s', _event_ref(event))
                return
            delay = self.sleep_duration
            if tries == 1:  # so that clients do not retry in step after an outage
                delay = delay * random.random()
            if ctx.done().wait(delay):
                _log.error('"Unable to write event (broadcaster is shut down)" event=%s', _event_ref(event))
                return

    def start_logging(self, logf: Callable[..., None]) -> _WatchInterface:
        """Pass every event to ``logf(format, *args)``; the format has only %s verbs, so it suits both
        Python's logging (``logger.info``) and a Go-style Sprintf."""

        def log_event(e: Any) -> None:
            logf(
                "Event(%s): type: '%s' reason: '%s' %s",
                _go_object_reference(e.involvedObject),
                e.type,
                e.reason,
                e.message,
            )

        return self._start_event_watcher("logging", log_event)

    def start_structured_logging(self, verbosity: int) -> _WatchInterface:
        """Log every event on this module's logger (klog's V(verbosity): INFO for 0, lower levels above)."""
        level = _level(verbosity)

        def log_event(e: Any) -> None:
            o = e.involvedObject
            log_event_occurred(
                _log,
                level,
                o.namespace,
                o.name,
                [
                    ("fieldPath", o.fieldPath),
                    ("kind", o.kind),
                    ("apiVersion", o.apiVersion),
                    ("type", e.type),
                    ("reason", e.reason),
                    ("message", e.message),
                ],
            )

        return self._start_event_watcher("structured-logging", log_event)

    def start_event_watcher(self, event_handler: Callable[[Any], None]) -> _WatchInterface:
        """Call ``event_handler(event)`` for every event, in a thread of its own; stop() the result to stop."""
        return self._start_event_watcher("watcher", event_handler)

    def _start_event_watcher(self, role: str, event_handler: Callable[[Any], None]) -> _WatchInterface:
        try:
            watcher = self.broadcaster.watch()
        except watch.BroadcasterStoppedError as err:
            _log.error('"Unable start event watcher (will not retry!)" err=%s', err)
            return watch.new_empty_watch()
        ctx = self.cancelation_ctx

        def loop() -> None:
            with utilruntime.handle_crash_with_context(ctx):
                for watch_event in watcher.result_chan():
                    if ctx.done().is_set():
                        watcher.stop()
                        return
                    if isinstance(watch_event.object, corev1.Event):
                        event_handler(watch_event.object)

        self._threads.start(loop, name=f"event-broadcaster {role}")
        return watcher

    def new_recorder(self, scheme: Any, source: Any) -> "_RecorderImplLogger":
        """A recorder of events from ``source`` (a corev1.EventSource) about objects ``scheme`` knows."""
        return _RecorderImplLogger(_RecorderImpl(scheme, source, self.broadcaster, RealClock()), _log)


def _event_ref(event: Any) -> str:
    return go_quote(f"{event.metadata.namespace}/{event.metadata.name}")


def _record_event(
    sink: EventSink, event: corev1.Event, patch: bytes, update_existing_event: bool, correlator: EventCorrelator
) -> bool:
    """Write the event (a patch of the existing one, or a create); True when done with it (written, or
    refused for good), False to retry."""
    from kubernetes_py import rest

    new_event = None
    err: Optional[BaseException] = None
    if update_existing_event:
        try:
            new_event = sink.patch(event, patch)
        except Exception as e:  # noqa: BLE001
            err = e
    if not update_existing_event or util.is_key_not_found_error(err):
        event.metadata.resourceVersion = ""  # a create must not carry one
        try:
            new_event = sink.create(event)
            err = None
        except Exception as e:  # noqa: BLE001
            err = e
    if err is None:
        assert new_event is not None  # what the call that succeeded returned
        correlator.update_state(new_event)
        return True
    if isinstance(err, rest.RequestConstructionError):
        _log.error('"Unable to construct event (will not retry!)" err=%s event=%s', err, _event_ref(event))
        return True
    if isinstance(err, errors.StatusError):
        if errors.is_already_exists(err) or errors.has_status_cause(err, corev1.NamespaceTerminatingCause):
            _log.debug('"Server rejected event (will not retry!)" event=%s err=%s', _event_ref(event), err)
        else:
            _log.error('"Server rejected event (will not retry!)" err=%s event=%s', err, _event_ref(event))
        return True
    # An unexpected object or a transport error: retry.
    _log.error('"Unable to write event (may retry after sleeping)" err=%s event=%s', err, _event_ref(event))
    return False


class _RecorderImpl:
    """Makes events and queues them on the broadcaster (dropping them when 1000 are queued)."""

    def __init__(self, scheme: Any, source: Any, broadcaster: watch.Broadcaster, clock: Any):
        self.scheme = scheme
        self.source = source
        self.broadcaster = broadcaster
        self.clock = clock

    def _generate_event(
        self,
        logger: logging.Logger,
        obj: Any,
        annotations: Optional[Dict[str, str]],
        eventtype: str,
        reason: str,
        message: str,
    ) -> None:
        ref = reference_or_log(logger, self.scheme, obj, eventtype, reason, message)
        if ref is None:
            return
        if not util.validate_event_type(eventtype):
            logger.error('"Unsupported event type" eventType=%s', go_quote(eventtype))
            return
        event = self._make_event(ref, annotations, eventtype, reason, message)
        event.source = self.source
        event.reportingInstance = self.source.host
        event.reportingComponent = self.source.component
        try:
            sent = self.broadcaster.action_or_drop(watch.Added, event)
        except watch.BroadcasterStoppedError as err:
            logger.error('"Unable to record event (will not retry!)" err=%s', err)
            return
        if not sent:
            logger.error('"Unable to record event: too many queued events, dropped event" event=%s', _event_ref(event))

    _logger = _log

    def event(self, obj: Any, eventtype: str, reason: str, message: str) -> None:
        self._generate_event(self._logger, obj, None, eventtype, reason, message)

    def eventf(self, obj: Any, eventtype: str, reason: str, message_fmt: str, *args: Any) -> None:
        self.event(obj, eventtype, reason, sprintf(message_fmt, *args))

    def annotated_eventf(
        self, obj: Any, annotations: Optional[Dict[str, str]], eventtype: str, reason: str, message_fmt: str, *args: Any
    ) -> None:
        self._generate_event(self._logger, obj, annotations, eventtype, reason, sprintf(message_fmt, *args))

    def _make_event(
        self, ref: Any, annotations: Optional[Dict[str, str]], eventtype: str, reason: str, message: str
    ) -> Any:
        t = clocktime.to_time(self.clock, self.clock.now())
        namespace = ref.namespace or metav1.NamespaceDefault
        return corev1.Event(
            metadata=metav1.ObjectMeta(
                name=util.generate_event_name(ref.name, t.unix_nano()),
                namespace=namespace,
                annotations=annotations or {},
            ),
            involvedObject=ref,
            reason=reason,
            message=message,
            firstTimestamp=t,
            lastTimestamp=t,
            count=1,
            type=eventtype,
        )


class _RecorderImplLogger(_RecorderImpl):
    """The recorder new_recorder returns: ``recorder`` logging its errors to ``logger``."""

    def __init__(self, recorder: _RecorderImpl, logger: logging.Logger):
        super().__init__(recorder.scheme, recorder.source, recorder.broadcaster, recorder.clock)
        self._recorder = recorder
        self._logger = logger

    def with_logger(self, logger: logging.Logger) -> "_RecorderImplLogger":
        return _RecorderImplLogger(self._recorder, logger)


class EventRecorderAdapter(RecorderBase):
    """A record.EventRecorderLogger seen as a tools.events EventRecorder (related and action are dropped)."""

    def __init__(self, recorder: EventRecorderLogger):
        self.recorder = recorder

    def eventf(
        self, regarding: Any, related: Any, eventtype: str, reason: str, action: str, note: str, *args: Any
    ) -> None:
        self.recorder.eventf(regarding, eventtype, reason, note, *args)

    def _record(self, call: EventCall) -> None:
        self.recorder.annotated_eventf(
            call.regarding, call.annotations, call.eventtype, call.reason, call.note, *call.args
        )

    def with_logger(self, logger: logging.Logger) -> "EventRecorderAdapter":
        return EventRecorderAdapter(self.recorder.with_logger(logger))


def new_event_recorder_adapter(recorder: EventRecorderLogger) -> EventRecorderAdapter:
    return EventRecorderAdapter(recorder)
