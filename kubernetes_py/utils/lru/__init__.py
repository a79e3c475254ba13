"""k8s.io/utils/lru: a thread-safe cache of at most ``size`` entries that drops the least recently used."""

from __future__ import annotations

import collections
import threading
from typing import Any, Callable, Hashable, Optional, Tuple

__all__ = ["Cache", "EvictionFunc", "new", "new_with_eviction_func"]

EvictionFunc = Callable[[Hashable, Any], None]


class Cache:
    """``add`` and ``get`` make an entry the most recent; adding beyond ``size`` evicts the oldest
    (``size`` 0 means no limit). The eviction function runs under the cache's lock."""

    def __init__(self, size: int, on_evicted: Optional[EvictionFunc] = None):
        self._size = size
        self._entries: "collections.OrderedDict[Hashable, Any]" = collections.OrderedDict()
        self._on_evicted = on_evicted
        self._lock = threading.Lock()

    def add(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key, last=False)
            if self._size and len(self._entries) > self._size:
                self._remove_oldest()

    def get(self, key: Hashable) -> Tuple[Any, bool]:
        """(value, True), or (None, False) when absent."""
        with self._lock:
            if key not in self._entries:
                return None, False
            self._entries.move_to_end(key, last=False)
            return self._entries[key], True

    def remove(self, key: Hashable) -> None:
        with self._lock:
            if key in self._entries:
                value = self._entries.pop(key)
                if self._on_evicted is not None:
                    self._on_evicted(key, value)

    def remove_oldest(self) -> None:
        with self._lock:
            self._remove_oldest()

    def _remove_oldest(self) -> None:
        if self._entries:
            key, value = self._entries.popitem(last=True)
            if self._on_evicted is not None:
                self._on_evicted(key, value)

    def len(self) -> int:
        with self._lock:
            return len(self._entries)

    def __len__(self) -> int:
        return self.len()

    def clear(self) -> None:
        with self._lock:
            if self._on_evicted is not None:
                for key, value in self._entries.items():
                    self._on_evicted(key, value)
            self._entries.clear()

    def set_eviction_func(self, f: EvictionFunc) -> None:
        """Set the eviction function; raises if one is set already."""
        with self._lock:
            if self._on_evicted is not None:
                raise RuntimeError("lru cache eviction function is already set")
            self._on_evicted = f


def new(size: int) -> Cache:
    return Cache(size)


def new_with_eviction_func(size: int, f: EvictionFunc) -> Cache:
    return Cache(size, f)
