"""The work queue (client-go's workqueue/queue.go).

Guarantees, kept by one lock and its condition:

- fair: items come out in the order they were added;
- stingy: an item is never handed to two workers at once; added again while being processed, it is queued once
  more when ``done`` is called; added twice before it is processed, it is processed once;
- ``shut_down`` makes every waiting and later ``get`` return ``(None, True)`` once the queue is empty, and ignores
  later adds; ``shut_down_with_drain`` also waits until no item is being processed (or ``shut_down`` is called).

Invariants: every queued item is in ``dirty`` and not in ``processing``; an item in ``processing`` and ``dirty``
is not queued (``done`` queues it).
"""

from __future__ import annotations

import collections
import dataclasses
import threading
from typing import Any, Generic, Optional, Protocol, Tuple, TypeVar, runtime_checkable

from kubernetes_py.utils.clock import RealClock

from . import metrics as _metrics

__all__ = [
    "Interface",
    "Queue",
    "QueueConfig",
    "Type",
    "Typed",
    "TypedInterface",
    "TypedQueueConfig",
    "default_queue",
    "new",
    "new_named",
    "new_typed",
    "new_typed_with_config",
    "new_with_config",
]

T = TypeVar("T")

_DEFAULT_UNFINISHED_WORK_UPDATE_PERIOD = 0.5


@runtime_checkable
class TypedInterface(Protocol[T]):
    def add(self, item: T) -> None: ...

    def len(self) -> int: ...

    def get(self) -> Tuple[Optional[T], bool]: ...

    def done(self, item: T) -> None: ...

    def shut_down(self) -> None: ...

    def shut_down_with_drain(self) -> None: ...

    def shutting_down(self) -> bool: ...


Interface = TypedInterface
"""Deprecated in Go: use TypedInterface."""


@runtime_checkable
class Queue(Protocol[T]):
    """The storage of a work queue: the order items come out in. Always called with the work queue's lock held."""

    def touch(self, item: T) -> None:
        """Called when a queued item is added again (e.g. to raise its priority)."""

    def push(self, item: T) -> None: ...

    def len(self) -> int: ...

    def pop(self) -> T: ...


class _FIFO:
    """The default storage: first in, first out."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: collections.deque[Any] = collections.deque()

    def touch(self, item: Any) -> None:
        pass

    def push(self, item: Any) -> None:
        self.items.append(item)

    def len(self) -> int:
        return len(self.items)

    def pop(self) -> Any:
        return self.items.popleft()


def default_queue() -> Queue[Any]:
    """A first-in first-out Queue."""
    return _FIFO()


@dataclasses.dataclass
class TypedQueueConfig(Generic[T]):
    name: str = ""
    """Unnamed queues record no metrics."""
    metrics_provider: Optional[_metrics.MetricsProvider] = None
    """Instead of the global provider (set_provider)."""
    clock: Any = None
    """A clock.WithTicker (kubernetes_py.utils.clock); RealClock when None. Another clock's tickers must hand out
    kubernetes_py.utils.clock.TimeChan channels, as FakeClock's do (the queue listens to them)."""
    queue: Optional[Queue[T]] = None
    """The storage; first in, first out when None."""


QueueConfig = TypedQueueConfig
"""Deprecated in Go: use TypedQueueConfig."""


class Typed(Generic[T]):
    """A work queue (see the module docstring). ``Typed()`` is ``new_typed()``; ``Typed(config)`` is
    ``new_typed_with_config(config)``."""

    def __init__(self, config: Optional[TypedQueueConfig[T]] = None) -> None:
        _init_with_config(
            self, config if config is not None else TypedQueueConfig(), _DEFAULT_UNFINISHED_WORK_UPDATE_PERIOD
        )

    def _init(self, clock: Any, queue: Queue[Any], queue_metrics: Any, update_period: float, name: str = "") -> None:
        self._clock = clock
        if type(queue) is _FIFO:
            items = queue.items
            self._push, self._pop, self._qlen, self._touch = items.append, items.popleft, items.__len__, None
        else:
            self._push, self._pop, self._qlen, self._touch = queue.push, queue.pop, queue.len, queue.touch
        self._dirty: set[Any] = set()
        self._processing: set[Any] = set()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._waiting = 0  # threads waiting on _cond: notify only when someone listens
        self._shutting_down = False
        self._drain = False
        self._metrics = queue_metrics
        self._update_period = update_period
        self._stop = threading.Event()
        self._wake = threading.Event()  # the stop or a tick of a non-real clock
        self._update_thread: Optional[threading.Thread] = None
        if queue_metrics is not None:
            self._update_thread = threading.Thread(
                target=self._update_unfinished_work_loop, name=f"workqueue unfinished work {name}".rstrip(), daemon=True
            )
            self._update_thread.start()

    def add(self, item: T) -> None:
        """Mark item as needing processing. Ignored once the queue is shutting down."""
        with self._lock:
            if self._shutting_down:
                return
            if item in self._dirty:
                if self._touch is not None and item not in self._processing:
                    self._touch(item)
                return
            if self._metrics is not None:
                self._metrics.add(item)
            self._dirty.add(item)
            if item in self._processing:
                return
            self._push(item)
            if self._waiting:
                self._cond.notify()

    def len(self) -> int:
        """How many items are queued (informational: do not gate add or get on it)."""
        with self._lock:
            return self._qlen()

    def __len__(self) -> int:
        with self._lock:
            return self._qlen()

    def get(self) -> Tuple[Optional[T], bool]:
        """Block until an item can be processed: ``(item, False)``, or ``(None, True)`` once shut down and empty.
        Call ``done(item)`` when finished with it."""
        with self._lock:
            while not self._qlen() and not self._shutting_down:
                self._waiting += 1
                try:
                    self._cond.wait()
                finally:
                    self._waiting -= 1
            if not self._qlen():
                return None, True
            item = self._pop()
            if self._metrics is not None:
                self._metrics.get(item)
            self._processing.add(item)
            self._dirty.discard(item)
            return item, False

    def done(self, item: T) -> None:
        """Mark item as processed; queue it again if it was added meanwhile."""
        with self._lock:
            if self._metrics is not None:
                self._metrics.done(item)
            self._processing.discard(item)
            if item in self._dirty:
                self._push(item)
                if self._waiting:
                    self._cond.notify()
            elif not self._processing and self._waiting:
                self._cond.notify()

    def shut_down(self) -> None:
        """Ignore new items; workers drain what is queued, then get ``shutdown=True``. Does not wait for them."""
        self._signal_stop()
        with self._lock:
            self._drain = False
            self._shutting_down = True
            self._cond.notify_all()
        self._join_update_thread()

    def shut_down_with_drain(self) -> None:
        """As shut_down, then wait until every item handed out is done (or shut_down is called).
        Workers must call done, or this waits forever."""
        self._signal_stop()
        with self._lock:
            self._drain = True
            self._shutting_down = True
            self._cond.notify_all()
            while self._processing and self._drain:
                self._waiting += 1
                try:
                    self._cond.wait()
                finally:
                    self._waiting -= 1
        self._join_update_thread()

    def shutting_down(self) -> bool:
        with self._lock:
            return self._shutting_down

    def __enter__(self) -> "Typed[T]":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shut_down()

    def _signal_stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _join_update_thread(self) -> None:
        t = self._update_thread
        if t is not None and t is not threading.current_thread():
            t.join()

    def _update_unfinished_work(self) -> None:
        with self._lock:
            if not self._shutting_down:
                self._metrics.update_unfinished_work()

    def _update_unfinished_work_loop(self) -> None:
        period = self._update_period
        if type(self._clock) is RealClock:
            while not self._stop.wait(period):
                self._update_unfinished_work()
            return
        # Any other clock (a FakeClock in tests): wait for its ticker or the stop, whichever comes first.
        ticker = self._clock.new_ticker(period)
        wake = self._wake
        c = ticker.c()
        c.add_listener(wake.set)
        try:
            while True:
                if self._stop.is_set():
                    return
                wake.wait()
                wake.clear()
                if self._stop.is_set():
                    return
                try:
                    c.recv(timeout=0)
                except TimeoutError:
                    continue
                self._update_unfinished_work()
        finally:
            c.remove_listener(wake.set)
            ticker.stop()


Type = Typed
"""Deprecated in Go: use Typed."""


def _new_queue(clock: Any, queue: Queue[Any], queue_metrics: Any, update_period: float) -> Typed[Any]:
    """Go's newQueue: ``queue_metrics`` None records nothing (and starts no thread)."""
    q = Typed.__new__(Typed)
    q._init(clock, queue, queue_metrics, update_period)
    return q


def _init_with_config(q: Typed[Any], config: TypedQueueConfig[Any], update_period: float) -> None:
    provider = config.metrics_provider if config.metrics_provider is not None else _metrics._global_metrics_provider()
    clock = config.clock if config.clock is not None else RealClock()
    queue = config.queue if config.queue is not None else default_queue()
    q._init(clock, queue, _metrics._new_queue_metrics(provider, config.name, clock), update_period, config.name)


def _new_queue_with_config(config: TypedQueueConfig[T], update_period: float) -> Typed[T]:
    q: Typed[T] = Typed.__new__(Typed)
    _init_with_config(q, config, update_period)
    return q


def new() -> Type[Any]:
    """Deprecated in Go: use new_typed."""
    return new_with_config(QueueConfig(name=""))


def new_typed() -> Typed[Any]:
    """A new work queue (see the module docstring)."""
    return new_typed_with_config(TypedQueueConfig(name=""))


def new_with_config(config: QueueConfig[T]) -> Type[T]:
    """Deprecated in Go: use new_typed_with_config."""
    return new_typed_with_config(config)


def new_typed_with_config(config: TypedQueueConfig[T]) -> Typed[T]:
    """A new work queue with the name, metrics provider, clock and storage of config."""
    return _new_queue_with_config(config, _DEFAULT_UNFINISHED_WORK_UPDATE_PERIOD)


def new_named(name: str) -> Type[Any]:
    """Deprecated in Go: use new_with_config."""
    return new_with_config(QueueConfig(name=name))
