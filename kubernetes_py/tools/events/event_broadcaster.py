"""The events.k8s.io/v1 broadcaster, with event series (tools/events/event_broadcaster.go).

An event isomorphic to one already sent (same type, action, reason, reporting controller and instance, regarding
and related objects) is not sent again: the first repeat turns the cached event into a series (count 2) and
patches it; later repeats only count up, and every 30 minutes the series still in the cache are written again.
Every 6 minutes, series not observed for 6 minutes (and single events older than that) are finished: written a
last time and dropped from the cache.

Threads: "events-broadcaster sender" hands recorded events to the watch.Broadcaster, so that eventf never blocks
(client-go starts a goroutine per event); a thread per watcher; "events-broadcaster record" writes the events of
one isomorphism key (each with its retries, up to 12, ``sleep_duration`` jittered by 25% apart); "events-broadcaster
refresh-series" and "finish-series" while recording. ``shutdown()`` delivers what recorders queued, stops all of
them (unlike client-go, where writes and series loops live on until their context ends) and joins them.

Writes of isomorphic events are made one after the other, in the order they were recorded: ``_writing[key]`` (under
``_mu``) holds the writes of a key waiting behind the one in progress, and a key is in it exactly while its
"record" thread runs. Client-go writes every event in a goroutine of its own, so the patch starting a series can
overtake the create of its first event, get NotFound, create, meet AlreadyExists and wait 10 s to retry; here the
patch always follows the create. Events of different keys are written concurrently, as in client-go.
"""

from __future__ import annotations

import functools
import collections
import logging
import socket
import threading
import time
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple

from kubernetes_py import context as _context
from kubernetes_py._go import json as _gojson
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.events import v1 as eventsv1
from kubernetes_py.apimachinery import types, watch
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import _jsonconv
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util import strategicpatch, wait
from kubernetes_py.tools.internal import clocktime
from kubernetes_py.tools.internal.events import log_event_occurred
from kubernetes_py.tools.record import util
from kubernetes_py.utils.clock import PassiveClock, RealClock

from .event_recorder import _RecorderImpl, _RecorderImplLogger
from .interfaces import EventSink

__all__ = [
    "EventSinkImpl",
    "new_broadcaster",
    "new_event_broadcaster_adapter",
    "new_event_broadcaster_adapter_with_context",
]

_log = logging.getLogger("kubernetes_py.tools.events")

maxTriesPerEvent = 12
finishTime = 6 * 60.0
refreshTime = 30 * 60.0
maxQueuedEvents = 1000
defaultSleepDuration = 10.0


def _ref_key(ref: corev1.ObjectReference) -> Tuple[str, ...]:
    return (ref.kind, ref.namespace, ref.name, ref.uid, ref.apiVersion, ref.resourceVersion, ref.fieldPath)


def _get_key(event: eventsv1.Event) -> Tuple[Any, ...]:
    """The key of isomorphic events."""
    related = _ref_key(event.related) if event.HasField("related") else _ref_key(corev1.ObjectReference())
    return (
        event.type,
        event.action,
        event.reason,
        event.reportingController,
        event.reportingInstance,
        _ref_key(event.regarding),
        related,
    )


class EventSinkImpl:
    """An EventSink writing through an events/v1 client (``clientset.events_v1()``), in each event's namespace."""

    def __init__(self, interface: Any):
        self.interface = interface

    def create(self, ctx: _context.Context | None, event: Any) -> Any:
        if event.metadata.namespace == "":
            raise ValueError("can't create an event with empty namespace")
        return self.interface.events(event.metadata.namespace).create(ctx, event, metav1.CreateOptions())

    def update(self, ctx: _context.Context | None, event: Any) -> Any:
        if event.metadata.namespace == "":
            raise ValueError("can't update an event with empty namespace")
        return self.interface.events(event.metadata.namespace).update(ctx, event, metav1.UpdateOptions())

    def patch(self, ctx: _context.Context | None, event: Any, data: bytes) -> Any:
        if event.metadata.namespace == "":
            raise ValueError("can't patch an event with empty namespace")
        return self.interface.events(event.metadata.namespace).patch(
            ctx, event.metadata.name, types.StrategicMergePatchType, data, metav1.PatchOptions()
        )


class _QueuedBroadcaster:
    """What recorders send to: an unbounded queue emptied into the watch.Broadcaster by the thread
    "events-broadcaster sender", so that action() never blocks (client-go sends from a goroutine per event)."""

    def __init__(self, broadcaster: watch.Broadcaster):
        self._broadcaster = broadcaster
        self._pending: collections.deque[tuple[watch.EventType, Any]] = collections.deque()
        self._cond = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="events-broadcaster sender", daemon=True)
        self._thread.start()

    def action(self, action: watch.EventType, obj: Any) -> None:
        """Queue the event; raises watch.BroadcasterStoppedError after shutdown()."""
        with self._cond:
            if self._closed:
                raise watch.BroadcasterStoppedError("broadcaster already stopped")
            self._pending.append((action, obj))
            self._cond.notify()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if not self._pending:
                    return
                action, obj = self._pending.popleft()
            self._broadcaster.action(action, obj)

    def shutdown(self) -> None:
        """Refuse new events, deliver the queued ones, and join the thread."""
        with self._cond:
            self._closed = True
            self._cond.notify()
        if self._thread is not threading.current_thread():
            self._thread.join()


def new_broadcaster(sink: EventSink) -> "_EventBroadcasterImpl":
    """A broadcaster writing to ``sink`` once start_recording_to_sink is called; shutdown() when done."""
    return _new_broadcaster(sink, defaultSleepDuration, {})


def _new_broadcaster(
    sink: EventSink, sleep_duration: float, event_cache: Dict[Tuple[Any, ...], eventsv1.Event]
) -> "_EventBroadcasterImpl":
    """Go's newBroadcaster: the series cache and the wait between tries given (tests pass their own)."""
    return _EventBroadcasterImpl(sink, sleep_duration, event_cache)


def _level(verbosity: int) -> int:
    from kubernetes_py.transport import verbosity_level

    return logging.INFO if verbosity <= 0 else verbosity_level(verbosity)


class _EventBroadcasterImpl:
    def __init__(self, sink: EventSink, sleep_duration: float, event_cache: Dict[Tuple[Any, ...], eventsv1.Event]):
        self.broadcaster = watch.new_broadcaster(maxQueuedEvents, watch.DropIfChannelFull)
        self._mu = threading.Lock()
        self.event_cache = event_cache
        self.sleep_duration = sleep_duration
        self.sink = sink
        self._cancels: List[Callable[[], None]] = []  # of the recording contexts, called by shutdown()
        self._cancels_lock = threading.Lock()
        self._threads = wait.Group()
        self._writing: Dict[Tuple[Any, ...], Deque[eventsv1.Event]] = {}  # see the module docstring
        self._queue = _QueuedBroadcaster(self.broadcaster)

    # -- threads ---------------------------------------------------------------------------------------------------

    def _go(self, role: str, fn: Callable[..., None], *args: Any) -> None:
        self._threads.start(functools.partial(fn, *args), name=f"events-broadcaster {role}")

    def shutdown(self) -> None:
        """Deliver what recorders queued, stop the watchers, writes and series loops, and join their threads."""
        self._queue.shutdown()
        self.broadcaster.shutdown()
        with self._cancels_lock:
            cancels, self._cancels = self._cancels, []
        for cancel in cancels:
            cancel()
        self._threads.wait()

    def __enter__(self) -> "_EventBroadcasterImpl":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.shutdown()

    # -- series ------------------------------------------------------------------------------------------------------

    def _refresh_existing_event_series(self, ctx: _context.Context) -> None:
        """Write every cached series again (so the server keeps it)."""
        with self._mu:
            for key, event in list(self.event_cache.items()):
                if event.HasField("series"):
                    recorded, retry = _record_event(ctx, self.sink, event)
                    if not retry and recorded is not None:
                        self.event_cache[key] = recorded

    def _finish_series(self, ctx: _context.Context) -> None:
        """Write series not observed for finishTime a last time and forget them (and old single events)."""
        limit = time.time_ns() - int(finishTime * 1e9)
        with self._mu:
            for key, event in list(self.event_cache.items()):
                if event.HasField("series"):
                    if event.series.lastObservedTime.unix_nano() < limit:
                        _, retry = _record_event(ctx, self.sink, event)
                        if not retry:
                            del self.event_cache[key]
                elif event.eventTime.unix_nano() < limit:
                    del self.event_cache[key]

    def new_recorder(self, scheme: Any, reporting_controller: str) -> _RecorderImplLogger:
        """A recorder for ``reporting_controller``; its instance is "<controller>-<hostname>"."""
        reporting_instance = f"{reporting_controller}-{socket.gethostname()}"
        return _RecorderImplLogger(
            _RecorderImpl(scheme, reporting_controller, reporting_instance, self._queue, RealClock()), _log
        )

    def _record_to_sink(self, ctx: _context.Context, event: eventsv1.Event, clock: PassiveClock) -> None:
        event_copy = event.deep_copy()
        with self._mu:
            key = _get_key(event_copy)
            isomorphic = self.event_cache.get(key)
            if isomorphic is not None:
                observed = clocktime.to_micro_time(clock, clock.now())
                if isomorphic.HasField("series"):
                    isomorphic.series.count += 1
                    isomorphic.series.lastObservedTime = observed
                    return
                isomorphic.series = eventsv1.EventSeries(count=2, lastObservedTime=observed)
                to_record = isomorphic.deep_copy()
            else:
                self.event_cache[key] = event_copy
                to_record = event_copy.deep_copy()
            waiting = self._writing.get(key)
            if waiting is not None:  # the key's thread writes it after the writes before it
                waiting.append(to_record)
                return
            self._writing[key] = collections.deque([to_record])
        self._go("record", self._write_in_order, ctx, key)

    def _write_in_order(self, ctx: _context.Context, key: Tuple[Any, ...]) -> None:
        """Write the events of ``key`` one by one until none is waiting."""
        while True:
            with self._mu:
                waiting = self._writing[key]
                if not waiting:
                    del self._writing[key]
                    return
                event = waiting.popleft()
            try:
                self._attempt_recording(ctx, event)
            except Exception as err:  # noqa: BLE001 - the key's later writes still go out
                utilruntime.handle_error_with_context(ctx, err, "Writing event failed")

    def _attempt_recording(self, ctx: _context.Context, event: eventsv1.Event) -> None:
        tries = 0
        while True:
            _, retry = _record_event(ctx, self.sink, event)
            if not retry:
                return
            tries += 1
            if tries >= maxTriesPerEvent:
                _log.error('"Unable to write event (retry limit exceeded!)" event=%s', _event_ref(event))
                return
            if ctx.done().wait(wait.jitter(self.sleep_duration, 0.25)):
                return

    # -- watchers ----------------------------------------------------------------------------------------------------

    def start_structured_logging(self, verbosity: int) -> Callable[[], None]:
        """Log every event on this package's logger (INFO for verbosity 0); returns the stop function."""
        try:
            return self._start_logging(_log, _level(verbosity))
        except watch.BroadcasterStoppedError as err:
            _log.error('"Failed to start event watcher" err=%s', err)
            return lambda: None

    def start_logging(self, logger: logging.Logger) -> Callable[[], None]:
        """Log every event on ``logger`` at INFO; returns the stop function (raises once shut down)."""
        return self._start_logging(logger, logging.INFO)

    def _start_logging(self, logger: logging.Logger, level: int) -> Callable[[], None]:
        def log_event(obj: Any) -> None:
            if not isinstance(obj, eventsv1.Event):
                logger.error('"unexpected type, expected eventsv1.Event"')
                return
            r = obj.regarding
            log_event_occurred(
                logger,
                level,
                r.namespace,
                r.name,
                [
                    ("kind", r.kind),
                    ("apiVersion", r.apiVersion),
                    ("type", obj.type),
                    ("reason", obj.reason),
                    ("action", obj.action),
                    ("note", obj.note),
                ],
            )

        return self._start_event_watcher("logging", log_event)

    def start_event_watcher(self, event_handler: Callable[[Any], None]) -> Callable[[], None]:
        """Call ``event_handler(event)`` for every event in a thread; returns the stop function (raises
        watch.BroadcasterStoppedError once shut down)."""
        return self._start_event_watcher("watcher", event_handler)

    def _start_event_watcher(self, role: str, event_handler: Callable[[Any], None]) -> Callable[[], None]:
        watcher = self.broadcaster.watch()

        def loop() -> None:
            with utilruntime.handle_crash():
                for watch_event in watcher.result_chan():
                    event_handler(watch_event.object)

        self._go(role, loop)
        return watcher.stop

    def _start_recording_events(self, ctx: _context.Context) -> None:
        def handle(obj: Any) -> None:
            if not isinstance(obj, eventsv1.Event):
                _log.error('"unexpected type, expected eventsv1.Event"')
                return
            self._record_to_sink(ctx, obj, RealClock())

        stop_watcher = self._start_event_watcher("sink", handle)

        def stop_when_done() -> None:
            ctx.done().wait()
            stop_watcher()

        self._go("sink-stopper", stop_when_done)

    def start_recording_to_sink(self, stop: Any) -> None:
        """Record to the sink until ``stop`` (a threading.Event or Context) ends."""
        try:
            self.start_recording_to_sink_with_context(wait.context_for_channel(stop))
        except Exception as err:  # noqa: BLE001
            _log.error('"Failed to start recording to sink" err=%s', err)

    def start_recording_to_sink_with_context(self, ctx: _context.Context) -> None:
        """Record to the sink, refresh and finish series, until ``ctx`` ends (or shutdown())."""
        ctx, cancel = _context.with_cancel(ctx)
        with self._cancels_lock:
            self._cancels.append(cancel)
        self._go("refresh-series", wait.until_with_context, ctx, self._refresh_existing_event_series, refreshTime)
        self._go("finish-series", wait.until_with_context, ctx, self._finish_series, finishTime)
        self._start_recording_events(ctx)


def _event_ref(event: eventsv1.Event) -> str:
    return go_quote(f"{event.metadata.namespace}/{event.metadata.name}")


def _marshal(event: eventsv1.Event) -> bytes:
    return _gojson.dumps(_jsonconv.encode(event))


def _create_patch_bytes_for_series(event: eventsv1.Event) -> bytes:
    old = event.deep_copy()
    old.ClearField("series")
    return strategicpatch.create_two_way_merge_patch(_marshal(old), _marshal(event), eventsv1.Event())


def _record_event(
    ctx: _context.Context, sink: EventSink, event: eventsv1.Event
) -> Tuple[Optional[eventsv1.Event], bool]:
    """Write the event (a patch of its series, or a create); returns (the server's event, whether to retry)."""
    from kubernetes_py import rest

    new_event = None
    err: Optional[BaseException] = None
    is_event_series = event.HasField("series")
    if is_event_series:
        try:
            patch = _create_patch_bytes_for_series(event)
        except Exception as patch_err:  # noqa: BLE001
            _log.error('"Unable to calculate diff, no merge is possible" err=%s', patch_err)
            return None, False
        try:
            new_event = sink.patch(ctx, event, patch)
        except Exception as e:  # noqa: BLE001
            err = e
    if not is_event_series or util.is_key_not_found_error(err):
        event.metadata.resourceVersion = ""
        try:
            new_event = sink.create(ctx, event)
            err = None
        except Exception as e:  # noqa: BLE001
            err = e
    if err is None:
        return new_event, False
    if isinstance(err, rest.RequestConstructionError):
        _log.error('"Unable to construct event (will not retry!)" err=%s event=%s', err, _event_ref(event))
        return None, False
    if isinstance(err, errors.StatusError):
        if errors.is_already_exists(err):
            if is_event_series:
                return None, True
            _log.debug('"Server rejected event (will not retry!)" event=%s err=%s', _event_ref(event), err)
        else:
            _log.error('"Server rejected event (will not retry!)" err=%s event=%s', err, _event_ref(event))
        return None, False
    _log.error('"Unable to write event (may retry after sleeping)" err=%s', err)
    return None, True


class _EventBroadcasterAdapterImpl:
    """Records through events.k8s.io/v1 when the server has it, else through core/v1 events."""

    def __init__(self, core_client: Any, core_broadcaster: Any, eventsv1_client: Any, eventsv1_broadcaster: Any):
        self.core_client = core_client
        self.core_broadcaster = core_broadcaster
        self.eventsv1_client = eventsv1_client
        self.eventsv1_broadcaster = eventsv1_broadcaster

    def start_recording_to_sink(self, stop: Any) -> None:
        from kubernetes_py.kubernetes.typed.core.v1 import EventSinkImpl as CoreEventSinkImpl

        if self.eventsv1_broadcaster is not None and self.eventsv1_client is not None:
            self.eventsv1_broadcaster.start_recording_to_sink(stop)
        if self.core_broadcaster is not None and self.core_client is not None:
            self.core_broadcaster.start_recording_to_sink(CoreEventSinkImpl(self.core_client.events("")))

    def new_recorder(self, name: str) -> Any:
        from kubernetes_py.kubernetes import scheme
        from kubernetes_py.tools import record

        if self.eventsv1_broadcaster is not None and self.eventsv1_client is not None:
            return self.eventsv1_broadcaster.new_recorder(scheme.Scheme, name)
        return record.new_event_recorder_adapter(self.deprecated_new_legacy_recorder(name))

    def deprecated_new_legacy_recorder(self, name: str) -> Any:
        from kubernetes_py.kubernetes import scheme

        return self.core_broadcaster.new_recorder(scheme.Scheme, corev1.EventSource(component=name))

    def shutdown(self) -> None:
        if self.core_broadcaster is not None:
            self.core_broadcaster.shutdown()
        if self.eventsv1_broadcaster is not None:
            self.eventsv1_broadcaster.shutdown()


def new_event_broadcaster_adapter(client: Any) -> _EventBroadcasterAdapterImpl:
    return new_event_broadcaster_adapter_with_context(_context.background(), client)


def new_event_broadcaster_adapter_with_context(ctx: _context.Context, client: Any) -> _EventBroadcasterAdapterImpl:
    """An adapter over ``client`` (a clientset): events.k8s.io/v1 if discovery lists it, and core/v1 events."""
    from kubernetes_py.tools import record

    eventsv1_client = eventsv1_broadcaster = None
    try:
        client.discovery().server_resources_for_group_version_with_context(ctx, "events.k8s.io/v1")
    except Exception:  # noqa: BLE001 - Go checks err == nil only
        pass
    else:
        eventsv1_client = client.events_v1()
        eventsv1_broadcaster = new_broadcaster(EventSinkImpl(eventsv1_client))
    return _EventBroadcasterAdapterImpl(
        client.core_v1(), record.new_broadcaster(record.with_context(ctx)), eventsv1_client, eventsv1_broadcaster
    )
