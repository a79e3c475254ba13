"""Clocks for the rate limiters and back-offs (k8s.io/utils/clock, as flowcontrol uses it).

Times are float seconds on a monotonic scale (``now()``), durations are float seconds.
``FakeClock`` only moves when told to, so tests can drive rate limiters deterministically.
"""
from __future__ import annotations

import threading
import time


class RealClock:
    """The process's monotonic clock."""

    def now(self) -> float:
        return time.monotonic()

    def since(self, ts: float) -> float:
        return time.monotonic() - ts

    def sleep(self, d: float) -> None:
        # time.sleep overflows for Go's "infinite" durations; sleep in bounded slices instead.
        end = time.monotonic() + d
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 86400.0))


class FakeClock:
    """A clock that only advances through ``step``/``set_time``/``sleep`` (sleep advances instead of blocking)."""

    def __init__(self, start: float = 0.0):
        self._lock = threading.Lock()
        self._now = float(start)

    def now(self) -> float:
        with self._lock:
            return self._now

    def since(self, ts: float) -> float:
        return self.now() - ts

    def step(self, d: float) -> None:
        with self._lock:
            self._now += d

    def set_time(self, t: float) -> None:
        with self._lock:
            self._now = float(t)

    def sleep(self, d: float) -> None:
        self.step(d)
