"""Port of client-go tools/cache fifo.go: the Queue interfaces, ErrFIFOClosed and FIFO.

FIFO keeps the latest object per key and hands keys out in the order they were first added: an object updated
while queued keeps its place (no line jumping), and is popped once with its latest state.

Invariants (under ``_lock``): every key in ``_items`` is in ``_queue`` exactly once; ``_queue`` may also hold keys
whose item was deleted (pop skips them). ``has_synced`` turns true, once and for good, when the first
Add/Update/Delete came before any Replace, or when all the items of the first Replace have been popped.
"""

from __future__ import annotations

import collections
import threading
from typing import Any, Callable, Deque, Dict, List, Protocol, TypeVar

from kubernetes_py.tools.cache.store import KeyError, KeyFunc

__all__ = [
    "ErrFIFOClosed",
    "FIFO",
    "FIFOClosedError",
    "PopProcessFunc",
    "Queue",
    "QueueWithBatch",
    "new_fifo",
]

PopProcessFunc = Callable[[Any, bool], None]
"""``process(obj, is_in_initial_list)``: handles one popped item; raising makes pop raise the same."""


class FIFOClosedError(Exception):
    """The queue was closed (Go's ErrFIFOClosed)."""


ErrFIFOClosed = FIFOClosedError("DeltaFIFO: manipulating with closed queue")


class Queue(Protocol):
    """A work queue of accumulators that a single consumer pops (the ReflectorStore methods plus pop)."""

    def add(self, obj: Any) -> None: ...

    def update(self, obj: Any) -> None: ...

    def delete(self, obj: Any) -> None: ...

    def replace(self, list: List[Any], resource_version: str) -> None: ...

    def resync(self) -> None: ...

    def pop(self, process: PopProcessFunc) -> Any:
        """Blocks until an item is ready, removes it, calls ``process`` on it and returns it.

        Raises ErrFIFOClosed when the queue is closed and empty, and whatever ``process`` raised.
        """

    def has_synced(self) -> bool: ...

    def has_synced_checker(self) -> Any:
        """A DoneChecker: ``name()``, and ``done()``, a threading.Event set once the queue has synced."""

    def close(self) -> None: ...


class QueueWithBatch(Queue, Protocol):
    def pop_batch(self, process_batch: Callable[[List[Any], bool], None], process_single: PopProcessFunc) -> None:
        """Pops as many unique-keyed items as can go together to ``process_batch``, or one to ``process_single``."""


_Q = TypeVar("_Q", bound="_SyncedQueue")


class _SyncedQueue:
    """has_synced and done of the queues: synced once something was added, updated or deleted before any Replace,
    or once the items of the first Replace were all popped (Go's hasSynced_locked). The queue sets ``_populated``
    and counts ``_initial_population_count`` down under its lock, then calls ``_check_synced_locked``."""

    _synced: threading.Event
    _populated: bool
    _initial_population_count: int

    def has_synced(self) -> bool:
        return self._synced.is_set()

    def has_synced_checker(self: _Q) -> _Q:
        return self

    def done(self) -> threading.Event:
        """Set once the queue has synced."""
        return self._synced

    def _check_synced_locked(self) -> None:
        if self._populated and self._initial_population_count == 0 and not self._synced.is_set():
            self._synced.set()


class FIFO(_SyncedQueue):
    """A Queue whose accumulator per key is simply the latest object; see the module docstring."""

    def __init__(self, key_func: KeyFunc):
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._items: Dict[str, Any] = {}
        self._queue: Deque[str] = collections.deque()
        self._synced = threading.Event()
        self._populated = False
        self._initial_population_count = 0
        self._key_func = key_func
        self._closed = False

    def close(self) -> None:
        """Closes the queue: pops blocked on an empty queue raise ErrFIFOClosed."""
        with self._lock:
            self._closed = True
            self._cond.notify_all()

    def name(self) -> str:
        return "FIFO"

    def _key(self, obj: Any) -> str:
        try:
            return self._key_func(obj)
        except Exception as err:
            raise KeyError(obj, err) from err

    def add(self, obj: Any) -> None:
        """Queues the object (at the back if its key is not queued yet, in its key's place otherwise)."""
        key = self._key(obj)
        with self._lock:
            self._populated = True
            self._check_synced_locked()
            if key not in self._items:
                self._queue.append(key)
            self._items[key] = obj
            self._cond.notify_all()

    def update(self, obj: Any) -> None:
        self.add(obj)

    def delete(self, obj: Any) -> None:
        """Removes the object's item; its key stays queued and is skipped by pop."""
        key = self._key(obj)
        with self._lock:
            self._populated = True
            self._check_synced_locked()
            self._items.pop(key, None)

    def is_closed(self) -> bool:
        with self._lock:
            return self._closed

    def pop(self, process: PopProcessFunc) -> Any:
        """Blocks until an item is queued, removes it and processes it under the queue's lock; returns it."""
        with self._lock:
            counted = False
            try:
                while True:
                    while not self._queue:
                        if self._closed:
                            raise ErrFIFOClosed
                        self._cond.wait()
                    is_in_initial_list = not self._synced.is_set()
                    key = self._queue.popleft()
                    if self._initial_population_count > 0:
                        self._initial_population_count -= 1
                        counted = True
                    if key not in self._items:
                        continue
                    item = self._items.pop(key)
                    process(item, is_in_initial_list)
                    return item
            finally:
                if counted:
                    self._check_synced_locked()

    def replace(self, list: List[Any], resource_version: str) -> None:  # noqa: A002 - Go's parameter
        """Makes ``list`` the queue's whole content, queued in its order."""
        items: Dict[str, Any] = {}
        for item in list:
            items[self._key(item)] = item
        with self._lock:
            if not self._populated:
                self._populated = True
                self._initial_population_count = len(items)
                self._check_synced_locked()
            self._items = items
            self._queue = collections.deque(items)
            if self._queue:
                self._cond.notify_all()

    def resync(self) -> None:
        """Queues every item whose key is not queued."""
        with self._lock:
            in_queue = set(self._queue)
            for key in self._items:
                if key not in in_queue:
                    self._queue.append(key)
            if self._queue:
                self._cond.notify_all()


def new_fifo(key_func: KeyFunc) -> FIFO:
    """A FIFO keyed by ``key_func``."""
    return FIFO(key_func)
