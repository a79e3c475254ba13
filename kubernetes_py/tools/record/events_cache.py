"""The event correlator: aggregation, deduplication and spam filtering of events (record/events_cache.go).

For each event, in order:

1. the aggregator keys it by source, object, type and reason (EventAggregatorByReasonFunc) and remembers its
   message; from the ``max_events``-th (10) distinct message for one key within ``max_interval_in_seconds``
   (600 s) since the last one, the event becomes one aggregate event whose message is
   "(combined from similar events): <message>";
2. the logger deduplicates by the full event key: a repeat keeps the first event's name, resourceVersion and
   firstTimestamp, gets count + 1, and a strategic merge patch (count, lastTimestamp, message) to send;
3. the spam filter allows each source+object a token bucket of ``burst`` (25) events refilled at ``qps``
   (1 per 300 s); an event without a token is skipped.

Each cache is an LRU of 4096 entries. The caches take their own locks, so one correlator serves any thread.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any, Callable, Optional, Tuple

from kubernetes_py._go import json as _gojson
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import _jsonconv
from kubernetes_py.apimachinery.util import strategicpatch
from kubernetes_py.tools.internal import clocktime
from kubernetes_py.util import flowcontrol
from kubernetes_py.utils import lru
from kubernetes_py.utils.clock import RealClock

__all__ = [
    "EventAggregator",
    "EventAggregatorByReasonFunc",
    "EventAggregatorByReasonMessageFunc",
    "EventAggregatorKeyFunc",
    "EventAggregatorMessageFunc",
    "EventCorrelateResult",
    "EventCorrelator",
    "EventFilterFunc",
    "EventSourceObjectSpamFilter",
    "EventSpamKeyFunc",
    "new_event_aggregator",
    "new_event_correlator",
    "new_event_correlator_with_options",
    "new_event_source_object_spam_filter",
]

maxLruCacheEntries = 4096
defaultAggregateMaxEvents = 10
defaultAggregateIntervalInSeconds = 600
defaultSpamBurst = 25
defaultSpamQPS = 1.0 / 300.0

EventSpamKeyFunc = Callable[[corev1.Event], str]
EventFilterFunc = Callable[[corev1.Event], bool]
EventAggregatorKeyFunc = Callable[[corev1.Event], Tuple[str, str]]
EventAggregatorMessageFunc = Callable[[corev1.Event], str]


def _source_and_object_key(event: corev1.Event, *more: str) -> str:
    """The event's source and object (kind, namespace, name) followed by ``more``, concatenated as Go's keys are."""
    o = event.involvedObject
    return "".join([event.source.component, event.source.host, o.kind, o.namespace, o.name, *more])


def get_event_key(event: corev1.Event) -> str:
    """The key of identical events: source, object (with field path), type, reason and message."""
    o = event.involvedObject
    return _source_and_object_key(event, o.fieldPath, o.uid, o.apiVersion, event.type, event.reason, event.message)


def get_spam_key(event: corev1.Event) -> str:
    """The key the spam filter rate-limits: source, object and type."""
    o = event.involvedObject
    return _source_and_object_key(event, o.uid, o.apiVersion, event.type)


class EventSourceObjectSpamFilter:
    """A token bucket per spam key (``burst`` tokens refilled at ``qps``); ``filter`` is True for an event to
    drop."""

    def __init__(self, lru_cache_size: int, burst: int, qps: float, clock: Any, spam_key_func: EventSpamKeyFunc):
        self._cache = lru.new(lru_cache_size)
        self._burst = burst
        self._qps = qps
        self._clock = clock
        self._spam_key_func = spam_key_func
        self._lock = threading.Lock()  # get-or-create of a key's bucket is one step

    def filter(self, event: corev1.Event) -> bool:
        event_key = self._spam_key_func(event)
        with self._lock:
            limiter, found = self._cache.get(event_key)
            if not found:
                limiter = flowcontrol.new_token_bucket_passive_rate_limiter_with_clock(
                    self._qps, self._burst, self._clock
                )
            self._cache.add(event_key, limiter)
        return not limiter.try_accept()


new_event_source_object_spam_filter = EventSourceObjectSpamFilter  # Go's NewEventSourceObjectSpamFilter


def EventAggregatorByReasonFunc(event: corev1.Event) -> Tuple[str, str]:  # noqa: N802 - Go's exported func value
    """Aggregate by source, object, type, reason and reporting controller/instance; the local key is the
    message."""
    o = event.involvedObject
    key = _source_and_object_key(
        event, o.uid, o.apiVersion, event.type, event.reason, event.reportingComponent, event.reportingInstance
    )
    return key, event.message


def EventAggregatorByReasonMessageFunc(event: corev1.Event) -> str:  # noqa: N802
    return "(combined from similar events): " + str(event.message)


@dataclasses.dataclass
class _AggregateRecord:
    local_keys: set[str]
    last_timestamp: Optional[float]  # a clock reading; None is Go's zero time


class EventAggregator:
    """Turns many similar events into one aggregate event (see the module docstring)."""

    def __init__(
        self,
        lru_cache_size: int,
        key_func: EventAggregatorKeyFunc,
        message_func: EventAggregatorMessageFunc,
        max_events: int,
        max_interval_in_seconds: int,
        clock: Any,
    ):
        self._lock = threading.Lock()
        self._cache = lru.new(lru_cache_size)
        self._key_func = key_func
        self._message_func = message_func
        self._max_events = max_events
        self._max_interval_in_seconds = max_interval_in_seconds
        self._clock = clock

    def event_aggregate(self, new_event: corev1.Event) -> Tuple[corev1.Event, str]:
        """The event to pass on (``new_event`` or a new aggregate event) and its key for deduplication."""
        now = self._clock.now()
        event_key = get_event_key(new_event)
        aggregate_key, local_key = self._key_func(new_event)
        with self._lock:
            record, found = self._cache.get(aggregate_key)
            if not found:
                record = _AggregateRecord(set(), None)
            if record.last_timestamp is None or now - record.last_timestamp > self._max_interval_in_seconds:
                record = _AggregateRecord(set(), None)
            record.local_keys.add(local_key)
            record.last_timestamp = now
            self._cache.add(aggregate_key, record)
            if len(record.local_keys) < self._max_events:
                return new_event, event_key
            # Keep the set below the limit, so the next similar event aggregates too (Go pops any key).
            record.local_keys.pop()
        now_time = clocktime.to_time(self._clock, now)
        event_copy = corev1.Event(
            metadata=metav1.ObjectMeta(
                name=f"{new_event.involvedObject.name}.{now_time.unix_nano():x}", namespace=new_event.metadata.namespace
            ),
            count=1,
            firstTimestamp=now_time,
            involvedObject=new_event.involvedObject,
            lastTimestamp=now_time,
            message=self._message_func(new_event),
            type=new_event.type,
            reason=new_event.reason,
            source=new_event.source,
        )
        return event_copy, aggregate_key


new_event_aggregator = EventAggregator  # Go's NewEventAggregator


@dataclasses.dataclass
class _EventLog:
    count: int
    first_timestamp: metav1.Time
    name: str
    resource_version: str


def _marshal(event: corev1.Event) -> bytes:
    return _gojson.dumps(_jsonconv.encode(event))


class _EventLogger:
    """What was last sent for each event key: its name, resourceVersion, count and first timestamp."""

    def __init__(self, lru_cache_entries: int, clock: Any):
        self._lock = threading.Lock()
        self._cache = lru.new(lru_cache_entries)
        self._clock = clock

    def event_observe(self, new_event: corev1.Event, key: str) -> Tuple[corev1.Event, bytes]:
        """A copy of ``new_event`` continuing the last one of ``key`` (and the patch to send), or as is."""
        event = new_event.deep_copy()
        patch = b""
        with self._lock:
            last = self._last_event_observation_from_cache(key)
            if last.count > 0:
                event.metadata.name = last.name
                event.metadata.resourceVersion = last.resource_version
                event.firstTimestamp = last.first_timestamp
                event.count = (last.count + 1) & 0xFFFFFFFF
                if event.count >= 2**31:
                    event.count -= 2**32
                old = event.deep_copy()
                old.count = 0
                old.lastTimestamp = metav1.unix(0, 0)
                old.message = ""
                patch = strategicpatch.create_two_way_merge_patch(_marshal(old), _marshal(event), event)
            self._cache.add(
                key, _EventLog(event.count, event.firstTimestamp, event.metadata.name, event.metadata.resourceVersion)
            )
        return event, patch

    def update_state(self, event: corev1.Event) -> None:
        """Remember the event as the server returned it (its name and resourceVersion)."""
        key = get_event_key(event)
        with self._lock:
            self._cache.add(
                key, _EventLog(event.count, event.firstTimestamp, event.metadata.name, event.metadata.resourceVersion)
            )

    def _last_event_observation_from_cache(self, key: str) -> _EventLog:
        value, ok = self._cache.get(key)
        if ok and isinstance(value, _EventLog):
            return value
        return _EventLog(0, metav1.Time(), "", "")


@dataclasses.dataclass
class EventCorrelateResult:
    """The event to send (None when skipped), the patch for an update, and whether to skip it."""

    event: Optional[corev1.Event] = None
    patch: bytes = b""
    skip: bool = False


class EventCorrelator:
    """Aggregation, deduplication and spam filtering of the events a broadcaster sends to a sink."""

    def __init__(self, filter_func: EventFilterFunc, aggregator: EventAggregator, logger: _EventLogger):
        self.filter_func = filter_func
        self.aggregator = aggregator
        self.logger = logger

    def event_correlate(self, new_event: corev1.Event) -> EventCorrelateResult:
        """What to send for ``new_event``; raises ValueError for None (and the patch's error, if any)."""
        if new_event is None:
            raise ValueError("event is nil")
        aggregate_event, ckey = self.aggregator.event_aggregate(new_event)
        observed_event, patch = self.logger.event_observe(aggregate_event, ckey)
        if self.filter_func(observed_event):
            return EventCorrelateResult(skip=True)
        return EventCorrelateResult(event=observed_event, patch=patch)

    def update_state(self, event: corev1.Event) -> None:
        self.logger.update_state(event)


def new_event_correlator(clock: Any) -> EventCorrelator:
    """A correlator with client-go's defaults on ``clock``."""
    cache_size = maxLruCacheEntries
    spam_filter = EventSourceObjectSpamFilter(cache_size, defaultSpamBurst, defaultSpamQPS, clock, get_spam_key)
    return EventCorrelator(
        spam_filter.filter,
        EventAggregator(
            cache_size,
            EventAggregatorByReasonFunc,
            EventAggregatorByReasonMessageFunc,
            defaultAggregateMaxEvents,
            defaultAggregateIntervalInSeconds,
            clock,
        ),
        _EventLogger(cache_size, clock),
    )


def _populate_defaults(options: Any) -> Any:
    o = dataclasses.replace(options)
    if o.lru_cache_size == 0:
        o.lru_cache_size = maxLruCacheEntries
    if o.burst_size == 0:
        o.burst_size = defaultSpamBurst
    if o.qps == 0:
        o.qps = defaultSpamQPS
    if o.key_func is None:
        o.key_func = EventAggregatorByReasonFunc
    if o.message_func is None:
        o.message_func = EventAggregatorByReasonMessageFunc
    if o.max_events == 0:
        o.max_events = defaultAggregateMaxEvents
    if o.max_interval_in_seconds == 0:
        o.max_interval_in_seconds = defaultAggregateIntervalInSeconds
    if o.clock is None:
        o.clock = RealClock()
    if o.spam_key_func is None:
        o.spam_key_func = get_spam_key
    return o


def new_event_correlator_with_options(options: Any) -> EventCorrelator:
    """A correlator with ``options`` (a CorrelatorOptions; zero fields take the defaults)."""
    o = _populate_defaults(options)
    spam_filter = EventSourceObjectSpamFilter(o.lru_cache_size, o.burst_size, o.qps, o.clock, o.spam_key_func)
    return EventCorrelator(
        spam_filter.filter,
        EventAggregator(o.lru_cache_size, o.key_func, o.message_func, o.max_events, o.max_interval_in_seconds, o.clock),
        _EventLogger(o.lru_cache_size, o.clock),
    )
