"""k8s.io/utils/clock: the clock interfaces client-go is written against, and the real clock.

Times are float seconds on a monotonic scale (``now()``); durations are float seconds. A timer's or ticker's
``c()`` is a one-slot channel (``kubernetes_py.apimachinery.watch.Chan``): ``t, ok = timer.c().recv()`` is
Go's ``t := <-timer.C()``. A tick that finds the slot full is dropped, as Go's tickers drop ticks for slow
receivers. ``kubernetes_py.utils.clock.testing.FakeClock`` is the clock tests step by hand.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, List, Optional, Protocol

from kubernetes_py._go.chan import Chan

__all__ = [
    "Clock",
    "PassiveClock",
    "RealClock",
    "Ticker",
    "TimeChan",
    "Timer",
    "WithDelayedExecution",
    "WithTicker",
    "WithTickerAndDelayedExecution",
]


class TimeChan(Chan):
    """The channel of a timer or ticker: one slot, sends never block, and listeners hear of every send.

    Listeners let code that must wait for several things at once (Go's ``select``) be woken by a tick; they run in
    the sending thread, outside the channel's lock, and must not block.
    """

    __slots__ = ("_listeners",)

    def __init__(self) -> None:
        super().__init__(1)
        self._listeners: List[Callable[[], None]] = []

    def add_listener(self, fn: Callable[[], None]) -> None:
        with self._cond:
            self._listeners.append(fn)

    def remove_listener(self, fn: Callable[[], None]) -> None:
        with self._cond:
            if fn in self._listeners:
                self._listeners.remove(fn)

    def try_send(self, value: Any) -> bool:
        sent = super().try_send(value)
        with self._cond:
            listeners = list(self._listeners)
        for fn in listeners:
            fn()
        return sent


class PassiveClock(Protocol):
    def now(self) -> float: ...

    def since(self, ts: float) -> float: ...


class Timer(Protocol):
    def c(self) -> Chan: ...

    def stop(self) -> bool: ...

    def reset(self, d: float) -> bool: ...


class Ticker(Protocol):
    def c(self) -> Chan: ...

    def stop(self) -> None: ...


class Clock(PassiveClock, Protocol):
    def after(self, d: float) -> Chan: ...

    def new_timer(self, d: float) -> Timer: ...

    def sleep(self, d: float) -> None: ...

    def tick(self, d: float) -> Optional[Chan]: ...


class WithTicker(Clock, Protocol):
    def new_ticker(self, d: float) -> Ticker: ...


class WithDelayedExecution(Clock, Protocol):
    def after_func(self, d: float, f: Callable[[], None]) -> Timer: ...


class WithTickerAndDelayedExecution(WithTicker, Protocol):
    def after_func(self, d: float, f: Callable[[], None]) -> Timer: ...


class _RealTimer:
    """time.NewTimer / time.AfterFunc: a daemon thread waits out the duration, then sends the time or calls f."""

    def __init__(self, d: float, f: Optional[Callable[[], None]] = None):
        self._c = TimeChan()
        self._f = f
        self._lock = threading.Lock()
        self._cancel: Optional[threading.Event] = None
        self._start(d)

    def _start(self, d: float) -> None:
        cancel = threading.Event()
        self._cancel = cancel
        name = "clock after_func" if self._f is not None else "clock timer"
        threading.Thread(target=self._run, args=(d, cancel), name=name, daemon=True).start()

    def _run(self, d: float, cancel: threading.Event) -> None:
        if cancel.wait(max(d, 0.0)):
            return
        with self._lock:
            if cancel.is_set():
                return
            cancel.set()
            self._cancel = None
        if self._f is not None:
            self._f()
        else:
            self._c.try_send(time.monotonic())

    def c(self) -> Chan:
        return self._c

    def stop(self) -> bool:
        """Stop the timer; False when it had already fired or been stopped."""
        with self._lock:
            cancel, self._cancel = self._cancel, None
        if cancel is None:
            return False
        cancel.set()
        return True

    def reset(self, d: float) -> bool:
        """Restart the timer for d; True when it was still active."""
        active = self.stop()
        with self._lock:
            self._start(d)
        return active


class _RealTicker:
    def __init__(self, d: float):
        if d <= 0:
            raise ValueError("non-positive interval for NewTicker")
        self._c = TimeChan()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(d,), name="clock ticker", daemon=True)
        self._thread.start()

    def _run(self, d: float) -> None:
        next_tick = time.monotonic() + d
        while not self._stop.wait(max(next_tick - time.monotonic(), 0.0)):
            now = time.monotonic()
            self._c.try_send(now)
            while next_tick <= now:
                next_tick += d

    def c(self) -> Chan:
        return self._c

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join()


class RealClock:
    """The process's monotonic clock (Go's clock.RealClock{})."""

    def now(self) -> float:
        return time.monotonic()

    def since(self, ts: float) -> float:
        return time.monotonic() - ts

    def after(self, d: float) -> Chan:
        return _RealTimer(d).c()

    def new_timer(self, d: float) -> Timer:
        return _RealTimer(d)

    def after_func(self, d: float, f: Callable[[], None]) -> Timer:
        return _RealTimer(d, f)

    def tick(self, d: float) -> Optional[Chan]:
        """Go's time.Tick: None for d <= 0; the ticker is never stopped."""
        if d <= 0:
            return None
        return _RealTicker(d).c()

    def new_ticker(self, d: float) -> Ticker:
        return _RealTicker(d)

    def sleep(self, d: float) -> None:
        # time.sleep overflows for Go's "infinite" durations; sleep in bounded slices instead.
        end = time.monotonic() + d
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 86400.0))
