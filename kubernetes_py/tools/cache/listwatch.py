"""ListWatch and the Lister/Watcher protocols (client-go tools/cache/listwatch.go).

A ListWatch lists and watches with whichever functions it was given: ``list_with_context_func`` and
``watch_func_with_context`` are preferred by the context methods, ``list_func`` and ``watch_func`` by the others,
each falling back to the other kind. ``new_filtered_list_watch_from_client`` sets all four.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional, Protocol, runtime_checkable

from kubernetes_py import context as _context
from kubernetes_py.apimachinery import runtime, watch
from kubernetes_py.apimachinery.watch import Interface as WatchInterface
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.util import watchlist as _watchlist

__all__ = [
    "Getter",
    "ListFunc",
    "ListWatch",
    "ListWithContextFunc",
    "Lister",
    "ListerWatcher",
    "ListerWatcherWithContext",
    "ListerWithContext",
    "WatchFunc",
    "WatchFuncWithContext",
    "Watcher",
    "WatcherWithContext",
    "new_filtered_list_watch_from_client",
    "new_list_watch_from_client",
    "to_list_watcher_with_watch_list_semantics",
    "to_lister_watcher_with_context",
    "to_lister_with_context",
    "to_watcher_with_context",
]

ListFunc = Callable[[metav1.ListOptions], Any]
"""Deprecated in Go: ``list_func(options) -> list object``."""
ListWithContextFunc = Callable[[Any, metav1.ListOptions], Any]
WatchFunc = Callable[[metav1.ListOptions], watch.Interface]
"""Deprecated in Go: ``watch_func(options) -> watch.Interface``."""
WatchFuncWithContext = Callable[[Any, metav1.ListOptions], watch.Interface]


@runtime_checkable
class Lister(Protocol):
    """Knows how to list (deprecated in Go: prefer ListerWithContext)."""

    def list(self, options: metav1.ListOptions) -> Any: ...


@runtime_checkable
class ListerWithContext(Protocol):
    def list_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> Any: ...


@runtime_checkable
class Watcher(Protocol):
    """Knows how to start a watch; on failure it cleans up after itself and raises."""

    def watch(self, options: metav1.ListOptions) -> WatchInterface: ...


@runtime_checkable
class WatcherWithContext(Protocol):
    def watch_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> WatchInterface: ...


@runtime_checkable
class ListerWatcher(Lister, Watcher, Protocol):
    pass


@runtime_checkable
class ListerWatcherWithContext(ListerWithContext, WatcherWithContext, Protocol):
    pass


class _ListerWrapper:
    __slots__ = ("parent",)

    def __init__(self, parent: Lister):
        self.parent = parent

    def list_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> Any:
        return self.parent.list(options)


class _WatcherWrapper:
    __slots__ = ("parent",)

    def __init__(self, parent: Watcher):
        self.parent = parent

    def watch_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> WatchInterface:
        return self.parent.watch(options)


def to_lister_with_context(lister: Lister) -> ListerWithContext:
    """The lister itself when it has ``list_with_context``, else a wrapper calling its ``list``."""
    if callable(getattr(lister, "list_with_context", None)):
        return lister  # type: ignore[return-value]
    return _ListerWrapper(lister)


def to_watcher_with_context(watcher: Watcher) -> WatcherWithContext:
    """The watcher itself when it has ``watch_with_context``, else a wrapper calling its ``watch``."""
    if callable(getattr(watcher, "watch_with_context", None)):
        return watcher  # type: ignore[return-value]
    return _WatcherWrapper(watcher)


class _ListerWatcherWrapper:
    __slots__ = ("_lister", "_watcher")

    def __init__(self, lister: ListerWithContext, watcher: WatcherWithContext):
        self._lister = lister
        self._watcher = watcher

    def list_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> Any:
        return self._lister.list_with_context(ctx, options)

    def watch_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> WatchInterface:
        return self._watcher.watch_with_context(ctx, options)


def to_lister_watcher_with_context(lw: ListerWatcher) -> ListerWatcherWithContext:
    """``lw`` itself when it has both context methods, else a wrapper."""
    if callable(getattr(lw, "list_with_context", None)) and callable(getattr(lw, "watch_with_context", None)):
        return lw  # type: ignore[return-value]
    return _ListerWatcherWrapper(to_lister_with_context(lw), to_watcher_with_context(lw))


class ListWatch:
    """Lists and watches through the functions it holds (Go's ListWatch). At least one list function and one
    watch function must be set. ``disable_chunking`` asks for no paging."""

    def __init__(
        self,
        list_func: Optional[ListFunc] = None,
        watch_func: Optional[WatchFunc] = None,
        list_with_context_func: Optional[ListWithContextFunc] = None,
        watch_func_with_context: Optional[WatchFuncWithContext] = None,
        disable_chunking: bool = False,
    ):
        self.list_func = list_func
        self.watch_func = watch_func
        self.list_with_context_func = list_with_context_func
        self.watch_func_with_context = watch_func_with_context
        self.disable_chunking = disable_chunking

    def list(self, options: metav1.ListOptions) -> Any:
        """List (deprecated in Go). The reflector pages, so this does not."""
        if self.list_func is not None:
            return self.list_func(options)
        return self.list_with_context_func(_context.background(), options)  # type: ignore[misc]  # Go: nil func panics

    def list_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> Any:
        if self.list_with_context_func is not None:
            return self.list_with_context_func(ctx, options)
        return self.list_func(options)  # type: ignore[misc]  # Go: nil func panics

    def watch(self, options: metav1.ListOptions) -> WatchInterface:
        """Watch (deprecated in Go)."""
        if self.watch_func is not None:
            return self.watch_func(options)
        return self.watch_func_with_context(_context.background(), options)  # type: ignore[misc]  # Go: nil func panics

    def watch_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> WatchInterface:
        if self.watch_func_with_context is not None:
            return self.watch_func_with_context(ctx, options)
        return self.watch_func(options)  # type: ignore[misc]  # Go: nil func panics


class _ListWatcherWithWatchListSemanticsWrapper:
    """A ListWatch that also says whether its client cannot serve WatchList requests."""

    __slots__ = ("list_watch", "_unsupported")

    def __init__(self, lw: ListWatch, unsupported: bool):
        self.list_watch = lw
        self._unsupported = unsupported

    def is_watch_list_semantics_un_supported(self) -> bool:
        return self._unsupported

    def list(self, options: metav1.ListOptions) -> Any:
        return self.list_watch.list(options)

    def list_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> Any:
        return self.list_watch.list_with_context(ctx, options)

    def watch(self, options: metav1.ListOptions) -> WatchInterface:
        return self.list_watch.watch(options)

    def watch_with_context(self, ctx: _context.Context | None, options: metav1.ListOptions) -> WatchInterface:
        return self.list_watch.watch_with_context(ctx, options)


def to_list_watcher_with_watch_list_semantics(lw: ListWatch, client: Any) -> ListerWatcher:
    """``lw``, marked with whether ``client`` says it does NOT support WatchList (fake clients say so), so a
    reflector built on it lists instead of streaming."""
    return _ListWatcherWithWatchListSemanticsWrapper(
        lw, _watchlist.does_client_not_support_watch_list_semantics(client)
    )


class Getter(Protocol):
    """Anything with ``get()`` returning a rest.Request (a RESTClient)."""

    def get(self) -> Any: ...


def new_list_watch_from_client(c: Getter, resource: str, namespace: str, field_selector: Any) -> ListWatch:
    """A ListWatch of ``resource`` in ``namespace`` (metav1.NamespaceAll for all) with a field selector."""
    selector = str(field_selector)

    def modifier(options: metav1.ListOptions) -> None:
        options.fieldSelector = selector

    return new_filtered_list_watch_from_client(c, resource, namespace, modifier)


def new_filtered_list_watch_from_client(
    c: Getter, resource: str, namespace: str, options_modifier: Callable[[metav1.ListOptions], None]
) -> ListWatch:
    """A ListWatch of ``resource`` in ``namespace`` whose options ``options_modifier`` may change in place (to
    set selectors, say). Each call works on its own copy of the options."""

    def do_list(ctx: _context.Context | None, options: metav1.ListOptions) -> Any:
        options = _copy(options)
        options_modifier(options)
        return (
            c.get().namespace(namespace).resource(resource).versioned_params(options, _parameter_codec()).do(ctx).get()
        )

    def do_watch(ctx: _context.Context | None, options: metav1.ListOptions) -> WatchInterface:
        options = _copy(options)
        options.watch = True
        options_modifier(options)
        w: WatchInterface = (
            c.get().namespace(namespace).resource(resource).versioned_params(options, _parameter_codec()).watch(ctx)
        )
        return w

    return ListWatch(
        list_func=lambda options: do_list(_context.background(), options),
        watch_func=lambda options: do_watch(_context.background(), options),
        list_with_context_func=do_list,
        watch_func_with_context=do_watch,
    )


@functools.lru_cache(maxsize=None)
def _parameter_codec() -> Any:
    # Go's metav1.ParameterCodec: the option kinds registered as unversioned, so they encode for any group.
    scheme = runtime.new_scheme("k8s.io/apimachinery/pkg/apis/meta/v1/register.go:scheme")
    scheme.add_unversioned_types(
        metav1.SchemeGroupVersion,
        metav1.ListOptions,
        metav1.GetOptions,
        metav1.DeleteOptions,
        metav1.CreateOptions,
        metav1.UpdateOptions,
        metav1.PatchOptions,
    )
    return runtime.new_parameter_codec(scheme)


def _copy(options: metav1.ListOptions) -> metav1.ListOptions:
    out = metav1.ListOptions()
    out.CopyFrom(options)
    return out
