"""Wall times of clock readings, for the tools that write a clock's ``now()`` into API objects.

Go's ``time.Now()`` carries a wall and a monotonic reading; kubernetes_py's clocks (kubernetes_py.utils.clock)
give one float. A RealClock reading is monotonic: its wall time is the present wall time minus the time passed
since the reading. Any other clock (a FakeClock in tests) is read as Unix seconds, so a test that starts its
fake clock at ``time.time()`` gets realistic timestamps and one started at 0 gets 1970.
"""

from __future__ import annotations

import math
import time
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.utils.clock import PassiveClock, RealClock

__all__ = ["unix_nano", "to_time", "to_micro_time"]


def _ns(seconds: float) -> int:
    # Whole seconds and the fraction apart: seconds * 1e9 as one float loses nanoseconds beyond 2**53.
    whole = math.floor(seconds)
    return int(whole) * 1_000_000_000 + int(round((seconds - whole) * 1e9))


def unix_nano(clock: PassiveClock, reading: float) -> int:
    """Nanoseconds since the Unix epoch of ``reading``, a value ``clock.now()`` returned."""
    if isinstance(clock, RealClock):
        return time.time_ns() - (time.monotonic_ns() - _ns(reading))
    return _ns(reading)


def to_time(clock: PassiveClock, reading: float) -> metav1.Time:
    """The metav1.Time of a clock reading (Go's ``metav1.NewTime(clock.Now())``)."""
    return metav1.unix(0, unix_nano(clock, reading))


def to_micro_time(clock: PassiveClock, reading: float) -> metav1.MicroTime:
    """The metav1.MicroTime of a clock reading (Go's ``metav1.NewMicroTime(clock.Now())``)."""
    t = to_time(clock, reading)
    return metav1.MicroTime(seconds=t.seconds, nanos=t.nanos)
