"""Filtering and recording watchers (k8s.io/apimachinery/pkg/watch/filter.go)."""

from __future__ import annotations

import threading
from typing import Callable

from kubernetes_py._go.chan import Chan

from .watch import Event, Interface, StopOnExit

FilterFunc = Callable[[Event], "tuple[Event, bool]"]


class _FilteredWatch(StopOnExit):
    def __init__(self, incoming: Interface, f: FilterFunc):
        self._incoming = incoming
        self._result = Chan()
        self._f = f
        threading.Thread(target=self._loop, name="watch-filter", daemon=True).start()

    def result_chan(self) -> Chan:
        return self._result

    def stop(self) -> None:
        self._incoming.stop()

    def _loop(self) -> None:
        try:
            for event in self._incoming.result_chan():
                filtered, keep = self._f(event)
                if keep:
                    self._result.send(filtered)
        finally:
            self._result.close()


def filter(w: Interface, f: FilterFunc) -> Interface:  # noqa: A001 - Go's watch.Filter
    """A watch passing each event of ``w`` through ``f``; events for which f returns keep=False are dropped.

    Stopping it stops ``w``; its channel closes when ``w``'s does.
    """
    return _FilteredWatch(w, f)


class Recorder(StopOnExit):
    """Wraps a watch and remembers every event that went through it."""

    def __init__(self, w: Interface):
        self._lock = threading.Lock()
        self._events: list[Event] = []
        self._interface = filter(w, self._record)

    def _record(self, event: Event) -> tuple[Event, bool]:
        with self._lock:
            self._events.append(event)
        return event, True

    def result_chan(self) -> Chan:
        return self._interface.result_chan()

    def stop(self) -> None:
        self._interface.stop()

    def events(self) -> list[Event]:
        """A copy of the events seen so far."""
        with self._lock:
            return list(self._events)


def new_recorder(w: Interface) -> Recorder:
    return Recorder(w)
