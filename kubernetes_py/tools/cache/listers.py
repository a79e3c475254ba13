"""Port of client-go tools/cache listers.go: list_all, list_all_by_namespace and the generic lister, the
building blocks of the typed listers."""

from __future__ import annotations

import logging
from typing import Any, Callable, List, Protocol

from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource
from kubernetes_py.tools.cache._accessor import accessor
from kubernetes_py.tools.cache.index import Indexer, NamespaceIndex
from kubernetes_py.tools.cache.store import Store

__all__ = [
    "AppendFunc",
    "GenericLister",
    "GenericNamespaceLister",
    "list_all",
    "list_all_by_namespace",
    "new_generic_lister",
]

_log = logging.getLogger(__name__)

AppendFunc = Callable[[Any], None]
"""Receives each object a list_all selects."""


def list_all(store: Store, selector: labels.Selector, append_fn: AppendFunc) -> None:
    """Calls ``append_fn`` with every object of ``store`` whose labels match ``selector``."""
    if labels.matches_nothing(selector):
        return
    if selector.empty():
        for m in store.list():
            append_fn(m)
        return
    for m in store.list():
        if selector.matches(accessor(m).get_labels()):
            append_fn(m)


def list_all_by_namespace(indexer: Indexer, namespace: str, selector: labels.Selector, append_fn: AppendFunc) -> None:
    """list_all restricted to ``namespace`` (all namespaces for metav1.NamespaceAll), through the namespace index
    when the indexer has one, by scanning everything otherwise."""
    if labels.matches_nothing(selector):
        return
    if namespace == metav1.NamespaceAll:
        list_all(indexer, selector, append_fn)
        return
    try:
        items = indexer.index(NamespaceIndex, metav1.ObjectMeta(namespace=namespace))
    except Exception as err:  # noqa: BLE001
        _log.info("Warning: can not retrieve list of objects using index err=%s", err)
        for m in indexer.list():
            meta = accessor(m)
            if meta.get_namespace() == namespace and selector.matches(meta.get_labels()):
                append_fn(m)
        return
    if selector.empty():
        for m in items:
            append_fn(m)
        return
    for m in items:
        if selector.matches(accessor(m).get_labels()):
            append_fn(m)


class GenericNamespaceLister(Protocol):
    def list(self, selector: labels.Selector) -> List[Any]: ...

    def get(self, name: str) -> Any:
        """The object; raises a NotFound StatusError when there is none."""


class GenericLister(Protocol):
    def list(self, selector: labels.Selector) -> List[Any]: ...

    def get(self, name: str) -> Any:
        """The object (``name`` is its key: ``namespace/name`` for a namespaced one); raises NotFound."""

    def by_namespace(self, namespace: str) -> GenericNamespaceLister: ...


class _GenericLister:
    def __init__(self, indexer: Indexer, resource: GroupResource):
        self._indexer = indexer
        self._resource = resource

    def list(self, selector: labels.Selector) -> List[Any]:
        ret: List[Any] = []
        list_all(self._indexer, selector, ret.append)
        return ret

    def by_namespace(self, namespace: str) -> GenericNamespaceLister:
        return _GenericNamespaceLister(self._indexer, namespace, self._resource)

    def get(self, name: str) -> Any:
        obj, exists = self._indexer.get_by_key(name)
        if not exists:
            raise errors.new_not_found(self._resource, name)
        return obj


class _GenericNamespaceLister:
    def __init__(self, indexer: Indexer, namespace: str, resource: GroupResource):
        self._indexer = indexer
        self._namespace = namespace
        self._resource = resource

    def list(self, selector: labels.Selector) -> List[Any]:
        ret: List[Any] = []
        list_all_by_namespace(self._indexer, self._namespace, selector, ret.append)
        return ret

    def get(self, name: str) -> Any:
        obj, exists = self._indexer.get_by_key(self._namespace + "/" + name)
        if not exists:
            raise errors.new_not_found(self._resource, name)
        return obj


def new_generic_lister(indexer: Indexer, resource: GroupResource) -> GenericLister:
    """A GenericLister over ``indexer``; ``resource`` names the resource in NotFound errors."""
    return _GenericLister(indexer, resource)
