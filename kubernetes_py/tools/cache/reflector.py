"""The Reflector (client-go tools/cache/reflector.go): keeps a store in step with the server's objects.

``run(stop)`` loops ``list_and_watch`` until ``stop`` is set, waiting between rounds by client-go's back-off
(800 ms doubling with full jitter up to 30 s; back to 800 ms when two minutes passed since the last reset).
One round:

- WatchList mode (the WatchListClient feature, on by default; off when the ListerWatcher says its client cannot
  serve it): a watch with ``sendInitialEvents=true`` and ``resourceVersionMatch=NotOlderThan`` streams the
  current objects into a temporary store until the bookmark annotated ``k8s.io/initial-events-end``; the store is
  then replaced with them and the same watch carries on. If streaming fails for any other reason than a stop,
  the round falls back to a list.
- List mode: a paged list (500 per page) at resourceVersion "0" the first time, at the last seen resourceVersion
  afterwards, at "" once the server said that one is expired (410) or too large; the store is replaced with the
  result.
- Then watch from the last resourceVersion with bookmarks and a random ``timeoutSeconds`` in [300, 600); a watch
  that ends normally is restarted from the last resourceVersion, a refused connection or 429 is retried after a
  back-off without relisting, "Expired" and any other error end the round (so the next one relists).
- With a resync period, a thread calls ``store.resync()`` every period (when ``should_resync`` allows) for as long
  as the watch runs; its error ends the watch.

Items of a listed page are copied out before they reach the store (``meta.extract_list_with_alloc`` and the
pager's ``list_with_alloc``): a protobuf item taken from a decoded list shares the list's upb arena and would keep
the whole list alive for as long as the store keeps the item. Watch events are decoded one by one and need no copy.
benchmarks/list_item_arena.py measures the choices on a 10,000-pod protobuf list: keeping the items as they are
holds 107 MB once the list is dropped and 1 item in 100 kept; ``deep_copy`` (upb CopyFrom) holds 1.5 MB and costs
about 1.4x the list's decode; serializing and parsing each item holds 3 MB and costs about twice as much again.

Invariants: only the thread running ``list_and_watch`` writes the store; ``last_sync_resource_version`` is the
resourceVersion of the last list or of the last event applied (after the initial synthetic ADDED events of a
watch from "" or "0", which come in no particular order); every watch the reflector starts is stopped before
``list_and_watch`` returns, and the resync thread is joined.

Waiting for events polls the stop context every 50 ms (a ``threading.Event`` cannot wake a blocked channel read).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import queue
import random
import threading
import time
from typing import Any, Callable, Optional, Protocol

from kubernetes_py import context as _context
from kubernetes_py import features
from kubernetes_py._go.time import duration_string
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.api import errors as apierrors
from kubernetes_py.apimachinery.api import meta as _meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.internalversion import List as _InternalList
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind
from kubernetes_py.apimachinery.util import naming
from kubernetes_py.apimachinery.util import net as utilnet
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.tools import pager as _pager
from kubernetes_py.util import consistencydetector as _consistencydetector
from kubernetes_py.util import watchlist as _watchlist
from kubernetes_py.utils.clock import RealClock

from . import _accessor as _cache_accessor
from .listwatch import ListerWatcher, to_lister_watcher_with_context
from .retry_with_deadline import new_retry_with_deadline
from .store import deletion_handling_meta_namespace_key_func, new_store, with_transformer

__all__ = [
    "DefaultWatchErrorHandler",
    "Reflector",
    "ReflectorBookmarkStore",
    "ReflectorOptions",
    "ReflectorStore",
    "ResourceVersionUpdater",
    "TransformingStore",
    "VeryShortWatchError",
    "WatchErrorHandler",
    "WatchErrorHandlerWithContext",
    "default_watch_error_handler",
    "new_named_reflector",
    "new_namespace_keyed_indexer_and_reflector",
    "new_reflector",
    "new_reflector_with_options",
]

_log = logging.getLogger(__name__)

defaultExpectedTypeName = "<unspecified>"

# Watch requests time out at a random point of [min, 2*min] to spread the load on the API server.
defaultMinWatchTimeout = 5 * 60.0
defaultMaxWatchTimeout = 2 * defaultMinWatchTimeout
# With these the retries settle at [30, 60) s apart (0.22 QPS) while the server is unhealthy.
defaultBackoffInit = 0.8
defaultBackoffMax = 30.0
# Two minutes without needing a back-off: the server is assumed healthy again.
defaultBackoffReset = 2 * 60.0
defaultBackoffFactor = 2.0
defaultBackoffJitter = 1.0

_POLL = 0.05


class ReflectorStore(Protocol):
    """What the reflector writes to (a Store, a DeltaFIFO, a RealFIFO...)."""

    def add(self, obj: Any) -> None: ...

    def update(self, obj: Any) -> None: ...

    def delete(self, obj: Any) -> None: ...

    def replace(self, list: list[Any], resource_version: str) -> None: ...  # noqa: A002 - Go's parameter

    def resync(self) -> None: ...


class ReflectorBookmarkStore(Protocol):
    """A store that wants the resourceVersion of every bookmark."""

    def bookmark(self, resource_version: str) -> None: ...


class TransformingStore(ReflectorStore, Protocol):
    """A store with a transformer, which the reflector also applies to the objects it streams in WatchList mode."""

    def transformer(self) -> Optional[Callable[[Any], Any]]: ...


class ResourceVersionUpdater(Protocol):
    """A store told every resourceVersion the reflector moves to."""

    def update_resource_version(self, resource_version: str) -> None: ...


WatchErrorHandler = Callable[["Reflector", BaseException], None]
"""Called with the error that ended a ``list_and_watch`` round, before the back-off; must return quickly."""
WatchErrorHandlerWithContext = Callable[[Any, "Reflector", BaseException], None]


class VeryShortWatchError(Exception):
    """A watch closed within a second without sending an event."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(
            f"very short watch: {name}: Unexpected watch close - watch lasted less than a second and no items received"
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VeryShortWatchError) and other.name == self.name

    __hash__ = Exception.__hash__


class _StopRequested(Exception):
    pass


errorStopRequested = _StopRequested("stop requested")
"""What the watch handlers return when the stop context ended the watch."""


class _WrappedError(Exception):
    """Go's fmt.Errorf("...: %w", err): the message, with the error itself as the cause."""

    def __init__(self, message: str, cause: BaseException):
        super().__init__(message)
        self.__cause__ = cause

    def unwrap(self) -> BaseException:
        return self.__cause__  # type: ignore[return-value]  # set in __init__


def is_expired_error(err: Optional[BaseException]) -> bool:
    # 410: Expired since 1.18, Gone before.
    return apierrors.is_resource_expired(err) or apierrors.is_gone(err)


def is_too_large_resource_version_error(err: Optional[BaseException]) -> bool:
    if apierrors.has_status_cause(err, metav1.CauseTypeResourceVersionTooLarge):
        return True
    # Servers 1.17.0-1.18.5 and older said it only in words, in a Timeout error.
    if not apierrors.is_timeout(err):
        return False
    status_of = getattr(err, "status", None)
    if not callable(status_of):
        return False
    status = status_of()
    if status is None or not status.HasField("details"):
        return False
    if any(c.message == "Too large resource version" for c in status.details.causes):
        return True
    return "Too large resource version" in status.message


def is_watch_error_retriable(err: Optional[BaseException]) -> bool:
    """A refused connection (the server is probably restarting: rewatching where we were is enough) or a 429."""
    return utilnet.is_connection_refused(err) or apierrors.is_too_many_requests(err)


def default_watch_error_handler(ctx: _context.Context, r: "Reflector", err: BaseException) -> None:
    """Logs the error that ended a round, at a level that depends on what it is."""
    if is_expired_error(err):
        # The next list asks for the last resourceVersion, which returns data at least that fresh.
        _log.debug('"Watch closed" reflector=%s type=%s err="%s"', r.name, r.type_description, err)
    elif isinstance(err, EOFError) and not str(err):
        pass  # closed normally
    elif isinstance(err, EOFError):
        _log.debug('"Watch closed with unexpected EOF" reflector=%s type=%s err="%s"', r.name, r.type_description, err)
    else:
        utilruntime.handle_error_with_context(
            ctx, err, "Failed to watch", "reflector", r.name, "type", r.type_description
        )


DefaultWatchErrorHandler = default_watch_error_handler


@dataclasses.dataclass
class ReflectorOptions:
    """Settings of new_reflector_with_options."""

    name: str = ""
    """Defaults to the file:line of the caller outside this package."""
    type_description: str = ""
    """Defaults to "<unspecified>", the GroupVersionKind of an Unstructured example, or "*<pkg>.<Type>"."""
    resync_period: float = 0.0
    min_watch_timeout: float = 0.0
    """Values below 5 minutes are not honoured."""
    clock: Any = None
    backoff: Optional[wait.Backoff] = None
    """Used instead of client-go's default back-off (delay_with_reset is called on it)."""
    logger: Optional[logging.Logger] = None


class _ErrCh:
    """Go's ``chan error`` of capacity 1 between the resync thread and the watch loop."""

    def __init__(self) -> None:
        self._q: queue.SimpleQueue[BaseException] = queue.SimpleQueue()

    def put(self, err: BaseException) -> None:
        self._q.put(err)

    def poll(self) -> Optional[BaseException]:
        if self._q.empty():  # the watch loop polls after every event: no exception raised and caught each time
            return None
        try:
            return self._q.get_nowait()
        except queue.Empty:
            return None


def _clock_wait(clock: Any, d: float, *stops: threading.Event) -> bool:
    """Wait ``d`` seconds on ``clock``; False as soon as one of ``stops`` is set (Go's select between a stop
    channel and ``clock.After(d)``). The real clock is waited on through the events themselves; another clock
    (a fake one in tests) through a timer of its own, which is stopped on return."""
    if isinstance(clock, RealClock):
        if len(stops) == 1:
            return not stops[0].wait(d) if d > 0 else not stops[0].is_set()
        deadline = time.monotonic() + d
        while not any(s.is_set() for s in stops):
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            stops[0].wait(min(left, _POLL))
        return False
    timer = clock.new_timer(d)
    try:
        fired = timer.c()
        while True:
            if any(s.is_set() for s in stops):
                return False
            try:
                fired.recv(timeout=_POLL)
            except TimeoutError:
                continue
            return not any(s.is_set() for s in stops)
    finally:
        timer.stop()


def _go_type(obj: Any) -> str:
    return _meta.help._go_type(obj)


_UNSTRUCTURED_TYPES: dict[type, bool] = {}
_SELF_ACCESSOR_TYPES: dict[type, bool] = {}


def _is_unstructured(obj: Any) -> bool:
    t = type(obj)
    known = _UNSTRUCTURED_TYPES.get(t)
    if known is None:
        known = _UNSTRUCTURED_TYPES[t] = hasattr(obj, "unstructured_content") and hasattr(
            obj, "set_unstructured_content"
        )
    return known


def _accessor(obj: Any) -> Any:
    """meta.accessor, remembering per type that an object is its own accessor (the watch loop's hot path)."""
    t = type(obj)
    if _SELF_ACCESSOR_TYPES.get(t):
        return obj
    m = _meta.accessor(obj)
    if m is obj:
        _SELF_ACCESSOR_TYPES[t] = True
    return m


def get_type_description_from_object(expected_type: Any) -> str:
    if expected_type is None:
        return defaultExpectedTypeName
    description = _go_type(expected_type)
    if not _is_unstructured(expected_type) or getattr(expected_type, "is_list", lambda: False)():
        return description
    gvk = expected_type.get_object_kind().group_version_kind()
    if gvk.empty():
        return description
    return str(gvk)


def get_expected_gvk_from_object(expected_type: Any) -> Optional[GroupVersionKind]:
    if expected_type is None or not _is_unstructured(expected_type):
        return None
    gvk = expected_type.get_object_kind().group_version_kind()
    return None if gvk.empty() else gvk


_UNSUPPORTED_TABLE_GVKS = frozenset(
    {
        GroupVersionKind("meta.k8s.io", "v1beta1", "Table"),
        GroupVersionKind("meta.k8s.io", "v1", "Table"),
    }
)


def is_unsupported_table_object(obj: Any) -> bool:
    """An Unstructured meta.k8s.io Table (a reflector cannot store tables)."""
    if not _is_unstructured(obj) or getattr(obj, "is_list", lambda: False)():
        return False
    if obj.get_kind() != "Table":
        return False
    return obj.get_object_kind().group_version_kind() in _UNSUPPORTED_TABLE_GVKS


def is_unsupported_table_list_object(obj: Any) -> tuple[bool, GroupVersionKind]:
    if not _is_unstructured(obj) or not getattr(obj, "is_list", lambda: False)():
        return False, GroupVersionKind()
    gvk = obj.get_object_kind().group_version_kind()
    return gvk in _UNSUPPORTED_TABLE_GVKS, gvk


class _InitialEventsEndBookmarkTicker:
    """Warns every ``tick_interval`` while a WatchList stream has not sent its closing bookmark (a no-op for
    plain watches). Not thread-safe: only the watch loop uses it."""

    def __init__(
        self,
        logger: logging.Logger,
        name: str,
        clock: Any,
        watch_start: float,
        tick_interval: float,
        exit_on_watch_list_bookmark_received: bool,
    ):
        self._noop = not exit_on_watch_list_bookmark_received
        self._logger = logger
        self._name = name
        self._clock = clock
        self._watch_start = watch_start
        self._tick_interval = tick_interval
        self._last_event_observe_time: Optional[float] = None
        self._next_tick = None if self._noop else clock.now() + tick_interval

    def tick(self) -> bool:
        """Whether a tick is due (ticks missed while busy are dropped, as a Go ticker drops them)."""
        if self._next_tick is None:
            return False
        now = self._clock.now()
        if now < self._next_tick:
            return False
        missed = (now - self._next_tick) // self._tick_interval
        self._next_tick += (missed + 1) * self._tick_interval
        return True

    def stop(self) -> None:
        self._next_tick = None

    def observe_last_event_time_stamp(self, t: float) -> None:
        self._last_event_observe_time = t

    def warn_if_expired(self) -> None:
        warning = self.produce_warning_if_expired()
        if warning is not None:
            self._logger.info('"Warning: event bookmark expired" err="%s"', warning)

    def produce_warning_if_expired(self) -> Optional[str]:
        if self._noop:
            return None
        if self._last_event_observe_time is None:
            return (
                f"{self._name}: awaiting required bookmark event for initial events stream, no events received "
                f"for {duration_string(self._clock.since(self._watch_start))}"
            )
        elapsed = self._clock.now() - self._last_event_observe_time
        if elapsed < self._tick_interval:
            return None
        return (
            f"{self._name}: hasn't received required bookmark event marking the end of initial events stream, "
            f"received last event {duration_string(elapsed)} ago"
        )


def new_initial_events_end_bookmark_ticker(
    logger: logging.Logger,
    name: str,
    clock: Any,
    watch_start: float,
    exit_on_watch_list_bookmark_received: bool,
    tick_interval: float = 10.0,
) -> _InitialEventsEndBookmarkTicker:
    return _InitialEventsEndBookmarkTicker(
        logger, name, clock, watch_start, tick_interval, exit_on_watch_list_bookmark_received
    )


def handle_any_watch(
    ctx: _context.Context,
    start: float,
    w: watch.Interface,
    store: Any,
    expected_type: Optional[type],
    expected_gvk: Optional[GroupVersionKind],
    name: str,
    expected_type_name: str,
    set_last_sync_resource_version: Callable[[str, bool], None],
    exit_on_watch_list_bookmark_received: bool,
    clock: Any,
    err_ch: Optional[_ErrCh],
) -> tuple[bool, Optional[BaseException]]:
    """Apply the events of ``w`` to ``store`` until the watch ends, the context ends (errorStopRequested), the
    resync thread fails, or an ERROR event arrives (its error). Returns ``(watch_list_bookmark_received, err)``,
    Go's results. The watch is stopped on return, except when it is handed back open after the WatchList
    bookmark (``exit_on_watch_list_bookmark_received``)."""
    watch_list_bookmark_received = False
    event_received_besides_added = False
    event_count = 0
    ticker = new_initial_events_end_bookmark_ticker(_log, name, clock, start, exit_on_watch_list_bookmark_received)
    stop_watcher = True
    done = ctx.done()
    bookmark = getattr(store, "bookmark", None)
    observe_events = exit_on_watch_list_bookmark_received  # else the ticker ignores what it observes
    plain_type: Optional[type] = None  # an API message type whose objects are their own accessor, metadata plain
    try:
        ch = w.result_chan()
        while True:
            if done.is_set():
                return watch_list_bookmark_received, errorStopRequested
            if err_ch is not None:
                err = err_ch.poll()
                if err is not None:
                    return watch_list_bookmark_received, err
            try:
                event, ok = ch.recv(timeout=_POLL)
            except TimeoutError:
                if ticker.tick():
                    ticker.warn_if_expired()
                continue
            if not ok:
                break
            obj: Any = event.object
            if event.type == watch.Error:
                return watch_list_bookmark_received, apierrors.from_object(obj)
            if expected_type is not None and type(obj) is not expected_type:
                utilruntime.handle_error_with_context(
                    ctx,
                    None,
                    "Unexpected watch event object type",
                    "reflector",
                    name,
                    "expectedType",
                    _go_type_of(expected_type),
                    "actualType",
                    _go_type(obj),
                )
                continue
            if expected_gvk is not None:
                actual = obj.get_object_kind().group_version_kind()
                if actual != expected_gvk:
                    utilruntime.handle_error_with_context(
                        ctx,
                        None,
                        "Unexpected watch event object gvk",
                        "reflector",
                        name,
                        "expectedGVK",
                        expected_gvk,
                        "actualGVK",
                        actual,
                    )
                    continue
            m: Any
            if type(obj) is plain_type:  # the checks below passed for this type: they depend on the type alone
                m = obj
                resource_version = m.metadata.resourceVersion
            else:
                if is_unsupported_table_object(obj):
                    utilruntime.handle_error_with_context(
                        ctx,
                        None,
                        "Unsupported watch event object gvk",
                        "reflector",
                        name,
                        "actualGVK",
                        obj.get_object_kind().group_version_kind(),
                    )
                    continue
                try:
                    m = _accessor(obj)
                except Exception as err:  # noqa: BLE001 - logged and skipped, as Go does
                    utilruntime.handle_error_with_context(
                        ctx, err, "Unable to understand watch event", "reflector", name, "event", event
                    )
                    continue
                resource_version = m.get_resource_version()
                if m is obj and not _is_unstructured(obj) and _cache_accessor.has_plain_metadata(type(obj)):
                    plain_type = type(obj)
            if event.type == watch.Added:
                _apply(ctx, store.add, obj, "Unable to add watch event object to store", name)
            elif event.type == watch.Modified:
                event_received_besides_added = True
                _apply(ctx, store.update, obj, "Unable to update watch event object to store", name)
            elif event.type == watch.Deleted:
                event_received_besides_added = True
                _apply(ctx, store.delete, obj, "Unable to delete watch event object from store", name)
            elif event.type == watch.Bookmark:
                # The watch has synced up to here: only the resourceVersion moves.
                event_received_besides_added = True
                if m.get_annotations().get(metav1.InitialEventsAnnotationKey) == "true":
                    watch_list_bookmark_received = True
                if callable(bookmark):
                    try:
                        bookmark(resource_version)
                    except Exception as err:  # noqa: BLE001
                        utilruntime.handle_error_with_context(
                            ctx, err, "Unable to send bookmark event to store", "reflector", name, "object", obj
                        )
            else:
                utilruntime.handle_error_with_context(
                    ctx, None, "Unknown watch event", "reflector", name, "event", event
                )
            # Past the first non-ADDED event, the synthetic initial ADDED events are over.
            set_last_sync_resource_version(resource_version, event_received_besides_added)
            event_count += 1
            if exit_on_watch_list_bookmark_received and watch_list_bookmark_received:
                stop_watcher = False
                _log.debug(
                    '"Exiting watch because received the bookmark that marks the end of initial events '
                    'stream" reflector=%s totalItems=%d duration=%s',
                    name,
                    event_count,
                    duration_string(clock.since(start)),
                )
                return watch_list_bookmark_received, None
            if observe_events:
                ticker.observe_last_event_time_stamp(clock.now())
        watch_duration = clock.since(start)
        if watch_duration < 1.0 and event_count == 0:
            return watch_list_bookmark_received, VeryShortWatchError(name)
        _log.debug('"Watch close" reflector=%s type=%s totalItems=%d', name, expected_type_name, event_count)
        return watch_list_bookmark_received, None
    finally:
        ticker.stop()
        if stop_watcher:
            w.stop()


def _go_type_of(t: type) -> str:
    return _go_type(t()) if isinstance(t, type) else str(t)


def _apply(ctx: _context.Context, fn: Callable[[Any], None], obj: Any, message: str, name: str) -> None:
    try:
        fn(obj)
    except Exception as err:  # noqa: BLE001 - logged; the watch goes on, as in Go
        utilruntime.handle_error_with_context(ctx, err, message, "reflector", name, "object", obj)


def handle_watch(
    ctx: _context.Context,
    start: float,
    w: watch.Interface,
    store: Any,
    expected_type: Optional[type],
    expected_gvk: Optional[GroupVersionKind],
    name: str,
    expected_type_name: str,
    set_last_sync_resource_version: Callable[[str, bool], None],
    clock: Any,
    err_ch: Optional[_ErrCh],
) -> Optional[BaseException]:
    """handle_any_watch for a plain watch: the watcher is always stopped; returns the error, if any."""
    _, err = handle_any_watch(
        ctx,
        start,
        w,
        store,
        expected_type,
        expected_gvk,
        name,
        expected_type_name,
        set_last_sync_resource_version,
        False,
        clock,
        err_ch,
    )
    return err


def handle_list_watch(
    ctx: _context.Context,
    start: float,
    w: watch.Interface,
    store: Any,
    expected_type: Optional[type],
    expected_gvk: Optional[GroupVersionKind],
    name: str,
    expected_type_name: str,
    set_last_sync_resource_version: Callable[[str, bool], None],
    clock: Any,
    err_ch: Optional[_ErrCh],
) -> tuple[bool, Optional[BaseException]]:
    """handle_any_watch for a WatchList stream: returns at the closing bookmark with the watch still open."""
    return handle_any_watch(
        ctx,
        start,
        w,
        store,
        expected_type,
        expected_gvk,
        name,
        expected_type_name,
        set_last_sync_resource_version,
        True,
        clock,
        err_ch,
    )


class Reflector:
    """Watches a resource and mirrors it into a store (see the module docstring). Build it with
    ``new_reflector``, ``new_named_reflector`` or ``new_reflector_with_options``.

    Settable before ``run``: ``watch_list_page_size`` (page size of lists; 0 = the pager's 500 where the
    server pages, none when relisting at a resourceVersion the watch cache can serve), ``should_resync``,
    ``max_internal_error_retry_duration`` (how long to rewatch after 500s in watches; 0 = never),
    ``watch_error_handler`` (``fn(ctx, reflector, err)``) and ``use_watch_list``.
    """

    def __init__(
        self,
        name: str = "",
        type_description: str = "",
        expected_type: Optional[type] = None,
        expected_gvk: Optional[GroupVersionKind] = None,
        store: Any = None,
        lister_watcher: Any = None,
        resync_period: float = 0.0,
        delay_handler: Optional[Callable[[], float]] = None,
        min_watch_timeout: float = 0.0,
        max_watch_timeout: float = 0.0,
        clock: Any = None,
        logger: Optional[logging.Logger] = None,
        watch_error_handler: Optional[WatchErrorHandlerWithContext] = None,
        watch_list_page_size: int = 0,
        should_resync: Optional[Callable[[], bool]] = None,
        max_internal_error_retry_duration: float = 0.0,
        use_watch_list: bool = False,
    ):
        """The fields of Go's struct, for tests that build one directly; use new_reflector_with_options."""
        self.name = name
        self.type_description = type_description
        self.expected_type = expected_type
        self.expected_gvk = expected_gvk
        self.store = store
        self.lister_watcher = lister_watcher
        self.resync_period = resync_period
        self.delay_handler = delay_handler if delay_handler is not None else (lambda: 0.0)
        self.min_watch_timeout = min_watch_timeout
        self.max_watch_timeout = max_watch_timeout
        self.clock = clock if clock is not None else RealClock()
        self.logger = logger or _log
        self.paginated_result = False
        self._last_sync_resource_version = ""
        self._is_last_sync_resource_version_unavailable = False
        self._lock = threading.Lock()
        self.watch_error_handler: WatchErrorHandlerWithContext = watch_error_handler or default_watch_error_handler
        self.watch_list_page_size = watch_list_page_size
        self.should_resync = should_resync
        self.max_internal_error_retry_duration = max_internal_error_retry_duration
        self.use_watch_list = use_watch_list

    # Go's Name() and TypeDescription() are the ``name`` and ``type_description`` attributes.

    def last_sync_resource_version(self) -> str:
        """The resourceVersion of the last list or event applied to the store."""
        with self._lock:
            return self._last_sync_resource_version

    def set_last_sync_resource_version(self, v: str) -> None:
        with self._lock:
            self._last_sync_resource_version = v

    def relist_resource_version(self) -> str:
        """Where the next list starts: the last resourceVersion seen, "0" before any (served from the watch
        cache), "" once that resourceVersion was refused as expired or too large (a quorum read from etcd)."""
        with self._lock:
            if self._is_last_sync_resource_version_unavailable:
                return ""
            if self._last_sync_resource_version == "":
                return "0"
            return self._last_sync_resource_version

    def rewatch_resource_version(self) -> str:
        """Where the next WatchList stream starts: the last resourceVersion, or "" (most recent) once refused."""
        with self._lock:
            if self._is_last_sync_resource_version_unavailable:
                return ""
            return self._last_sync_resource_version

    def set_is_last_sync_resource_version_unavailable(self, unavailable: bool) -> None:
        with self._lock:
            self._is_last_sync_resource_version_unavailable = unavailable

    # -- running

    def run(self, stop: Any) -> None:
        """Repeat list_and_watch until ``stop`` (a threading.Event or a Context) is set."""
        self.run_with_context(wait.context_for_channel(stop))

    def run_with_context(self, ctx: _context.Context) -> None:
        """Repeat list_and_watch until the context ends, backing off between rounds."""
        ctx = _context.background() if ctx is None else ctx
        done = ctx.done()
        self.logger.debug(
            '"Starting reflector" type=%s resyncPeriod=%s reflector=%s',
            self.type_description,
            duration_string(self.resync_period),
            self.name,
        )
        while not done.is_set():
            try:
                self.list_and_watch_with_context(ctx)
            except Exception as err:  # noqa: BLE001 - every failure goes to the watch error handler
                self.watch_error_handler(ctx, self, err)
            if not _clock_wait(self.clock, self.delay_handler(), done):
                break
        self.logger.debug(
            '"Stopping reflector" type=%s resyncPeriod=%s reflector=%s',
            self.type_description,
            duration_string(self.resync_period),
            self.name,
        )

    def list_and_watch(self, stop: Any) -> None:
        self.list_and_watch_with_context(wait.context_for_channel(stop))

    def list_and_watch_with_context(self, ctx: _context.Context) -> None:
        """One round: list (or stream) everything into the store, then watch until the watch fails or the
        context ends. Raises when it could not even start watching."""
        ctx = _context.background() if ctx is None else ctx
        self.logger.debug('"Listing and watching" type=%s reflector=%s', self.type_description, self.name)
        w = None
        fallback_to_list = not self.use_watch_list
        try:
            if self.use_watch_list:
                try:
                    w = self._watch_list(ctx)
                except Exception as err:  # noqa: BLE001 - any failure falls back to a list
                    self.logger.debug(
                        "\"Data couldn't be fetched in watchlist mode. Falling back to regular list. "
                        "This is expected if watchlist is not supported or disabled in "
                        'kube-apiserver." err="%s"',
                        err,
                    )
                    fallback_to_list = True
                    w = None
                else:
                    if w is None:
                        return  # stopped
            if fallback_to_list:
                self._list(ctx)
            self.logger.debug('"Caches populated" type=%s reflector=%s', self.type_description, self.name)
            self._watch_with_resync(ctx, w)
        finally:
            if w is not None:
                w.stop()

    def _start_resync(self, ctx: _context.Context, stop: threading.Event, resync_err: _ErrCh) -> None:
        done = ctx.done()
        while _clock_wait(self.clock, self.resync_period, done, stop):
            if self.should_resync is None or self.should_resync():
                self.logger.debug('"Forcing resync" reflector=%s', self.name)
                try:
                    self.store.resync()
                except Exception as err:  # noqa: BLE001 - handed to the watch loop, which ends
                    resync_err.put(err)
                    return

    def _watch_with_resync(self, ctx: _context.Context, w: Optional[watch.Interface]) -> None:
        resync_err = _ErrCh()
        if self.resync_period <= 0:
            return self._watch(ctx, w, resync_err)
        stop = threading.Event()
        resyncer = threading.Thread(
            target=self._start_resync, args=(ctx, stop, resync_err), daemon=True, name=f"reflector resync {self.name}"
        )
        resyncer.start()
        try:
            return self._watch(ctx, w, resync_err)
        finally:
            stop.set()
            resyncer.join()

    def _watch_timeout_seconds(self) -> int:
        return int(self.min_watch_timeout + random.random() * (self.max_watch_timeout - self.min_watch_timeout))

    def _watch(self, ctx: _context.Context, w: Optional[watch.Interface], resync_err: Optional[_ErrCh]) -> None:
        """Apply watch events, rewatching after a watch that ended normally, until an error or the stop.
        A watch handed in (after WatchList) is used first. Every watch is stopped before this returns."""
        done = ctx.done()
        retry = new_retry_with_deadline(
            self.max_internal_error_retry_duration, 60.0, apierrors.is_internal_error, self.clock
        )
        try:
            while True:
                if done.is_set():
                    return
                # Started before the request: some proxies send no headers before the first event.
                start = self.clock.now()
                # A watch handed in is already past the initial synthetic events.
                propagate_rv_from_start = True
                if w is None:
                    options = metav1.ListOptions(
                        resourceVersion=self.last_sync_resource_version(),
                        timeoutSeconds=self._watch_timeout_seconds(),
                        allowWatchBookmarks=True,
                    )
                    if options.resourceVersion in ("", "0"):
                        # Synthetic ADDED events come first, in no resourceVersion order.
                        propagate_rv_from_start = False
                    try:
                        w = self.lister_watcher.watch_with_context(ctx, options)
                    except Exception as err:
                        if is_watch_error_retriable(err):
                            self.logger.debug(
                                '"Watch failed - backing off" reflector=%s type=%s err="%s"',
                                self.name,
                                self.type_description,
                                err,
                            )
                            if not _clock_wait(self.clock, self.delay_handler(), done):
                                return
                            continue
                        raise

                update = getattr(self.store, "update_resource_version", None)
                update_store = update if callable(update) else None

                def set_rv(
                    rv: str,
                    event_received_besides_added: bool,
                    propagate: bool = propagate_rv_from_start,
                    update_store: Optional[Callable[[str], None]] = update_store,
                ) -> None:
                    if propagate or event_received_besides_added:
                        self.set_last_sync_resource_version(rv)
                        if update_store is not None:
                            update_store(rv)

                current, w = w, None
                watch_err = handle_watch(
                    ctx,
                    start,
                    current,
                    self.store,
                    self.expected_type,
                    self.expected_gvk,
                    self.name,
                    self.type_description,
                    set_rv,
                    self.clock,
                    resync_err,
                )
                retry.after(watch_err)
                if watch_err is None:
                    continue
                if watch_err is not errorStopRequested:
                    if is_expired_error(watch_err):
                        # The relist asks for the last resourceVersion seen, which the server can serve.
                        self.logger.debug(
                            '"Watch closed" reflector=%s type=%s err="%s"', self.name, self.type_description, watch_err
                        )
                    elif apierrors.is_too_many_requests(watch_err):
                        self.logger.info(
                            '"Watch returned 429 - backing off" reflector=%s type=%s', self.name, self.type_description
                        )
                        if not _clock_wait(self.clock, self.delay_handler(), done):
                            return
                        continue
                    elif apierrors.is_internal_error(watch_err) and retry.should_retry():
                        self.logger.info(
                            '"Retrying watch after internal error" reflector=%s type=%s err="%s"',
                            self.name,
                            self.type_description,
                            watch_err,
                        )
                        continue
                    else:
                        self.logger.info(
                            '"Warning: watch ended with error" reflector=%s type=%s err="%s"',
                            self.name,
                            self.type_description,
                            watch_err,
                        )
                return
        finally:
            if w is not None:
                w.stop()

    def _list(self, ctx: _context.Context) -> None:
        """List everything (in pages) and replace the store's contents, at relist_resource_version()."""
        options = metav1.ListOptions(resourceVersion=self.relist_resource_version())
        p = _pager.new(_pager.simple_page_func(lambda opts: self.lister_watcher.list_with_context(ctx, opts)))
        if self.watch_list_page_size != 0:
            p.page_size = self.watch_list_page_size
        elif self.paginated_result:
            # The first list was paged: this server pages this resource (no watch cache), keep paging.
            pass
        elif options.resourceVersion not in ("", "0"):
            # Without a limit, a list at a resourceVersion is served from the watch cache: no thundering herd
            # on etcd when every client relists at once. ("0" is served from the cache whatever the limit.)
            p.page_size = 0
        err: Optional[BaseException] = None
        result = None
        paginated = False
        try:
            try:
                result, paginated = p.list_with_alloc(_context.background(), options)
            except Exception as first:  # noqa: BLE001
                if not (is_expired_error(first) or is_too_large_resource_version_error(first)):
                    raise
                # The resourceVersion is gone or not there yet: a consistent list of the latest state.
                self.set_is_last_sync_resource_version_unavailable(True)
                result, paginated = p.list_with_alloc(
                    _context.background(), metav1.ListOptions(resourceVersion=self.relist_resource_version())
                )
            unsupported, gvk = is_unsupported_table_list_object(result)
            if unsupported:
                raise ValueError(f"unsupported list gvk: {gvk}, type: {self.type_description}")
        except Exception as e:  # noqa: BLE001 - wrapped below
            err = e
        if ctx.done().is_set():
            return
        if err is not None:
            raise _WrappedError(f"failed to list {self.type_description}: {err}", err)
        assert result is not None  # listed without an error
        # Only a paged answer to the first list (at "0") says the watch cache is off for this resource.
        if options.resourceVersion == "0" and paginated:
            self.paginated_result = True
        self.set_is_last_sync_resource_version_unavailable(False)
        try:
            list_meta = _meta.list_accessor(result)
        except Exception as e:  # noqa: BLE001
            raise _WrappedError(f"unable to understand list result {result!r}: {e}", e)
        resource_version = list_meta.get_resource_version()
        try:
            # Copies: an item of a decoded list keeps the list's whole arena alive (pages joined by the pager
            # are copies already).
            items = list(result.items) if isinstance(result, _InternalList) else _meta.extract_list_with_alloc(result)
        except Exception as e:  # noqa: BLE001
            raise _WrappedError(f"unable to understand list result {result!r} ({e})", e)
        del result
        try:
            self.store.replace(items, resource_version)
        except Exception as e:  # noqa: BLE001
            raise _WrappedError(f"unable to sync list result: {e}", e)
        self.set_last_sync_resource_version(resource_version)

    def _watch_list(self, ctx: _context.Context) -> Optional[watch.Interface]:
        """Stream the current objects (WatchList) into a temporary store, replace the store with them at the
        closing bookmark and return the still open watch; None when the context ended first."""
        done = ctx.done()

        def retriable_with_side_effects(err: BaseException) -> bool:
            if is_watch_error_retriable(err):
                self.logger.info(
                    '"watch-list failed - backing off" reflector=%s type=%s err="%s"',
                    self.name,
                    self.type_description,
                    err,
                )
                _clock_wait(self.clock, self.delay_handler(), done)
                return True
            if is_expired_error(err) or is_too_large_resource_version_error(err):
                # Start again from the most recent state.
                self.set_is_last_sync_resource_version_unavailable(True)
                return True
            return False

        store_opts = []
        transformer = None
        transformer_of = getattr(self.store, "transformer", None)
        if callable(transformer_of) and transformer_of() is not None:
            transformer = transformer_of()
            store_opts.append(with_transformer(transformer))
        resource_version = ""
        while True:
            if done.is_set():
                return None
            resource_version = ""
            last_known_rv = self.rewatch_resource_version()
            temporary_store = new_store(deletion_handling_meta_namespace_key_func, *store_opts)
            options = metav1.ListOptions(
                resourceVersion=last_known_rv,
                allowWatchBookmarks=True,
                sendInitialEvents=True,
                resourceVersionMatch=metav1.ResourceVersionMatchNotOlderThan,
                timeoutSeconds=self._watch_timeout_seconds(),
            )
            start = self.clock.now()
            try:
                w: watch.Interface = self.lister_watcher.watch_with_context(ctx, options)
            except Exception as err:
                if retriable_with_side_effects(err):
                    continue
                raise
            seen: list[str] = [""]

            def track(rv: str, event_received_besides_added: bool) -> None:
                if event_received_besides_added:
                    seen[0] = rv

            received, watch_err = handle_list_watch(
                ctx,
                start,
                w,
                temporary_store,
                self.expected_type,
                self.expected_gvk,
                self.name,
                self.type_description,
                track,
                self.clock,
                None,
            )
            resource_version = seen[0]
            if watch_err is not None:
                w.stop()
                if watch_err is errorStopRequested:
                    return None
                if retriable_with_side_effects(watch_err):
                    continue
                raise watch_err
            if received:
                break
        self.set_is_last_sync_resource_version_unavailable(False)
        try:
            if _consistencydetector.is_data_consistency_detection_for_watch_list_enabled():
                # An empty ListOptions: an informer's list function may already add its own filters.
                _consistencydetector.check_data_consistency(
                    ctx,
                    self.name,
                    resource_version,
                    self.lister_watcher.list_with_context,
                    transformer,
                    metav1.ListOptions(),
                    temporary_store.list,
                )
            try:
                self.store.replace(temporary_store.list(), resource_version)
            except Exception as err:  # noqa: BLE001
                raise _WrappedError(f"unable to sync watch-list result: {err}", err)
        except BaseException:
            w.stop()
            raise
        self.set_last_sync_resource_version(resource_version)
        return w


def new_reflector_with_options(
    lw: ListerWatcher, expected_type: Any, store: Any, options: Optional[ReflectorOptions] = None
) -> Reflector:
    """A Reflector keeping ``store`` in step with what ``lw`` lists and watches. ``expected_type`` is an example
    object (None: anything goes): events with objects of another type, or another GroupVersionKind for an
    Unstructured example, are dropped and logged."""
    options = options or ReflectorOptions()
    clock = options.clock if options.clock is not None else RealClock()
    min_watch_timeout = defaultMinWatchTimeout
    max_watch_timeout = defaultMaxWatchTimeout
    if options.min_watch_timeout > defaultMinWatchTimeout:
        min_watch_timeout = options.min_watch_timeout
        max_watch_timeout = 2 * min_watch_timeout
    backoff = options.backoff
    if backoff is None:
        backoff = wait.Backoff(
            duration=defaultBackoffInit,
            cap=defaultBackoffMax,
            steps=int(math.ceil(defaultBackoffMax / defaultBackoffInit)),
            factor=defaultBackoffFactor,
            jitter=defaultBackoffJitter,
        )
    name = options.name or naming.get_name_from_callsite(*_INTERNAL_PACKAGES)
    logger = options.logger or _log
    r = Reflector(
        name=name,
        type_description=options.type_description or get_type_description_from_object(expected_type),
        expected_type=type(expected_type) if expected_type is not None else None,
        expected_gvk=get_expected_gvk_from_object(expected_type),
        store=store,
        lister_watcher=to_lister_watcher_with_context(lw),
        resync_period=options.resync_period,
        delay_handler=backoff.delay_with_reset(clock, defaultBackoffReset),
        min_watch_timeout=min_watch_timeout,
        max_watch_timeout=max_watch_timeout,
        clock=clock,
        logger=logger,
    )
    r.use_watch_list = features.feature_gates().enabled(features.WatchListClient)
    if r.use_watch_list and _watchlist.does_client_not_support_watch_list_semantics(lw):
        logger.debug(
            "The client used to build this informer/reflector doesn't support WatchList semantics. The "
            "feature will be disabled. This is expected in unit tests but not in production. "
            "feature=%s",
            features.WatchListClient,
        )
        r.use_watch_list = False
    return r


def new_reflector(lw: ListerWatcher, expected_type: Any, store: Any, resync_period: float) -> Reflector:
    """A Reflector named after the caller's file:line."""
    return new_reflector_with_options(lw, expected_type, store, ReflectorOptions(resync_period=resync_period))


def new_named_reflector(
    name: str, lw: ListerWatcher, expected_type: Any, store: Any, resync_period: float
) -> Reflector:
    return new_reflector_with_options(
        lw, expected_type, store, ReflectorOptions(name=name, resync_period=resync_period)
    )


def new_namespace_keyed_indexer_and_reflector(
    lw: ListerWatcher, expected_type: Any, resync_period: float
) -> tuple[Any, Reflector]:
    """An Indexer keyed by namespace/name with the namespace index, and a Reflector filling it."""
    from .index import NamespaceIndex, meta_namespace_index_func
    from .store import meta_namespace_key_func, new_indexer

    indexer = new_indexer(meta_namespace_key_func, {NamespaceIndex: meta_namespace_index_func})
    return indexer, new_reflector(lw, expected_type, indexer, resync_period)


_INTERNAL_PACKAGES = ("/kubernetes_py/tools/cache/",)
