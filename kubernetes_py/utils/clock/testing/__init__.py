"""k8s.io/utils/clock/testing: clocks that move only when a test moves them.

``FakeClock`` keeps its time in integer nanoseconds (so many small steps add up exactly) and reports float
seconds. ``step``/``set_time`` fire every timer, ticker and ``after_func`` whose time has come, outside the clock's
lock, in the stepping thread; ``sleep`` steps instead of blocking.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, List, Optional

from kubernetes_py._go.chan import Chan
from kubernetes_py._go.time import nanoseconds
from kubernetes_py.utils.clock import Ticker, TimeChan, Timer

__all__ = [
    "FakeClock",
    "FakePassiveClock",
    "IntervalClock",
    "SimpleIntervalClock",
    "new_fake_clock",
    "new_fake_passive_clock",
]


class FakePassiveClock:
    """A PassiveClock whose time is set by the test."""

    def __init__(self, t: float = 0.0):
        self._lock = threading.Lock()
        self._time = nanoseconds(t)

    def now(self) -> float:
        with self._lock:
            return self._time / 1e9

    def since(self, ts: float) -> float:
        # On nanoseconds, as Go's Time.Sub: since(t) of a time stepped by 25 µs is exactly 2.5e-05.
        with self._lock:
            return (self._time - nanoseconds(ts)) / 1e9

    def set_time(self, t: float) -> None:
        with self._lock:
            self._time = nanoseconds(t)


class _Waiter:
    __slots__ = ("target", "step_interval", "dest", "after_func")

    def __init__(
        self, target: int, dest: TimeChan, step_interval: int = 0, after_func: Optional[Callable[[], None]] = None
    ):
        self.target = target
        self.step_interval = step_interval
        self.dest = dest
        self.after_func = after_func


class FakeClock(FakePassiveClock):
    """A clock.WithTickerAndDelayedExecution for tests."""

    def __init__(self, t: float = 0.0):
        super().__init__(t)
        self._waiters: List[_Waiter] = []

    def _add(self, d: float, step_interval: int = 0, after_func: Optional[Callable[[], None]] = None) -> _Waiter:
        with self._lock:
            w = _Waiter(self._time + nanoseconds(d), TimeChan(), step_interval, after_func)
            self._waiters.append(w)
            return w

    def after(self, d: float) -> Chan:
        return self._add(d).dest

    def new_timer(self, d: float) -> Timer:
        return _FakeTimer(self, self._add(d))

    def after_func(self, d: float, f: Callable[[], None]) -> Timer:
        return _FakeTimer(self, self._add(d, after_func=f))

    def tick(self, d: float) -> Optional[Chan]:
        if d <= 0:
            return None
        return self._add(d, step_interval=nanoseconds(d)).dest

    def new_ticker(self, d: float) -> Ticker:
        return _FakeTicker(self._add(d, step_interval=nanoseconds(d)).dest)

    def step(self, d: float) -> None:
        """Move the clock forward by d seconds, firing what has come due."""
        with self._lock:
            fired = self._set_time_locked(self._time + nanoseconds(d))
        self._fire(fired)

    def set_time(self, t: float) -> None:
        with self._lock:
            fired = self._set_time_locked(nanoseconds(t))
        self._fire(fired)

    def _set_time_locked(self, t: int) -> list[Any]:
        self._time = t
        fired = []
        keep = []
        for w in self._waiters:
            if w.target <= t:
                fired.append(w)
                if w.step_interval > 0:
                    while w.target <= t:
                        w.target += w.step_interval
                    keep.append(w)
            else:
                keep.append(w)
        self._waiters = keep
        return [(w, t) for w in fired]

    @staticmethod
    def _fire(fired: list[Any]) -> None:
        for w, t in fired:
            w.dest.try_send(t / 1e9)
            if w.after_func is not None:
                w.after_func()

    def has_waiters(self) -> bool:
        with self._lock:
            return len(self._waiters) > 0

    def waiters(self) -> int:
        """How many timers and tickers wait for the clock."""
        with self._lock:
            return len(self._waiters)

    def sleep(self, d: float) -> None:
        self.step(d)


class _FakeTimer:
    def __init__(self, clock: FakeClock, waiter: _Waiter):
        self._clock = clock
        self._waiter = waiter

    def c(self) -> Chan:
        return self._waiter.dest

    def stop(self) -> bool:
        clock = self._clock
        with clock._lock:
            active = self._waiter in clock._waiters
            if active:
                clock._waiters.remove(self._waiter)
            return active

    def reset(self, d: float) -> bool:
        clock = self._clock
        with clock._lock:
            self._waiter.target = clock._time + nanoseconds(d)
            active = self._waiter in clock._waiters
            if not active:
                clock._waiters.append(self._waiter)
            return active


class _FakeTicker:
    """As in Go, stopping a fake ticker does not unregister it."""

    def __init__(self, c: Chan):
        self._c = c

    def c(self) -> Chan:
        return self._c

    def stop(self) -> None:
        return None


class SimpleIntervalClock:
    """A PassiveClock that moves forward by ``duration`` on every ``now()`` (Go's SimpleIntervalClock{Time,
    Duration}: ``SimpleIntervalClock(time.time(), 1.0)``)."""

    def __init__(self, time: float = 0.0, duration: float = 0.0):
        self.time = time
        self.duration = duration

    def now(self) -> float:
        self.time += self.duration
        return self.time

    def since(self, ts: float) -> float:
        return self.time - ts


class IntervalClock:
    """A PassiveClock that moves forward by ``duration`` on every ``now()``; the other Clock methods raise.
    Deprecated in Go: use SimpleIntervalClock."""

    def __init__(self, time: float = 0.0, duration: float = 0.0):
        self.time = time
        self.duration = duration

    def now(self) -> float:
        self.time += self.duration
        return self.time

    def since(self, ts: float) -> float:
        return self.time - ts

    def after(self, d: float) -> Chan:
        raise NotImplementedError("IntervalClock doesn't implement After")

    def new_timer(self, d: float) -> Timer:
        raise NotImplementedError("IntervalClock doesn't implement NewTimer")

    def after_func(self, d: float, f: Callable[[], None]) -> Timer:
        raise NotImplementedError("IntervalClock doesn't implement AfterFunc")

    def tick(self, d: float) -> Optional[Chan]:
        raise NotImplementedError("IntervalClock doesn't implement Tick")

    def new_ticker(self, d: float) -> Ticker:
        raise NotImplementedError("IntervalClock doesn't implement NewTicker")

    def sleep(self, d: float) -> None:
        raise NotImplementedError("IntervalClock doesn't implement Sleep")


def new_fake_passive_clock(t: float = 0.0) -> FakePassiveClock:
    return FakePassiveClock(t)


def new_fake_clock(t: float = 0.0) -> FakeClock:
    return FakeClock(t)
