"""The goroutines of one owner as threads: each a named daemon thread, all joined when the owner stops (a Go type
whose Stop or Shutdown waits for what it started).

Invariant: ``join`` returns once every thread started before or during it has ended, except the calling thread
itself (an owner may be stopped from one of its own threads); finished threads are dropped as new ones start."""

from __future__ import annotations

import threading
from typing import Callable, ParamSpec

__all__ = ["ThreadGroup"]

_P = ParamSpec("_P")


class ThreadGroup:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def go(self, name: str, fn: Callable[_P, object], /, *args: _P.args, **kwargs: _P.kwargs) -> threading.Thread:
        """Start ``fn(*args, **kwargs)`` in a daemon thread called ``name``."""
        t = threading.Thread(target=fn, args=args, kwargs=kwargs, name=name, daemon=True)
        with self._lock:
            self._threads = [x for x in self._threads if x.is_alive()]
            self._threads.append(t)
        t.start()
        return t

    def join(self) -> None:
        """Wait for every thread started so far, and for those they start meanwhile."""
        while True:
            with self._lock:
                threads, self._threads = self._threads, []
            threads = [t for t in threads if t is not threading.current_thread()]
            if not threads:
                return
            for t in threads:
                t.join()
