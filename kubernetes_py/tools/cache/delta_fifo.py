"""Port of client-go tools/cache delta_fifo.go: DeltaFIFO, Delta/Deltas, the delta types and KeyListerGetter.

A DeltaFIFO queues, per object key, the list of changes (Deltas) not yet popped; a key keeps its place in line
while more changes accumulate. Pop hands the consumer the whole list of the oldest key.

Invariants (under ``_lock``):
- a key is in ``_queue`` exactly when it is in ``_items``, once, and its Deltas are never empty;
- two consecutive Deleted deltas collapse into one (the one that is not a DeletedFinalStateUnknown tombstone);
- Replace queues a tombstone for every key known (queued, or in ``known_objects``) and absent from the new list,
  unless that key's last queued delta is already a Deleted;
- ``has_synced`` turns true once and for good: at the first Add/Update/Delete if no Replace came first, or when
  every key queued by the first Replace (its items and its tombstones) has been popped.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
from typing import Any, Callable, Deque, Dict, List, Optional, Protocol, Sequence, Tuple

from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.tools.cache.fifo import ErrFIFOClosed, PopProcessFunc, _SyncedQueue
from kubernetes_py.tools.cache.store import (
    DeletedFinalStateUnknown,
    KeyError,
    KeyFunc,
    TransformFunc,
    meta_namespace_key_func,
)

__all__ = [
    "Added",
    "Bookmark",
    "Delta",
    "DeltaFIFO",
    "DeltaFIFOOptions",
    "DeltaType",
    "Deltas",
    "Deleted",
    "ErrZeroLengthDeltasObject",
    "KeyGetter",
    "KeyLister",
    "KeyListerGetter",
    "Replaced",
    "ReplacedAll",
    "Sync",
    "SyncAll",
    "Updated",
    "ZeroLengthDeltasObjectError",
    "new_delta_fifo",
    "new_delta_fifo_with_options",
]

_log = logging.getLogger(__name__)

DeltaType = str
Added: DeltaType = "Added"
Updated: DeltaType = "Updated"
Deleted: DeltaType = "Deleted"
Replaced: DeltaType = "Replaced"
"""An object seen again in a relist (emitted instead of Sync when emit_delta_type_replaced is set)."""
ReplacedAll: DeltaType = "ReplacedAll"
"""A whole relist in one delta (RealFIFO with atomic events); the object is a ReplacedAllInfo."""
Sync: DeltaType = "Sync"
"""A periodic resync, or a relist without emit_delta_type_replaced."""
SyncAll: DeltaType = "SyncAll"
"""A whole resync in one delta (RealFIFO with atomic events); the object is a SyncAllInfo."""
Bookmark: DeltaType = "Bookmark"
"""A watch bookmark (RealFIFO with atomic events); the object is a BookmarkInfo."""


@dataclasses.dataclass(slots=True)
class Delta:
    """One change: its ``type`` and the object's state after it (a DeletedFinalStateUnknown for a missed delete)."""

    type: DeltaType = ""
    object: Any = None


class Deltas(list[Delta]):
    """The changes of one object, oldest first."""

    __slots__ = ()

    def oldest(self) -> Optional[Delta]:
        return self[0] if self else None

    def newest(self) -> Optional[Delta]:
        return self[-1] if self else None


class ZeroLengthDeltasObjectError(Exception):
    """Deltas without a delta have no key."""


ErrZeroLengthDeltasObject = ZeroLengthDeltasObjectError("0 length Deltas object; can't get key")


class KeyLister(Protocol):
    def list_keys(self) -> List[str]: ...


class KeyGetter(Protocol):
    def get_by_key(self, key: str) -> Tuple[Any, bool]:
        """The object stored under ``key`` and whether there is one."""


class KeyListerGetter(KeyLister, KeyGetter, Protocol):
    """What a queue needs of the objects its consumer knows (the informer's indexer)."""


@dataclasses.dataclass
class DeltaFIFOOptions:
    """Configuration of a DeltaFIFO."""

    logger: Optional[logging.Logger] = None
    """Where to log instead of this module's logger."""
    name: str = ""
    """The queue's name in its log lines (default "DeltaFIFO")."""
    key_function: Optional[KeyFunc] = None
    """Default: meta_namespace_key_func."""
    known_objects: Optional[KeyListerGetter] = None
    """The consumer's view of the objects, used by Delete, Replace and Resync."""
    emit_delta_type_replaced: bool = False
    """Queue relisted objects as Replaced rather than Sync (shared informers set it)."""
    transformer: Optional[TransformFunc] = None
    """Called on every object (not on tombstones nor on resyncs) before it is queued."""


def _is_deletion_dup(a: Delta, b: Delta) -> Optional[Delta]:
    """Of two consecutive Deleted deltas, the one to keep (the one with more information)."""
    if b.type != Deleted or a.type != Deleted:
        return None
    if isinstance(b.object, DeletedFinalStateUnknown):
        return a
    return b


class DeltaFIFO(_SyncedQueue):
    """A producer-consumer queue of Deltas per key; see the module docstring. Safe for any number of producers
    and one consumer."""

    def __init__(self, opts: Optional[DeltaFIFOOptions] = None):
        opts = opts or DeltaFIFOOptions()
        self._logger = opts.logger or _log
        self._name = opts.name or "DeltaFIFO"
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._items: Dict[str, Deltas] = {}
        self._queue: Deque[str] = collections.deque()
        self._synced = threading.Event()
        self._populated = False
        self._initial_population_count = 0
        self._key_func: KeyFunc = opts.key_function or meta_namespace_key_func
        self._known_objects = opts.known_objects
        self._closed = False
        self._emit_delta_type_replaced = opts.emit_delta_type_replaced
        self._transformer = opts.transformer

    def close(self) -> None:
        """Closes the queue: pops blocked on an empty queue raise ErrFIFOClosed."""
        with self._lock:
            self._closed = True
            self._cond.notify_all()

    def key_of(self, obj: Any) -> str:
        """The key function's key, also for Deltas (their newest object) and DeletedFinalStateUnknown."""
        if isinstance(obj, Deltas):
            if not obj:
                raise KeyError(obj, ErrZeroLengthDeltasObject)
            obj = obj[-1].object
        if isinstance(obj, DeletedFinalStateUnknown):
            return obj.key
        return self._key_func(obj)

    def _key(self, obj: Any) -> str:
        try:
            return self.key_of(obj)
        except KeyError:
            raise
        except Exception as err:
            raise KeyError(obj, err) from err

    def transformer(self) -> Optional[TransformFunc]:
        return self._transformer

    def name(self) -> str:
        return self._name

    def add(self, obj: Any) -> None:
        """Queues an Added delta."""
        with self._lock:
            self._populated = True
            self._check_synced_locked()
            self._queue_action_locked(Added, Added, obj)

    def update(self, obj: Any) -> None:
        """Queues an Updated delta."""
        with self._lock:
            self._populated = True
            self._check_synced_locked()
            self._queue_action_locked(Updated, Updated, obj)

    def delete(self, obj: Any) -> None:
        """Queues a Deleted delta, unless the object is neither queued nor known (then there is nothing to do)."""
        key = self._key(obj)
        with self._lock:
            self._populated = True
            self._check_synced_locked()
            if self._known_objects is None:
                if key not in self._items:
                    return
            else:
                try:
                    _, exists = self._known_objects.get_by_key(key)
                except Exception:  # noqa: BLE001
                    exists = True  # an error looking it up: queue the delete anyway
                if not exists and key not in self._items:
                    return
            self._queue_action_locked(Deleted, Deleted, obj)

    def _queue_action_locked(self, action_type: DeltaType, internal_action_type: DeltaType, obj: Any) -> None:
        key = self._key(obj)
        # every object passes here once: transform it, except tombstones and resyncs (already transformed)
        if (
            self._transformer is not None
            and internal_action_type != Sync
            and not isinstance(obj, DeletedFinalStateUnknown)
        ):
            obj = self._transformer(obj)
        deltas = self._items.get(key)
        delta = Delta(action_type, obj)
        if deltas is None:
            self._items[key] = Deltas((delta,))
            self._queue.append(key)
        else:
            if deltas:
                keep = _is_deletion_dup(delta, deltas[-1])
                if keep is not None:
                    deltas[-1] = keep
                    self._cond.notify_all()
                    return
            deltas.append(delta)
        self._cond.notify_all()

    def is_closed(self) -> bool:
        with self._lock:
            return self._closed

    def pop(self, process: PopProcessFunc) -> Deltas:
        """Blocks until a key is queued, removes it and calls ``process(deltas, is_in_initial_list)`` under the
        queue's lock (so ``process`` must not call back into the queue); returns the Deltas.

        Raises ErrFIFOClosed when the queue is closed and empty, and whatever ``process`` raised.
        """
        with self._lock:
            while True:
                while not self._queue:
                    if self._closed:
                        raise ErrFIFOClosed
                    self._cond.wait()
                is_in_initial_list = not self._synced.is_set()
                key = self._queue.popleft()
                depth = len(self._queue)
                if self._initial_population_count > 0:
                    self._initial_population_count -= 1
                    self._check_synced_locked()
                item = self._items.pop(key, None)
                if item is None:
                    utilruntime.handle_error_with_context(
                        None, None, "Inconceivable! Item was in f.queue but not f.items; ignoring", "id", key
                    )
                    continue
                if depth > 10:
                    start = time.monotonic()
                    try:
                        process(item, is_in_initial_list)
                    finally:
                        _log_if_long(
                            self._logger,
                            "DeltaFIFO Pop Process",
                            start,
                            0.1,
                            lambda: (
                                ("ID", key),
                                ("Depth", depth),
                                ("Reason", "slow event handlers blocking the queue"),
                            ),
                        )
                else:
                    process(item, is_in_initial_list)
                return item

    def replace(self, list: List[Any], resource_version: str) -> None:  # noqa: A002 - Go's parameter
        """Queues a Sync (or Replaced) delta for every object of ``list``, and a DeletedFinalStateUnknown delete
        for every known key not in it; the first Replace sets what has_synced waits for."""
        with self._lock:
            keys = set()
            action = Replaced if self._emit_delta_type_replaced else Sync
            for item in list:
                key = self._key(item)
                keys.add(key)
                try:
                    self._queue_action_locked(action, Replaced, item)
                except Exception as err:
                    raise RuntimeError(f"couldn't enqueue object: {err}") from err

            queued_deletions = 0
            for key, old in [(k, v) for k, v in self._items.items() if k not in keys]:
                deleted_obj = None
                if old:
                    deleted_obj = old[-1].object
                    if isinstance(deleted_obj, DeletedFinalStateUnknown):
                        deleted_obj = deleted_obj.obj
                queued_deletions += 1
                self._queue_action_locked(Deleted, Deleted, DeletedFinalStateUnknown(key, deleted_obj))

            if self._known_objects is not None:
                for key in self._known_objects.list_keys():
                    if key in keys or self._items.get(key):
                        continue
                    try:
                        deleted_obj, exists = self._known_objects.get_by_key(key)
                    except Exception as err:  # noqa: BLE001
                        deleted_obj = None
                        utilruntime.handle_error_with_context(
                            None,
                            err,
                            "Unexpected error during lookup, placing DeleteFinalStateUnknown marker without object",
                            "key",
                            key,
                        )
                    else:
                        if not exists:
                            deleted_obj = None
                            self._logger.info(
                                "%s: Key does not exist in known objects store, placing "
                                "DeleteFinalStateUnknown marker without object key=%s",
                                self._name,
                                key,
                            )
                    queued_deletions += 1
                    self._queue_action_locked(Deleted, Deleted, DeletedFinalStateUnknown(key, deleted_obj))

            if not self._populated:
                self._populated = True
                self._initial_population_count = len(keys) + queued_deletions
                self._check_synced_locked()

    def resync(self) -> None:
        """Queues a Sync delta for every known object that has nothing queued."""
        with self._lock:
            known = self._known_objects
            if known is None:
                return
            for key in known.list_keys():
                self._sync_key_locked(known, key)

    def _sync_key_locked(self, known: KeyListerGetter, key: str) -> None:
        try:
            obj, exists = known.get_by_key(key)
        except Exception as err:  # noqa: BLE001
            utilruntime.handle_error_with_context(
                None, err, "Unexpected error during lookup, unable to queue object for sync", "key", key
            )
            return
        if not exists:
            self._logger.info(
                "%s: Key does not exist in known objects store, unable to queue object for sync key=%s", self._name, key
            )
            return
        # an event already queued for the object wins over the (maybe older) known state
        if self._items.get(self._key(obj)):
            return
        try:
            self._queue_action_locked(Sync, Sync, obj)
        except Exception as err:
            raise RuntimeError(f"couldn't queue object: {err}") from err


def _log_if_long(
    logger: logging.Logger, name: str, start: float, threshold: float, fields: Callable[[], Sequence[Tuple[str, Any]]]
) -> None:
    """Go's utiltrace LogIfLong: one line when the traced step took longer than ``threshold`` seconds (the fields
    are computed only then)."""
    took = time.monotonic() - start
    if took >= threshold:
        logger.info(
            '"Trace" name="%s" %s (total time: %.0fms)', name, " ".join(f'{k}="{v}"' for k, v in fields()), took * 1000
        )


def new_delta_fifo(key_func: Optional[KeyFunc], known_objects: Optional[KeyListerGetter]) -> DeltaFIFO:
    """Deprecated in client-go: use new_delta_fifo_with_options."""
    return DeltaFIFO(DeltaFIFOOptions(key_function=key_func, known_objects=known_objects))


def new_delta_fifo_with_options(opts: DeltaFIFOOptions) -> DeltaFIFO:
    """A DeltaFIFO configured by ``opts``."""
    return DeltaFIFO(opts)
