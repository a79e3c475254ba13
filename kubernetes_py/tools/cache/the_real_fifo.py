"""Port of client-go tools/cache the_real_fifo.go: RealFIFO, the queue shared informers use.

Every notification is queued as one Delta, in arrival order, and popped in that order: nothing is merged, deleted
objects are delivered too. With ``atomic_events`` (the shared informers' default) a Replace is one ReplacedAll
delta and a Resync one SyncAll delta, so no known-objects store is consulted and the consumer may run unlocked.

Invariants (under ``_lock``):
- ``_items`` holds the undelivered deltas in the order they were made;
- ``has_synced`` turns true once and for good: at the first Add/Update/Delete if no Replace came first, or when the
  deltas queued up to and including the first Replace have all been processed (counted after processing, so a
  caller never sees true while the initial list is still being handed to the consumer);
- pop_batch never puts two deltas of one key in a batch, never mixes initial-list and later deltas, and takes a
  non-batchable delta (ReplacedAll, SyncAll, Bookmark) only alone;
- with ``unlock_while_processing``, producers may add while the consumer processes (the queue is unlocked while
  fewer than two batches are queued); there must then be a single consumer;
- an add notifies ``_cond`` only when a pop waits on it (``_waiting``, counted under the lock around the wait), so a
  busy consumer costs its producers no notify per delta; close, replace and resync always notify.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
from typing import Any, Callable, Deque, Iterable, List, Optional

from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.tools.cache import informer_metrics
from kubernetes_py.tools.cache.delta_fifo import (
    Added,
    Bookmark,
    Deleted,
    Delta,
    Deltas,
    ErrZeroLengthDeltasObject,
    KeyListerGetter,
    Replaced,
    ReplacedAll,
    Sync,
    SyncAll,
    Updated,
    _log_if_long,
)
from kubernetes_py.tools.cache.fifo import ErrFIFOClosed, PopProcessFunc, _SyncedQueue
from kubernetes_py.tools.cache.store import (
    DeletedFinalStateUnknown,
    KeyError,
    KeyFunc,
    TransformFunc,
    meta_namespace_key_func,
)

__all__ = [
    "BookmarkInfo",
    "RealFIFO",
    "RealFIFOOptions",
    "ReplacedAllInfo",
    "SyncAllInfo",
    "new_real_fifo",
    "new_real_fifo_with_options",
]

_log = logging.getLogger(__name__)

ProcessBatchFunc = Callable[[List[Delta], bool], None]
"""``process_batch(deltas, is_in_initial_list)`` (exported by controller.py, where Go defines it)."""

_DEFAULT_BATCH_SIZE = 1000

_BATCHABLE = frozenset((Sync, Replaced, Added, Updated, Deleted))


@dataclasses.dataclass
class RealFIFOOptions:
    """Configuration of a RealFIFO."""

    logger: Optional[logging.Logger] = None
    """Where to log instead of this module's logger."""
    name: str = ""
    """The queue's name in its log lines (default "RealFIFO"); an identifier's name wins over it."""
    key_function: Optional[KeyFunc] = None
    """Default: meta_namespace_key_func."""
    known_objects: Optional[KeyListerGetter] = None
    """The consumer's view of the objects, for Replace and Resync; required unless atomic_events, refused with it."""
    transformer: Optional[TransformFunc] = None
    """Called on every object before it is queued (not on tombstones nor resyncs)."""
    atomic_events: bool = False
    """Queue a Replace as one ReplacedAll delta and a Resync as one SyncAll delta."""
    unlock_while_processing: bool = False
    """Let producers add while the consumer processes (needs atomic_events and a single consumer)."""
    identifier: Any = None
    """An InformerNameAndResource: names the queue, and labels its metrics when reserved."""
    metrics_provider: Any = None
    """The InformerMetricsProvider of the queue's metrics (the global one when None)."""
    emit_delta_type_bookmark: bool = False
    """Queue watch bookmarks as Bookmark deltas (needs atomic_events)."""


@dataclasses.dataclass
class ReplacedAllInfo:
    """The object of a ReplacedAll delta: the Replace call's resource version and (transformed) objects."""

    resource_version: str = ""
    objects: List[Any] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class BookmarkInfo:
    """The object of a Bookmark delta."""

    resource_version: str = ""


@dataclasses.dataclass
class SyncAllInfo:
    """The object of a SyncAll delta: resync everything."""


class RealFIFO(_SyncedQueue):
    """A Queue delivering every notification in order; see the module docstring."""

    def __init__(self, opts: Optional[RealFIFOOptions] = None):
        opts = opts or RealFIFOOptions()
        if opts.atomic_events:
            if opts.known_objects is not None:
                raise ValueError("coding error: knownObjects must not be provided when AtomicEvents is true")
        else:
            if opts.unlock_while_processing:
                raise ValueError("coding error: UnlockWhileProcessing must be false when AtomicEvents is false")
            if opts.known_objects is None:
                raise ValueError("coding error: knownObjects must be provided when AtomicEvents is false")
            if opts.emit_delta_type_bookmark:
                raise ValueError("coding error: EmitDeltaTypeBookmark must be false when AtomicEvents is false")
        self._logger = opts.logger or _log
        name = opts.name or "RealFIFO"
        if opts.identifier is not None and opts.identifier.name():
            name = opts.identifier.name()
        self._name = name
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._items: Deque[Delta] = collections.deque()
        self._synced = threading.Event()
        self._populated = False
        self._initial_population_count = 0
        self._key_func: KeyFunc = opts.key_function or meta_namespace_key_func
        self._known_objects = opts.known_objects
        self._closed = False
        self._waiting = 0  # pops waiting on _cond for a delta: an add wakes them only then
        self._transformer = opts.transformer
        self._batch_size = _DEFAULT_BATCH_SIZE
        self._emit_atomic_events = opts.atomic_events
        self._unlock_while_processing = opts.unlock_while_processing
        self._emit_delta_type_bookmark = opts.emit_delta_type_bookmark
        # None when not published: queued items set on every change of the queue, latency of every process call
        self._queued_metric, self._latency_metric = informer_metrics.fifo_metrics(
            opts.identifier, opts.metrics_provider
        )

    def close(self) -> None:
        """Closes the queue: pops blocked on an empty queue raise ErrFIFOClosed."""
        with self._lock:
            self._closed = True
            self._cond.notify_all()

    def _key_of(self, obj: Any) -> str:
        """The key of an object, of Deltas (their newest), of a Delta, or of a DeletedFinalStateUnknown."""
        if isinstance(obj, Deltas):
            if not obj:
                raise KeyError(obj, ErrZeroLengthDeltasObject)
            obj = obj[-1].object
        if isinstance(obj, Delta):
            obj = obj.object
        if isinstance(obj, DeletedFinalStateUnknown):
            return obj.key
        return self._key_func(obj)

    def name(self) -> str:
        return self._name

    def _add_to_items_locked(self, delta_type: str, skip_transform: bool, obj: Any) -> None:
        try:
            self._key_of(obj)
        except Exception as err:
            raise KeyError(obj, err) from err
        # every object passes here once: transform it, except tombstones and resyncs (already transformed)
        if self._transformer is not None and not skip_transform and not isinstance(obj, DeletedFinalStateUnknown):
            obj = self._transformer(obj)
        self._items.append(Delta(delta_type, obj))
        if self._queued_metric is not None:
            self._queued_metric.set(float(len(self._items)))
        if self._waiting:
            self._cond.notify_all()

    def add(self, obj: Any) -> None:
        """Queues an Added delta."""
        with self._lock:
            self._populated = True
            self._check_synced_locked()
            self._add_to_items_locked(Added, False, obj)

    def update(self, obj: Any) -> None:
        """Queues an Updated delta."""
        with self._lock:
            self._populated = True
            self._check_synced_locked()
            self._add_to_items_locked(Updated, False, obj)

    def delete(self, obj: Any) -> None:
        """Queues a Deleted delta."""
        with self._lock:
            self._populated = True
            self._check_synced_locked()
            self._add_to_items_locked(Deleted, False, obj)

    def is_closed(self) -> bool:
        with self._lock:
            return self._closed

    def _process_locked(self, process: Callable[[], None]) -> None:
        """Runs ``process`` with the lock held, or released if so configured and fewer than two batches wait;
        records its latency."""
        if self._queued_metric is not None:
            self._queued_metric.set(float(len(self._items)))
        latency = self._latency_metric
        start = time.monotonic() if latency is not None else 0.0
        if self._unlock_while_processing and len(self._items) < self._batch_size * 2:
            self._lock.release()
            try:
                process()
            finally:
                self._lock.acquire()
                if latency is not None:
                    latency.observe(time.monotonic() - start)
        else:
            try:
                process()
            finally:
                if latency is not None:
                    latency.observe(time.monotonic() - start)

    def _wait_locked(self) -> None:
        while not self._items:
            if self._closed:
                raise ErrFIFOClosed
            self._waiting += 1
            try:
                self._cond.wait()
            finally:
                self._waiting -= 1

    def pop(self, process: PopProcessFunc) -> Deltas:
        """Blocks until a delta is queued, removes it and calls ``process(Deltas([delta]), is_in_initial_list)``;
        returns those Deltas. Raises ErrFIFOClosed when closed and empty, and whatever ``process`` raised."""
        with self._lock:
            self._wait_locked()
            is_in_initial_list = not self._synced.is_set()
            item = self._items.popleft()
            deltas = Deltas((item,))
            depth = len(self._items)
            try:
                if depth > 10:
                    start = time.monotonic()
                    try:
                        self._process_locked(lambda: process(deltas, is_in_initial_list))
                    finally:
                        _log_if_long(
                            self._logger,
                            "RealFIFO Pop Process",
                            start,
                            0.1,
                            lambda: (
                                ("ID", self._trace_id(item)),
                                ("Depth", depth),
                                ("Reason", "slow event handlers blocking the queue"),
                                ("Name", self._name),
                            ),
                        )
                else:
                    self._process_locked(lambda: process(deltas, is_in_initial_list))
            finally:
                # counted after processing: has_synced must not turn true while the last item is being handled
                if self._initial_population_count > 0:
                    self._initial_population_count -= 1
                    self._check_synced_locked()
            return deltas

    def _trace_id(self, item: Delta) -> str:
        try:
            return self._key_of(item)
        except Exception:  # noqa: BLE001
            return ""

    def pop_batch(self, process_batch: ProcessBatchFunc, process_single: PopProcessFunc) -> None:
        """Pops up to a batch of deltas of distinct keys for ``process_batch(deltas, is_in_initial_list)``, or a
        single delta (one that cannot be batched, or alone in line) for ``process_single(Deltas, initial)``."""
        with self._lock:
            self._wait_locked()
            is_in_initial_list = not self._synced.is_set()
            items = self._items
            limit = min(self._batch_size, len(items))
            if self._initial_population_count > 0:
                limit = min(limit, self._initial_population_count)
            unique = set()
            deltas: List[Delta] = []
            for i in range(limit):
                item = items[0]
                if item.type not in _BATCHABLE:
                    if not deltas:  # an unbatchable delta goes alone
                        deltas.append(items.popleft())
                    break
                try:
                    key = self._key_of(item)
                except Exception:  # noqa: BLE001
                    # keyless: pop it too, so a broken item cannot block the queue, and close the batch
                    deltas.append(items.popleft())
                    break
                if key in unique:
                    break
                unique.add(key)
                deltas.append(items.popleft())
            depth = len(items)
            try:
                if len(deltas) == 1:
                    call = lambda: process_single(Deltas(deltas), is_in_initial_list)  # noqa: E731
                else:
                    call = lambda: process_batch(deltas, is_in_initial_list)  # noqa: E731
                if depth > 10:
                    start = time.monotonic()
                    try:
                        self._process_locked(call)
                    finally:
                        _log_if_long(
                            self._logger,
                            "RealFIFO PopBatch Process",
                            start,
                            min(0.1 * len(deltas), 1.0),
                            lambda: (
                                ("ID", self._trace_id(deltas[0])),
                                ("Depth", depth),
                                ("Reason", "slow event handlers blocking the queue"),
                                ("BatchSize", len(deltas)),
                                ("Name", self._name),
                            ),
                        )
                else:
                    self._process_locked(call)
            finally:
                if self._initial_population_count > 0:
                    self._initial_population_count -= len(deltas)
                    self._check_synced_locked()

    def bookmark(self, resource_version: str) -> None:
        """Queues a Bookmark delta, if this queue emits them."""
        if not self._emit_delta_type_bookmark:
            return
        with self._lock:
            self._items.append(Delta(Bookmark, BookmarkInfo(resource_version)))
            self._cond.notify_all()

    def replace(self, new_items: List[Any], resource_version: str) -> None:
        """Atomic: queues one ReplacedAll delta. Otherwise: queues a DeletedFinalStateUnknown delete for every key
        queued or known and absent from ``new_items``, then a Replaced delta per new item."""
        with self._lock:
            if self._emit_atomic_events:
                self._add_replace_to_items_locked(new_items, resource_version)
            else:
                assert self._known_objects is not None  # required without atomic events (checked in __init__)
                _reconcile_replacement(
                    self._items,
                    self._known_objects,
                    new_items,
                    self._key_of,
                    lambda obj: self._add_to_items_locked(Deleted, True, obj),
                    lambda obj: self._add_to_items_locked(Replaced, False, obj),
                )
            if not self._populated:
                self._populated = True
                self._initial_population_count = len(self._items)
                self._check_synced_locked()

    def _add_replace_to_items_locked(self, objs: List[Any], resource_version: str) -> None:
        if self._transformer is not None:
            objs = [self._transformer(obj) for obj in objs]
        self._items.append(Delta(ReplacedAll, ReplacedAllInfo(resource_version, objs)))
        if self._queued_metric is not None:
            self._queued_metric.set(float(len(self._items)))
        self._cond.notify_all()

    def resync(self) -> None:
        """Atomic: queues one SyncAll delta. Otherwise: queues a Sync delta for every known object that has
        nothing queued."""
        with self._lock:
            if self._emit_atomic_events:
                self._items.append(Delta(SyncAll, SyncAllInfo()))
                if self._queued_metric is not None:
                    self._queued_metric.set(float(len(self._items)))
                self._cond.notify_all()
                return
            if self._known_objects is None:
                return
            keys_in_queue = set()
            for item in self._items:
                try:
                    keys_in_queue.add(self._key_of(item.object))
                except Exception as err:
                    raise KeyError(item, err) from err
            for known_key in self._known_objects.list_keys():
                # an event already queued for the object wins over the (maybe older) known state
                if known_key in keys_in_queue:
                    continue
                try:
                    known_obj, exists = self._known_objects.get_by_key(known_key)
                except Exception as err:  # noqa: BLE001
                    utilruntime.handle_error_with_context(
                        None, err, "Unable to queue object for sync", "key", known_key
                    )
                    continue
                if not exists:
                    utilruntime.handle_error_with_context(
                        None,
                        None,
                        "Key does not exist in known objects store, unable to queue object for sync",
                        "key",
                        known_key,
                    )
                    continue
                try:
                    self._add_to_items_locked(Sync, True, known_obj)
                except Exception as err:
                    raise RuntimeError(f"couldn't queue object: {err}") from err

    def transformer(self) -> Optional[TransformFunc]:
        return self._transformer


def _reconcile_replacement(
    queued_items: Iterable[Delta],
    known_objects: KeyListerGetter,
    new_items: List[Any],
    key_of: Callable[[Any], str],
    on_delete: Callable[[DeletedFinalStateUnknown], None],
    on_replace: Callable[[Any], None],
) -> None:
    """Calls on_delete for each key queued or known but not in ``new_items`` (unless its last queued delta is a
    Deleted already), then on_replace for each new item."""
    new_keys = set()
    for obj in new_items:
        try:
            new_keys.add(key_of(obj))
        except Exception as err:
            raise KeyError(obj, err) from err

    last_queued = {}  # key -> last queued Delta, in the order keys first appear
    for queued in queued_items:
        try:
            key = key_of(queued.object)
        except Exception as err:
            raise KeyError(queued.object, err) from err
        last_queued[key] = queued

    # deletes already queued stay; keys whose last delta is not a delete get a tombstone
    for key, last in list(last_queued.items()):
        if key in new_keys or last.type == Deleted:
            continue
        try:
            on_delete(DeletedFinalStateUnknown(key, last.object))
        except Exception as err:
            raise RuntimeError(f"couldn't enqueue object: {err}") from err

    for known_key in known_objects.list_keys():
        if known_key in new_keys or known_key in last_queued:
            continue
        try:
            deleted_obj, exists = known_objects.get_by_key(known_key)
        except Exception as err:  # noqa: BLE001
            deleted_obj = None
            utilruntime.handle_error_with_context(
                None,
                err,
                "Error during lookup, placing DeleteFinalStateUnknown marker without object",
                "key",
                known_key,
            )
        else:
            if not exists:
                deleted_obj = None
                utilruntime.handle_error_with_context(
                    None,
                    None,
                    "Key does not exist in known objects store, placing DeleteFinalStateUnknown marker without object",
                    "key",
                    known_key,
                )
        try:
            on_delete(DeletedFinalStateUnknown(known_key, deleted_obj))
        except Exception as err:
            raise RuntimeError(f"couldn't enqueue object: {err}") from err

    for obj in new_items:
        try:
            on_replace(obj)
        except Exception as err:
            raise RuntimeError(f"couldn't enqueue object: {err}") from err


def new_real_fifo(
    key_func: Optional[KeyFunc], known_objects: Optional[KeyListerGetter], transformer: Optional[TransformFunc]
) -> RealFIFO:
    """Deprecated in client-go: use new_real_fifo_with_options."""
    return RealFIFO(RealFIFOOptions(key_function=key_func, known_objects=known_objects, transformer=transformer))


def new_real_fifo_with_options(opts: RealFIFOOptions) -> RealFIFO:
    """A RealFIFO configured by ``opts``; raises ValueError on contradictory options (Go panics)."""
    return RealFIFO(opts)
