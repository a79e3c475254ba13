"""Port of k8s.io/client-go/metadata/metadatalister: listers of metav1.PartialObjectMetadata over an informer's
Indexer (the same listers as dynamiclister's, for metadata-only objects), and the cache.GenericLister shim."""

from __future__ import annotations

from typing import Protocol

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.dynamic import dynamiclister
from kubernetes_py.tools import cache

__all__ = ["Lister", "NamespaceLister", "new", "new_runtime_object_shim"]


class NamespaceLister(dynamiclister._NamespaceListerOf[metav1.PartialObjectMetadata], Protocol):
    """Lists and gets the objects of one namespace."""


class Lister(dynamiclister._ListerOf[metav1.PartialObjectMetadata], Protocol):
    """Lists objects of every namespace, gets one by key (``namespace/name``, or ``name`` when cluster-scoped)."""


def new(indexer: cache.Indexer, gvr: GroupVersionResource) -> Lister:
    """A Lister over ``indexer``; NotFound errors name ``gvr``'s group resource."""
    return dynamiclister._Lister[metav1.PartialObjectMetadata](indexer, gvr.group_resource())


def new_runtime_object_shim(lister: Lister) -> cache.GenericLister:
    """``lister`` as a cache.GenericLister (its ``namespace`` is the shim's ``by_namespace``)."""
    return dynamiclister._ListerShim(lister)
