"""Port of k8s.io/client-go/informers/internalinterfaces: what the generated informers of every group version
share with the factory (generated in Go; hand-written here, as it does not depend on the API groups)."""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Optional, Protocol

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.tools import cache
from kubernetes_py import context

__all__ = ["InformerOptions", "NewInformerFunc", "SharedInformerFactory", "TweakListOptionsFunc", "new_list_watch"]

TweakListOptionsFunc = Callable[[metav1.ListOptions], None]
"""Changes the ListOptions of every list and watch in place (selectors, say)."""

NewInformerFunc = Callable[[Any, float], cache.SharedIndexInformer]
"""``new_func(client, resync_period)``: builds the informer the factory keeps for a type."""


class SharedInformerFactory(Protocol):
    """The part of a factory the generated informers use (Go's internalinterfaces.SharedInformerFactory)."""

    def start(self, stop: Any) -> None: ...

    def informer_for(self, obj: Any, new_func: NewInformerFunc) -> cache.SharedIndexInformer: ...

    def informer_name(self) -> Optional[cache.InformerName]: ...


@dataclasses.dataclass
class InformerOptions:
    """Options of a generated informer: its handlers' default resync period (seconds, 0 for none), its indexers,
    the name its metrics are published under (cache.new_informer_name; None publishes none) and the tweak applied
    to every list and watch."""

    resync_period: float = 0.0
    indexers: Optional[cache.Indexers] = None
    informer_name: Optional[cache.InformerName] = None
    tweak_list_options: Optional[TweakListOptionsFunc] = None


def new_list_watch(resource_client: Any, tweak_list_options: Optional[TweakListOptionsFunc],
                   client: Any) -> cache.ListerWatcher:
    """The ListWatch of a generated (or dynamic, or metadata) informer: ``resource_client.list(ctx, options)`` and
    ``.watch(ctx, options)``, each on a copy of the options that ``tweak_list_options`` (if any) changed first, as Go
    passes them by value; marked with whether ``client`` cannot serve WatchList requests (fake clients)."""

    def tweaked(options: metav1.ListOptions) -> metav1.ListOptions:
        if tweak_list_options is None:
            return options
        copied = metav1.ListOptions()
        copied.CopyFrom(options)
        tweak_list_options(copied)
        return copied

    def list_with_context(ctx: context.Context | None, options: metav1.ListOptions) -> Any:
        return resource_client.list(ctx, tweaked(options))

    def watch_with_context(ctx: context.Context | None, options: metav1.ListOptions) -> Any:
        return resource_client.watch(ctx, tweaked(options))

    return cache.to_list_watcher_with_watch_list_semantics(cache.ListWatch(
        list_func=lambda options: list_with_context(None, options),
        watch_func=lambda options: watch_with_context(None, options),
        list_with_context_func=list_with_context,
        watch_func_with_context=watch_with_context,
    ), client)
