"""crypto/tls.Conn's promise that one thread may read while another writes, for an ssl.SSLSocket.

An OpenSSL connection must not be used by two threads at once: with TLS 1.3, a read overlapping a write on the same
``ssl.SSLSocket`` breaks the session now and then (the peer sees the connection end mid-stream). Streams read and
write at once (the WebSocket executor's reader beside its stdin writer), so here every SSL call runs under one lock
on a non-blocking socket, and the wait for the socket to be readable or writable happens outside the lock: a blocked
reader never holds up a writer, nor the reverse.
"""

from __future__ import annotations

import select
import socket
import ssl
import threading
import time
from typing import Any, Optional


class DuplexTLSSocket:
    """``recv``, ``sendall`` and ``settimeout`` of an ``ssl.SSLSocket``, safe for one reader and one writer at once;
    every other attribute is the socket's."""

    def __init__(self, sock: ssl.SSLSocket):
        self._sock = sock
        self._lock = threading.Lock()
        self._timeout: Optional[float] = sock.gettimeout()
        sock.setblocking(False)

    def settimeout(self, timeout: Optional[float]) -> None:
        self._timeout = timeout

    def gettimeout(self) -> Optional[float]:
        return self._timeout

    def _deadline(self) -> Optional[float]:
        return None if self._timeout is None else time.monotonic() + self._timeout

    def _wait(self, writable: bool, deadline: Optional[float]) -> None:
        poller = select.poll()
        poller.register(self._sock.fileno(), select.POLLOUT if writable else select.POLLIN)
        if deadline is None:
            poller.poll()
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poller.poll(remaining * 1000):
            raise socket.timeout("timed out")

    def recv(self, n: int) -> bytes:
        deadline = self._deadline()
        while True:
            with self._lock:
                try:
                    return self._sock.recv(n)
                except ssl.SSLWantReadError:
                    writable = False
                except ssl.SSLWantWriteError:
                    writable = True
            self._wait(writable, deadline)

    def sendall(self, data: bytes) -> None:
        deadline = self._deadline()
        view = memoryview(data)
        while view:
            with self._lock:
                try:
                    view = view[self._sock.send(view) :]
                    continue
                except ssl.SSLWantWriteError:
                    writable = True
                except ssl.SSLWantReadError:
                    writable = False
            self._wait(writable, deadline)

    def take_buffered(self, rfile: Any) -> bytes:
        """The bytes a buffered reader over this socket already holds (read past an HTTP response's head), without
        waiting: the socket is non-blocking, so a reader with nothing buffered finds nothing to read."""
        try:
            with self._lock:
                held = rfile.peek()
                return rfile.read(len(held)) if held else b""
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
            return b""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)
