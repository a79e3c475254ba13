"""Port of k8s.io/client-go/dynamic/dynamiclister: listers of unstructured.Unstructured objects over an informer's
Indexer, and the shim that makes one a cache.GenericLister."""

from __future__ import annotations

from typing import Any, List, Protocol, TypeVar

from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py import listers
from kubernetes_py.tools import cache

__all__ = ["Lister", "NamespaceLister", "new", "new_runtime_object_shim"]


_T = TypeVar("_T")


class _NamespaceListerOf(Protocol[_T]):
    """Lists and gets the objects of one namespace."""

    def list(self, selector: labels.Selector) -> List[_T]: ...

    def get(self, name: str) -> _T:
        """The object; raises a NotFound StatusError (naming the resource) when absent."""


class _ListerOf(Protocol[_T]):
    """Lists objects of every namespace, gets one by key (``namespace/name``, or ``name`` when cluster-scoped)."""

    def list(self, selector: labels.Selector) -> List[_T]: ...

    def get(self, name: str) -> _T: ...

    def namespace(self, namespace: str) -> _NamespaceListerOf[_T]: ...


class NamespaceLister(_NamespaceListerOf[Unstructured], Protocol):
    """Lists and gets the Unstructured objects of one namespace."""


class Lister(_ListerOf[Unstructured], Protocol):
    """Lists Unstructured objects of every namespace, gets one by key (``namespace/name``, or ``name``)."""


class _Lister(listers.ResourceIndexer[_T]):
    __slots__ = ()

    def namespace(self, namespace: str) -> _NamespaceListerOf[_T]:
        return listers.new_namespaced(self, namespace)


def new(indexer: cache.Indexer, gvr: GroupVersionResource) -> Lister:
    """A Lister over ``indexer``; NotFound errors name ``gvr``'s group resource."""
    return _Lister[Unstructured](indexer, gvr.group_resource())


class _ListerShim:
    __slots__ = ("_lister",)

    def __init__(self, lister: _ListerOf[Any]):  # of any object type
        self._lister = lister

    def list(self, selector: labels.Selector) -> List[Any]:
        return list(self._lister.list(selector))

    def get(self, name: str) -> Any:
        return self._lister.get(name)

    def by_namespace(self, namespace: str) -> cache.GenericNamespaceLister:
        return self._lister.namespace(namespace)


def new_runtime_object_shim(lister: Lister) -> cache.GenericLister:
    """``lister`` as a cache.GenericLister (its ``namespace`` is the shim's ``by_namespace``)."""
    return _ListerShim(lister)
