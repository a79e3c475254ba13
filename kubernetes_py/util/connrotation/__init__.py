"""Port of k8s.io/client-go/util/connrotation: a dialer that tracks the connections it opens and can close them all.

Used to rotate credentials of long-lived connections when there is no way to re-authenticate a live one. A
connection is anything with ``close()`` (a socket, say); the dialer hands out a wrapper that forwards everything to
it and stops tracking it when closed.

Invariant: the tracked set changes only under the tracker's lock; ``close_all`` swaps the set for an empty one under
the lock and closes the old connections outside it, so connections dialed meanwhile stay tracked (and a dial racing
``close_all`` is either closed by it or tracked for the next one).
"""

from __future__ import annotations

import datetime as _dt
import socket
import threading
from typing import Any, Callable, Dict, Optional

from kubernetes_py import context

__all__ = ["ConnectionTracker", "DialFunc", "Dialer", "new_connection_tracker", "new_dialer", "new_dialer_with_tracker"]

DialFunc = Callable[[Optional[context.Context], str, str], Any]
"""Go's DialFunc: ``dial(ctx, network, address)`` returns a connection or raises."""


class _ClosableConn:
    """A tracked connection: forwards to the real one; ``close()`` also stops the tracking."""

    def __init__(self, conn: Any, on_close: Callable[[_ClosableConn], None]) -> None:
        self._conn = conn
        self._on_close = on_close

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def close(self) -> Any:
        self._on_close(self)
        return self._conn.close()


class ConnectionTracker:
    """Keeps track of opened connections."""

    def __init__(self) -> None:
        self._mu = threading.Lock()
        self._conns: Dict[int, _ClosableConn] = {}

    def close_all(self) -> None:
        """Close every tracked connection (connections opened while this runs may stay open)."""
        with self._mu:
            conns = self._conns
            self._conns = {}
        for conn in conns.values():
            conn.close()

    def track(self, conn: Any) -> Any:
        """Track ``conn``; the wrapper returned stops being tracked when closed."""
        closable = _ClosableConn(conn, self._forget)
        with self._mu:
            self._conns[id(closable)] = closable
        return closable

    def _forget(self, conn: _ClosableConn) -> None:
        with self._mu:
            if self._conns.get(id(conn)) is conn:
                del self._conns[id(conn)]


def _net_dial(ctx: Optional[context.Context], network: str, address: str) -> socket.socket:
    """net.DialContext for "tcp" addresses "host:port" (the deadline of ctx bounds the connect)."""
    host, _, port = address.rpartition(":")
    timeout = None
    if ctx is not None:
        deadline, ok = ctx.deadline()
        if ok and deadline is not None:
            timeout = max((deadline - _dt.datetime.now(deadline.tzinfo)).total_seconds(), 0.0)
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


class Dialer:
    """Opens connections through its dial function and tracks them (Go's Dialer embeds a *ConnectionTracker:
    ``close_all`` and ``track`` are the tracker's)."""

    def __init__(self, dial: Optional[DialFunc] = None, tracker: Optional[ConnectionTracker] = None) -> None:
        self._dial: DialFunc = dial if dial is not None else _net_dial
        self.connection_tracker = tracker if tracker is not None else ConnectionTracker()

    def close_all(self) -> None:
        """Close every connection the tracker tracks."""
        self.connection_tracker.close_all()

    def track(self, conn: Any) -> Any:
        return self.connection_tracker.track(conn)

    def dial(self, network: str, address: str) -> Any:
        """A new tracked connection."""
        return self.dial_context(context.background(), network, address)

    def dial_context(self, ctx: Optional[context.Context], network: str, address: str) -> Any:
        """A new tracked connection, dialed with ``ctx``."""
        return self.connection_tracker.track(self._dial(ctx, network, address))


def new_connection_tracker() -> ConnectionTracker:
    return ConnectionTracker()


def new_dialer(dial: Optional[DialFunc]) -> Dialer:
    """``new_dialer_with_tracker(dial, None)``."""
    return Dialer(dial)


def new_dialer_with_tracker(dial: Optional[DialFunc], tracker: Optional[ConnectionTracker]) -> Dialer:
    """A dialer using ``dial`` (a TCP dial when None) and ``tracker`` (a new one when None)."""
    return Dialer(dial, tracker)
