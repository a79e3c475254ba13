"""Port of client-go's tools/cache/shared_informer.go: the shared informer, its processor and the sync waits.

A SharedIndexInformer keeps one Indexer filled from a ListerWatcher (through a Controller) and fans every change
out to any number of handlers. Each handler has a ``_ProcessorListener``: an unbounded buffer (Go's RingGrowing)
and a thread of its own (``handler <n> of <type>``) that calls it, so a slow handler delays only itself, never the
watch nor the other handlers.

Invariants:
- a notification is put in every listener's buffer while the informer holds ``_block_deltas``, and the cache is
  updated under the same lock before that: a handler added late receives the cache's contents (as initial-list
  adds) and then every later change, nothing twice and nothing missed;
- each listener delivers its notifications in the order they were distributed;
- ``has_synced`` of a handler's registration is true only once the informer has synced and the handler has
  returned from every initial-list add it was given;
- ``run`` returns after every thread it started (controller, reflector, listeners) has ended.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
from typing import Any, Callable, Dict, Generic, List, Optional, Protocol, TypeVar, cast

from kubernetes_py import context as _context
from kubernetes_py import features
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.utils import clock as _clock

from . import _accessor, synctrack
from .controller import (
    Config,
    Controller,
    DeletedObject,
    ProcessError,
    TypedResourceEventHandler,
    _Controller,
    _go_type,
    new_queue_fifo,
    process_deltas,
    process_deltas_in_batch,
)
from .event_handler_name import name_for_handler
from .index import Indexer, TypedIndexer, TypedIndexers, typed_indexers_to_indexers
from .store import DeletedFinalStateUnknown, deletion_handling_meta_namespace_key_func, new_indexer, with_store_metrics

_log = logging.getLogger("kubernetes_py.tools.cache")

syncedPollPeriod = 0.1
"""How often wait_for_cache_sync polls (seconds)."""
initialBufferSize = 1024
minimumResyncPeriod = 1.0

InformerSynced = Callable[[], bool]


def _info(msg: str, *keys_and_values: Any) -> None:
    _log.info("%s", utilruntime.error_to_string(None, msg, *keys_and_values))


def _seconds(d: float) -> str:
    """A duration as Go prints it (``1s``, ``100ms``)."""
    if d >= 1 and float(d).is_integer():
        return f"{int(d)}s"
    if d < 1 and float(d * 1000).is_integer():
        return f"{int(d * 1000)}ms"
    return f"{d}s"


# ----------------------------------------------------------------------------------------------------------------
# Waiting for sync


class DoneChecker(Protocol):
    """Something that will be done: ``done()`` is a threading.Event set once it is."""

    def name(self) -> str: ...

    def done(self) -> threading.Event: ...


def is_done(checker: DoneChecker) -> bool:
    return checker.done().is_set()


def wait_for_cache_sync(stop: Any, *cache_syncs: InformerSynced) -> bool:
    """Poll every 100 ms until every function returns True (True) or ``stop`` is done (False)."""
    try:
        wait.poll_immediate_until(syncedPollPeriod, lambda: all(f() for f in cache_syncs), stop)
    except Exception:  # noqa: BLE001 - Go returns false on any error of the poll
        return False
    return True


def wait_for_named_cache_sync(controller_name: str, stop: Any, *cache_syncs: InformerSynced) -> bool:
    """wait_for_cache_sync, logging the wait under ``controller_name``."""
    _info("Waiting for caches to sync", "controller", controller_name)
    if not wait_for_cache_sync(stop, *cache_syncs):
        utilruntime.handle_error_with_context(None, None, "Unable to sync caches", "controller", controller_name)
        return False
    _info("Caches are synced", "controller", controller_name)
    return True


def wait_for_named_cache_sync_with_context(ctx: _context.Context, *cache_syncs: InformerSynced) -> bool:
    _info("Waiting for caches to sync")
    if not wait_for_cache_sync(ctx, *cache_syncs):
        utilruntime.handle_error_with_context(ctx, None, "Unable to sync caches")
        return False
    _info("Caches are synced")
    return True


class _GoStrings(list[str]):
    """A list of strings that logs as klog prints a []string: ``["a","b"]``."""

    def __str__(self) -> str:
        return "[" + ",".join('"' + i + '"' for i in self) + "]"


def wait_for(ctx: Optional[_context.Context], what: str, *checkers: DoneChecker) -> bool:
    """Wait until every checker is done (True) or ``ctx`` is (False, unless all were done by then). With ``what``,
    logs the wait, each checker as it is done, and those still pending at the end."""
    ctx = ctx if ctx is not None else _context.background()
    if what:
        _info("Waiting", "for", what)
    pending = list(checkers)
    ctx_done = ctx.done()
    while pending:
        for checker in list(pending):
            if checker.done().is_set():
                pending.remove(checker)
                if what:
                    _info("Done waiting", "for", what, "instance", checker.name())
        if not pending or ctx_done.is_set():
            break
        if len(pending) == 1:
            # one event left: block on it, waking now and then to see the context
            pending[0].done().wait(0.05)
        else:
            ctx_done.wait(0.005)
    if pending:
        instances = sorted(c.name() for c in pending)
        if what:
            cause = _context.cause(ctx)
            _info(
                "Timed out waiting",
                "for",
                what,
                "cause",
                str(cause) if cause else "",
                "instances",
                _GoStrings(instances),
            )
        return False
    return True


@dataclasses.dataclass
class SyncResult:
    """Which caches synced, and why waiting ended (``err``)."""

    err: Optional[BaseException] = None
    synced: Dict[Any, bool] = dataclasses.field(default_factory=dict)

    def as_error(self) -> Optional[BaseException]:
        if self.err is None:
            return None
        unsynced = sorted(t if isinstance(t, str) else _type_string(t) for t, ok in self.synced.items() if not ok)
        err = RuntimeError(f"failed to sync all caches: {', '.join(unsynced)}: {self.err}")
        err.__cause__ = self.err
        return err


def _type_string(t: Any) -> str:
    if isinstance(t, type):
        return t.__name__ if t.__module__ == "builtins" else f"*{t.__module__.rsplit('.', 1)[-1]}.{t.__name__}"
    return str(t)


# ----------------------------------------------------------------------------------------------------------------
# Notifications and listeners


@dataclasses.dataclass
class _UpdateNotification:
    old_obj: Any
    new_obj: Any


@dataclasses.dataclass
class _AddNotification:
    new_obj: Any
    is_in_initial_list: bool = False


@dataclasses.dataclass
class _DeleteNotification:
    old_obj: Any


class ResourceEventHandlerRegistration(Protocol):
    """What add_event_handler returns: the handle for remove_event_handler and the handler's own sync state."""

    def has_synced(self) -> bool: ...

    def has_synced_checker(self) -> DoneChecker: ...


@dataclasses.dataclass
class HandlerOptions:
    """Options of add_event_handler_with_options; ``resync_period=None`` means the informer's default."""

    logger: Optional[logging.Logger] = None
    resync_period: Optional[float] = None


class _ProcessorListener:
    """Delivers notifications to one handler from its own thread, buffering without bound in between.

    ``add`` never blocks. ``close`` (Go's closing addCh) makes the thread finish the call in progress and end,
    dropping what is still buffered, as Go's pop/run pair does.

    The thread takes everything buffered at once (``_taken``) and delivers it in order before it takes the lock
    again; ``add`` wakes it only when it waits for more. Notifications are delivered in the order they were added,
    each once; after ``close`` none is delivered but the one in progress (the thread looks at ``_closed`` before
    each call).
    """

    def __init__(
        self,
        logger: Optional[logging.Logger],
        handler: Any,
        requested_resync_period: float,
        resync_period: float,
        now: float,
        buffer_size: int,
        has_synced: DoneChecker,
    ):
        self.logger = logger or _log
        self.handler = handler
        self.handler_name = name_for_handler(handler)
        self.upstream_has_synced = has_synced
        self.sync_tracker = synctrack.new_single_file_tracker(
            f"{has_synced.name()} + event handler {self.handler_name}"
        )
        self._cond = threading.Condition(threading.Lock())
        self._pending: collections.deque[Any] = collections.deque()
        self._taken: collections.deque[Any] = collections.deque()  # taken from _pending, not yet delivered
        self._waiting = False  # the thread waits on _cond for a notification
        self._closed = False
        self._watch_synced = False
        self._upstream_told = False
        self.run_finished = threading.Event()
        self.requested_resync_period = requested_resync_period
        self.resync_period = resync_period
        self.next_resync = 0.0
        self._resync_lock = threading.Lock()
        self.thread: Optional[threading.Thread] = None
        self.determine_next_resync(now)

    def has_synced(self) -> bool:
        return self.sync_tracker.has_synced()

    def has_synced_checker(self) -> DoneChecker:
        return self.sync_tracker

    def shutdown_chan(self) -> threading.Event:
        """Set once the handler's thread has ended (never started counts as ended once removed)."""
        return self.run_finished

    def pending_notifications(self) -> int:
        with self._cond:
            return len(self._pending) + len(self._taken)

    def add(self, notification: Any) -> None:
        if isinstance(notification, _AddNotification) and notification.is_in_initial_list:
            self.sync_tracker.start()
        with self._cond:
            if self._closed:
                return
            self._pending.append(notification)
            if self._waiting:
                self._cond.notify()

    def add_all(self, notifications: List[Any]) -> None:
        """``add`` of each, in order, under one hold of the lock (the informer's batch of changes)."""
        for notification in notifications:
            if isinstance(notification, _AddNotification) and notification.is_in_initial_list:
                self.sync_tracker.start()
        with self._cond:
            if self._closed:
                return
            self._pending.extend(notifications)
            if self._waiting:
                self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()

    def watch_synced(self) -> None:
        """From now on, tell the sync tracker once upstream has synced (Go starts watchSynced after queueing a
        late handler's initial list, so that the handler cannot look synced before it got it)."""
        with self._cond:
            self._watch_synced = True
            self._cond.notify()

    def start(self, name: str) -> threading.Thread:
        self.thread = threading.Thread(target=self.run, name=name, daemon=True)
        self.thread.start()
        return self.thread

    def _take(self) -> bool:
        """Moves every buffered notification to ``_taken``; False once closed. Tells the tracker when upstream has
        synced."""
        upstream = self.upstream_has_synced.done()
        with self._cond:
            while True:
                if self._closed:
                    return False
                watching = self._watch_synced and not self._upstream_told
                if watching and upstream.is_set():
                    self.sync_tracker.upstream_has_synced()
                    self._upstream_told = True
                    watching = False
                if self._pending:
                    self._pending, self._taken = self._taken, self._pending
                    return True
                # Go's watchSynced goroutine: until upstream has synced, look at it now and then
                self._waiting = True
                try:
                    self._cond.wait(0.01 if watching else None)
                finally:
                    self._waiting = False

    def run(self) -> None:
        taken = None
        try:
            sleep_after_crash = False
            while self._take():
                taken = self._taken
                while taken and not self._closed:
                    notification = taken.popleft()
                    if sleep_after_crash:
                        time.sleep(1.0)
                    sleep_after_crash = not self._dispatch(notification, len(taken) + len(self._pending))
                if self._closed:
                    return
        finally:
            if taken is not None:
                taken.clear()  # dropped on close, as Go's pop drops its buffer
            self.run_finished.set()

    def _dispatch(self, notification: Any, pending: int) -> bool:
        """Call the handler; False if it raised (logged, then re-raised while utilruntime.ReallyCrash)."""
        start = time.monotonic() if pending > initialBufferSize else None
        try:
            if isinstance(notification, _UpdateNotification):
                self.handler.on_update(notification.old_obj, notification.new_obj)
            elif isinstance(notification, _AddNotification):
                self.handler.on_add(notification.new_obj, notification.is_in_initial_list)
                if notification.is_in_initial_list:
                    self.sync_tracker.finished()
            elif isinstance(notification, _DeleteNotification):
                self.handler.on_delete(notification.old_obj)
            else:
                utilruntime.handle_error_with_context(
                    None, None, "unrecognized notification", "notificationType", _go_type(notification)
                )
            return True
        except Exception as err:  # noqa: BLE001 - Go's HandleCrash: handled (and re-raised) there
            with utilruntime.handle_crash():
                raise err
            return False  # handle_crash, with ReallyCrash off, swallowed it
        finally:
            if start is not None and time.monotonic() - start > 0.1:
                _info(
                    'Trace "processorListener handler"', "handler", self.handler_name, "pendingNotifications", pending
                )

    def should_resync(self, now: float) -> bool:
        with self._resync_lock:
            if self.resync_period == 0:
                return False
            return now >= self.next_resync

    def determine_next_resync(self, now: float) -> None:
        with self._resync_lock:
            self.next_resync = now + self.resync_period

    def set_resync_period(self, resync_period: float) -> None:
        with self._resync_lock:
            self.resync_period = resync_period


new_process_listener = _ProcessorListener
"""Go's newProcessListener(logger, handler, requestedResyncPeriod, resyncPeriod, now, bufferSize, hasSynced)."""


class _SharedProcessor:
    """The listeners of one informer. Distribution waits until the listeners' threads run (if there are any)."""

    def __init__(self, clock: Any = None, description: str = ""):
        self.clock = clock if clock is not None else _clock.RealClock()
        self.description = description
        self._lock = threading.Condition(threading.RLock())
        self.listeners: Optional[Dict[_ProcessorListener, bool]] = None
        self.listeners_started = False
        self._threads: List[threading.Thread] = []
        self._count = 0

    def _start_locked(self, listener: _ProcessorListener) -> None:
        self._count += 1
        name = f"handler {self._count} of {self.description}" if self.description else f"handler {self._count}"
        self._threads.append(listener.start(name))

    def get_listener(self, registration: Any) -> Optional[_ProcessorListener]:
        with self._lock:
            if self.listeners is not None and registration in self.listeners:
                found: _ProcessorListener = registration
                return found
            return None

    def add_listener(self, listener: _ProcessorListener) -> tuple[_ProcessorListener, bool]:
        with self._lock:
            if self.listeners is None:
                self.listeners = {}
            self.listeners[listener] = True
            if self.listeners_started:
                self._start_locked(listener)
            return listener, self.listeners_started

    def remove_listener(self, handle: Any) -> None:
        with self._lock:
            if not isinstance(handle, _ProcessorListener):
                raise TypeError(f"invalid key type {_go_type(handle)}")
            if self.listeners is None or handle not in self.listeners:
                return
            del self.listeners[handle]
            if self.listeners_started:
                handle.close()
            else:
                handle.run_finished.set()

    def distribute(self, obj: Any, sync: bool) -> None:
        with self._lock:
            while not self.listeners_started and self.listeners:
                self._lock.wait()
            for listener, is_syncing in list((self.listeners or {}).items()):
                if not sync or is_syncing:
                    listener.add(obj)

    def distribute_all(self, items: List[tuple[Any, bool]]) -> None:
        """``distribute(obj, sync)`` of each (obj, sync), in order: each listener gets its share in one add_all."""
        with self._lock:
            while not self.listeners_started and self.listeners:
                self._lock.wait()
            for listener, is_syncing in list((self.listeners or {}).items()):
                listener.add_all([obj for obj, sync in items if not sync or is_syncing])

    def run(self, ctx: _context.Context) -> None:
        with self._lock:
            for listener in list(self.listeners or {}):
                listener.watch_synced()
                self._start_locked(listener)
            self.listeners_started = True
            self._lock.notify_all()
        ctx.done().wait()
        with self._lock:
            for listener in list(self.listeners or {}):
                listener.close()
            self.listeners = None
            self.listeners_started = False
            self._lock.notify_all()
            threads = list(self._threads)
        for t in threads:
            if t is not threading.current_thread():
                t.join()

    def should_resync(self) -> bool:
        with self._lock:
            resync_needed = False
            now = self.clock.now()
            listeners = self.listeners or {}
            for listener in list(listeners):
                should = listener.should_resync(now)
                listeners[listener] = should
                if should:
                    resync_needed = True
                    listener.determine_next_resync(now)
            return resync_needed

    def resync_check_period_changed(self, resync_check_period: float) -> None:
        with self._lock:
            for listener in list(self.listeners or {}):
                listener.set_resync_period(
                    determine_resync_period(listener.requested_resync_period, resync_check_period)
                )


def determine_resync_period(desired: float, check: float) -> float:
    """A handler's resync period given the informer's check period (0: none; never below the check period)."""
    if desired == 0:
        return desired
    if check == 0:
        _info(
            "Warning: the specified resyncPeriod is invalid because this shared informer doesn't support resyncing",
            "desired",
            _seconds(desired),
        )
        return 0
    if desired < check:
        _info(
            "Warning: the specified resyncPeriod is being increased to the minimum resyncCheckPeriod",
            "desired",
            _seconds(desired),
            "resyncCheckPeriod",
            _seconds(check),
        )
        return check
    return desired


# ----------------------------------------------------------------------------------------------------------------
# The shared informer


class SharedInformer(Protocol):
    def add_event_handler(self, handler: Any) -> ResourceEventHandlerRegistration: ...

    def add_event_handler_with_resync_period(
        self, handler: Any, resync_period: float
    ) -> ResourceEventHandlerRegistration: ...

    def add_event_handler_with_options(
        self, handler: Any, options: HandlerOptions
    ) -> ResourceEventHandlerRegistration: ...

    def remove_event_handler(self, handle: ResourceEventHandlerRegistration) -> None: ...

    def get_store(self) -> Any: ...

    def get_controller(self) -> Controller: ...

    def run(self, stop: Any) -> None: ...

    def run_with_context(self, ctx: _context.Context) -> None: ...

    def has_synced(self) -> bool: ...

    def has_synced_checker(self) -> DoneChecker: ...

    def last_sync_resource_version(self) -> str: ...

    def set_watch_error_handler(self, handler: Callable[[Any, BaseException], None]) -> None: ...

    def set_watch_error_handler_with_context(self, handler: Callable[[Any, Any, BaseException], None]) -> None: ...

    def set_transform(self, handler: Optional[Callable[[Any], Any]]) -> None: ...

    def is_stopped(self) -> bool: ...


class SharedIndexInformer(SharedInformer, Protocol):
    def add_indexers(self, indexers: dict[str, Any]) -> None: ...

    def get_indexer(self) -> Any: ...


@dataclasses.dataclass
class SharedIndexInformerOptions:
    resync_period: float = 0.0
    """The default resync period of handlers (and the initial resync check period)."""
    indexers: Optional[dict[str, Any]] = None
    object_description: str = ""
    """Used in logs and thread names instead of the example object's type."""
    identifier: Any = None
    """The InformerNameAndResource of the informer's FIFO and store metrics (published only when reserved)."""
    informer_metrics_provider: Any = None
    """The InformerMetricsProvider of those metrics (the global one when None)."""


class _InformerDone:
    """The informer's DoneChecker: done once the informer has synced."""

    def __init__(self, s: "_SharedIndexInformer"):
        self._s = s

    def name(self) -> str:
        return f"SharedIndexInformer {_go_type(self._s.object_type)}"

    def done(self) -> threading.Event:
        return self._s._synced


class _DummyController:
    """What get_controller returns: the informer's state, without running anything."""

    def __init__(self, informer: "_SharedIndexInformer"):
        self.informer = informer

    def run(self, stop: Any) -> None:
        pass

    def run_with_context(self, ctx: _context.Context) -> None:
        pass

    def has_synced(self) -> bool:
        return self.informer.has_synced()

    def has_synced_checker(self) -> DoneChecker:
        return self.informer.has_synced_checker()

    def last_sync_resource_version(self) -> str:
        if features.feature_gates().enabled(features.InformerResourceVersion):
            return self.informer.last_sync_resource_version()
        return ""


def _resource_version(obj: Any) -> Optional[str]:
    if _accessor._PLAIN_METADATA_TYPES.get(type(obj)):
        return str(obj.metadata.resourceVersion)
    try:
        return str(_accessor.accessor(obj).get_resource_version())
    except Exception:  # noqa: BLE001 - not an object: never a sync
        return None


class _SharedIndexInformer:
    """The SharedIndexInformer that new_shared_index_informer returns."""

    def __init__(self, lw: Any, example_object: Any, options: SharedIndexInformerOptions):
        self.indexer = new_indexer(
            deletion_handling_meta_namespace_key_func,
            options.indexers or {},
            with_store_metrics(options.identifier, options.informer_metrics_provider),
        )
        self.identifier = options.identifier
        self.informer_metrics_provider = options.informer_metrics_provider
        self.object_type = example_object
        self.object_description = options.object_description
        description = options.object_description or _go_type(example_object).lstrip("*")
        self.clock = _clock.RealClock()
        self.processor = _SharedProcessor(self.clock, description)
        self.controller: Optional[Controller] = None
        self._synced = threading.Event()
        self._failed = False
        self.lister_watcher = lw
        self.resync_check_period = options.resync_period
        self.default_event_handler_resync_period = options.resync_period
        self._started = False
        self._stopped = False
        self._started_lock = threading.Lock()
        self._block_deltas = threading.RLock()
        self._batch: Optional[List[tuple[Any, bool]]] = None  # while a batch of deltas is handled: its notifications
        self.watch_error_handler: Optional[Callable[[Any, Any, BaseException], None]] = None
        self.transform: Optional[Callable[[Any], Any]] = None
        self.key_func = deletion_handling_meta_namespace_key_func

    def set_watch_error_handler(self, handler: Callable[[Any, BaseException], None]) -> None:
        """Called with (reflector, error) whenever list/watch fails; only before run. Raises after start."""
        self.set_watch_error_handler_with_context(lambda _ctx, r, err: handler(r, err))

    def set_watch_error_handler_with_context(self, handler: Callable[[Any, Any, BaseException], None]) -> None:
        with self._started_lock:
            if self._started:
                raise RuntimeError("informer has already started")
            self.watch_error_handler = handler

    def set_transform(self, handler: Optional[Callable[[Any], Any]]) -> None:
        """Transform every object before it is stored and handed to handlers; only before run."""
        with self._started_lock:
            if self._started:
                raise RuntimeError("informer has already started")
            self.transform = handler

    def run(self, stop: Any) -> None:
        """Run until ``stop`` (a threading.Event or Context) is done; blocks, call it in a thread."""
        self.run_with_context(wait.context_for_channel(stop))

    def run_with_context(self, ctx: _context.Context) -> None:
        with utilruntime.handle_crash_with_context(ctx):
            if self.has_started():
                _info("Warning: the sharedIndexInformer has started, run more than once is not allowed")
                return
            with self._started_lock:
                fifo = new_queue_fifo(
                    self.object_type, self.indexer, self.transform, self.identifier, self.informer_metrics_provider
                )
                controller = _Controller(  # Go's New, and the clock set on the *controller it returns
                    Config(
                        queue=fifo,
                        lister_watcher=self.lister_watcher,
                        object_type=self.object_type,
                        object_description=self.object_description,
                        full_resync_period=self.resync_check_period,
                        should_resync=self.processor.should_resync,
                        process=self._handle_deltas,
                        process_batch=self._handle_batch_deltas,
                        watch_error_handler_with_context=self.watch_error_handler,
                    )
                )
                controller.clock = self.clock
                self.controller = controller
                self._started = True
            processor_ctx, stop_processor = _context.with_cancel_cause(_context.without_cancel(ctx))
            description = self.processor.description
            processor = threading.Thread(
                target=self.processor.run, args=(processor_ctx,), daemon=True, name=f"processor of {description}"
            )
            synced = threading.Thread(
                target=self._watch_synced,
                args=(ctx, self.controller.has_synced_checker()),
                daemon=True,
                name=f"sync watcher of {description}",
            )
            processor.start()
            synced.start()
            try:
                self.controller.run_with_context(ctx)
            except BaseException:
                self._failed = True  # nothing keeps the cache current any more: never report it synced
                raise
            finally:
                with self._started_lock:
                    self._stopped = True  # no new listeners
                stop_processor(RuntimeError("informer is stopping"))
                processor.join()
                synced.join()

    def _watch_synced(self, ctx: _context.Context, queue_synced: DoneChecker) -> None:
        """Set the informer's synced event once the queue has synced, unless ctx is done first."""
        queue_done = queue_synced.done()
        ctx_done = ctx.done()
        while not ctx_done.is_set():
            if queue_done.wait(0.01):
                self._synced.set()
                return

    def has_started(self) -> bool:
        with self._started_lock:
            return self._started

    def has_synced(self) -> bool:
        """Whether the initial list has been delivered to the cache (not necessarily to every handler); false
        again for good if the informer's run ended with an exception (its cache is no longer kept current)."""
        return self._synced.is_set() and not self._failed

    def has_synced_checker(self) -> DoneChecker:
        return _InformerDone(self)

    def last_sync_resource_version(self) -> str:
        with self._started_lock:
            if self.controller is None:
                return ""
            return self.controller.last_sync_resource_version()

    def get_store(self) -> Any:
        return self.indexer

    def get_indexer(self) -> Any:
        return self.indexer

    def add_indexers(self, indexers: dict[str, Any]) -> None:
        with self._started_lock:
            if self._stopped:
                raise RuntimeError("indexer was not added because it has stopped already")
            self.indexer.add_indexers(indexers)

    def get_controller(self) -> Controller:
        return _DummyController(self)

    def add_event_handler(self, handler: Any) -> ResourceEventHandlerRegistration:
        """Add a handler with the informer's default resync period; raises once the informer has stopped."""
        return self.add_event_handler_with_options(handler, HandlerOptions())

    def add_event_handler_with_resync_period(
        self, handler: Any, resync_period: float
    ) -> ResourceEventHandlerRegistration:
        return self.add_event_handler_with_options(handler, HandlerOptions(resync_period=resync_period))

    def add_event_handler_with_options(self, handler: Any, options: HandlerOptions) -> ResourceEventHandlerRegistration:
        with self._started_lock:
            if self._stopped:
                raise RuntimeError(f"handler {handler} was not added to shared informer because it has stopped already")
            resync_period = (
                self.default_event_handler_resync_period if options.resync_period is None else options.resync_period
            )
            if resync_period > 0:
                if resync_period < minimumResyncPeriod:
                    _info(
                        "Warning: resync period is too small. Changing it to the minimum allowed value",
                        "resyncPeriod",
                        _seconds(resync_period),
                        "minimumResyncPeriod",
                        _seconds(minimumResyncPeriod),
                    )
                    resync_period = minimumResyncPeriod
                if resync_period < self.resync_check_period:
                    if self._started:
                        _info(
                            "Warning: resync period is smaller than resync check period and the informer has "
                            "already started. Changing it to the resync check period",
                            "resyncPeriod",
                            _seconds(resync_period),
                            "resyncCheckPeriod",
                            _seconds(self.resync_check_period),
                        )
                        resync_period = self.resync_check_period
                    else:
                        self.resync_check_period = resync_period
                        self.processor.resync_check_period_changed(resync_period)
            listener = new_process_listener(
                options.logger,
                handler,
                resync_period,
                determine_resync_period(resync_period, self.resync_check_period),
                self.clock.now(),
                initialBufferSize,
                self.has_synced_checker(),
            )
            if not self._started:
                handle, _ = self.processor.add_listener(listener)
                return handle
            with self._block_deltas:
                handle, started = self.processor.add_listener(listener)
                for item in self.indexer.list():
                    listener.add(_AddNotification(item, True))
                if started:
                    listener.watch_synced()
                return handle

    def _handle_deltas(self, obj: Any, is_in_initial_list: bool) -> None:
        with self._block_deltas:
            if not isinstance(obj, list):
                raise ProcessError("object given as Process argument is not Deltas")
            process_deltas(self, self.indexer, obj, is_in_initial_list, self.key_func)

    def _handle_batch_deltas(self, deltas: List[Any], is_in_initial_list: bool) -> None:
        with self._block_deltas:
            # the batch's notifications are distributed together once its changes are in the cache (still under
            # _block_deltas), each listener taking its share in one hold of its lock
            batch: List[tuple[Any, bool]] = []
            self._batch = batch
            try:
                process_deltas_in_batch(self, self.indexer, deltas, is_in_initial_list, self.key_func)
            finally:
                self._batch = None
                if batch:
                    self.processor.distribute_all(batch)

    def _distribute(self, notification: Any, sync: bool) -> None:
        batch = self._batch
        if batch is not None:
            batch.append((notification, sync))
        else:
            self.processor.distribute(notification, sync)

    # The informer is the handler of its own controller: these fan out to the listeners.
    def on_add(self, obj: Any, is_in_initial_list: bool) -> None:
        self._distribute(_AddNotification(obj, is_in_initial_list), False)

    def on_update(self, old: Any, new_obj: Any) -> None:
        # an update with an unchanged resourceVersion is a resync: only listeners due for one get it
        new_rv = _resource_version(new_obj)
        is_sync = new_rv is not None and new_rv == _resource_version(old)
        self._distribute(_UpdateNotification(old, new_obj), is_sync)

    def on_delete(self, old: Any) -> None:
        self._distribute(_DeleteNotification(old), False)

    def is_stopped(self) -> bool:
        with self._started_lock:
            return self._stopped

    def remove_event_handler(self, handle: ResourceEventHandlerRegistration) -> None:
        """Stop delivering to the handler; the handler's thread may still finish a call in progress."""
        with self._started_lock, self._block_deltas:
            self.processor.remove_listener(handle)


def shut_down_event_handler(informer: SharedInformer, handle: ResourceEventHandlerRegistration) -> None:
    """remove_event_handler, then wait until the handler's thread has ended."""
    informer.remove_event_handler(handle)
    shutdown_chan = getattr(handle, "shutdown_chan", None)
    if shutdown_chan is None:
        raise TypeError("handle does not support ShutdownChan()")
    shutdown_chan().wait()


# ----------------------------------------------------------------------------------------------------------------
# Type-safe variants

T = TypeVar("T")


class TypedSharedIndexInformer(SharedIndexInformer, Protocol[T]):
    """A SharedIndexInformer with type-safe variants of its handler and indexer methods."""

    def add_typed_event_handler(
        self, handler: TypedResourceEventHandler[T], *options: HandlerOptions
    ) -> ResourceEventHandlerRegistration: ...

    def add_typed_indexers(self, indexers: TypedIndexers[T]) -> None: ...

    def get_typed_indexer(self) -> TypedIndexer: ...


class _TypedResourceEventHandler(Generic[T]):
    """The ResourceEventHandler that calls a TypedResourceEventHandler: a delete becomes a DeletedObject, holding
    the tombstone (and the object in it, if any) when the final state is unknown."""

    def __init__(self, handler: TypedResourceEventHandler[T]):
        self.handler = handler

    def on_add(self, obj: T, is_in_initial_list: bool) -> None:
        self.handler.on_add(obj, is_in_initial_list)

    def on_update(self, old_obj: T, new_obj: T) -> None:
        self.handler.on_update(old_obj, new_obj)

    def on_delete(self, obj: Any) -> None:
        if isinstance(obj, DeletedFinalStateUnknown):
            self.handler.on_delete(DeletedObject(optional_obj=obj.obj, final_state_unknown=obj))
            return
        self.handler.on_delete(DeletedObject(optional_obj=obj))


class _TypedIndexer(Generic[T]):
    """An Indexer (every method of it) with the typed lookups of TypedIndexer."""

    def __init__(self, indexer: Indexer):
        self.indexer = indexer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.indexer, name)

    def typed_index(self, index_name: str, obj: T) -> List[T]:
        return self.indexer.index(index_name, obj)

    def by_typed_index(self, index_name: str, indexed_value: str) -> List[T]:
        return self.indexer.by_index(index_name, indexed_value)

    def add_typed_indexers(self, new_indexers: TypedIndexers[T]) -> None:
        self.indexer.add_indexers(typed_indexers_to_indexers(new_indexers))


class _TypedSharedIndexInformer(Generic[T]):
    """The TypedSharedIndexInformer that new_typed_shared_index_informer returns: the informer's own methods, and
    the typed ones."""

    def __init__(self, informer: SharedIndexInformer):
        self.informer = informer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.informer, name)

    def add_typed_event_handler(
        self, handler: TypedResourceEventHandler[T], *options: HandlerOptions
    ) -> ResourceEventHandlerRegistration:
        """add_event_handler_with_options with the one HandlerOptions given, or the defaults; more is an error."""
        if len(options) > 1:
            raise ValueError(f"at most one HandlerOptions may be passed, got {len(options)}")
        o = options[0] if options else HandlerOptions()
        return self.informer.add_event_handler_with_options(_TypedResourceEventHandler(handler), o)

    def add_typed_indexers(self, indexers: TypedIndexers[T]) -> None:
        self.informer.add_indexers(typed_indexers_to_indexers(indexers))

    def get_typed_indexer(self) -> TypedIndexer:
        # an Indexer by delegation (__getattr__), which a Protocol check does not follow
        return cast(TypedIndexer, _TypedIndexer(self.informer.get_indexer()))


def new_typed_shared_index_informer(informer: SharedIndexInformer) -> TypedSharedIndexInformer[Any]:
    """The type-safe view of ``informer`` (Go's NewTypedSharedIndexInformer[T])."""
    # a SharedIndexInformer by delegation (__getattr__), which a Protocol check does not follow
    return cast("TypedSharedIndexInformer[Any]", _TypedSharedIndexInformer(informer))


def new_shared_informer(lw: Any, example_object: Any, default_event_handler_resync_period: float) -> SharedInformer:
    """A shared informer for the objects ``lw`` lists and watches (``example_object`` shows their type)."""
    return new_shared_index_informer(lw, example_object, default_event_handler_resync_period, {})


def new_shared_index_informer(
    lw: Any, example_object: Any, default_event_handler_resync_period: float, indexers: dict[str, Any]
) -> SharedIndexInformer:
    return new_shared_index_informer_with_options(
        lw,
        example_object,
        SharedIndexInformerOptions(resync_period=default_event_handler_resync_period, indexers=indexers),
    )


def new_shared_index_informer_with_options(
    lw: Any, example_object: Any, options: SharedIndexInformerOptions
) -> SharedIndexInformer:
    return _SharedIndexInformer(lw, example_object, options)


__all__ = [
    "DoneChecker",
    "HandlerOptions",
    "InformerSynced",
    "ResourceEventHandlerRegistration",
    "SharedIndexInformer",
    "SharedIndexInformerOptions",
    "SharedInformer",
    "SyncResult",
    "TypedSharedIndexInformer",
    "is_done",
    "new_shared_index_informer",
    "new_shared_index_informer_with_options",
    "new_shared_informer",
    "new_typed_shared_index_informer",
    "shut_down_event_handler",
    "wait_for",
    "wait_for_cache_sync",
    "wait_for_named_cache_sync",
    "wait_for_named_cache_sync_with_context",
]
