"""Port of k8s.io/client-go/tools/cache/synctrack: has every item of the initial list been handled?

An informer is synced once its queue delivered the initial list; a handler registered on it is synced once, in
addition, it has processed every initial-list notification it was given. The trackers count what is still in flight
and set their ``done()`` event exactly once: when upstream has synced and nothing is pending. Invariant: ``done()`` is
never set while an item started before it is unfinished (``start`` happens before the item can be finished).
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Generic, Hashable, NoReturn, Optional, Set, Tuple, TypeVar

T = TypeVar("T", bound=Hashable)
R = TypeVar("R")


class _Tracker:
    """has_synced, done and name of the trackers (their ``_synced`` is set once, under their lock)."""

    _name: str
    _synced: threading.Event

    def has_synced(self) -> bool:
        return self._synced.is_set()

    def done(self) -> threading.Event:
        """An event set once synced (Go's Done channel)."""
        return self._synced

    def name(self) -> str:
        return self._name


class AsyncTracker(_Tracker, Generic[T]):
    """Tracks keys that may be processed in any order by several workers."""

    def __init__(self, name: str = ""):
        self._name = name
        self._lock = threading.Lock()
        self._waiting: Set[T] = set()
        self._upstream_has_synced = False
        self._synced = threading.Event()

    def start(self, key: T) -> None:
        """Record that ``key`` must be processed before the tracker is synced."""
        with self._lock:
            self._waiting.add(key)

    def finished(self, key: T) -> None:
        """Record that ``key`` has been processed (finishing an unknown key is harmless)."""
        with self._lock:
            self._waiting.discard(key)
            if self._upstream_has_synced and not self._waiting:
                self._synced.set()

    def upstream_has_synced(self) -> None:
        """Record that the source delivered everything of the initial list."""
        with self._lock:
            self._upstream_has_synced = True
            if not self._waiting:
                self._synced.set()


class SingleFileTracker(_Tracker):
    """Tracks items processed one at a time, in order: a counter of started-but-unfinished items."""

    def __init__(self, name: str = ""):
        self._name = name
        self._lock = threading.Lock()
        self._count = 0
        self._upstream_has_synced = False
        self._synced = threading.Event()

    def start(self) -> None:
        with self._lock:
            self._count += 1

    def finished(self) -> None:
        """Raises RuntimeError when more items finished than started (Go panics)."""
        with self._lock:
            self._count -= 1
            if self._count < 0:
                raise RuntimeError(
                    "synctrack: negative counter; this logic error means HasSynced may return incorrect value"
                )
            if self._count == 0 and self._upstream_has_synced:
                self._synced.set()

    def upstream_has_synced(self) -> None:
        with self._lock:
            self._upstream_has_synced = True
            if self._count == 0:
                self._synced.set()


class _CacheEntry(Generic[R]):
    def __init__(self, evaluate: Callable[[], R]):
        self._evaluate = evaluate
        self._lock = threading.Lock()
        self._result: Optional[Tuple[R]] = None

    def get(self) -> R:
        result = self._result
        if result is not None:
            return result[0]
        with self._lock:
            if self._result is None:
                self._result = (self._evaluate(),)  # an exception leaves the entry empty: the next get retries
            return self._result[0]


def _no_evaluate() -> NoReturn:
    raise TypeError("Lazy.evaluate is not set")  # Go calls the nil func and panics


class Lazy(Generic[R]):
    """A value computed on first ``get`` after each ``notify`` (Go's synctrack.Lazy).

    ``evaluate`` raising is Go's returning an error: ``get`` raises it and the next ``get`` evaluates again.
    """

    def __init__(self, evaluate: Optional[Callable[[], R]] = None):
        self.evaluate = evaluate
        self._entry: Optional[_CacheEntry[R]] = None
        self._lock = threading.Lock()

    def _new_entry(self) -> _CacheEntry[R]:
        """An entry evaluating with the function set now (Go's entry copies the Evaluate field)."""
        return _CacheEntry(self.evaluate if self.evaluate is not None else _no_evaluate)

    def notify(self) -> None:
        """Invalidate the cached value; the next get evaluates again."""
        entry = self._new_entry()
        with self._lock:
            self._entry = entry

    def get(self) -> R:
        with self._lock:
            if self._entry is None:
                self._entry = self._new_entry()
            entry = self._entry
        return entry.get()


def new_async_tracker(name: str) -> AsyncTracker[Any]:
    return AsyncTracker(name)


def new_single_file_tracker(name: str) -> SingleFileTracker:
    return SingleFileTracker(name)


__all__ = ["AsyncTracker", "Lazy", "SingleFileTracker", "new_async_tracker", "new_single_file_tracker"]
