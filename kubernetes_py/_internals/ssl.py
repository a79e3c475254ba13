"""ssl's private part: the OpenSSL connection under an ``ssl.SSLSocket`` (``_sslobj``).

Reading a TLS connection through ``SSLSocket.makefile`` is three Python calls per read (the socket file's
``readinto``, ``SSLSocket.recv_into`` and ``SSLSocket.read``, each checking the socket is open) around OpenSSL's
read, and ``sendall`` two per write: on a small request's path those calls cost more than the reads themselves.
``TLSReader`` is the raw stream of a buffered reader that calls OpenSSL's read directly, and ``send_all`` writes
through OpenSSL's write directly; both behave as the socket's own methods do (a connection the peer ended without
close_notify reads as its end when the socket suppresses ragged EOFs, its default; a closed socket raises).
"""

from __future__ import annotations

import io
import ssl
from typing import Any


class TLSReader(io.RawIOBase):
    """The raw stream of a TLS socket: ``readinto`` is OpenSSL's read (``SSLSocket.recv_into`` without its layers)."""

    def __init__(self, sock: ssl.SSLSocket):
        super().__init__()
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        tls = self._sock._sslobj  # type: ignore[attr-defined]  # the socket's OpenSSL connection, None once closed
        if tls is None:
            raise ValueError("Read on closed or unwrapped SSL socket.")
        try:
            n: int = tls.read(len(buffer), buffer)
            return n
        except ssl.SSLError as e:
            ragged_is_end = self._sock.suppress_ragged_eofs  # type: ignore[attr-defined]  # set by wrap_socket; typeshed omits it
            if e.args[0] == ssl.SSL_ERROR_EOF and ragged_is_end:
                return 0
            raise


def send_all(sock: ssl.SSLSocket, data: bytes) -> None:
    """``sock.sendall(data)`` through OpenSSL's write directly."""
    tls = sock._sslobj  # type: ignore[attr-defined]  # the socket's OpenSSL connection, None once closed
    if tls is None:
        sock.sendall(data)  # raises as a closed socket does
        return
    sent = tls.write(data)  # all of it (Python's SSL objects do not allow partial writes); the loop is a guard
    if sent < len(data):
        view = memoryview(data)
        while sent < len(view):
            sent += tls.write(view[sent:])
