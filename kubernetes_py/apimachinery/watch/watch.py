"""Watch interface, event types and the fake/proxy watchers (k8s.io/apimachinery/pkg/watch/watch.go)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol, TypeVar

from kubernetes_py._go.chan import Chan, closed_chan

if TYPE_CHECKING:
    from typing_extensions import Self

_log = logging.getLogger("kubernetes_py.watch")

EventType = str

Added: EventType = "ADDED"
Modified: EventType = "MODIFIED"
Deleted: EventType = "DELETED"
Bookmark: EventType = "BOOKMARK"
Error: EventType = "ERROR"

# Buffer size of the channels behind RaceFreeFakeWatcher (Go's DefaultChanSize).
DefaultChanSize = 100


class Interface(Protocol):
    """Anything that can be watched: ``stop()`` ends it, ``result_chan()`` yields Events until it ends. A watch is
    also a context manager whose block's end stops it (Go's ``defer w.Stop()``): ``with pods.watch(ctx, opts) as w:``.
    """

    def stop(self) -> None: ...

    def result_chan(self) -> Chan: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...


_W = TypeVar("_W", bound="StopOnExit")


class StopOnExit:
    """The context manager of a watcher: ``__exit__`` calls its ``stop()``."""

    __slots__ = ()

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self: _W) -> _W:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@dataclass
class Event:
    """One change to a watched object.

    ``type`` is Added, Modified, Deleted or Bookmark with the object as it is now (for Deleted: as it
    was last), or Error with a *metav1.Status (usually) describing what went wrong.
    """

    type: EventType = ""
    object: Any = None


class _EmptyWatch(StopOnExit):
    __slots__ = ("_ch",)

    def __init__(self) -> None:
        self._ch = closed_chan()

    def stop(self) -> None:
        pass

    def result_chan(self) -> Chan:
        return self._ch


def new_empty_watch() -> Interface:
    """A watch whose result channel is already closed."""
    return _EmptyWatch()


@dataclass
class FakeOptions:
    """Options of new_fake_with_options: the buffer size of the result channel."""

    channel_size: int = 0
    logger: Optional[logging.Logger] = None


class FakeWatcher(StopOnExit):
    """A watcher fed by hand: add/modify/delete/error/action block until the event is received
    (with channel_size 0), as Go's unbuffered channel does."""

    def __init__(self, options: Optional[FakeOptions] = None):
        options = options or FakeOptions()
        self._logger = options.logger or _log
        self._result = Chan(options.channel_size)
        self._stopped = False
        self._lock = threading.Lock()

    def stop(self) -> None:
        with self._lock:
            if not self._stopped:
                self._logger.debug("Stopping fake watcher")
                self._result.close()
                self._stopped = True

    def is_stopped(self) -> bool:
        with self._lock:
            return self._stopped

    def reset(self) -> None:
        """Make the watcher usable again after stop(), with a new (unbuffered) channel."""
        with self._lock:
            self._stopped = False
            self._result = Chan()

    def result_chan(self) -> Chan:
        return self._result

    def add(self, obj: Any) -> None:
        self._result.send(Event(Added, obj))

    def modify(self, obj: Any) -> None:
        self._result.send(Event(Modified, obj))

    def delete(self, last_value: Any) -> None:
        self._result.send(Event(Deleted, last_value))

    def error(self, err_value: Any) -> None:
        self._result.send(Event(Error, err_value))

    def action(self, action: EventType, obj: Any) -> None:
        self._result.send(Event(action, obj))


def new_fake() -> FakeWatcher:
    return FakeWatcher()


def new_fake_with_chan_size(size: int, blocking: bool = False) -> FakeWatcher:
    """A FakeWatcher whose channel buffers ``size`` events (``blocking`` is ignored, as in Go)."""
    return FakeWatcher(FakeOptions(channel_size=size))


def new_fake_with_options(options: FakeOptions) -> FakeWatcher:
    return FakeWatcher(options)


class ChannelFullError(RuntimeError):
    """RaceFreeFakeWatcher was sent more events than its buffer holds (a panic in Go)."""


class RaceFreeFakeWatcher(StopOnExit):
    """A fake watcher with a buffered channel that never blocks: sending to a full buffer raises
    ChannelFullError, sending after stop() is ignored."""

    def __init__(self, logger: Optional[logging.Logger] = None):
        self._logger = logger or _log
        self._result = Chan(DefaultChanSize)
        self._lock = threading.Lock()
        self.stopped = False

    def stop(self) -> None:
        with self._lock:
            if not self.stopped:
                self._logger.debug("Stopping fake watcher")
                self._result.close()
                self.stopped = True

    def is_stopped(self) -> bool:
        with self._lock:
            return self.stopped

    def reset(self) -> None:
        with self._lock:
            self.stopped = False
            self._result = Chan(DefaultChanSize)

    def result_chan(self) -> Chan:
        with self._lock:
            return self._result

    def _send(self, event: Event) -> None:
        with self._lock:
            if not self.stopped and not self._result.try_send(event):
                raise ChannelFullError("channel full")

    def add(self, obj: Any) -> None:
        self._send(Event(Added, obj))

    def modify(self, obj: Any) -> None:
        self._send(Event(Modified, obj))

    def delete(self, last_value: Any) -> None:
        self._send(Event(Deleted, last_value))

    def error(self, err_value: Any) -> None:
        self._send(Event(Error, err_value))

    def action(self, action: EventType, obj: Any) -> None:
        self._send(Event(action, obj))


def new_race_free_fake(logger: Optional[logging.Logger] = None) -> RaceFreeFakeWatcher:
    return RaceFreeFakeWatcher(logger)


new_race_free_fake_with_logger = new_race_free_fake


class ProxyWatcher(StopOnExit):
    """Hands out a channel that someone else fills; stop() only signals ``stop_chan()``."""

    def __init__(self, ch: Chan):
        self._result = ch
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def stop(self) -> None:
        with self._lock:
            if not self._stop.is_set():
                self._stop.set()
                self._result.wake()

    def stopping(self) -> bool:
        return self._stop.is_set()

    def result_chan(self) -> Chan:
        return self._result

    def stop_chan(self) -> threading.Event:
        """Set once stop() was called (Go's closed stop channel)."""
        return self._stop


def new_proxy_watcher(ch: Chan) -> ProxyWatcher:
    if not isinstance(ch, Chan):
        raise TypeError(f"new_proxy_watcher needs a watch Chan, not {type(ch).__name__}")
    return ProxyWatcher(ch)


class MockWatcher(StopOnExit):
    """An Interface built from two functions."""

    def __init__(self, stop_func: Callable[[], None], result_chan_func: Callable[[], Chan]):
        self.stop_func = stop_func
        self.result_chan_func = result_chan_func

    def stop(self) -> None:
        self.stop_func()

    def result_chan(self) -> Chan:
        return self.result_chan_func()
