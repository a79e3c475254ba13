"""Port of client-go tools/cache thread_safe_store.go: a dict of objects with indexes, behind one lock.

Invariants (all kept under ``_lock``):
- for every index name and indexed value, ``indices[name][value]`` is the set of keys whose object yields that
  value, and no such set is ever empty (an emptied set is dropped: high-cardinality indexes must not leak);
- the resource version is that of the last object written (or the one given to replace/bookmark).

Objects handed out by get/list are the stored ones: callers must treat them as read-only.
"""

from __future__ import annotations

import threading
import dataclasses
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Protocol, Set, Tuple

from kubernetes_py import features
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.tools.cache import informer_metrics
from kubernetes_py.tools.cache._accessor import accessor

if TYPE_CHECKING:
    from kubernetes_py.tools.cache.index import Indexers, Indices

__all__ = [
    "ThreadSafeStore",
    "ThreadSafeStoreOption",
    "ThreadSafeStoreTransaction",
    "ThreadSafeStoreWithTransaction",
    "Transaction",
    "TransactionType",
    "TransactionTypeAdd",
    "TransactionTypeDelete",
    "TransactionTypeUpdate",
    "new_thread_safe_store",
    "with_thread_safe_store_metrics",
]


class ThreadSafeStore(Protocol):
    """Concurrent indexed access to stored objects, by key (it does not know how to key an object)."""

    def add(self, key: str, obj: Any) -> None: ...

    def update(self, key: str, obj: Any) -> None: ...

    def delete(self, key: str) -> None: ...

    def delete_with_object(self, key: str, obj: Any) -> None: ...

    def get(self, key: str) -> Tuple[Any, bool]: ...

    def list(self) -> List[Any]: ...

    def list_keys(self) -> List[str]: ...

    def replace(self, items: Dict[str, Any], resource_version: str) -> None: ...

    def index(self, index_name: str, obj: Any) -> List[Any]: ...

    def index_keys(self, index_name: str, indexed_value: str) -> List[str]: ...

    def bookmark(self, rv: str) -> None: ...

    def last_store_sync_resource_version(self) -> str: ...

    def list_index_func_values(self, name: str) -> List[str]: ...

    def by_index(self, index_name: str, indexed_value: str) -> List[Any]: ...

    def get_indexers(self) -> "Indexers": ...

    def add_indexers(self, new_indexers: "Indexers") -> None: ...

    def resync(self) -> None: ...


TransactionType = str
TransactionTypeAdd: TransactionType = "Add"
TransactionTypeUpdate: TransactionType = "Update"
TransactionTypeDelete: TransactionType = "Delete"


@dataclasses.dataclass
class Transaction:
    """One write of a batch: ``object`` and its ``type`` (TransactionTypeAdd/Update/Delete)."""

    object: Any = None
    type: TransactionType = ""


@dataclasses.dataclass
class ThreadSafeStoreTransaction:
    """A Transaction with the key of its object; the Transaction's fields are reachable here too."""

    transaction: Transaction
    key: str

    @property
    def object(self) -> Any:
        return self.transaction.object

    @property
    def type(self) -> TransactionType:
        return self.transaction.type


class ThreadSafeStoreWithTransaction(ThreadSafeStore, Protocol):
    def transaction(self, *txns: ThreadSafeStoreTransaction) -> None: ...


_MISSING = object()


def _rv_from_object(obj: Any) -> Optional[str]:
    """The object's resourceVersion, or None when it has no ObjectMeta."""
    try:
        return str(accessor(obj).get_resource_version())
    except TypeError:
        return None


def _go_set(keys: Set[str]) -> str:
    return "map[" + " ".join(f"{k}:{{}}" for k in sorted(keys)) + "]"


class _StoreIndex:
    """The indexing part of the store (Go's storeIndex); every method runs under the store's lock."""

    __slots__ = ("indexers", "indices")

    def __init__(self, indexers: "Indexers", indices: "Indices"):
        self.indexers = indexers
        self.indices = indices

    def reset(self) -> None:
        self.indices = {}

    def _index_func(self, index_name: str) -> Callable[[Any], List[str]]:
        fn = self.indexers.get(index_name)
        if fn is None:
            raise ValueError(f"Index with name {index_name} does not exist")
        return fn

    def get_keys_from_index(self, index_name: str, obj: Any) -> Set[str]:
        indexed_values = self._index_func(index_name)(obj)
        index = self.indices.get(index_name) or {}
        if len(indexed_values) == 1:
            return index.get(indexed_values[0]) or set()
        keys: Set[str] = set()
        for value in indexed_values:
            keys.update(index.get(value, ()))
        return keys

    def get_keys_by_index(self, index_name: str, indexed_value: str) -> Set[str]:
        self._index_func(index_name)
        index = self.indices.get(index_name)
        return (index.get(indexed_value) if index else None) or set()

    def get_index_values(self, index_name: str) -> List[str]:
        return list(self.indices.get(index_name) or ())

    def add_indexers(self, new_indexers: "Indexers") -> None:
        conflict = self.indexers.keys() & new_indexers.keys()
        if conflict:
            raise ValueError(f"indexer conflict: {_go_set(conflict)}")
        self.indexers.update(new_indexers)

    def update_single_index(self, name: str, old_obj: Any, new_obj: Any, key: str) -> None:
        """Moves ``key`` in index ``name``: old_obj None for a create, new_obj None for a delete."""
        index_func = self.indexers.get(name)
        if index_func is None:
            raise RuntimeError(f"indexer {go_quote(name)} does not exist")
        old_values: List[str] = []
        values: List[str] = []
        if old_obj is not None:
            try:
                old_values = index_func(old_obj)
            except Exception as err:
                raise RuntimeError(
                    f"unable to calculate an index entry for key {go_quote(key)} on index {go_quote(name)}: {err}"
                ) from err
        if new_obj is not None:
            try:
                values = index_func(new_obj)
            except Exception as err:
                raise RuntimeError(
                    f"unable to calculate an index entry for key {go_quote(key)} on index {go_quote(name)}: {err}"
                ) from err
        idx = self.indices.get(name)
        if idx is None:
            idx = self.indices[name] = {}
        if len(values) == 1 and len(old_values) == 1 and values[0] == old_values[0]:
            return  # the common case: one value, unchanged
        for value in old_values:
            keys = idx.get(value)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del idx[value]
        for value in values:
            keys = idx.get(value)
            if keys is None:
                idx[value] = {key}
            else:
                keys.add(key)

    def update_indices(self, old_obj: Any, new_obj: Any, key: str) -> None:
        for name in self.indexers:
            self.update_single_index(name, old_obj, new_obj, key)


class _ThreadSafeMap:
    """ThreadSafeStoreWithTransaction over a dict (Go's threadSafeMap)."""

    __slots__ = ("_lock", "_items", "_index", "_rv", "_rv_metric")

    def __init__(self, indexers: "Indexers", indices: "Indices"):
        self._lock = threading.Lock()
        self._items: Dict[str, Any] = {}
        self._index = _StoreIndex(indexers, indices)
        self._rv = ""
        self._rv_metric: Any = None  # the store resource version gauge, None when not published

    def set_metrics(self, identifier: Any, metrics_provider: Any) -> None:
        """Publish the store's resource version under ``identifier`` (see with_thread_safe_store_metrics)."""
        self._rv_metric = informer_metrics.store_metrics(identifier, metrics_provider)

    def _record_rv_locked(self, rv: str) -> None:
        value = informer_metrics.parse_rv_for_metrics_with_truncation(rv)
        if value is not None:
            self._rv_metric.set(float(value))

    def transaction(self, *txns: ThreadSafeStoreTransaction) -> None:
        """Applies every write under one lock; the store's resource version becomes the last object's."""
        if not txns:
            return
        rv = _rv_from_object(txns[-1].transaction.object)
        with self._lock:
            for txn in txns:
                t = txn.transaction.type
                if t == TransactionTypeAdd or t == TransactionTypeUpdate:
                    self._update_locked(txn.key, txn.transaction.object)
                elif t == TransactionTypeDelete:
                    self._delete_locked(txn.key)
            if rv is not None:
                self._rv = rv
                if self._rv_metric is not None:
                    self._record_rv_locked(rv)

    def add(self, key: str, obj: Any) -> None:
        self.update(key, obj)

    def update(self, key: str, obj: Any) -> None:
        rv = _rv_from_object(obj)
        with self._lock:
            self._update_locked(key, obj)
            if rv is not None:
                self._rv = rv
                if self._rv_metric is not None:
                    self._record_rv_locked(rv)

    def _update_locked(self, key: str, obj: Any) -> None:
        items = self._items
        old = items.get(key)
        items[key] = obj
        if self._index.indexers:
            self._index.update_indices(old, obj, key)

    def delete(self, key: str) -> None:
        """Like delete_with_object(key, None), which leaves the store's resource version as it was."""
        self.delete_with_object(key, None)

    def delete_with_object(self, key: str, obj: Any) -> None:
        rv = _rv_from_object(obj) if obj is not None else None
        with self._lock:
            self._delete_locked(key)
            if rv is not None:
                self._rv = rv
                if self._rv_metric is not None:
                    self._record_rv_locked(rv)

    def _delete_locked(self, key: str) -> None:
        obj = self._items.pop(key, _MISSING)
        if obj is not _MISSING and self._index.indexers:
            self._index.update_indices(obj, None, key)

    def get(self, key: str) -> Tuple[Any, bool]:
        with self._lock:
            if key in self._items:
                return self._items[key], True
            return None, False

    def list(self) -> List[Any]:
        with self._lock:
            return list(self._items.values())

    def list_keys(self) -> List[str]:
        with self._lock:
            return list(self._items)

    def replace(self, items: Dict[str, Any], resource_version: str) -> None:
        """Takes ``items`` as the new contents (and owns the dict from now on); rebuilds every index."""
        with self._lock:
            self._items = items
            self._rv = resource_version
            if self._rv_metric is not None:
                self._record_rv_locked(resource_version)
            self._index.reset()
            if self._index.indexers:
                for key, item in items.items():
                    self._index.update_indices(None, item, key)

    def index(self, index_name: str, obj: Any) -> List[Any]:
        """The stored objects sharing an indexed value of ``obj`` in the named index."""
        with self._lock:
            keys = self._index.get_keys_from_index(index_name, obj)
            items = self._items
            return [items[k] for k in keys]

    def last_store_sync_resource_version(self) -> str:
        """The resource version of the last write; "" while the AtomicFIFO feature gate is off."""
        if not features.feature_gates().enabled(features.AtomicFIFO):
            return ""
        with self._lock:
            return self._rv

    def bookmark(self, rv: str) -> None:
        with self._lock:
            self._rv = rv
            if self._rv_metric is not None:
                self._record_rv_locked(rv)

    def by_index(self, index_name: str, indexed_value: str) -> List[Any]:
        """The stored objects whose indexed values in the named index include ``indexed_value``."""
        with self._lock:
            keys = self._index.get_keys_by_index(index_name, indexed_value)
            items = self._items
            return [items[k] for k in keys]

    def index_keys(self, index_name: str, indexed_value: str) -> List[str]:
        """The keys (sorted) whose indexed values in the named index include ``indexed_value``."""
        with self._lock:
            return sorted(self._index.get_keys_by_index(index_name, indexed_value))

    def list_index_func_values(self, index_name: str) -> List[str]:
        with self._lock:
            return self._index.get_index_values(index_name)

    def get_indexers(self) -> "Indexers":
        return self._index.indexers

    def add_indexers(self, new_indexers: "Indexers") -> None:
        """Adds indexes (a name already present is an error) and indexes the objects already stored."""
        with self._lock:
            self._index.add_indexers(new_indexers)
            for key, item in self._items.items():
                for name in new_indexers:
                    self._index.update_single_index(name, None, item, key)

    def resync(self) -> None:
        """A no-op (deprecated in client-go)."""


ThreadSafeStoreOption = Callable[[_ThreadSafeMap], None]


def with_thread_safe_store_metrics(identifier: Any, metrics_provider: Any) -> ThreadSafeStoreOption:
    """A ThreadSafeStoreOption: publish the store's resource version (its last 15 digits) under ``identifier``
    (an InformerNameAndResource; only a reserved one publishes) through ``metrics_provider`` (the global
    InformerMetricsProvider when None)."""
    return lambda store: store.set_metrics(identifier, metrics_provider)


def new_thread_safe_store(
    indexers: "Indexers", indices: "Indices", *opts: ThreadSafeStoreOption
) -> ThreadSafeStoreWithTransaction:
    """A ThreadSafeStore maintaining the given indexes (``indices`` is the initial index content, usually {})."""
    store = _ThreadSafeMap(indexers, indices)
    for opt in opts:
        opt(store)
    return store
