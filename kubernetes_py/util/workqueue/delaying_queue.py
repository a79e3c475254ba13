"""The delaying queue (client-go's workqueue/delaying_queue.go): ``add_after(item, seconds)``.

Items wait in a heap ordered by the time they are due; a waiting thread adds each to the queue when it is due.
An item already waiting keeps the earlier of its two due times (an earlier ``add_after`` wins). With the real
clock the thread sleeps on a condition until the next due time (at most 10 s, Go's heartbeat); with any other clock
(a FakeClock) it waits for a timer of that clock, so tests step time instead of sleeping.

Invariants: ``_waiting[item]`` is the one live heap entry of each waiting item; entries replaced by an earlier
one are marked dead and skipped. Lock order: this queue's lock, then the inner queue's; the inner queue never calls
back.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import logging
import threading
from typing import Any, Dict, Generic, List, Optional, Protocol, Tuple, TypeVar, runtime_checkable

from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.utils.clock import RealClock

from . import metrics as _metrics
from .queue import TypedInterface, TypedQueueConfig, new_typed_with_config

__all__ = [
    "DelayingInterface",
    "DelayingQueueConfig",
    "TypedDelayingInterface",
    "TypedDelayingQueueConfig",
    "new_delaying_queue",
    "new_delaying_queue_with_config",
    "new_delaying_queue_with_custom_clock",
    "new_delaying_queue_with_custom_queue",
    "new_named_delaying_queue",
    "new_typed_delaying_queue",
    "new_typed_delaying_queue_with_config",
    "typed_new_delaying_queue",
]

T = TypeVar("T")

_log = logging.getLogger(__name__)

_MAX_WAIT = 10.0
"""Go's maxWait: the waiting thread looks at the heap at least this often, whatever happens."""

_SLACK = 1e-6
"""Items are added up to a microsecond early: float seconds of a clock near the epoch (a FakeClock started at
time.time()) only resolve about 0.2 µs, so a due time and the time a step lands on may differ by a rounding."""


@runtime_checkable
class TypedDelayingInterface(TypedInterface[T], Protocol[T]):
    def add_after(self, item: T, duration: float) -> None:
        """Add item to the queue once duration seconds have passed."""


DelayingInterface = TypedDelayingInterface
"""Deprecated in Go: use TypedDelayingInterface."""


@dataclasses.dataclass
class TypedDelayingQueueConfig(Generic[T]):
    logger: Optional[logging.Logger] = None
    """Where a crash of the waiting thread is logged."""
    name: str = ""
    metrics_provider: Optional[_metrics.MetricsProvider] = None
    clock: Any = None
    """A clock.WithTicker; RealClock when None. Another clock's timers and tickers must hand out
    kubernetes_py.utils.clock.TimeChan channels, as FakeClock's do (the waiting thread listens to them)."""
    queue: Optional[TypedInterface[T]] = None
    """The queue due items are added to; a new work queue when None."""


DelayingQueueConfig = TypedDelayingQueueConfig
"""Deprecated in Go: use TypedDelayingQueueConfig."""


_Self = TypeVar("_Self", bound="_Embedding[Any]")


class _Embedding(Generic[T]):
    """The queue interface forwarded to the queue underneath (``self._q``), as Go's embedded interface does; the
    delaying and the rate-limiting queues add their methods on top. As a context manager it shuts down on exit."""

    _q: TypedInterface[T]

    def add(self, item: T) -> None:
        self._q.add(item)

    def len(self) -> int:
        return self._q.len()

    def __len__(self) -> int:
        return self._q.len()

    def get(self) -> Tuple[Optional[T], bool]:
        return self._q.get()

    def done(self, item: T) -> None:
        self._q.done(item)

    def shut_down(self) -> None:
        self._q.shut_down()

    def shut_down_with_drain(self) -> None:
        self._q.shut_down_with_drain()

    def shutting_down(self) -> bool:
        return self._q.shutting_down()

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shut_down()


class _DelayingType(_Embedding[T]):
    def __init__(
        self,
        logger: logging.Logger,
        clock: Any,
        q: TypedInterface[Any],
        name: str,
        provider: Optional[_metrics.MetricsProvider],
    ) -> None:
        self._q = q
        self._clock = clock
        self._real = type(clock) is RealClock
        self._heartbeat = None if self._real else clock.new_ticker(_MAX_WAIT)
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._heap: List[list[Any]] = []  # [ready_at, seq, item, alive]
        self._waiting: Dict[Any, list[Any]] = {}
        self._seq = itertools.count()
        self._stopped = False  # the waiting thread must end
        self._shut_down_called = False
        self._kicked = False
        self._loop_waiting = False
        self._metrics = _metrics._new_retry_metrics(name, provider)
        self._logger = logger
        self._thread = threading.Thread(
            target=self._waiting_loop, name=f"workqueue waiting {name}".rstrip(), daemon=True
        )
        self._thread.start()

    def shut_down(self) -> None:
        """Shut the queue down; items still waiting are dropped. May be called more than once."""
        with self._lock:
            first = not self._shut_down_called
            self._shut_down_called = True
            self._stopped = True
            self._cond.notify_all()
        if first:
            self._q.shut_down()
            if self._heartbeat is not None:
                self._heartbeat.stop()
        self._join()

    def shut_down_with_drain(self) -> None:
        """The inner queue's drain; the waiting thread stops too (Go leaves it to notice at its next wake-up)."""
        self._q.shut_down_with_drain()
        with self._lock:
            self._stopped = True
            self._cond.notify_all()
        self._join()

    def _join(self) -> None:
        if self._thread is not threading.current_thread():
            self._thread.join()

    def add_after(self, item: T, duration: float) -> None:
        """Add item after duration seconds (at once when duration <= 0). Ignored once shutting down."""
        if self._q.shutting_down():
            return
        if self._metrics is not None:
            self._metrics.retry()
        if duration <= 0:
            self._q.add(item)
            return
        with self._lock:
            if self._stopped:
                return
            ready_at = self._clock.now() + duration
            existing = self._waiting.get(item)
            if existing is not None:
                if existing[0] <= ready_at:
                    return
                existing[3] = False
            entry = [ready_at, next(self._seq), item, True]
            self._waiting[item] = entry
            heapq.heappush(self._heap, entry)
            if self._heap[0] is entry:
                self._kicked = True
                if self._loop_waiting:
                    self._cond.notify()

    def _wake(self) -> None:
        # Called by a clock's ticker or timer, from a thread that does not hold our lock.
        with self._lock:
            self._kicked = True
            self._cond.notify()

    def _waiting_loop(self) -> None:
        with utilruntime.handle_crash(lambda exc: self._logger.error("workqueue waiting loop crashed: %r", exc)):
            if self._heartbeat is not None:
                self._heartbeat.c().add_listener(self._wake)
            try:
                self._run()
            finally:
                if self._heartbeat is not None:
                    self._heartbeat.c().remove_listener(self._wake)

    def _run(self) -> None:
        heap = self._heap
        timer = None
        try:
            with self._lock:
                while True:
                    if self._stopped:
                        return
                    now = self._clock.now()
                    due = now + _SLACK
                    ready = []
                    while heap and (not heap[0][3] or heap[0][0] <= due):
                        entry = heapq.heappop(heap)
                        if entry[3]:
                            del self._waiting[entry[2]]
                            ready.append(entry[2])
                    if ready:
                        self._lock.release()
                        try:
                            for item in ready:
                                self._q.add(item)
                        finally:
                            self._lock.acquire()
                        continue
                    if self._q.shutting_down():
                        return
                    self._kicked = False
                    self._loop_waiting = True
                    try:
                        if self._real:
                            self._cond.wait(min(heap[0][0] - due, _MAX_WAIT) if heap else _MAX_WAIT)
                            continue
                        if timer is not None:
                            timer.stop()
                            timer = None
                        if heap:
                            timer = self._clock.new_timer(heap[0][0] - due)
                            timer.c().add_listener(self._wake)
                            if self._clock.now() != now:
                                continue  # the clock moved while the timer was set: look again
                        while not self._kicked and not self._stopped:
                            self._cond.wait()
                    finally:
                        self._loop_waiting = False
        finally:
            if timer is not None:
                timer.stop()


def new_delaying_queue() -> DelayingInterface[Any]:
    """Deprecated in Go: use new_typed_delaying_queue. Records no metrics."""
    return new_delaying_queue_with_config(DelayingQueueConfig())


def new_typed_delaying_queue() -> TypedDelayingInterface[Any]:
    """A work queue with add_after. Records no metrics: name it with new_typed_delaying_queue_with_config."""
    return new_typed_delaying_queue_with_config(TypedDelayingQueueConfig())


def new_delaying_queue_with_config(config: DelayingQueueConfig[Any]) -> DelayingInterface[Any]:
    """Deprecated in Go: use new_typed_delaying_queue_with_config."""
    return new_typed_delaying_queue_with_config(config)


def typed_new_delaying_queue() -> TypedDelayingInterface[Any]:
    """Deprecated in Go (kept for compatibility): use new_typed_delaying_queue_with_config."""
    return new_typed_delaying_queue()


def new_typed_delaying_queue_with_config(config: TypedDelayingQueueConfig[Any]) -> TypedDelayingInterface[Any]:
    """A work queue with add_after, with the logger, name, metrics provider, clock and inner queue of config."""
    logger = config.logger if config.logger is not None else _log
    clock = config.clock if config.clock is not None else RealClock()
    q = config.queue
    if q is None:
        q = new_typed_with_config(
            TypedQueueConfig(name=config.name, metrics_provider=config.metrics_provider, clock=clock)
        )
    return _DelayingType(logger, clock, q, config.name, config.metrics_provider)


def new_delaying_queue_with_custom_queue(q: TypedInterface[Any], name: str) -> DelayingInterface[Any]:
    """Deprecated in Go: use new_delaying_queue_with_config."""
    return new_delaying_queue_with_config(DelayingQueueConfig(name=name, queue=q))


def new_named_delaying_queue(name: str) -> DelayingInterface[Any]:
    """Deprecated in Go: use new_delaying_queue_with_config."""
    return new_delaying_queue_with_config(DelayingQueueConfig(name=name))


def new_delaying_queue_with_custom_clock(clock: Any, name: str) -> DelayingInterface[Any]:
    """Deprecated in Go: use new_delaying_queue_with_config."""
    return new_delaying_queue_with_config(DelayingQueueConfig(name=name, clock=clock))
