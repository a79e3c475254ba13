"""The clocks flowcontrol's rate limiters and back-offs take: those of k8s.io/utils/clock (kubernetes_py.utils.clock).

Times are float seconds on a monotonic scale (``now()``), durations are float seconds.
``FakeClock`` only moves when told to, so tests can drive rate limiters deterministically.
"""

from __future__ import annotations

from typing import Protocol

from ...utils.clock import RealClock
from ...utils.clock.testing import FakeClock

__all__ = ["Clock", "FakeClock", "RealClock"]


class Clock(Protocol):
    """What a token-bucket limiter needs of a clock (Go's flowcontrol.Clock)."""

    def now(self) -> float: ...

    def sleep(self, d: float) -> None: ...

    def since(self, ts: float) -> float: ...
