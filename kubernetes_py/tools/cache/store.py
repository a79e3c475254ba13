"""Port of client-go tools/cache store.go and object-names.go: the Store interface, key functions, ObjectName,
and the map-and-lock Store/Indexer (``new_store``, ``new_indexer``).

Go's ``(item, exists, err)`` results are ``(item, exists)`` tuples here, and a key function's error is raised as
``KeyError`` (this package's, not the builtin) with the object at fault. Transforming errors are raised as
``TransformError``. Every method is safe to call from any thread: the locking is the ThreadSafeStore's.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Protocol, Tuple

from kubernetes_py._go.strconv import go_quote
from kubernetes_py.apimachinery import types
from kubernetes_py.tools.cache._accessor import _PLAIN_METADATA_TYPES, accessor, has_plain_metadata
from kubernetes_py.tools.cache import informer_metrics as _informer_metrics
from kubernetes_py.tools.cache.thread_safe_store import (
    ThreadSafeStoreTransaction,
    Transaction,
    _ThreadSafeMap,
)

if TYPE_CHECKING:
    from kubernetes_py.tools.cache.index import Indexer, Indexers

__all__ = [
    "DeletedFinalStateUnknown",
    "ExplicitKey",
    "KeyError",
    "KeyFunc",
    "ObjectName",
    "Store",
    "StoreOption",
    "TransactionError",
    "TransactionStore",
    "TransformError",
    "TransformFunc",
    "deletion_handling_meta_namespace_key_func",
    "deletion_handling_object_to_name",
    "meta_namespace_key_func",
    "meta_object_to_name",
    "namespaced_name_as_object_name",
    "new_indexer",
    "new_object_name",
    "new_store",
    "object_to_name",
    "parse_object_name",
    "split_meta_namespace_key",
    "with_store_metrics",
    "with_transformer",
]

KeyFunc = Callable[[Any], str]
"""Makes a key from an object (deterministically); raises when it cannot."""

TransformFunc = Callable[[Any], Any]
"""Called on every object before it is stored or queued (to drop fields, say); returns the object to keep."""


class Store(Protocol):
    """A map from keys to accumulators, with the key function that turns an object into its key."""

    def add(self, obj: Any) -> None: ...

    def update(self, obj: Any) -> None: ...

    def delete(self, obj: Any) -> None: ...

    def list(self) -> List[Any]: ...

    def list_keys(self) -> List[str]: ...

    def last_store_sync_resource_version(self) -> str: ...

    def bookmark(self, rv: str) -> None: ...

    def get(self, obj: Any) -> Tuple[Any, bool]: ...

    def get_by_key(self, key: str) -> Tuple[Any, bool]: ...

    def replace(self, list: List[Any], resource_version: str) -> None: ...

    def resync(self) -> None: ...


class KeyError(Exception):  # noqa: A001 - Go's name
    """A key function failed; ``obj`` is the object at fault and ``err`` (also ``__cause__``) the failure."""

    def __init__(self, obj: Any, err: BaseException):
        super().__init__(f"couldn't create key for object {obj}: {err}")
        self.obj = obj
        self.err = err
        self.__cause__ = err

    def unwrap(self) -> BaseException:
        return self.err


class TransformError(Exception):
    """A TransformFunc failed (Go's ``transforming: %w``); the failure is ``__cause__``."""


class ExplicitKey(str):
    """A key standing for an object that is not at hand; meta_namespace_key_func returns it as is."""

    __slots__ = ()


@dataclasses.dataclass(frozen=True)
class DeletedFinalStateUnknown:
    """A tombstone: the object was deleted while the watch was down, so its final state is unknown.

    ``obj`` is the last state the cache knew (it may be stale, or None).
    """

    key: str
    obj: Any = None


@dataclasses.dataclass(frozen=True)
class ObjectName:
    """A reference to an object of some implicit kind: namespace and name."""

    namespace: str = ""
    name: str = ""

    def parts(self) -> Tuple[str, str]:
        return self.namespace, self.name

    def __str__(self) -> str:
        # the historical encoding of meta_namespace_key_func (not NamespacedName's, which always has the "/")
        if self.namespace:
            return self.namespace + "/" + self.name
        return self.name

    def as_namespaced_name(self) -> types.NamespacedName:
        return types.NamespacedName(namespace=self.namespace, name=self.name)


def new_object_name(namespace: str, name: str) -> ObjectName:
    return ObjectName(namespace=namespace, name=name)


def parse_object_name(s: str) -> ObjectName:
    """The inverse of ``str(ObjectName)``; raises ValueError on more than one "/"."""
    namespace, name = split_meta_namespace_key(s)
    return ObjectName(namespace=namespace, name=name)


def namespaced_name_as_object_name(nn: types.NamespacedName) -> ObjectName:
    return ObjectName(namespace=nn.namespace, name=nn.name)


def object_to_name(obj: Any) -> ObjectName:
    """The ObjectName of anything with ObjectMeta; raises ValueError otherwise."""
    try:
        m = accessor(obj)
    except TypeError as err:
        raise ValueError(f"object has no meta: {err}") from err
    return ObjectName(namespace=m.get_namespace(), name=m.get_name())


def meta_object_to_name(obj: Any) -> ObjectName:
    """The ObjectName of a metav1.Object."""
    return ObjectName(namespace=obj.get_namespace(), name=obj.get_name())


def meta_namespace_key_func(obj: Any) -> str:
    """``<namespace>/<name>``, or ``<name>`` for a cluster-scoped object; an ExplicitKey is its own key."""
    plain = _PLAIN_METADATA_TYPES.get(type(obj))
    if plain is None:
        plain = has_plain_metadata(type(obj))
    if plain:  # an API message: its metadata read at once (a key per event, four times)
        metadata = obj.metadata
        namespace: str = metadata.namespace
        name: str = metadata.name
        return namespace + "/" + name if namespace else name
    if isinstance(obj, ExplicitKey):
        return str(obj)
    try:
        m = accessor(obj)
    except TypeError as err:
        raise ValueError(f"object has no meta: {err}") from err
    namespace = m.get_namespace()
    if namespace:
        return str(namespace) + "/" + str(m.get_name())
    return str(m.get_name())


def deletion_handling_meta_namespace_key_func(obj: Any) -> str:
    """meta_namespace_key_func that also takes a DeletedFinalStateUnknown (its key is the tombstone's)."""
    if isinstance(obj, DeletedFinalStateUnknown):
        return obj.key
    return meta_namespace_key_func(obj)


def deletion_handling_object_to_name(obj: Any) -> ObjectName:
    """object_to_name that also takes a DeletedFinalStateUnknown."""
    if isinstance(obj, DeletedFinalStateUnknown):
        return parse_object_name(obj.key)
    return object_to_name(obj)


def split_meta_namespace_key(key: str) -> Tuple[str, str]:
    """The (namespace, name) that meta_namespace_key_func encoded; raises ValueError on a bad key."""
    parts = key.split("/")
    if len(parts) == 1:
        return "", parts[0]
    if len(parts) == 2:
        return parts[0], parts[1]
    raise ValueError(f"unexpected key format: {go_quote(key)}")


class TransactionError(Exception):
    """Some transactions of a batch had no key; the others (``successful_indices``) were applied."""

    def __init__(self, successful_indices: List[int], total_transactions: int, errors: List[BaseException]):
        self.successful_indices = successful_indices
        self.total_transactions = total_transactions
        self.errors = errors
        failed = total_transactions - len(successful_indices)
        super().__init__(
            f"failed to execute ({failed}/{total_transactions}) transactions failed due to: "
            f"[{' '.join(str(e) for e in errors)}]"
        )


class TransactionStore(Protocol):
    def transaction(self, *txns: Transaction) -> None: ...


class _Cache:
    """Store and Indexer over a ThreadSafeStore and a key function (Go's unexported ``cache``)."""

    __slots__ = ("_storage", "_key_func", "_transformer", "identifier", "metrics")

    def __init__(self, key_func: KeyFunc, indexers: "Optional[Indexers]" = None):
        self._key_func = key_func
        self._transformer: Optional[TransformFunc] = None
        self.identifier: Any = None  # set by with_store_metrics, with the InformerMetricsProvider in metrics
        self.metrics: Any = None
        self._storage = _ThreadSafeMap(indexers if indexers is not None else {}, {})  # new_thread_safe_store's

    def _key(self, obj: Any) -> str:
        try:
            return self._key_func(obj)
        except Exception as err:
            raise KeyError(obj, err) from err

    @staticmethod
    def _transform(transformer: TransformFunc, obj: Any) -> Any:
        try:
            return transformer(obj)
        except Exception as err:
            raise TransformError(f"transforming: {err}") from err

    def transaction(self, *txns: Transaction) -> None:
        """Applies the writes under one lock; raises TransactionError (after applying the rest) for keyless ones."""
        keyed = []
        successful: List[int] = []
        errs: List[BaseException] = []
        for i, txn in enumerate(txns):
            try:
                key = self._key_func(txn.object)
            except Exception as err:  # noqa: BLE001
                errs.append(KeyError(txn.object, err))
                continue
            successful.append(i)
            keyed.append(ThreadSafeStoreTransaction(txn, key))
        self._storage.transaction(*keyed)
        if errs:
            raise TransactionError(successful, len(txns), errs)

    def add(self, obj: Any) -> None:
        key = self._key(obj)
        if self._transformer is not None:
            obj = self._transform(self._transformer, obj)
        self._storage.add(key, obj)

    def update(self, obj: Any) -> None:
        key = self._key(obj)
        if self._transformer is not None:
            obj = self._transform(self._transformer, obj)
        self._storage.update(key, obj)

    def delete(self, obj: Any) -> None:
        self._storage.delete_with_object(self._key(obj), obj)

    def list(self) -> List[Any]:
        return self._storage.list()

    def list_keys(self) -> List[str]:
        return self._storage.list_keys()

    def last_store_sync_resource_version(self) -> str:
        return self._storage.last_store_sync_resource_version()

    def bookmark(self, rv: str) -> None:
        self._storage.bookmark(rv)

    def get_indexers(self) -> "Indexers":
        return self._storage.get_indexers()

    def index(self, index_name: str, obj: Any) -> List[Any]:
        return self._storage.index(index_name, obj)

    def index_keys(self, index_name: str, indexed_value: str) -> List[str]:
        return self._storage.index_keys(index_name, indexed_value)

    def list_index_func_values(self, index_name: str) -> List[str]:
        return self._storage.list_index_func_values(index_name)

    def by_index(self, index_name: str, indexed_value: str) -> List[Any]:
        return self._storage.by_index(index_name, indexed_value)

    def add_indexers(self, new_indexers: "Indexers") -> None:
        self._storage.add_indexers(new_indexers)

    def get(self, obj: Any) -> Tuple[Any, bool]:
        return self._storage.get(self._key(obj))

    def get_by_key(self, key: str) -> Tuple[Any, bool]:
        return self._storage.get(key)

    def replace(self, list: List[Any], resource_version: str) -> None:  # noqa: A002 - Go's parameter
        items: Dict[str, Any] = {}
        key_func = self._key_func
        transformer = self._transformer
        for item in list:
            try:
                key = key_func(item)
            except Exception as err:
                raise KeyError(item, err) from err
            if transformer is not None:
                item = self._transform(transformer, item)
            items[key] = item
        self._storage.replace(items, resource_version)

    def resync(self) -> None:
        """Meaningless for a plain store."""


StoreOption = Callable[[_Cache], None]


def with_transformer(transformer: TransformFunc) -> StoreOption:
    """A StoreOption: call ``transformer`` on every object added, updated or replaced into the store."""

    def apply(c: _Cache) -> None:
        c._transformer = transformer

    return apply


def with_store_metrics(identifier: Any, metrics_provider: Any) -> StoreOption:
    """A StoreOption: publish the store's resource version metric under ``identifier`` (an
    InformerNameAndResource; only a reserved one publishes) through ``metrics_provider`` (the global
    InformerMetricsProvider when None)."""

    def apply(c: _Cache) -> None:
        c.identifier = identifier
        c.metrics = (
            metrics_provider if metrics_provider is not None else _informer_metrics.global_informer_metrics_provider
        )
        c._storage.set_metrics(identifier, c.metrics)

    return apply


def new_store(key_func: KeyFunc, *opts: StoreOption) -> Store:
    """A Store implemented with a dict and a lock."""
    c = _Cache(key_func)
    for opt in opts:
        opt(c)
    return c


def new_indexer(key_func: KeyFunc, indexers: "Indexers", *opts: StoreOption) -> "Indexer":
    """An Indexer implemented with a dict and a lock, maintaining the given indexes."""
    c = _Cache(key_func, indexers)
    for opt in opts:
        opt(c)
    return c
