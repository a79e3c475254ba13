"""Port of k8s.io/client-go/dynamic/dynamicinformer: shared informers of any resource through the dynamic client,
objects as unstructured.Unstructured, one per GroupVersionResource.

    factory = dynamicinformer.new_dynamic_shared_informer_factory(dynamic_client, 0)
    foos = factory.for_resource(schema.GroupVersionResource("example.com", "v1", "foos"))
    foos.informer().add_event_handler(handler)
    factory.start(stop)
    factory.wait_for_cache_sync(stop)
    foos.lister().by_namespace("default").get("a")
"""

from __future__ import annotations

from typing import Any, Optional

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.dynamic import dynamiclister
from kubernetes_py.informers._factory import (
    GenericInformer,
    ResourceInformerFactory,
    generic_informer_with_lister,
)
from kubernetes_py.informers.internalinterfaces import TweakListOptionsFunc, new_list_watch
from kubernetes_py.tools import cache

__all__ = [
    "DynamicSharedInformerFactory",
    "TweakListOptionsFunc",
    "new_dynamic_shared_informer_factory",
    "new_filtered_dynamic_informer",
    "new_filtered_dynamic_shared_informer_factory",
]


def new_dynamic_shared_informer_factory(client: Any, default_resync: float) -> DynamicSharedInformerFactory:
    """A factory for all namespaces; ``default_resync`` (seconds, 0 for none) is its handlers' resync period."""
    return new_filtered_dynamic_shared_informer_factory(client, default_resync, metav1.NamespaceAll, None)


def new_filtered_dynamic_shared_informer_factory(
    client: Any,
    default_resync: float,
    namespace: str,
    tweak_list_options: Optional[TweakListOptionsFunc],
) -> DynamicSharedInformerFactory:
    """A factory whose informers watch ``namespace`` only, every list and watch through ``tweak_list_options``."""
    return DynamicSharedInformerFactory(client, default_resync, namespace, tweak_list_options)


def new_filtered_dynamic_informer(
    client: Any,
    gvr: GroupVersionResource,
    namespace: str,
    resync_period: float,
    indexers: cache.Indexers,
    tweak_list_options: Optional[TweakListOptionsFunc],
) -> GenericInformer:
    """An informer of ``gvr`` of its own (not shared with a factory), listing and watching through ``client``."""
    informer = cache.new_shared_index_informer_with_options(
        new_list_watch(client.resource(gvr).namespace(namespace), tweak_list_options, client),
        Unstructured(),
        cache.SharedIndexInformerOptions(resync_period=resync_period, indexers=indexers, object_description=str(gvr)),
    )
    return generic_informer_with_lister(
        informer, lambda indexer: dynamiclister.new_runtime_object_shim(dynamiclister.new(indexer, gvr))
    )


class DynamicSharedInformerFactory(ResourceInformerFactory):
    """Shared dynamic informers by resource (Go's DynamicSharedInformerFactory): ``for_resource``, ``start``,
    ``wait_for_cache_sync`` (whether each started one synced, by resource) and ``shutdown``."""

    _new_filtered_informer = staticmethod(new_filtered_dynamic_informer)
