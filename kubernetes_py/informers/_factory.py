"""The parts of client-go's informers/factory.go and generic.go that do not depend on the API groups: the factory's
options, its informer bookkeeping, start/shutdown/wait, and GenericInformer. The generated package (``__init__``)
adds the group accessors and ``for_resource``; dynamicinformer and metadatainformer build on ResourceInformerFactory
(informers by GroupVersionResource), which runs them through the same ``InformerThreads``.

Invariants:
- each informer a factory holds is started at most once, in a daemon thread of its own (``informer <type>``), by
  the first ``start`` after it was created; ``start`` never blocks and may be called again to start later ones;
- once ``shutdown`` was called no informer starts; ``shutdown`` returns after every started thread has ended
  (which needs the stop event or context they were started with to be done), and may be called from several
  threads at once;
- used as a context manager (``with factory:``), the informers started inside the block run on a child of the
  context they were started with, which the block's end cancels before it shuts the factory down: leaving the block
  stops the informers it started, whether or not the caller's stop was set, and joins every informer thread (Go's
  deferred cancel and Shutdown; informers started before the block still need their own stop).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Protocol

from kubernetes_py import context as _context
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersionResource
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.informers.internalinterfaces import NewInformerFunc, TweakListOptionsFunc
from kubernetes_py.tools import cache
from kubernetes_py.tools.cache.shared_informer import _type_string

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "GenericInformer",
    "InformerThreads",
    "ResourceInformerFactory",
    "SharedInformerFactoryBase",
    "SharedInformerOption",
    "generic_informer_with_lister",
    "new_generic_informer",
    "with_custom_resync_config",
    "with_informer_name",
    "with_namespace",
    "with_transform",
    "with_tweak_list_options",
]


class GenericInformer(Protocol):
    """A shared informer and a lister of runtime objects over its cache (Go's informers.GenericInformer)."""

    def informer(self) -> cache.SharedIndexInformer: ...

    def lister(self) -> cache.GenericLister: ...


class _GenericInformer:
    __slots__ = ("_informer", "_new_lister")

    def __init__(self, informer: cache.SharedIndexInformer, new_lister: Callable[[Any], cache.GenericLister]):
        self._informer = informer
        self._new_lister = new_lister

    def informer(self) -> cache.SharedIndexInformer:
        return self._informer

    def lister(self) -> cache.GenericLister:
        return self._new_lister(self._informer.get_indexer())


def new_generic_informer(informer: cache.SharedIndexInformer, resource: GroupResource) -> GenericInformer:
    """The GenericInformer of a typed informer; ``resource`` names the resource in its lister's NotFound errors."""
    return _GenericInformer(informer, lambda indexer: cache.new_generic_lister(indexer, resource))


def generic_informer_with_lister(
    informer: cache.SharedIndexInformer, new_lister: Callable[[Any], cache.GenericLister]
) -> GenericInformer:
    """A GenericInformer whose ``lister()`` is ``new_lister(informer.get_indexer())`` (the dynamic and metadata
    informers' listers)."""
    return _GenericInformer(informer, new_lister)


class InformerThreads:
    """Informers by key, each run in its own thread by the first start after it was added (Go's informers,
    startedInformers, wg and shuttingDown of a factory)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._informers: Dict[Any, cache.SharedIndexInformer] = {}
        self._started: set[Any] = set()
        self._threads: List[threading.Thread] = []
        self._shutting_down = False
        self._block_cancels: Optional[List[_context.CancelFunc]] = None  # inside ``with``: what its end cancels

    def start_with_context(self, ctx: _context.Context) -> None:
        """Start every informer not yet started, in a thread each, until ``ctx`` is done; nothing once shut down."""
        with self._lock:
            if self._shutting_down:
                return
            if self._block_cancels is not None and any(key not in self._started for key in self._informers):
                ctx, cancel = _context.with_cancel(ctx)
                self._block_cancels.append(cancel)
            for key, informer in self._informers.items():
                if key in self._started:
                    continue
                thread = threading.Thread(
                    target=informer.run_with_context, args=(ctx,), daemon=True, name=f"informer {_type_string(key)}"
                )
                thread.start()
                self._threads.append(thread)
                self._started.add(key)

    def start(self, stop: Any) -> None:
        """start_with_context until ``stop`` (a threading.Event or a Context) is done."""
        self.start_with_context(wait.context_for_channel(stop))

    def shutdown(self) -> None:
        """Start nothing more, and wait until every started informer has stopped (their stop must be done, before
        or during this call). Returns at once when nothing was started."""
        with self._lock:
            self._shutting_down = True
            threads = list(self._threads)
        for thread in threads:
            thread.join()

    def __enter__(self) -> Self:
        with self._lock:
            if self._block_cancels is None:
                self._block_cancels = []
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the informers started in the block and shut the factory down (joins every informer thread)."""
        with self._lock:
            cancels, self._block_cancels = self._block_cancels or [], None
        for cancel in cancels:
            cancel()
        self.shutdown()

    def _started_informers(self) -> Dict[Any, cache.SharedIndexInformer]:
        with self._lock:
            return {key: informer for key, informer in self._informers.items() if key in self._started}


SharedInformerOption = Callable[["SharedInformerFactoryBase"], "SharedInformerFactoryBase"]
"""Configures a factory being built (Go's SharedInformerOption)."""


def with_custom_resync_config(resync_config: Mapping[Any, float]) -> SharedInformerOption:
    """Resync periods (seconds) per informer type: keys are object types (``corev1.Pod``) or example objects."""

    def option(factory: SharedInformerFactoryBase) -> SharedInformerFactoryBase:
        for k, v in resync_config.items():
            factory._custom_resync[k if isinstance(k, type) else type(k)] = v
        return factory

    return option


def with_tweak_list_options(tweak_list_options: Optional[TweakListOptionsFunc]) -> SharedInformerOption:
    """Apply ``tweak_list_options`` to the options of every list and watch of the factory's informers."""

    def option(factory: SharedInformerFactoryBase) -> SharedInformerFactoryBase:
        factory._tweak_list_options = tweak_list_options
        return factory

    return option


def with_namespace(namespace: str) -> SharedInformerOption:
    """Limit the factory's informers to ``namespace``."""

    def option(factory: SharedInformerFactoryBase) -> SharedInformerFactoryBase:
        factory._namespace = namespace
        return factory

    return option


def with_informer_name(informer_name: Optional[cache.InformerName]) -> SharedInformerOption:
    """Publish the metrics of the factory's informers (their FIFOs and stores) under ``informer_name`` (made by
    cache.new_informer_name), each informer with its resource; the factory's shutdown releases the name."""

    def option(factory: SharedInformerFactoryBase) -> SharedInformerFactoryBase:
        factory._informer_name = informer_name
        return factory

    return option


def with_transform(transform: Optional[cache.TransformFunc]) -> SharedInformerOption:
    """Set ``transform`` on every informer the factory creates."""

    def option(factory: SharedInformerFactoryBase) -> SharedInformerFactoryBase:
        factory._transform = transform
        return factory

    return option


class SharedInformerFactoryBase(InformerThreads):
    """The typed SharedInformerFactory without its group accessors: one shared informer per object type."""

    def __init__(self, client: Any, default_resync: float, *options: SharedInformerOption):
        super().__init__()
        self._client = client
        self._namespace = metav1.NamespaceAll
        self._tweak_list_options: Optional[TweakListOptionsFunc] = None
        self._default_resync = default_resync
        self._custom_resync: Dict[type, float] = {}
        self._transform: Optional[cache.TransformFunc] = None
        self._informer_name: Optional[cache.InformerName] = None
        for option in options:
            option(self)

    def informer_name(self) -> Optional[cache.InformerName]:
        """The name the factory's informers publish their metrics under (None: they publish none)."""
        return self._informer_name

    def shutdown(self) -> None:
        """InformerThreads.shutdown, then the informer name is released."""
        super().shutdown()
        cache.InformerName.release(self._informer_name)

    def wait_for_cache_sync(self, stop: Any) -> Dict[type, bool]:
        """Block until every started informer has synced or ``stop`` is done; whether each did, by object type."""
        return self.wait_for_cache_sync_with_context(wait.context_for_channel(stop)).synced

    def wait_for_cache_sync_with_context(self, ctx: _context.Context) -> cache.SyncResult:
        """Block until every started informer has synced or ``ctx`` is done; ``err`` is the context's cause when
        some did not."""
        informers = self._started_informers()
        cache.wait_for(ctx, "", *(informer.has_synced_checker() for informer in informers.values()))
        result = cache.SyncResult()
        failed = False
        for informer_type, informer in informers.items():
            has_synced = informer.has_synced()
            failed = failed or not has_synced
            result.synced[informer_type] = has_synced
        if failed:
            result.err = _context.cause(ctx)
        return result

    def informer_for(self, obj: Any, new_func: NewInformerFunc) -> cache.SharedIndexInformer:
        """The factory's informer for objects of ``obj``'s type, made by ``new_func(client, resync_period)`` the
        first time."""
        informer_type = type(obj)
        with self._lock:
            informer = self._informers.get(informer_type)
            if informer is not None:
                return informer
            resync_period = self._custom_resync.get(informer_type, self._default_resync)
            informer = new_func(self._client, resync_period)
            if self._transform is not None:
                informer.set_transform(self._transform)
            self._informers[informer_type] = informer
            return informer


class ResourceInformerFactory(InformerThreads):
    """A factory of informers by GroupVersionResource: the base of the dynamic and metadata factories, whose
    ``_new_informer(gvr)`` makes the GenericInformer of a resource."""

    def __init__(
        self, client: Any, default_resync: float, namespace: str, tweak_list_options: Optional[TweakListOptionsFunc]
    ):
        super().__init__()
        self._client = client
        self._default_resync = default_resync
        self._namespace = namespace
        self._tweak_list_options = tweak_list_options
        self._generic: Dict[GroupVersionResource, GenericInformer] = {}

    # The package's new_filtered_..._informer(client, gvr, namespace, resync_period, indexers, tweak_list_options),
    # set by each subclass as a staticmethod.
    _new_filtered_informer: Callable[
        [Any, GroupVersionResource, str, float, cache.Indexers, Optional[TweakListOptionsFunc]], GenericInformer
    ]

    def _new_informer(self, gvr: GroupVersionResource) -> GenericInformer:
        return self._new_filtered_informer(
            self._client,
            gvr,
            self._namespace,
            self._default_resync,
            {cache.NamespaceIndex: cache.meta_namespace_index_func},
            self._tweak_list_options,
        )

    def for_resource(self, gvr: GroupVersionResource) -> GenericInformer:
        """The shared informer of ``gvr``, created (with the namespace index) the first time."""
        with self._lock:
            informer = self._generic.get(gvr)
            if informer is None:
                informer = self._new_informer(gvr)
                self._generic[gvr] = informer
                self._informers[gvr] = informer.informer()
            return informer

    def wait_for_cache_sync(self, stop: Any) -> Dict[GroupVersionResource, bool]:
        """Block until every started informer has synced or ``stop`` is done; whether each did, by resource."""
        return {
            gvr: cache.wait_for_cache_sync(stop, informer.has_synced)
            for gvr, informer in self._started_informers().items()
        }
