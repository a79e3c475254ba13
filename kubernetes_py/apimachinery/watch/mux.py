"""Broadcaster: one source of events fanned out to many watchers (k8s.io/apimachinery/pkg/watch/mux.go)."""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

from kubernetes_py._go.chan import Chan

from .watch import Event, EventType, Interface, StopOnExit

FullChannelBehavior = int
WaitIfChannelFull: FullChannelBehavior = 0
DropIfChannelFull: FullChannelBehavior = 1

_INCOMING_QUEUE_LENGTH = 25
_RUN_FUNCTION = "internal-do-function"


class BroadcasterStoppedError(RuntimeError):
    pass


class Broadcaster:
    """Distributes every event passed to action() to all current watchers, in order, on one thread.

    With WaitIfChannelFull a slow watcher holds everyone up; with DropIfChannelFull it misses events.
    """

    def __init__(
        self,
        queue_length: int,
        full_channel_behavior: FullChannelBehavior,
        incoming_length: int = _INCOMING_QUEUE_LENGTH,
    ):
        self._watchers: dict[int, _BroadcasterWatcher] = {}
        self._next_watcher = 0
        self._incoming_block = threading.Lock()
        self._incoming = Chan(incoming_length)
        self._stopped = threading.Event()
        self._watch_queue_length = queue_length
        self._full_channel_behavior = full_channel_behavior
        self._distributing = threading.Thread(target=self._loop, name="watch-broadcaster", daemon=True)
        self._distributing.start()

    def _block_queue(self, f: Callable[[], None]) -> None:
        """Run ``f`` on the distributing thread, after every event queued before it."""
        with self._incoming_block:
            if self._stopped.is_set():
                return
            finished = threading.Event()

            def run() -> None:
                try:
                    f()
                finally:
                    finished.set()

            self._incoming.send(Event(_RUN_FUNCTION, run))
            finished.wait()

    def watch(self) -> Interface:
        """A new watcher that receives every event sent from now on."""
        return self._add_watcher(None)

    def watch_with_prefix(self, queued_events: list[Event]) -> Interface:
        """A new watcher that first receives ``queued_events``, then every event sent from now on."""
        return self._add_watcher(list(queued_events))

    def _add_watcher(self, queued_events: Optional[list[Event]]) -> _BroadcasterWatcher:
        created: list[_BroadcasterWatcher] = []

        def add() -> None:
            wid = self._next_watcher
            self._next_watcher += 1
            length = self._watch_queue_length
            if queued_events is not None:
                length = max(length, len(queued_events) + 1)
            w = _BroadcasterWatcher(Chan(length), wid, self)
            self._watchers[wid] = w
            for e in queued_events or ():
                w._result.send(e)
            created.append(w)

        self._block_queue(add)
        if not created:
            raise BroadcasterStoppedError("broadcaster already stopped")
        return created[0]

    def _stop_watching(self, wid: int) -> None:
        def remove() -> None:
            w = self._watchers.pop(wid, None)
            if w is not None:
                w._result.close()

        self._block_queue(remove)

    def _close_all(self) -> None:
        for w in self._watchers.values():
            w._result.close()
        self._watchers = {}

    def action(self, action: EventType, obj: Any) -> None:
        """Send an event to every watcher; raises BroadcasterStoppedError after shutdown()."""
        with self._incoming_block:
            if self._stopped.is_set():
                raise BroadcasterStoppedError("broadcaster already stopped")
            self._incoming.send(Event(action, obj))

    def action_or_drop(self, action: EventType, obj: Any) -> bool:
        """Like action(), but drops the event (returns False) when the incoming queue is full."""
        with self._incoming_block:
            if self._stopped.is_set():
                raise BroadcasterStoppedError("broadcaster already stopped")
            return self._incoming.try_send(Event(action, obj))

    def shutdown(self) -> None:
        """Deliver what is queued, close every watcher's channel and end the distributing thread."""

        def stop() -> None:
            self._stopped.set()
            self._incoming.close()

        self._block_queue(stop)
        self._distributing.join()

    def _loop(self) -> None:
        for event in self._incoming:
            if event.type == _RUN_FUNCTION:
                event.object()
                continue
            self._distribute(event)
        self._close_all()

    def _distribute(self, event: Event) -> None:
        for w in list(self._watchers.values()):
            if self._full_channel_behavior == DropIfChannelFull:
                if not w._stopped.is_set():
                    w._result.try_send(event)
            else:
                w._result.send(event, abort=w._stopped)


class _BroadcasterWatcher(StopOnExit):
    def __init__(self, result: Chan, wid: int, m: Broadcaster):
        self._result = result
        self._stopped = threading.Event()
        self._once = threading.Lock()
        self._id = wid
        self._m = m

    def result_chan(self) -> Chan:
        return self._result

    def stop(self) -> None:
        with self._once:
            if self._stopped.is_set():
                return
            self._stopped.set()
            self._result.wake()
        self._m._stop_watching(self._id)


def new_broadcaster(queue_length: int, full_channel_behavior: FullChannelBehavior) -> Broadcaster:
    return Broadcaster(queue_length, full_channel_behavior)


def new_long_queue_broadcaster(queue_length: int, full_channel_behavior: FullChannelBehavior) -> Broadcaster:
    """A Broadcaster whose incoming queue is ``queue_length`` long instead of 25."""
    return Broadcaster(queue_length, full_channel_behavior, incoming_length=queue_length)
