"""Port of client-go's tools/watch/informerwatcher.go: a watch.Interface fed by an indexer informer.

The informer's handler pushes events into an unbounded buffer; a thread of its own moves them to the watcher's
result channel, so a slow reader never blocks the informer. Stopping the watcher stops the informer; the returned
``done`` event is set once both threads have ended.
"""

from __future__ import annotations

import threading
from typing import Any, List, Tuple

from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.tools import cache


class _EventProcessor:
    """Buffers events without bound and writes them, in order, to ``out`` until stopped."""

    def __init__(self, out: watch.Chan):
        self.out = out
        self._cond = threading.Condition()
        self._buff: List[watch.Event] = []
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            batch = self._take_batch()
            self._write_batch(batch)
            if self.stopped():
                return

    def _take_batch(self) -> List[watch.Event]:
        with self._cond:
            while not self._buff and not self.stopped():
                self._cond.wait()
            batch, self._buff = self._buff, []
            return batch

    def _write_batch(self, events: List[watch.Event]) -> None:
        for event in events:
            if not self.out.send(event, abort=self.done):
                return

    def push(self, event: watch.Event) -> None:
        with self._cond:
            self._buff.append(event)
            self._cond.notify()

    def stopped(self) -> bool:
        return self.done.is_set()

    def stop(self) -> None:
        self.done.set()
        self.out.wake()
        with self._cond:
            self._cond.notify()


def new_event_processor(out: watch.Chan) -> _EventProcessor:
    return _EventProcessor(out)


def new_indexer_informer_watcher(lw: Any, obj_type: Any) -> Tuple[Any, Any, watch.Interface, threading.Event]:
    """An informer over ``lw`` and a watch of its events: returns (indexer, controller, watcher, done).

    Stop the watcher to stop the informer; ``done`` is set once everything has ended. A delete noticed only on a
    relist comes as a Deleted event with the last known object.
    """
    ch = watch.Chan()
    w = watch.new_proxy_watcher(ch)
    e = new_event_processor(ch)

    def on_delete(obj: Any) -> None:
        if isinstance(obj, cache.DeletedFinalStateUnknown):
            obj = obj.obj
        e.push(watch.Event(watch.Deleted, obj))

    indexer, informer = cache.new_indexer_informer(
        lw,
        obj_type,
        0,
        cache.ResourceEventHandlerFuncs(
            add_func=lambda obj: e.push(watch.Event(watch.Added, obj)),
            update_func=lambda old, new: e.push(watch.Event(watch.Modified, new)),
            delete_func=on_delete,
        ),
        {},
    )
    processor = threading.Thread(target=e.run, name="informer watcher events", daemon=True)
    processor.start()
    done = threading.Event()

    def run() -> None:
        try:
            informer.run_with_context(wait.context_for_channel(w.stop_chan()))
        finally:
            e.stop()
            processor.join()
            done.set()

    threading.Thread(target=run, name="informer watcher", daemon=True).start()
    return indexer, informer, w, done


__all__ = ["new_indexer_informer_watcher"]
