"""A Go channel for threads: the ``<-chan Event`` that watchers hand out.

``Chan(capacity)`` behaves like ``make(chan T, capacity)``: with capacity 0 a send blocks until a
receiver has taken the value; a buffered send blocks only while the buffer is full. ``close()``
ends iteration once the buffered values are drained, exactly as ranging over a closed Go channel
does. ``for item in ch:`` is Go's ``for item := range ch``; ``recv()`` is ``item, ok := <-ch``.

Go's ``select`` between a send and a "done" channel is ``send(value, abort=event)``: whoever sets
the event calls ``wake()`` so blocked senders look at it again. ``discard()`` drops what is buffered.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import Any, Callable, Iterator, Optional


class ChannelClosedError(RuntimeError):
    """A send on, or a second close of, a closed channel (a panic in Go)."""


class Chan:
    """A channel of values between threads (see the module docstring).

    Invariants (tested under load in tests/unit/watch/test_chan_load.py): every value sent is received at most
    once, in the order of the sends that returned True; a buffered channel never holds more than its capacity; a
    send that returned False added nothing. A waiter is woken only when it has something to look at: a receiver
    when a value arrives or the channel closes, a sender when a slot frees, its value is taken, the channel
    closes or wake() is called; ``_receivers`` and ``_senders`` count the threads waiting, so a hand-over with
    nobody waiting notifies nobody. Receivers wait only on an empty buffer and buffered senders only on a full
    one, so only the send that fills an empty buffer, and the receive that frees a slot of a full one, notify: a
    waiter there was woken by it, and the values and slots of a burst wake nobody again.
    """

    __slots__ = ("_capacity", "_lock", "_cond", "_buf", "_closed", "_receivers", "_senders")

    def __init__(self, capacity: int = 0):
        if capacity < 0:
            raise ValueError(f"channel capacity must be >= 0, got {capacity}")
        self._capacity = capacity
        self._lock = threading.Lock()  # entered directly: a Condition's __enter__ is a Python call more
        self._cond = threading.Condition(self._lock)
        # capacity > 0: the values themselves; capacity 0: a _Cell each, which tells its sender it was taken
        self._buf: collections.deque[Any] = collections.deque()
        self._closed = False
        self._receivers = 0  # threads waiting in recv
        self._senders = 0  # threads waiting in send

    @property
    def capacity(self) -> int:
        return self._capacity

    def __len__(self) -> int:
        """Values sent and not yet received (Go's len(ch))."""
        with self._lock:
            return len(self._buf)

    @property
    def closed(self) -> bool:
        with self._lock:
            return self._closed

    def _wait_as_sender(self) -> None:
        self._senders += 1
        try:
            self._cond.wait()
        finally:
            self._senders -= 1

    def send(self, value: Any, abort: Optional[Callable[[], bool] | threading.Event] = None) -> bool:
        """Send ``value``; block as Go does. Returns False (value not sent) when ``abort`` became true first.

        ``abort`` is a threading.Event or a callable; its setter must call ``wake()``.
        """
        aborted = _abort_check(abort)
        with self._lock:
            if self._closed:
                raise ChannelClosedError("send on closed channel")
            if self._capacity > 0:
                # an abort already true wins over a free slot (Go's select picks either): a sender whose abort is
                # set under the lock never adds a value after it
                while aborted() or len(self._buf) >= self._capacity:
                    if aborted():
                        return False
                    self._wait_as_sender()
                    if self._closed:
                        raise ChannelClosedError("send on closed channel")
                self._buf.append(value)
                if self._receivers and len(self._buf) == 1:
                    self._cond.notify_all()
                return True
            cell = _Cell(value)
            self._buf.append(cell)
            if self._receivers and len(self._buf) == 1:
                self._cond.notify_all()
            while not cell.taken:
                if aborted():
                    self._buf.remove(cell)
                    return False
                if self._closed:
                    # The value stays receivable; Go would panic the sender here.
                    return True
                self._wait_as_sender()
            return True

    def try_send(self, value: Any) -> bool:
        """Send only if that does not block (Go's select with a default case)."""
        with self._lock:
            if self._closed:
                raise ChannelClosedError("send on closed channel")
            if self._capacity > 0:
                if len(self._buf) >= self._capacity:
                    return False
                self._buf.append(value)
            elif self._receivers <= len(self._buf):
                return False
            else:
                self._buf.append(_Cell(value))
            self._cond.notify_all()  # a receiver waits (capacity 0) or may
            return True

    def recv(self, timeout: Optional[float] = None) -> tuple[Any, bool]:
        """``value, ok := <-ch``: (value, True), or (None, False) once closed and drained.

        With a timeout, raises TimeoutError when nothing arrived in time (0 polls).
        """
        with self._lock:
            buf = self._buf
            if not buf and not self._closed:
                self._receivers += 1
                try:
                    if self._senders:  # a try_send of an unbuffered channel looks at the waiting receivers
                        self._cond.notify_all()
                    if timeout is None:
                        while not buf and not self._closed:
                            self._cond.wait()
                    else:
                        deadline = time.monotonic() + timeout
                        while not buf and not self._closed:
                            left = deadline - time.monotonic()
                            if left <= 0:
                                raise TimeoutError(f"nothing received within {timeout}s")
                            self._cond.wait(left)
                finally:
                    self._receivers -= 1
            if buf:
                value = buf.popleft()
                if self._capacity == 0:
                    value.taken = True
                    value = value.value
                    if self._senders:
                        self._cond.notify_all()
                elif self._senders and len(buf) == self._capacity - 1:
                    self._cond.notify_all()
                return value, True
            return None, False

    def close(self) -> None:
        """Go's close(ch): receivers drain what is buffered, then see the end."""
        with self._lock:
            if self._closed:
                raise ChannelClosedError("close of closed channel")
            self._closed = True
            self._cond.notify_all()

    def discard(self) -> int:
        """Drop the values sent and not yet received; returns how many (a buffered channel whose receiver should
        not see what its sender produced before giving up)."""
        with self._lock:
            dropped = len(self._buf)
            if self._capacity == 0:
                for cell in self._buf:
                    cell.taken = True
            self._buf.clear()
            self._cond.notify_all()
            return dropped

    def wake(self) -> None:
        """Make blocked senders re-check their abort condition."""
        with self._lock:
            self._cond.notify_all()

    def __iter__(self) -> Iterator[Any]:
        while True:
            value, ok = self.recv()
            if not ok:
                return
            yield value

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<Chan capacity={self._capacity} buffered={len(self._buf)} {state}>"


class _Cell:
    __slots__ = ("value", "taken")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.taken = False


def _never() -> bool:
    return False


def _abort_check(abort: Callable[[], bool] | threading.Event | None) -> Callable[[], bool]:
    if abort is None:
        return _never
    if type(abort) is threading.Event or isinstance(abort, threading.Event):
        return abort.is_set
    if callable(abort):
        return abort
    raise TypeError(f"abort must be a threading.Event or a callable, not {type(abort).__name__}")


def closed_chan() -> Chan:
    """A channel that is already closed (iteration ends at once)."""
    ch = Chan()
    ch.close()
    return ch
