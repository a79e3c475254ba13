"""Port of client-go tools/cache expiration_cache.go and expiration_cache_fakes.go: a Store whose entries expire.

Each entry is stored with the time it was added; an ExpirationPolicy decides when it has expired. Expired entries
are removed lazily, when a get or list comes across them. Times are float seconds of the cache's clock
(``kubernetes_py.utils.clock``).
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any, Callable, List, Optional, Protocol, Set, Tuple

from kubernetes_py.tools.cache.store import KeyError, KeyFunc, Store
from kubernetes_py.tools.cache.thread_safe_store import ThreadSafeStore, new_thread_safe_store
from kubernetes_py.utils import clock as clocks

__all__ = [
    "ExpirationCache",
    "ExpirationPolicy",
    "FakeExpirationPolicy",
    "TTLPolicy",
    "TimestampedEntry",
    "new_expiration_store",
    "new_fake_expiration_store",
    "new_ttl_store",
]


@dataclasses.dataclass
class TimestampedEntry:
    """What the cache stores: the object, when it was added, and its key."""

    obj: Any = None
    timestamp: float = 0.0
    key: str = ""


class ExpirationPolicy(Protocol):
    def is_expired(self, obj: TimestampedEntry) -> bool: ...


@dataclasses.dataclass
class TTLPolicy:
    """Entries older than ``ttl`` seconds (by ``clock``) have expired; a ttl <= 0 never expires anything."""

    ttl: float
    clock: clocks.PassiveClock

    def is_expired(self, obj: TimestampedEntry) -> bool:
        return self.ttl > 0 and self.clock.since(obj.timestamp) > self.ttl


class ExpirationCache:
    """A Store of TimestampedEntries whose expired entries are deleted when read."""

    def __init__(
        self,
        cache_storage: ThreadSafeStore,
        key_func: KeyFunc,
        clock: clocks.PassiveClock,
        expiration_policy: ExpirationPolicy,
    ):
        self._cache_storage = cache_storage
        self._key_func = key_func
        self._clock = clock
        self._expiration_policy = expiration_policy
        # serializes expiring an entry with adding a fresh one under the same key
        self._expiration_lock = threading.Lock()

    def _key(self, obj: Any) -> str:
        try:
            return self._key_func(obj)
        except Exception as err:
            raise KeyError(obj, err) from err

    def _get_or_expire(self, key: str) -> Tuple[Any, bool]:
        with self._expiration_lock:
            entry, _ = self._cache_storage.get(key)
            if not isinstance(entry, TimestampedEntry):
                return None, False
            if self._expiration_policy.is_expired(entry):
                self._cache_storage.delete(key)
                return None, False
            return entry.obj, True

    def get_by_key(self, key: str) -> Tuple[Any, bool]:
        return self._get_or_expire(key)

    def get(self, obj: Any) -> Tuple[Any, bool]:
        return self._get_or_expire(self._key(obj))

    def list(self) -> List[Any]:
        """The unexpired objects (expiring the others on the way)."""
        out = []
        for entry in self._cache_storage.list():
            obj, exists = self._get_or_expire(entry.key)
            if exists:
                out.append(obj)
        return out

    def last_store_sync_resource_version(self) -> str:
        return self._cache_storage.last_store_sync_resource_version()

    def bookmark(self, rv: str) -> None:
        self._cache_storage.bookmark(rv)

    def list_keys(self) -> List[str]:
        """Every key, expired or not."""
        return self._cache_storage.list_keys()

    def add(self, obj: Any) -> None:
        key = self._key(obj)
        with self._expiration_lock:
            self._cache_storage.add(key, TimestampedEntry(obj, self._clock.now(), key))

    def update(self, obj: Any) -> None:
        self.add(obj)

    def delete(self, obj: Any) -> None:
        key = self._key(obj)
        with self._expiration_lock:
            self._cache_storage.delete_with_object(key, obj)

    def replace(self, list: List[Any], resource_version: str) -> None:  # noqa: A002 - Go's parameter
        """Replaces the contents; every new entry gets the same timestamp."""
        ts = self._clock.now()
        items = {}
        for item in list:
            key = self._key(item)
            items[key] = TimestampedEntry(item, ts, key)
        with self._expiration_lock:
            self._cache_storage.replace(items, resource_version)

    def resync(self) -> None:
        """Meaningless for this store."""


def new_ttl_store(key_func: KeyFunc, ttl: float) -> Store:
    """A Store whose entries expire ``ttl`` seconds after they were added."""
    return new_expiration_store(key_func, TTLPolicy(ttl, clocks.RealClock()))


def new_expiration_store(key_func: KeyFunc, expiration_policy: ExpirationPolicy) -> Store:
    """A Store whose entries expire by ``expiration_policy``."""
    return ExpirationCache(new_thread_safe_store({}, {}), key_func, clocks.RealClock(), expiration_policy)


class _FakeThreadSafeMap:
    """A ThreadSafeStore that reports each key deleted to a channel (and deletes nothing without one)."""

    def __init__(self, store: ThreadSafeStore, deleted_keys: Any):
        self._store = store
        self._deleted_keys = deleted_keys

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def delete(self, key: str) -> None:
        if self._deleted_keys is not None:
            self._store.delete(key)
            self._deleted_keys.send(key)


@dataclasses.dataclass
class FakeExpirationPolicy:
    """Expires every entry except those whose key (by ``retrieve_key_func`` on the entry) is in ``never_expire``."""

    never_expire: Set[str] = dataclasses.field(default_factory=set)
    retrieve_key_func: Optional[Callable[[Any], str]] = None

    def is_expired(self, obj: TimestampedEntry) -> bool:
        if self.retrieve_key_func is None:
            raise TypeError("FakeExpirationPolicy.retrieve_key_func is not set")  # Go calls the nil func: a panic
        return self.retrieve_key_func(obj) not in self.never_expire


def new_fake_expiration_store(
    key_func: KeyFunc, deleted_keys: Any, expiration_policy: ExpirationPolicy, cache_clock: clocks.PassiveClock
) -> Store:
    """An ExpirationCache for tests: every key it expires is sent to ``deleted_keys`` (a watch.Chan)."""
    return ExpirationCache(
        _FakeThreadSafeMap(new_thread_safe_store({}, {}), deleted_keys), key_func, cache_clock, expiration_policy
    )
