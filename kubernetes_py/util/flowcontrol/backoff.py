"""Per-key exponential back-off (client-go flowcontrol.Backoff); durations and times are float seconds."""

from __future__ import annotations

import random
import threading
from typing import Callable, Optional

from ...utils.clock import Clock
from .clock import RealClock


class _Entry:
    __slots__ = ("backoff", "last_update")

    def __init__(self, backoff: float):
        self.backoff = backoff
        self.last_update = 0.0


class Backoff:
    """Tracks a growing delay per id: initial, doubled on each ``next`` up to max, forgotten after 2*max idle.

    ``clock`` and ``has_expired_func(event_time, last_update, max_duration) -> bool`` are public, as in Go.
    """

    def __init__(
        self, initial: float, max_duration: float, clock: Optional[Clock] = None, max_jitter_factor: float = 0.0
    ):
        self.clock: Clock = clock if clock is not None else RealClock()
        self.has_expired_func: Optional[Callable[[float, float, float], bool]] = None
        self._lock = threading.RLock()
        self._default = float(initial)
        self._max = float(max_duration)
        self._entries: dict[str, _Entry] = {}
        self._max_jitter_factor = float(max_jitter_factor)
        self._rand = random.Random(int(self.clock.now() * 1e9)) if max_jitter_factor > 0 else None

    def get(self, id: str) -> float:
        """The current back-off of id (0 when it has none)."""
        with self._lock:
            entry = self._entries.get(id)
            return entry.backoff if entry is not None else 0.0

    def next(self, id: str, event_time: float) -> None:
        """Grow id's back-off (or start it at the initial value when absent or expired)."""
        with self._lock:
            entry = self._entries.get(id)
            if entry is None or self._has_expired(event_time, entry.last_update, self._max):
                entry = _Entry(self._default)
                self._entries[id] = entry
                entry.backoff += self._jitter(entry.backoff)
            else:
                delay = entry.backoff * 2 + self._jitter(entry.backoff)
                entry.backoff = min(delay, self._max)
            entry.last_update = self.clock.now()

    def reset(self, id: str) -> None:
        with self._lock:
            self._entries.pop(id, None)

    def is_in_back_off_since(self, id: str, event_time: float) -> bool:
        """True while less than id's back-off has passed since event_time."""
        with self._lock:
            entry = self._entries.get(id)
            if entry is None or self._has_expired(event_time, entry.last_update, self._max):
                return False
            return self.clock.since(event_time) < entry.backoff

    def is_in_back_off_since_update(self, id: str, event_time: float) -> bool:
        """True while event_time is less than id's back-off after its last update."""
        with self._lock:
            entry = self._entries.get(id)
            if entry is None or self._has_expired(event_time, entry.last_update, self._max):
                return False
            return event_time - entry.last_update < entry.backoff

    def gc(self) -> None:
        """Drop entries that have expired."""
        with self._lock:
            now = self.clock.now()
            for id in [k for k, e in self._entries.items() if self._has_expired(now, e.last_update, self._max)]:
                del self._entries[id]

    def delete_entry(self, id: str) -> None:
        with self._lock:
            self._entries.pop(id, None)

    def _jitter(self, delay: float) -> float:
        if self._rand is None:
            return 0.0
        return self._rand.random() * self._max_jitter_factor * delay

    def _has_expired(self, event_time: float, last_update: float, max_duration: float) -> bool:
        if self.has_expired_func is not None:
            return self.has_expired_func(event_time, last_update, max_duration)
        return event_time - last_update > max_duration * 2


def new_back_off(initial: float, max_duration: float) -> Backoff:
    return Backoff(initial, max_duration)


def new_back_off_with_jitter(initial: float, max_duration: float, max_jitter_factor: float) -> Backoff:
    return Backoff(initial, max_duration, None, max_jitter_factor)


def new_fake_back_off(initial: float, max_duration: float, tc: Clock) -> Backoff:
    return Backoff(initial, max_duration, tc)


def new_fake_back_off_with_jitter(initial: float, max_duration: float, tc: Clock, max_jitter_factor: float) -> Backoff:
    return Backoff(initial, max_duration, tc, max_jitter_factor)
