"""Port of client-go's tools/cache/controller.go: the low-level controller and the event handler types.

A Controller runs a Reflector (ListerWatcher -> Queue) in one thread and pops the queue in its own, handing each
popped item to ``Config.process`` (or a batch to ``Config.process_batch``). ``new_informer`` and friends wire that to
a Store and a ResourceEventHandler: ``process_deltas`` applies each delta to the store first, then tells the handler,
so a handler always sees a store at least as new as the event it is given.

Invariants: the store is only written by the thread popping the queue; the queue is closed once the stop
context is done, which ends the pop loop; ``run`` returns only after the reflector's thread has ended.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Any, Callable, Generic, List, Optional, Protocol, TypeVar

from kubernetes_py import context as _context
from kubernetes_py import features
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.utils import clock as _clock

from . import delta_fifo as _df
from .fifo import FIFOClosedError
from . import the_real_fifo as _rf
from .store import KeyError as StoreKeyError
from .store import (
    DeletedFinalStateUnknown,
    KeyFunc,
    ObjectName,
    Store,
    TransactionError,
    TransformFunc,
    deletion_handling_meta_namespace_key_func,
    meta_namespace_key_func,
    new_indexer,
    new_store,
    with_store_metrics,
)
from .thread_safe_store import Transaction, TransactionTypeAdd, TransactionTypeDelete, TransactionTypeUpdate
from .index import Indexer, Indexers
from .reflector import Reflector, ReflectorOptions, new_reflector_with_options

_log = logging.getLogger("kubernetes_py.tools.cache")

ShouldResyncFunc = Callable[[], bool]


class ProcessError(Exception):
    """Processing popped deltas failed (Go's error returned by Process); the controller goes on with the next."""


ProcessFunc = Callable[[Any, bool], None]
"""``process(obj, is_in_initial_list)``; raising is Go's returning an error."""
ProcessBatchFunc = Callable[[List[Any], bool], None]


@dataclasses.dataclass
class Config:
    """The settings of one low-level controller."""

    queue: Any = None
    """The queue of deltas (a RealFIFO or DeltaFIFO); ``process`` receives what its ``pop`` hands out."""
    lister_watcher: Any = None
    process: Optional[ProcessFunc] = None
    process_batch: Optional[ProcessBatchFunc] = None
    """Used instead of ``process`` when the queue has ``pop_batch`` and InOrderInformersBatchProcess is on."""
    object_type: Any = None
    object_description: str = ""
    full_resync_period: float = 0.0
    min_watch_timeout: float = 0.0
    should_resync: Optional[ShouldResyncFunc] = None
    watch_error_handler: Optional[Callable[[Any, BaseException], None]] = None
    watch_error_handler_with_context: Optional[Callable[[Any, Any, BaseException], None]] = None
    watch_list_page_size: int = 0


class Controller(Protocol):
    def run(self, stop: Any) -> None: ...

    def run_with_context(self, ctx: _context.Context) -> None: ...

    def has_synced(self) -> bool: ...

    def has_synced_checker(self) -> Any: ...

    def last_sync_resource_version(self) -> str: ...


def _thread_name(prefix: str, description: str) -> str:
    return f"{prefix} {description}" if description else prefix


class _Controller:
    """The Controller ``new`` returns."""

    def __init__(self, config: Config):
        self.config = dataclasses.replace(config)
        self._reflector: Optional[Reflector] = None
        self._reflector_lock = threading.Lock()
        self.clock = _clock.RealClock()

    def run(self, stop: Any) -> None:
        """Run until ``stop`` (a threading.Event or Context) is done; blocks, call it in a thread."""
        self.run_with_context(wait.context_for_channel(stop))

    def run_with_context(self, ctx: _context.Context) -> None:
        """Run until ``ctx`` is done. An exception from processing (a handler's, as a Go panic) ends the run: the
        reflector is stopped and joined, then the exception propagates. So does one that ends the reflector's
        thread (a watch error handler raising): processing stops with it, never left running over a cache that
        nothing updates any more."""
        with utilruntime.handle_crash_with_context(ctx):
            c = self.config
            # the reflector and the queue closer stop with ctx, or when processing raised
            inner, cancel = _context.with_cancel(ctx)
            closer = threading.Thread(
                target=self._close_queue_when_done,
                args=(inner,),
                daemon=True,
                name=_thread_name("queue closer", c.object_description),
            )
            closer.start()
            reflector = None
            failure: List[BaseException] = []

            def run_reflector(r: Any) -> None:
                try:
                    r.run_with_context(inner)
                except BaseException as err:  # noqa: BLE001 - handed to run_with_context's caller
                    failure.append(err)
                    cancel()

            try:
                r = new_reflector_with_options(
                    c.lister_watcher,
                    c.object_type,
                    c.queue,
                    ReflectorOptions(
                        resync_period=c.full_resync_period,
                        min_watch_timeout=c.min_watch_timeout,
                        type_description=c.object_description,
                        clock=self.clock,
                    ),
                )
                r.should_resync = c.should_resync
                r.watch_list_page_size = c.watch_list_page_size
                if c.watch_error_handler is not None:
                    handler = c.watch_error_handler
                    r.watch_error_handler = lambda _ctx, refl, err: handler(refl, err)
                elif c.watch_error_handler_with_context is not None:
                    r.watch_error_handler = c.watch_error_handler_with_context
                with self._reflector_lock:
                    self._reflector = r
                reflector = threading.Thread(
                    target=run_reflector, args=(r,), daemon=True, name=_thread_name("reflector", c.object_description)
                )
                reflector.start()
                wait.until_with_context(inner, self._process_loop, 1.0)
            finally:
                cancel()
                if reflector is not None:
                    reflector.join()
                closer.join()
            if failure:
                raise failure[0]

    def _close_queue_when_done(self, ctx: _context.Context) -> None:
        ctx.done().wait()
        self.config.queue.close()

    def has_synced(self) -> bool:
        """Whether the queue has delivered the initial list."""
        return bool(self.config.queue.has_synced())

    def has_synced_checker(self) -> Any:
        return self.config.queue.has_synced_checker()

    def last_sync_resource_version(self) -> str:
        with self._reflector_lock:
            if self._reflector is None:
                return ""
            return self._reflector.last_sync_resource_version()

    def _process_loop(self, ctx: _context.Context) -> None:
        c = self.config
        use_batch = (
            c.process_batch is not None
            and hasattr(c.queue, "pop_batch")
            and features.feature_gates().enabled(features.InOrderInformersBatchProcess)
        )
        done = ctx.done()
        while not done.is_set():
            try:
                if use_batch:
                    c.queue.pop_batch(c.process_batch, c.process)
                else:
                    c.queue.pop(c.process)
            except FIFOClosedError:
                return
            except (ProcessError, StoreKeyError, TransactionError) as err:
                # Go's processLoop drops errors returned by processing; anything else is a panic and propagates
                _log.debug("Error processing an item: %s", err)


def new(c: Config) -> Controller:
    """A Controller from ``c`` (Go's cache.New)."""
    return _Controller(c)


# ----------------------------------------------------------------------------------------------------------------
# Event handlers


class ResourceEventHandler(Protocol):
    """Told of changes to a resource. Handlers must not modify the objects they are given.

    ``on_update`` is also called on a relist or resync with nothing changed; ``on_delete`` gets the final state
    of the object when known, else a DeletedFinalStateUnknown.
    """

    def on_add(self, obj: Any, is_in_initial_list: bool) -> None: ...

    def on_update(self, old_obj: Any, new_obj: Any) -> None: ...

    def on_delete(self, obj: Any) -> None: ...


@dataclasses.dataclass(eq=False)
class ResourceEventHandlerFuncs:
    """A ResourceEventHandler from optional functions: ``add_func(obj)``, ``update_func(old, new)``,
    ``delete_func(obj)``."""

    add_func: Optional[Callable[[Any], None]] = None
    update_func: Optional[Callable[[Any, Any], None]] = None
    delete_func: Optional[Callable[[Any], None]] = None

    def on_add(self, obj: Any, is_in_initial_list: bool) -> None:
        if self.add_func is not None:
            self.add_func(obj)

    def on_update(self, old_obj: Any, new_obj: Any) -> None:
        if self.update_func is not None:
            self.update_func(old_obj, new_obj)

    def on_delete(self, obj: Any) -> None:
        if self.delete_func is not None:
            self.delete_func(obj)


@dataclasses.dataclass(eq=False)
class ResourceEventHandlerDetailedFuncs:
    """Like ResourceEventHandlerFuncs, with ``add_func(obj, is_in_initial_list)``."""

    add_func: Optional[Callable[[Any, bool], None]] = None
    update_func: Optional[Callable[[Any, Any], None]] = None
    delete_func: Optional[Callable[[Any], None]] = None

    def on_add(self, obj: Any, is_in_initial_list: bool) -> None:
        if self.add_func is not None:
            self.add_func(obj, is_in_initial_list)

    on_update = ResourceEventHandlerFuncs.on_update  # the same fields, read the same way
    on_delete = ResourceEventHandlerFuncs.on_delete  # the same fields, read the same way


@dataclasses.dataclass(eq=False)
class FilteringResourceEventHandler:
    """Passes to ``handler`` only what ``filter_func`` accepts: an update into the filter is an add, an update out
    of it a delete."""

    filter_func: Callable[[Any], bool]
    handler: Any

    def on_add(self, obj: Any, is_in_initial_list: bool) -> None:
        if self.filter_func(obj):
            self.handler.on_add(obj, is_in_initial_list)

    def on_update(self, old_obj: Any, new_obj: Any) -> None:
        newer = self.filter_func(new_obj)
        older = self.filter_func(old_obj)
        if newer and older:
            self.handler.on_update(old_obj, new_obj)
        elif newer:
            self.handler.on_add(new_obj, False)
        elif older:
            self.handler.on_delete(old_obj)

    def on_delete(self, obj: Any) -> None:
        if self.filter_func(obj):
            self.handler.on_delete(obj)


T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)


@dataclasses.dataclass
class DeletedObject(Generic[T]):
    """What a typed delete handler gets: the deleted object if known (``optional_obj``, possibly stale or None),
    and ``final_state_unknown`` when the deletion was noticed on a relist."""

    optional_obj: Optional[T] = None
    final_state_unknown: Optional[DeletedFinalStateUnknown] = None

    def get_object_name(self) -> ObjectName:
        if self.final_state_unknown is not None:
            namespace, sep, name = self.final_state_unknown.key.partition("/")
            if not sep:
                return ObjectName(name=namespace)
            return ObjectName(namespace=namespace, name=name)
        obj: Any = self.optional_obj
        if obj is None:
            return ObjectName()
        namespace = obj.get_namespace()
        if namespace:
            return ObjectName(namespace=namespace, name=obj.get_name())
        return ObjectName(name=obj.get_name())

    def get_name(self) -> str:
        return self.get_object_name().name

    def get_namespace(self) -> str:
        return self.get_object_name().namespace

    def get_key(self) -> str:
        if self.final_state_unknown is not None:
            return self.final_state_unknown.key
        obj: Any = self.optional_obj
        if obj is None:
            return ""
        namespace = obj.get_namespace()
        if namespace:
            return str(namespace) + "/" + str(obj.get_name())
        return str(obj.get_name())


class TypedResourceEventHandler(Protocol[T_contra]):
    """The type-safe ResourceEventHandler: ``on_delete`` gets a DeletedObject instead of an object or a tombstone."""

    def on_add(self, obj: T_contra, is_in_initial_list: bool) -> None: ...

    def on_update(self, old_obj: T_contra, new_obj: T_contra) -> None: ...

    def on_delete(self, obj: DeletedObject[Any]) -> None: ...


@dataclasses.dataclass(eq=False)
class TypedResourceEventHandlerFuncs(Generic[T]):
    """ResourceEventHandlerFuncs for a TypedResourceEventHandler: ``delete_func`` gets a DeletedObject."""

    add_func: Optional[Callable[[T], None]] = None
    update_func: Optional[Callable[[T, T], None]] = None
    delete_func: Optional[Callable[[DeletedObject[T]], None]] = None

    def on_add(self, obj: T, is_in_initial_list: bool) -> None:
        if self.add_func is not None:
            self.add_func(obj)

    def on_update(self, old_obj: T, new_obj: T) -> None:
        if self.update_func is not None:
            self.update_func(old_obj, new_obj)

    def on_delete(self, obj: DeletedObject[T]) -> None:
        if self.delete_func is not None:
            self.delete_func(obj)


@dataclasses.dataclass(eq=False)
class TypedResourceEventHandlerDetailedFuncs(Generic[T]):
    """Like TypedResourceEventHandlerFuncs, with ``add_func(obj, is_in_initial_list)``."""

    add_func: Optional[Callable[[T, bool], None]] = None
    update_func: Optional[Callable[[T, T], None]] = None
    delete_func: Optional[Callable[[DeletedObject[T]], None]] = None

    def on_add(self, obj: T, is_in_initial_list: bool) -> None:
        if self.add_func is not None:
            self.add_func(obj, is_in_initial_list)

    def on_update(self, old_obj: T, new_obj: T) -> None:
        if self.update_func is not None:
            self.update_func(old_obj, new_obj)

    def on_delete(self, obj: DeletedObject[T]) -> None:
        if self.delete_func is not None:
            self.delete_func(obj)


@dataclasses.dataclass(eq=False)
class TypedFilteringResourceEventHandler(Generic[T]):
    """FilteringResourceEventHandler for a TypedResourceEventHandler. An update out of the filter is a delete of a
    DeletedObject holding the old object; a delete is filtered on its ``optional_obj``, which may be None."""

    filter_func: Callable[[Optional[T]], bool]
    handler: TypedResourceEventHandler[T]

    def on_add(self, obj: T, is_in_initial_list: bool) -> None:
        if self.filter_func(obj):
            self.handler.on_add(obj, is_in_initial_list)

    def on_update(self, old_obj: T, new_obj: T) -> None:
        newer = self.filter_func(new_obj)
        older = self.filter_func(old_obj)
        if newer and older:
            self.handler.on_update(old_obj, new_obj)
        elif newer:
            self.handler.on_add(new_obj, False)
        elif older:
            self.handler.on_delete(DeletedObject(optional_obj=old_obj))

    def on_delete(self, obj: DeletedObject[T]) -> None:
        if self.filter_func(obj.optional_obj):
            self.handler.on_delete(obj)


# ----------------------------------------------------------------------------------------------------------------
# Informers


@dataclasses.dataclass
class InformerOptions:
    """What ``new_informer_with_options`` builds."""

    lister_watcher: Any = None
    object_type: Any = None
    handler: Any = None
    resync_period: float = 0.0
    min_watch_timeout: float = 0.0
    indexers: Optional[Indexers] = None
    """When set, the store is an Indexer with these indexers."""
    transform: Optional[TransformFunc] = None
    identifier: Any = None
    informer_metrics_provider: Any = None


def new_informer_with_options(options: InformerOptions) -> tuple[Store, Controller]:
    """A (Store, Controller) pair: the store is filled by the controller and the handler told of each change.
    Use the store only to read."""
    store_metrics = with_store_metrics(options.identifier, options.informer_metrics_provider)
    if options.indexers is None:
        client_state = new_store(deletion_handling_meta_namespace_key_func, store_metrics)
    else:
        client_state = new_indexer(deletion_handling_meta_namespace_key_func, options.indexers, store_metrics)
    return client_state, _new_informer(client_state, options, deletion_handling_meta_namespace_key_func)


def new_informer(lw: Any, obj_type: Any, resync_period: float, h: Any) -> tuple[Store, Controller]:
    """Deprecated in client-go: use new_informer_with_options."""
    client_state = new_store(deletion_handling_meta_namespace_key_func)
    options = InformerOptions(lister_watcher=lw, object_type=obj_type, handler=h, resync_period=resync_period)
    return client_state, _new_informer(client_state, options, deletion_handling_meta_namespace_key_func)


def new_indexer_informer(
    lw: Any, obj_type: Any, resync_period: float, h: Any, indexers: Indexers
) -> tuple[Indexer, Controller]:
    """Deprecated in client-go: use new_informer_with_options."""
    client_state = new_indexer(deletion_handling_meta_namespace_key_func, indexers)
    options = InformerOptions(
        lister_watcher=lw, object_type=obj_type, handler=h, resync_period=resync_period, indexers=indexers
    )
    return client_state, _new_informer(client_state, options, deletion_handling_meta_namespace_key_func)


def new_transforming_informer(
    lw: Any, obj_type: Any, resync_period: float, h: Any, transformer: TransformFunc
) -> tuple[Store, Controller]:
    """Deprecated in client-go: use new_informer_with_options."""
    client_state = new_store(deletion_handling_meta_namespace_key_func)
    options = InformerOptions(
        lister_watcher=lw, object_type=obj_type, handler=h, resync_period=resync_period, transform=transformer
    )
    return client_state, _new_informer(client_state, options, deletion_handling_meta_namespace_key_func)


def new_transforming_indexer_informer(
    lw: Any, obj_type: Any, resync_period: float, h: Any, indexers: Indexers, transformer: TransformFunc
) -> tuple[Indexer, Controller]:
    """Deprecated in client-go: use new_informer_with_options."""
    client_state = new_indexer(deletion_handling_meta_namespace_key_func, indexers)
    options = InformerOptions(
        lister_watcher=lw,
        object_type=obj_type,
        handler=h,
        resync_period=resync_period,
        indexers=indexers,
        transform=transformer,
    )
    return client_state, _new_informer(client_state, options, deletion_handling_meta_namespace_key_func)


def process_deltas(
    handler: Any,
    client_state: Store,
    deltas: List[Any],
    is_in_initial_list: bool,
    key_func: KeyFunc = deletion_handling_meta_namespace_key_func,
) -> None:
    """Apply ``deltas`` (oldest first) to ``client_state``, telling ``handler`` after each change."""
    for d in deltas:
        obj = d.object
        t = d.type
        if t == _df.ReplacedAll:
            if not isinstance(obj, _rf.ReplacedAllInfo):
                raise ProcessError(f"ReplacedAll did not contain ReplacedAllInfo: {_go_type(obj)}")
            _process_replaced_all_info(handler, obj, client_state, is_in_initial_list, key_func)
        elif t == _df.SyncAll:
            if not isinstance(obj, _rf.SyncAllInfo):
                raise ProcessError(f"SyncAll did not contain SyncAllInfo: {_go_type(obj)}")
            for item in client_state.list():
                handler.on_update(item, item)
            return
        elif t in (_df.Sync, _df.Replaced, _df.Added, _df.Updated):
            old, exists = _get(client_state, obj)
            if exists:
                client_state.update(obj)
                handler.on_update(old, obj)
            else:
                client_state.add(obj)
                handler.on_add(obj, is_in_initial_list)
        elif t == _df.Deleted:
            client_state.delete(obj)
            handler.on_delete(obj)
        elif t == _df.Bookmark:
            if not isinstance(obj, _rf.BookmarkInfo):
                raise ProcessError(f"bookmark delta did not contain BookmarkInfo: {_go_type(obj)}")
            client_state.bookmark(obj.resource_version)


def _get(client_state: Store, obj: Any) -> tuple[Any, bool]:
    """Go's ``old, exists, err := Get(obj); err == nil && exists``: a key error counts as absent."""
    try:
        return client_state.get(obj)
    except Exception:  # noqa: BLE001 - Go ignores the error and adds
        return None, False


def _go_type(obj: Any) -> str:
    """Go's ``%T`` of ``obj``: ``*v1.Pod`` for a typed object, ``<nil>`` for None."""
    if obj is None:
        return "<nil>"
    cls = type(obj)
    if cls.__module__ == "builtins":
        return cls.__name__
    return f"*{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__}"


_ADD_OR_UPDATE = frozenset((_df.Sync, _df.Replaced, _df.Added, _df.Updated))


def process_deltas_in_batch(
    handler: Any,
    client_state: Store,
    deltas: List[Any],
    is_in_initial_list: bool,
    key_func: KeyFunc = deletion_handling_meta_namespace_key_func,
) -> None:
    """Apply a batch of deltas (at most one per object) in one store transaction when the store has
    ``transaction``, then tell the handler of each change that was applied."""
    transaction = getattr(client_state, "transaction", None)
    if transaction is None:
        errs = []
        for delta in deltas:
            try:
                process_deltas(handler, client_state, [delta], is_in_initial_list, key_func)
            except Exception as err:  # noqa: BLE001 - collected, as Go collects errors
                errs.append(err)
        if errs:
            raise ProcessError(f"unexpected error when handling deltas: [{' '.join(str(e) for e in errs)}]")
        return
    txns: List[Transaction] = []
    calls: List[tuple[Callable[..., None], tuple[Any, ...]]] = []  # the handler's call for each change, in order
    get = client_state.get
    for d in deltas:
        obj = d.object
        if d.type in _ADD_OR_UPDATE:
            try:
                old, exists = get(obj)
            except Exception:  # noqa: BLE001 - Go ignores the error and adds (see _get)
                old, exists = None, False
            if exists:
                txns.append(Transaction(type=TransactionTypeUpdate, object=obj))
                calls.append((handler.on_update, (old, obj)))
            else:
                txns.append(Transaction(type=TransactionTypeAdd, object=obj))
                calls.append((handler.on_add, (obj, is_in_initial_list)))
        elif d.type == _df.Deleted:
            txns.append(Transaction(type=TransactionTypeDelete, object=obj))
            calls.append((handler.on_delete, (obj,)))
        else:
            raise ProcessError(f"Delta type {d.type} is not supported in batch processing")
    try:
        transaction(*txns)
    except TransactionError as err:
        for i in err.successful_indices:
            if i < len(calls):
                call, args = calls[i]
                call(*args)
        raise ProcessError(f"not all items in the batch successfully processed: {err}") from err
    for call, args in calls:
        call(*args)


def _process_replaced_all_info(
    handler: Any, info: Any, client_state: Store, is_in_initial_list: bool, key_func: KeyFunc
) -> None:
    deletions: List[DeletedFinalStateUnknown] = []
    replacements: List[tuple[Any, ...]] = []

    def on_replace(obj: Any) -> None:
        old, exists = _get(client_state, obj)
        replacements.append((old if exists else None, obj))

    _rf._reconcile_replacement([], client_state, info.objects, key_func, deletions.append, on_replace)
    # the store first, so that it reflects what the handler is told
    client_state.replace(info.objects, info.resource_version)
    for obj in deletions:
        handler.on_delete(obj)
    for old, new_obj in replacements:
        if old is not None:
            handler.on_update(old, new_obj)
        else:
            handler.on_add(new_obj, is_in_initial_list)


def _new_informer(client_state: Store, options: InformerOptions, key_func: KeyFunc) -> Controller:
    fifo = new_queue_fifo(
        options.object_type, client_state, options.transform, options.identifier, options.informer_metrics_provider
    )

    def process(obj: Any, is_in_initial_list: bool) -> None:
        if not isinstance(obj, list):
            raise ProcessError("object given as Process argument is not Deltas")
        process_deltas(options.handler, client_state, obj, is_in_initial_list, key_func)

    def process_batch(deltas: List[Any], is_in_initial_list: bool) -> None:
        process_deltas_in_batch(options.handler, client_state, deltas, is_in_initial_list, key_func)

    return new(
        Config(
            queue=fifo,
            lister_watcher=options.lister_watcher,
            object_type=options.object_type,
            full_resync_period=options.resync_period,
            min_watch_timeout=options.min_watch_timeout,
            process=process,
            process_batch=process_batch,
        )
    )


def new_queue_fifo(
    object_type: Any,
    client_state: Store,
    transform: Optional[TransformFunc],
    identifier: Any = None,
    metrics_provider: Any = None,
) -> Any:
    """The queue an informer uses: a RealFIFO (atomic events by default, as client-go v0.37; its metrics under
    ``identifier``), or a DeltaFIFO where InOrderInformers is off."""
    gates = features.feature_gates()
    if gates.enabled(features.InOrderInformers):
        options = _rf.RealFIFOOptions(
            name=f"RealFIFO {_go_type(object_type)}",
            key_function=meta_namespace_key_func,
            transformer=transform,
            identifier=identifier,
            metrics_provider=metrics_provider,
        )
        if gates.enabled(features.AtomicFIFO):
            options.atomic_events = True
            options.unlock_while_processing = gates.enabled(features.UnlockWhileProcessingFIFO)
            options.emit_delta_type_bookmark = True
        else:
            options.known_objects = client_state
        return _rf.new_real_fifo_with_options(options)
    return _df.new_delta_fifo_with_options(
        _df.DeltaFIFOOptions(
            name=f"DeltaFIFO {_go_type(object_type)}",
            known_objects=client_state,
            emit_delta_type_replaced=True,
            transformer=transform,
        )
    )


__all__ = [
    "Config",
    "Controller",
    "DeletedObject",
    "ProcessError",
    "FilteringResourceEventHandler",
    "InformerOptions",
    "ProcessBatchFunc",
    "ProcessFunc",
    "ResourceEventHandler",
    "ResourceEventHandlerDetailedFuncs",
    "ResourceEventHandlerFuncs",
    "ShouldResyncFunc",
    "TypedFilteringResourceEventHandler",
    "TypedResourceEventHandler",
    "TypedResourceEventHandlerDetailedFuncs",
    "TypedResourceEventHandlerFuncs",
    "new",
    "new_indexer_informer",
    "new_informer",
    "new_informer_with_options",
    "new_transforming_indexer_informer",
    "new_transforming_informer",
    "process_deltas",
    "process_deltas_in_batch",
]
