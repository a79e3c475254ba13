"""Rate limiters: the token bucket client-go puts in front of every request, and two fakes."""

from __future__ import annotations

import abc
import threading
from typing import Optional, Protocol

from kubernetes_py._go.rate import INF_DURATION, Limiter, float32
from kubernetes_py._go.time import nanoseconds

from ... import context as _context
from .clock import Clock, RealClock


class RateLimiterWaitError(Exception):
    """wait() refused: the wait would outlast the context's deadline, or the bucket can never fill."""


class PassiveRateLimiter(Protocol):
    @abc.abstractmethod
    def try_accept(self) -> bool:
        """Take a token if one is available now; never blocks."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Release resources held by the limiter."""

    @abc.abstractmethod
    def qps(self) -> float:
        """The configured queries per second."""


class RateLimiter(PassiveRateLimiter, Protocol):
    @abc.abstractmethod
    def accept(self) -> None:
        """Block until a token is available and take it."""

    @abc.abstractmethod
    def wait(self, ctx: Optional[_context.Context]) -> None:
        """Block until a token is available, raising when ctx ends first or its deadline cannot be met."""


class _TokenBucketPassiveRateLimiter(PassiveRateLimiter):
    def __init__(self, qps: float, burst: int, clock: Clock):
        if isinstance(burst, bool) or not isinstance(burst, int):
            raise TypeError(f"burst must be an int, not {type(burst).__name__}")
        # Go passes qps as float32 into rate.Limit (float64): keep that rounding so timings match.
        self._limiter = Limiter(float32(float(qps)), burst)
        self._qps = float(qps)
        self._clock = clock

    def stop(self) -> None:
        return None

    def qps(self) -> float:
        return self._qps

    def try_accept(self) -> bool:
        return self._limiter.allow_n(nanoseconds(self._clock.now()), 1)


class _TokenBucketRateLimiter(_TokenBucketPassiveRateLimiter, RateLimiter):
    def accept(self) -> None:
        now = nanoseconds(self._clock.now())
        delay = self._limiter.reserve_n(now, 1, INF_DURATION).delay_from(now)
        self._clock.sleep(delay / 1e9)

    def wait(self, ctx: Optional[_context.Context]) -> None:
        if ctx is None:
            ctx = _context.background()
        lim = self._limiter
        with lim.mu:
            burst = lim.burst
        if 1 > burst:
            raise RateLimiterWaitError(f"rate: Wait(n=1) exceeds limiter's burst {burst}")
        if ctx.done().is_set():
            raise _context_error(ctx)
        now_s = self._clock.now()
        t = nanoseconds(now_s)
        wait_limit = INF_DURATION
        deadline = _context.deadline_monotonic(ctx)
        if deadline is not None:
            # deadlines are on time.monotonic(); measure what is left on the real clock.
            import time as _time

            wait_limit = int((deadline - _time.monotonic()) * 1e9)
        r = lim.reserve_n(t, 1, wait_limit)
        if not r.ok:
            raise RateLimiterWaitError("rate: Wait(n=1) would exceed context deadline")
        delay = r.delay_from(t)
        if delay == 0:
            return
        if ctx.done().wait(delay / 1e9):
            r.cancel_at(nanoseconds(self._clock.now()))
            raise _context_error(ctx)


def _context_error(ctx: _context.Context) -> BaseException:
    err = ctx.err()
    return err if err is not None else _context.Canceled()


def new_token_bucket_rate_limiter(qps: float, burst: int) -> RateLimiter:
    """A token bucket that starts full with burst tokens and refills at qps per second."""
    return _TokenBucketRateLimiter(qps, burst, RealClock())


def new_token_bucket_passive_rate_limiter(qps: float, burst: int) -> PassiveRateLimiter:
    return _TokenBucketPassiveRateLimiter(qps, burst, RealClock())


def new_token_bucket_rate_limiter_with_clock(qps: float, burst: int, c: Clock) -> RateLimiter:
    """As new_token_bucket_rate_limiter, timed by c (``now()`` and ``sleep(seconds)``, e.g. FakeClock)."""
    return _TokenBucketRateLimiter(qps, burst, c)


def new_token_bucket_passive_rate_limiter_with_clock(qps: float, burst: int, c: Clock) -> PassiveRateLimiter:
    return _TokenBucketPassiveRateLimiter(qps, burst, c)


class _FakeAlwaysRateLimiter(RateLimiter):
    def try_accept(self) -> bool:
        return True

    def stop(self) -> None:
        return None

    def accept(self) -> None:
        return None

    def qps(self) -> float:
        return 1.0

    def wait(self, ctx: Optional[_context.Context]) -> None:
        return None


class _FakeNeverRateLimiter(RateLimiter):
    def __init__(self) -> None:
        self._stopped = threading.Event()

    def try_accept(self) -> bool:
        return False

    def stop(self) -> None:
        self._stopped.set()

    def accept(self) -> None:
        self._stopped.wait()

    def qps(self) -> float:
        return 1.0

    def wait(self, ctx: Optional[_context.Context]) -> None:
        raise RateLimiterWaitError("can not be accept")


def new_fake_always_rate_limiter() -> RateLimiter:
    """A limiter that always accepts immediately."""
    return _FakeAlwaysRateLimiter()


def new_fake_never_rate_limiter() -> RateLimiter:
    """A limiter that never accepts: accept() blocks until stop(), wait() fails."""
    return _FakeNeverRateLimiter()
