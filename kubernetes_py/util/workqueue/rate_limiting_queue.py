"""The rate-limiting queue (client-go's workqueue/rate_limiting_queue.go): ``add_rate_limited`` asks the rate
limiter how long the item should wait, then ``add_after``s it. Call ``forget`` once an item succeeds (or is given
up on), or the limiter keeps counting its failures."""

from __future__ import annotations

import dataclasses
from typing import Any, Generic, Optional, Protocol, TypeVar, runtime_checkable

from kubernetes_py.utils.clock import RealClock

from . import metrics as _metrics
from .default_rate_limiters import TypedRateLimiter
from .delaying_queue import (
    _Embedding,
    TypedDelayingInterface,
    TypedDelayingQueueConfig,
    new_typed_delaying_queue_with_config,
)

__all__ = [
    "RateLimitingInterface",
    "RateLimitingQueueConfig",
    "TypedRateLimitingInterface",
    "TypedRateLimitingQueueConfig",
    "new_named_rate_limiting_queue",
    "new_rate_limiting_queue",
    "new_rate_limiting_queue_with_config",
    "new_rate_limiting_queue_with_delaying_interface",
    "new_typed_rate_limiting_queue",
    "new_typed_rate_limiting_queue_with_config",
]

T = TypeVar("T")


@runtime_checkable
class TypedRateLimitingInterface(TypedDelayingInterface[T], Protocol[T]):
    def add_rate_limited(self, item: T) -> None:
        """Add item once the rate limiter says it may be."""

    def forget(self, item: T) -> None:
        """Stop tracking item's retries (on success or giving up). done must still be called."""

    def num_requeues(self, item: T) -> int:
        """How many times item was requeued."""


RateLimitingInterface = TypedRateLimitingInterface
"""Deprecated in Go: use TypedRateLimitingInterface."""


@dataclasses.dataclass
class TypedRateLimitingQueueConfig(Generic[T]):
    name: str = ""
    metrics_provider: Optional[_metrics.MetricsProvider] = None
    clock: Any = None
    """A clock.WithTicker; RealClock when None."""
    delaying_queue: Optional[TypedDelayingInterface[T]] = None
    """The delaying queue underneath; a new one when None."""


RateLimitingQueueConfig = TypedRateLimitingQueueConfig
"""Deprecated in Go: use TypedRateLimitingQueueConfig."""


class _RateLimitingType(_Embedding[T]):
    _q: TypedDelayingInterface[T]

    def __init__(self, delaying_queue: TypedDelayingInterface[Any], rate_limiter: TypedRateLimiter[Any]) -> None:
        self._q = delaying_queue
        self._rate_limiter = rate_limiter

    def add_after(self, item: T, duration: float) -> None:
        self._q.add_after(item, duration)

    def add_rate_limited(self, item: T) -> None:
        self._q.add_after(item, self._rate_limiter.when(item))

    def num_requeues(self, item: T) -> int:
        return self._rate_limiter.num_requeues(item)

    def forget(self, item: T) -> None:
        self._rate_limiter.forget(item)


def new_rate_limiting_queue(rate_limiter: TypedRateLimiter[Any]) -> RateLimitingInterface[Any]:
    """Deprecated in Go: use new_typed_rate_limiting_queue. Records no metrics."""
    return new_rate_limiting_queue_with_config(rate_limiter, RateLimitingQueueConfig())


def new_typed_rate_limiting_queue(rate_limiter: TypedRateLimiter[Any]) -> TypedRateLimitingInterface[Any]:
    """A work queue with add_rate_limited. Remember to call forget. Records no metrics: name it with
    new_typed_rate_limiting_queue_with_config."""
    return new_typed_rate_limiting_queue_with_config(rate_limiter, TypedRateLimitingQueueConfig())


def new_rate_limiting_queue_with_config(
    rate_limiter: TypedRateLimiter[Any], config: RateLimitingQueueConfig[Any]
) -> RateLimitingInterface[Any]:
    """Deprecated in Go: use new_typed_rate_limiting_queue_with_config."""
    return new_typed_rate_limiting_queue_with_config(rate_limiter, config)


def new_typed_rate_limiting_queue_with_config(
    rate_limiter: TypedRateLimiter[Any], config: TypedRateLimitingQueueConfig[Any]
) -> TypedRateLimitingInterface[Any]:
    """A work queue with add_rate_limited, with the name, metrics provider, clock and delaying queue of config."""
    clock = config.clock if config.clock is not None else RealClock()
    dq = config.delaying_queue
    if dq is None:
        dq = new_typed_delaying_queue_with_config(
            TypedDelayingQueueConfig(name=config.name, metrics_provider=config.metrics_provider, clock=clock)
        )
    return _RateLimitingType(dq, rate_limiter)


def new_named_rate_limiting_queue(rate_limiter: TypedRateLimiter[Any], name: str) -> RateLimitingInterface[Any]:
    """Deprecated in Go: use new_rate_limiting_queue_with_config."""
    return new_rate_limiting_queue_with_config(rate_limiter, RateLimitingQueueConfig(name=name))


def new_rate_limiting_queue_with_delaying_interface(
    di: TypedDelayingInterface[Any], rate_limiter: TypedRateLimiter[Any]
) -> RateLimitingInterface[Any]:
    """Deprecated in Go: use new_rate_limiting_queue_with_config."""
    return new_rate_limiting_queue_with_config(rate_limiter, RateLimitingQueueConfig(delaying_queue=di))
