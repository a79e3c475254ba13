"""Port of k8s.io/apimachinery/pkg/util/cache lruexpirecache.go: an LRU cache whose entries also expire.

At most ``max_size`` entries are kept (adding one more evicts the least recently used); an entry read after its
expiry is gone. Times are float seconds of the given clock (``now()``). Safe for concurrent use.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import Any, Callable, List, Optional, Protocol, Tuple

__all__ = ["Clock", "LRUExpireCache", "new_lru_expire_cache", "new_lru_expire_cache_with_clock"]


class Clock(Protocol):
    def now(self) -> float: ...


class _RealClock:
    def now(self) -> float:
        return time.monotonic()


class LRUExpireCache:
    """See the module docstring."""

    def __init__(self, max_size: int, clock: Optional[Clock] = None):
        if max_size <= 0:
            raise ValueError("maxSize must be > 0")
        self._clock = clock or _RealClock()
        self._lock = threading.Lock()
        self._max_size = max_size
        # key -> (value, expire_time); most recently used last
        self._entries: "collections.OrderedDict[Any, Tuple[Any, float]]" = collections.OrderedDict()

    def add(self, key: Any, value: Any, ttl: float) -> None:
        """Adds or replaces the entry, making it the most recently used, to expire ``ttl`` seconds from now."""
        with self._lock:
            expire = self._clock.now() + ttl
            if key in self._entries:
                self._entries[key] = (value, expire)
                self._entries.move_to_end(key)
                return
            if len(self._entries) >= self._max_size:
                self._entries.popitem(last=False)
            self._entries[key] = (value, expire)

    def get(self, key: Any) -> Tuple[Any, bool]:
        """The value and True, or (None, False) if absent or expired (an expired entry is removed)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None, False
            if self._clock.now() > entry[1]:
                del self._entries[key]
                return None, False
            self._entries.move_to_end(key)
            return entry[0], True

    def remove(self, key: Any) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def remove_all(self, predicate: Callable[[Any], bool]) -> None:
        """Removes every entry whose key satisfies ``predicate``."""
        with self._lock:
            for key in [k for k in self._entries if predicate(k)]:
                del self._entries[key]

    def keys(self) -> List[Any]:
        """The unexpired keys, least recently used first."""
        with self._lock:
            now = self._clock.now()
            return [k for k, (_, expire) in self._entries.items() if not now > expire]


def new_lru_expire_cache(max_size: int) -> LRUExpireCache:
    return LRUExpireCache(max_size)


def new_lru_expire_cache_with_clock(max_size: int, clock: Clock) -> LRUExpireCache:
    return LRUExpireCache(max_size, clock)
