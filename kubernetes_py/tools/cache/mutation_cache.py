"""Port of client-go tools/cache mutation_cache.go: a cache that overlays a client's own recent writes on an
informer's store, for controllers that must not act on a store that has not yet seen their last update.

A mutation (an object the client just wrote) is kept for a TTL or until the store catches up (the store's object
has a resource version at least as new), compared as integers (etcd's resource versions). Deletes seen by the
informer leave a tombstone, so a stale mutation cannot bring a deleted object back.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Any, List, Optional, Protocol, Tuple

from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util.cache import LRUExpireCache
from kubernetes_py.tools.cache._accessor import accessor
from kubernetes_py.tools.cache.index import Indexer
from kubernetes_py.tools.cache.store import Store, deletion_handling_meta_namespace_key_func

__all__ = [
    "MutationCache",
    "MutationCacheOptions",
    "ResourceVersionComparator",
    "new_integer_resource_version_mutation_cache",
    "new_integer_resource_version_mutation_cache_with_options",
]

_log = logging.getLogger(__name__)


class MutationCache(Protocol):
    def get_by_key(self, key: str) -> Tuple[Any, bool]: ...

    def by_index(self, index_name: str, index_key: str) -> List[Any]: ...

    def mutation(self, obj: Any) -> None:
        """Records an object the client has just written."""

    def on_add_or_update(self, obj: Any) -> None:
        """Tells the cache the informer saw ``obj`` added or updated (drops mutations it supersedes)."""

    def on_delete(self, obj: Any) -> None:
        """Tells the cache the informer saw ``obj`` deleted (drops its mutation, leaves a tombstone)."""


class ResourceVersionComparator(Protocol):
    def compare_resource_version(self, lhs: Any, rhs: Any) -> int: ...


@dataclasses.dataclass
class MutationCacheOptions:
    indexer: Optional[Indexer] = None
    """Serves by_index; without it by_index fails."""
    ttl: float = 0.0
    """How long a mutation is kept at most, in seconds (0: 5 minutes)."""
    include_adds: bool = False
    """Also return mutated objects the backing store does not have (yet)."""
    max_cache_size: int = 0
    """How many mutations are kept at most (0: 100)."""


def _key_or_report(obj: Any) -> Optional[str]:
    """The object's key, or None after reporting why it has none (Go's HandleError on the key function's error)."""
    try:
        return deletion_handling_meta_namespace_key_func(obj)
    except Exception as err:  # noqa: BLE001
        utilruntime.handle_error_with_context(None, err, "DeletionHandlingMetaNamespaceKeyFunc")
        return None


def _is_object(obj: Any) -> bool:
    """Go's ``obj.(runtime.Object)``, for what this cache holds: anything with object metadata."""
    try:
        accessor(obj)
    except TypeError:
        return False
    return True


class _Tombstone:
    """What remains of a deleted object: namespace, name, UID and resource version."""

    __slots__ = ("namespace", "name", "uid", "rv")

    def __init__(self, namespace: str, name: str, uid: str, rv: str):
        self.namespace, self.name, self.uid, self.rv = namespace, name, uid, rv

    def get_namespace(self) -> str:
        return self.namespace

    def get_name(self) -> str:
        return self.name

    def get_uid(self) -> str:
        return self.uid

    def get_resource_version(self) -> str:
        return self.rv

    def get_labels(self) -> dict[str, str]:
        raise NotImplementedError("not implemented")


class _EtcdObjectVersioner:
    """Compares resource versions as unsigned integers ("" is 0); a non-integer one is a programming error."""

    @staticmethod
    def object_resource_version(obj: Any) -> int:
        version = accessor(obj).get_resource_version()
        if not version:
            return 0
        if not version.isdigit():
            raise ValueError(f'strconv.ParseUint: parsing "{version}": invalid syntax')
        return int(version)

    def compare_resource_version(self, lhs: Any, rhs: Any) -> int:
        a, b = self.object_resource_version(lhs), self.object_resource_version(rhs)
        return (a > b) - (a < b)


class _MutationCache:
    def __init__(
        self,
        logger: logging.Logger,
        backing_cache: Store,
        indexer: Optional[Indexer],
        max_cache_size: int,
        ttl: float,
        include_adds: bool,
    ):
        self._logger = logger
        self._lock = threading.Lock()
        self._backing_cache = backing_cache
        self._indexer = indexer
        self._mutation_cache = LRUExpireCache(max_cache_size)
        self._include_adds = include_adds
        self._ttl = ttl
        self._comparator: ResourceVersionComparator = _EtcdObjectVersioner()

    def get_by_key(self, key: str) -> Tuple[Any, bool]:
        """The newer of the store's object and the mutation (the mutation alone with include_adds)."""
        with self._lock:
            obj, exists = self._backing_cache.get_by_key(key)
            if not exists:
                if not self._include_adds:
                    return None, False
                obj, exists = self._mutation_cache.get(key)
                if not exists or isinstance(obj, _Tombstone):
                    return None, False
            if not _is_object(obj):
                return obj, True
            return self._newer_object(key, obj), True

    def by_index(self, name: str, index_key: str) -> List[Any]:
        """The indexer's objects for the value, each replaced by its newer mutation; with include_adds also the
        mutated objects the indexer lacks whose indexed values include ``index_key``."""
        with self._lock:
            if self._indexer is None:
                raise ValueError("no indexer has been provided to the mutation cache")
            keys = self._indexer.index_keys(name, index_key)
            items = []
            key_set = set()
            for key in keys:
                key_set.add(key)
                obj, exists = self._indexer.get_by_key(key)
                if not exists:
                    continue
                items.append(self._newer_object(key, obj) if _is_object(obj) else obj)
            if self._include_adds:
                fn = self._indexer.get_indexers()[name]
                for key in self._mutation_cache.keys():
                    updated, ok = self._mutation_cache.get(key)
                    if not ok or key in key_set or isinstance(updated, _Tombstone):
                        continue
                    try:
                        elements = fn(updated)
                    except Exception as err:  # noqa: BLE001
                        self._logger.debug(
                            "Unable to calculate an index entry for mutation cache entry key=%s err=%s", key, err
                        )
                        continue
                    if index_key in elements:
                        items.append(updated)
            return items

    def _newer_object(self, key: str, backing: Any) -> Any:
        mutated, exists = self._mutation_cache.get(key)
        if not exists or not _is_object(mutated):
            return backing
        if self._comparator.compare_resource_version(backing, mutated) >= 0:
            self._mutation_cache.remove(key)
            return backing
        return mutated

    def mutation(self, obj: Any) -> None:
        """Records ``obj``, unless a newer mutation or a tombstone of the same object says it is stale."""
        with self._lock:
            key = _key_or_report(obj)
            if key is None:
                return
            if _is_object(obj):
                mutated, exists = self._mutation_cache.get(key)
                if exists and _is_object(mutated):
                    cmp = self._comparator.compare_resource_version(obj, mutated)
                    if cmp < 0:
                        return  # an older version than the one already recorded
                    if isinstance(mutated, _Tombstone):
                        if cmp == 0:
                            return  # the version that was deleted
                        if accessor(obj).get_uid() == mutated.get_uid():
                            return  # the same object, deleted since
            self._mutation_cache.add(key, obj, self._ttl)

    def on_add_or_update(self, obj: Any) -> None:
        key = _key_or_report(obj)
        if key is None:
            return
        with self._lock:
            mutated, exists = self._mutation_cache.get(key)
            if exists and _is_object(mutated) and self._comparator.compare_resource_version(obj, mutated) >= 0:
                self._mutation_cache.remove(key)

    def on_delete(self, obj: Any) -> None:
        try:
            obj_meta = accessor(obj)
        except TypeError:
            return
        key = _key_or_report(obj)
        if key is None:
            return
        with self._lock:
            mutated, exists = self._mutation_cache.get(key)
            if exists and _is_object(mutated):
                if (
                    self._comparator.compare_resource_version(obj, mutated) >= 0
                    or accessor(mutated).get_uid() == obj_meta.get_uid()
                ):
                    self._mutation_cache.remove(key)
                else:
                    return  # the mutation is of a newer object than the one deleted
            self._mutation_cache.add(
                key,
                _Tombstone(
                    obj_meta.get_namespace(), obj_meta.get_name(), obj_meta.get_uid(), obj_meta.get_resource_version()
                ),
                self._ttl,
            )


def new_integer_resource_version_mutation_cache_with_options(
    logger: Optional[logging.Logger], backing_cache: Store, options: MutationCacheOptions
) -> MutationCache:
    """A MutationCache over ``backing_cache`` comparing resource versions as integers."""
    return _MutationCache(
        logger or _log,
        backing_cache,
        options.indexer,
        options.max_cache_size or 100,
        options.ttl or 300.0,
        options.include_adds,
    )


def new_integer_resource_version_mutation_cache(
    logger: Optional[logging.Logger], backing_cache: Store, indexer: Optional[Indexer], ttl: float, include_adds: bool
) -> MutationCache:
    """A MutationCache over ``backing_cache`` (at most 100 mutations, each kept ``ttl`` seconds)."""
    return new_integer_resource_version_mutation_cache_with_options(
        logger,
        backing_cache,
        MutationCacheOptions(indexer=indexer, ttl=ttl, include_adds=include_adds, max_cache_size=100),
    )
