"""One shared daemon thread that fires context deadlines (instead of a thread per context)."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from typing import Callable


class _Entry:
    __slots__ = ("when", "fn", "alive")

    def __init__(self, when: float, fn: Callable[[], None]):
        self.when = when
        self.fn = fn
        self.alive = True


class DeadlineTimer:
    """Runs callbacks at monotonic times; cancelled entries are dropped lazily."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Entry]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def schedule(self, when: float, fn: Callable[[], None]) -> _Entry:
        entry = _Entry(when, fn)
        with self._cond:
            heapq.heappush(self._heap, (when, next(self._seq), entry))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="context-deadlines", daemon=True)
                self._thread.start()
            self._cond.notify()
        return entry

    def unschedule(self, entry: _Entry) -> None:
        with self._cond:
            entry.alive = False

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    while self._heap and not self._heap[0][2].alive:
                        heapq.heappop(self._heap)
                    if not self._heap:
                        self._cond.wait()
                        continue
                    delay = self._heap[0][0] - time.monotonic()
                    if delay <= 0:
                        entry = heapq.heappop(self._heap)[2]
                        entry.alive = False
                        break
                    self._cond.wait(delay)
            try:
                entry.fn()
            except Exception:  # a failing callback must not kill the shared timer
                import logging

                logging.getLogger(__name__).exception("context deadline callback failed")


TIMER = DeadlineTimer()
