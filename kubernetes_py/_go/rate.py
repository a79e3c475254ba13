"""golang.org/x/time/rate's token bucket, on integer nanoseconds so its arithmetic matches Go's exactly (the one
extended-library package kubernetes_py emulates; it sits with the standard library's)."""

from __future__ import annotations

import struct
import threading
from typing import Optional

INF_DURATION = (1 << 63) - 1  # Go's math.MaxInt64 nanoseconds
_SECOND = 1_000_000_000


def float32(x: float) -> float:
    """Round x to the nearest IEEE float32, as Go's float32(x) conversion does."""
    value: float = struct.unpack("<f", struct.pack("<f", x))[0]
    return value


def _trunc_duration(seconds_times_1e9: float) -> int:
    if seconds_times_1e9 != seconds_times_1e9:  # NaN
        return 0
    if seconds_times_1e9 > float(INF_DURATION):
        return INF_DURATION
    return int(seconds_times_1e9)


def _duration_seconds(d: int) -> float:
    sec, nsec = int(d / _SECOND), d - int(d / _SECOND) * _SECOND
    return float(sec) + float(nsec) / 1e9


class Reservation:
    __slots__ = ("ok", "lim", "tokens", "time_to_act", "limit")

    def __init__(self, ok: bool, lim: "Limiter", limit: float, tokens: int = 0, time_to_act: int = 0):
        self.ok = ok
        self.lim = lim
        self.limit = limit
        self.tokens = tokens
        self.time_to_act = time_to_act

    def delay_from(self, t: int) -> int:
        if not self.ok:
            return INF_DURATION
        return max(0, self.time_to_act - t)

    def cancel_at(self, t: int) -> None:
        """Give the reserved tokens back, minus those already spent by reservations made after this one."""
        if not self.ok:
            return
        lim = self.lim
        with lim.mu:
            if self.tokens == 0 or self.time_to_act < t:
                return
            restore = float(self.tokens) - self.limit_tokens_from_duration(lim.last_event - self.time_to_act)
            if restore <= 0:
                return
            tokens = lim.advance(t) + restore
            if tokens > float(lim.burst):
                tokens = float(lim.burst)
            lim.last = t
            lim.tokens = tokens
            if self.time_to_act == lim.last_event:
                prev = self.time_to_act + _duration_from_tokens(self.limit, float(-self.tokens))
                if prev >= t:
                    lim.last_event = prev

    def limit_tokens_from_duration(self, d: int) -> float:
        return _tokens_from_duration(self.limit, d)


def _duration_from_tokens(limit: float, tokens: float) -> int:
    if limit <= 0:
        return INF_DURATION
    return _trunc_duration((tokens / limit) * float(_SECOND))


def _tokens_from_duration(limit: float, d: int) -> float:
    if limit <= 0:
        return 0.0
    return _duration_seconds(d) * limit


class Limiter:
    """Allows events at ``limit`` per second with bursts of at most ``burst``; starts full."""

    def __init__(self, limit: float, burst: int):
        self.mu = threading.Lock()
        self.limit = limit
        self.burst = burst
        self.tokens = float(burst)
        self.last: Optional[int] = None  # Go's zero time: "long ago"
        self.last_event: int = 0

    def advance(self, t: int) -> float:
        if self.last is None:
            elapsed = INF_DURATION
        else:
            elapsed = t - min(self.last, t)
        tokens = self.tokens + _tokens_from_duration(self.limit, elapsed)
        if tokens > float(self.burst):
            tokens = float(self.burst)
        return tokens

    def reserve_n(self, t: int, n: int, max_future_reserve: int) -> Reservation:
        with self.mu:
            tokens = self.advance(t) - float(n)
            wait = _duration_from_tokens(self.limit, -tokens) if tokens < 0 else 0
            ok = n <= self.burst and wait <= max_future_reserve
            r = Reservation(ok, self, self.limit)
            if ok:
                r.tokens = n
                r.time_to_act = t + wait
                self.last = t
                self.tokens = tokens
                self.last_event = r.time_to_act
            return r

    def allow_n(self, t: int, n: int) -> bool:
        return self.reserve_n(t, n, 0).ok
