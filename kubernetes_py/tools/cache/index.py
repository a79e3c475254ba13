"""Port of client-go tools/cache index.go: the Indexer interface, index functions and the namespace index.

Three kinds of strings meet here: a storage key (as for Store), the name of an index, and an indexed value
(what an IndexFunc computes from an object: a field, a label, anything).
"""

from __future__ import annotations

from typing import Any, Callable, List, Protocol, TypeVar

from kubernetes_py.tools.cache._accessor import _PLAIN_METADATA_TYPES, accessor
from kubernetes_py.tools.cache.store import KeyFunc, Store

__all__ = [
    "IndexFunc",
    "Indexer",
    "Indexers",
    "Indices",
    "NamespaceIndex",
    "TypedIndexFunc",
    "TypedIndexer",
    "TypedIndexers",
    "index_func_to_key_func_adapter",
    "meta_namespace_index_func",
    "typed_indexer_func_to_indexer_func",
    "typed_indexers_to_indexers",
]

IndexFunc = Callable[[Any], List[str]]
"""Computes the indexed values of an object; raises when it cannot."""

Indexers = dict[str, IndexFunc]
"""Index name -> IndexFunc."""

Indices = dict[str, dict[str, set[str]]]
"""Index name -> (indexed value -> set of storage keys)."""

NamespaceIndex = "namespace"
"""The name of the most common index: by namespace (meta_namespace_index_func)."""


class Indexer(Store, Protocol):
    """A Store with indexes, whose accumulators each hold the current object."""

    def index(self, index_name: str, obj: Any) -> List[Any]: ...

    def index_keys(self, index_name: str, indexed_value: str) -> List[str]: ...

    def list_index_func_values(self, index_name: str) -> List[str]: ...

    def by_index(self, index_name: str, indexed_value: str) -> List[Any]: ...

    def get_indexers(self) -> Indexers: ...

    def add_indexers(self, new_indexers: Indexers) -> None: ...


def index_func_to_key_func_adapter(index_func: IndexFunc) -> KeyFunc:
    """A KeyFunc from an IndexFunc that yields exactly one value per object (anything else raises)."""

    def key_func(obj: Any) -> str:
        index_keys = index_func(obj)
        if len(index_keys) > 1:
            raise ValueError(f"too many keys: [{' '.join(index_keys)}]")
        if not index_keys:
            raise ValueError("unexpected empty indexKeys")
        return index_keys[0]

    return key_func


def meta_namespace_index_func(obj: Any) -> List[str]:
    """Indexes an object by its namespace."""
    if _PLAIN_METADATA_TYPES.get(type(obj)):
        return [obj.metadata.namespace]
    try:
        m = accessor(obj)
    except TypeError as err:
        raise ValueError(f"object has no meta: {err}") from err
    return [m.get_namespace()]


T = TypeVar("T")

TypedIndexFunc = Callable[[T], List[str]]
"""An IndexFunc written for objects of one type (``TypedIndexFunc[corev1.Pod]``; Python does not check the type)."""

TypedIndexers = dict[str, TypedIndexFunc[T]]
"""Index name -> TypedIndexFunc (``TypedIndexers[corev1.Pod]``)."""


class TypedIndexer(Indexer, Protocol):
    """An Indexer whose objects are of one type."""

    def typed_index(self, index_name: str, obj: Any) -> List[Any]: ...

    def by_typed_index(self, index_name: str, indexed_value: str) -> List[Any]: ...

    def add_typed_indexers(self, new_indexers: TypedIndexers[Any]) -> None: ...


def typed_indexer_func_to_indexer_func(indexer: TypedIndexFunc[Any]) -> IndexFunc:
    """The IndexFunc of a TypedIndexFunc: the same function, as Python objects carry their type."""
    return indexer


def typed_indexers_to_indexers(indexers: TypedIndexers[Any]) -> Indexers:
    """Indexers from TypedIndexers (for SharedIndexInformerOptions.indexers)."""
    return {name: typed_indexer_func_to_indexer_func(fn) for name, fn in indexers.items()}
