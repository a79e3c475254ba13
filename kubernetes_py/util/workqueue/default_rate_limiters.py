"""Rate limiters for the rate-limiting queue (client-go's workqueue/default_rate_limiters.go).

``when(item)`` says how many seconds item should wait before it is added again, ``forget(item)`` stops counting its
failures, ``num_requeues(item)`` is how many failures are counted. Per-item delays are computed on integer
nanoseconds, as Go's time.Duration, so the sequences match Go's exactly.
"""

from __future__ import annotations

import math
import threading
from typing import Any, Dict, Generic, Protocol, TypeVar, runtime_checkable

from kubernetes_py._go.rate import INF_DURATION, Limiter
from kubernetes_py._go.time import nanoseconds
from kubernetes_py.utils.clock import RealClock

__all__ = [
    "BucketRateLimiter",
    "ItemExponentialFailureRateLimiter",
    "ItemFastSlowRateLimiter",
    "MaxOfRateLimiter",
    "RateLimiter",
    "TypedBucketRateLimiter",
    "TypedItemExponentialFailureRateLimiter",
    "TypedItemFastSlowRateLimiter",
    "TypedMaxOfRateLimiter",
    "TypedRateLimiter",
    "TypedWithMaxWaitRateLimiter",
    "WithMaxWaitRateLimiter",
    "default_controller_rate_limiter",
    "default_item_based_rate_limiter",
    "default_typed_controller_rate_limiter",
    "default_typed_item_based_rate_limiter",
    "new_item_exponential_failure_rate_limiter",
    "new_item_fast_slow_rate_limiter",
    "new_max_of_rate_limiter",
    "new_typed_item_exponential_failure_rate_limiter",
    "new_typed_item_fast_slow_rate_limiter",
    "new_typed_max_of_rate_limiter",
    "new_typed_with_max_wait_rate_limiter",
    "new_with_max_wait_rate_limiter",
]

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)


@runtime_checkable
class TypedRateLimiter(Protocol[T_contra]):
    def when(self, item: T_contra) -> float:
        """How long (seconds) item should wait; counts a failure for per-item limiters."""

    def forget(self, item: T_contra) -> None:
        """Stop tracking item (it succeeded, or was given up on)."""

    def num_requeues(self, item: T_contra) -> int:
        """How many failures of item are counted."""


RateLimiter = TypedRateLimiter
"""Deprecated in Go: use TypedRateLimiter."""


class TypedBucketRateLimiter(Generic[T]):
    """An overall token bucket (golang.org/x/time/rate's Limiter, as kubernetes_py.util.flowcontrol has it): every
    ``when`` reserves a token and waits until it is available, whatever the item."""

    def __init__(self, limiter: Limiter, clock: Any = None) -> None:
        self.limiter = limiter
        self._clock = clock if clock is not None else RealClock()

    def when(self, item: Any) -> float:
        now = nanoseconds(self._clock.now())
        return self.limiter.reserve_n(now, 1, INF_DURATION).delay_from(now) / 1e9

    def num_requeues(self, item: Any) -> int:
        return 0

    def forget(self, item: Any) -> None:
        pass


BucketRateLimiter = TypedBucketRateLimiter
"""Deprecated in Go: use TypedBucketRateLimiter."""


class _PerItemFailures(Generic[T]):
    """The failure count per item that the per-item limiters keep: ``_failed(item)`` counts one more and returns
    the count before it; forget drops the item."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: Dict[Any, int] = {}

    def _failed(self, item: Any) -> int:
        with self._lock:
            n = self._failures.get(item, 0)
            self._failures[item] = n + 1
        return n

    def num_requeues(self, item: Any) -> int:
        with self._lock:
            return self._failures.get(item, 0)

    def forget(self, item: Any) -> None:
        with self._lock:
            self._failures.pop(item, None)


class TypedItemExponentialFailureRateLimiter(_PerItemFailures[T]):
    """Per item: base_delay * 2**failures, at most max_delay."""

    def __init__(self, base_delay: float, max_delay: float) -> None:
        super().__init__()
        self.base_delay = base_delay
        self.max_delay = max_delay

    def when(self, item: Any) -> float:
        exp = self._failed(item)
        # Go: float64(baseDelay.Nanoseconds()) * math.Pow(2, exp), capped before it overflows a Duration.
        try:
            backoff = float(nanoseconds(self.base_delay)) * math.pow(2, exp)
        except OverflowError:
            return self.max_delay
        if backoff > float(INF_DURATION):
            return self.max_delay
        calculated = int(backoff)
        if calculated > nanoseconds(self.max_delay):
            return self.max_delay
        return calculated / 1e9


ItemExponentialFailureRateLimiter = TypedItemExponentialFailureRateLimiter
"""Deprecated in Go: use TypedItemExponentialFailureRateLimiter."""


class TypedItemFastSlowRateLimiter(_PerItemFailures[T]):
    """Per item: fast_delay for the first max_fast_attempts failures, slow_delay after."""

    def __init__(self, fast_delay: float, slow_delay: float, max_fast_attempts: int) -> None:
        super().__init__()
        self.fast_delay = fast_delay
        self.slow_delay = slow_delay
        self.max_fast_attempts = max_fast_attempts

    def when(self, item: Any) -> float:
        if self._failed(item) + 1 <= self.max_fast_attempts:
            return self.fast_delay
        return self.slow_delay


ItemFastSlowRateLimiter = TypedItemFastSlowRateLimiter
"""Deprecated in Go: use TypedItemFastSlowRateLimiter."""


class TypedMaxOfRateLimiter(Generic[T]):
    """Asks every limiter and answers the longest wait (and the most requeues). With a token bucket among them the
    burst can appear exceeded, when some items were separately delayed longer."""

    def __init__(self, *limiters: TypedRateLimiter[Any]) -> None:
        self.limiters = list(limiters)

    def when(self, item: Any) -> float:
        # every limiter is asked (each counts the failure), as in Go; 0 is the floor
        return max([0.0, *(limiter.when(item) for limiter in self.limiters)])

    def num_requeues(self, item: Any) -> int:
        return max([0, *(limiter.num_requeues(item) for limiter in self.limiters)])

    def forget(self, item: Any) -> None:
        for limiter in self.limiters:
            limiter.forget(item)


MaxOfRateLimiter = TypedMaxOfRateLimiter
"""Deprecated in Go: use TypedMaxOfRateLimiter."""


class TypedWithMaxWaitRateLimiter(Generic[T]):
    """Another limiter's answer, at most max_delay."""

    def __init__(self, limiter: TypedRateLimiter[Any], max_delay: float) -> None:
        self.limiter = limiter
        self.max_delay = max_delay

    def when(self, item: Any) -> float:
        delay = self.limiter.when(item)
        if delay > self.max_delay:
            return self.max_delay
        return delay

    def forget(self, item: Any) -> None:
        self.limiter.forget(item)

    def num_requeues(self, item: Any) -> int:
        return self.limiter.num_requeues(item)


WithMaxWaitRateLimiter = TypedWithMaxWaitRateLimiter
"""Deprecated in Go: use TypedWithMaxWaitRateLimiter."""


def default_controller_rate_limiter() -> RateLimiter[Any]:
    """Deprecated in Go: use default_typed_controller_rate_limiter."""
    return default_typed_controller_rate_limiter()


def default_typed_controller_rate_limiter(clock: Any = None) -> TypedRateLimiter[Any]:
    """What controllers use: per item exponential from 5 ms to 1000 s, and overall a token bucket of 10 qps with a
    burst of 100, whichever waits longer. ``clock`` (not in Go) times the bucket, for tests."""
    return new_typed_max_of_rate_limiter(
        new_typed_item_exponential_failure_rate_limiter(0.005, 1000.0),
        TypedBucketRateLimiter(Limiter(10.0, 100), clock),
    )


def new_item_exponential_failure_rate_limiter(base_delay: float, max_delay: float) -> RateLimiter[Any]:
    """Deprecated in Go: use new_typed_item_exponential_failure_rate_limiter."""
    return new_typed_item_exponential_failure_rate_limiter(base_delay, max_delay)


def new_typed_item_exponential_failure_rate_limiter(base_delay: float, max_delay: float) -> TypedRateLimiter[Any]:
    return TypedItemExponentialFailureRateLimiter(base_delay, max_delay)


def default_item_based_rate_limiter() -> RateLimiter[Any]:
    """Deprecated in Go: use default_typed_item_based_rate_limiter."""
    return default_typed_item_based_rate_limiter()


def default_typed_item_based_rate_limiter() -> TypedRateLimiter[Any]:
    """Per item exponential from 1 ms to 1000 s."""
    return new_typed_item_exponential_failure_rate_limiter(0.001, 1000.0)


def new_item_fast_slow_rate_limiter(fast_delay: float, slow_delay: float, max_fast_attempts: int) -> RateLimiter[Any]:
    """Deprecated in Go: use new_typed_item_fast_slow_rate_limiter."""
    return new_typed_item_fast_slow_rate_limiter(fast_delay, slow_delay, max_fast_attempts)


def new_typed_item_fast_slow_rate_limiter(
    fast_delay: float, slow_delay: float, max_fast_attempts: int
) -> TypedRateLimiter[Any]:
    return TypedItemFastSlowRateLimiter(fast_delay, slow_delay, max_fast_attempts)


def new_max_of_rate_limiter(*limiters: TypedRateLimiter[Any]) -> RateLimiter[Any]:
    """Deprecated in Go: use new_typed_max_of_rate_limiter."""
    return new_typed_max_of_rate_limiter(*limiters)


def new_typed_max_of_rate_limiter(*limiters: TypedRateLimiter[Any]) -> TypedRateLimiter[Any]:
    return TypedMaxOfRateLimiter(*limiters)


def new_with_max_wait_rate_limiter(limiter: TypedRateLimiter[Any], max_delay: float) -> RateLimiter[Any]:
    """Deprecated in Go: use new_typed_with_max_wait_rate_limiter."""
    return new_typed_with_max_wait_rate_limiter(limiter, max_delay)


def new_typed_with_max_wait_rate_limiter(limiter: TypedRateLimiter[Any], max_delay: float) -> TypedRateLimiter[Any]:
    return TypedWithMaxWaitRateLimiter(limiter, max_delay)
