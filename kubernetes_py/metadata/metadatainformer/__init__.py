"""Port of k8s.io/client-go/metadata/metadatainformer: shared informers of any resource through the metadata client,
objects as metav1.PartialObjectMetadata (name, labels, owners... without spec or status), one per
GroupVersionResource."""

from __future__ import annotations

from typing import Any, Callable, Optional

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.informers._factory import (
    GenericInformer,
    ResourceInformerFactory,
    generic_informer_with_lister,
)
from kubernetes_py.informers.internalinterfaces import TweakListOptionsFunc, new_list_watch
from kubernetes_py.metadata import metadatalister
from kubernetes_py.tools import cache

__all__ = [
    "SharedInformerFactory",
    "SharedInformerOption",
    "TweakListOptionsFunc",
    "new_filtered_metadata_informer",
    "new_filtered_shared_informer_factory",
    "new_shared_informer_factory",
    "new_shared_informer_factory_with_options",
    "with_transform",
]


def new_filtered_metadata_informer(
    client: Any,
    gvr: GroupVersionResource,
    namespace: str,
    resync_period: float,
    indexers: cache.Indexers,
    tweak_list_options: Optional[TweakListOptionsFunc],
) -> GenericInformer:
    """An informer of ``gvr`` of its own (not shared with a factory), listing and watching through ``client``."""
    informer = cache.new_shared_index_informer(
        new_list_watch(client.resource(gvr).namespace(namespace), tweak_list_options, client),
        metav1.PartialObjectMetadata(),
        resync_period,
        indexers,
    )
    return generic_informer_with_lister(
        informer, lambda indexer: metadatalister.new_runtime_object_shim(metadatalister.new(indexer, gvr))
    )


class SharedInformerFactory(ResourceInformerFactory):
    """Shared metadata informers by resource (Go's metadatainformer.SharedInformerFactory): ``for_resource``,
    ``start``, ``wait_for_cache_sync`` (whether each started one synced, by resource) and ``shutdown``."""

    _new_filtered_informer = staticmethod(new_filtered_metadata_informer)

    def __init__(
        self, client: Any, default_resync: float, namespace: str, tweak_list_options: Optional[TweakListOptionsFunc]
    ):
        super().__init__(client, default_resync, namespace, tweak_list_options)
        self._transform: Optional[cache.TransformFunc] = None

    def _new_informer(self, gvr: GroupVersionResource) -> GenericInformer:
        informer = super()._new_informer(gvr)
        informer.informer().set_transform(self._transform)
        return informer


SharedInformerOption = Callable[[SharedInformerFactory], SharedInformerFactory]


def with_transform(transform: Optional[cache.TransformFunc]) -> SharedInformerOption:
    """Set ``transform`` on every informer the factory creates."""

    def option(factory: SharedInformerFactory) -> SharedInformerFactory:
        factory._transform = transform
        return factory

    return option


def new_shared_informer_factory(client: Any, default_resync: float) -> SharedInformerFactory:
    """A factory for all namespaces; ``default_resync`` (seconds, 0 for none) is its handlers' resync period."""
    return new_filtered_shared_informer_factory(client, default_resync, metav1.NamespaceAll, None)


def new_filtered_shared_informer_factory(
    client: Any,
    default_resync: float,
    namespace: str,
    tweak_list_options: Optional[TweakListOptionsFunc],
) -> SharedInformerFactory:
    """A factory whose informers watch ``namespace`` only, every list and watch through ``tweak_list_options``."""
    return SharedInformerFactory(client, default_resync, namespace, tweak_list_options)


def new_shared_informer_factory_with_options(
    client: Any, default_resync: float, *options: SharedInformerOption
) -> SharedInformerFactory:
    """A factory for all namespaces configured by ``options`` (with_transform)."""
    factory = SharedInformerFactory(client, default_resync, metav1.NamespaceAll, None)
    for option in options:
        factory = option(factory)
    return factory
