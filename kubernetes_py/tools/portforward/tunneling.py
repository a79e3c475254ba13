"""client-go's SPDY-over-WebSocket tunnel for port-forward (tools/portforward tunneling_connection.go and
tunneling_dialer.go): the SPDY/3.1 connection's bytes travel in binary WebSocket messages, subprotocol
"SPDY/3.1+portforward.k8s.io", so port-forward passes through proxies and load balancers that only know WebSockets.

``TunnelingConnection`` is the byte connection under the SPDY connection (``read(n)``, ``write(data)``,
``close()``): each ``write`` is one binary message; ``read`` returns the current message's bytes and reads the next
message when it is used up. A normal close (1000) reads as the end of input; any other message type is an error.
``close`` sends a normal-closure close frame (waiting at most one second for the write) and closes the socket.
``local_addr``/``remote_addr`` are the TCP addresses (``network()`` "tcp"); ``set_deadline``,
``set_read_deadline`` and ``set_write_deadline`` pass absolute deadlines to the WebSocket, as net.Conn's do.
"""

from __future__ import annotations

import logging
import struct
import threading
import time
from typing import Any

import requests

from kubernetes_py.apimachinery.util.httpstream import spdy as httpstreamspdy
from kubernetes_py.apimachinery.util.portforward import WebsocketsSPDYTunnelingPrefix

log = logging.getLogger("kubernetes_py.tools.portforward")

# How often the tunnelled SPDY connection pings the server.
PingPeriod = 10.0


class TunnelingConnection:
    """A WebSocket (``transport.websocket.Conn``) as a byte stream."""

    def __init__(self, name: str, conn: Any):
        self.name = name
        self.conn = conn
        self._in_progress = b""  # the message being read, from _offset on
        self._offset = 0
        self._close_lock = threading.Lock()
        self._closed = False

    def read(self, n: int) -> bytes:
        from kubernetes_py.transport import websocket

        while self._offset >= len(self._in_progress):
            try:
                kind, data = self.conn.read_message()
            except websocket.CloseError as e:
                if e.code == websocket.CloseNormalClosure:
                    return b""
                raise
            if kind != websocket.BinaryMessage:
                raise ValueError("invalid message type received")
            self._in_progress, self._offset = data, 0
        start = self._offset
        if start == 0 and n >= len(self._in_progress):  # the whole message: no copy
            self._offset = len(self._in_progress)
            return self._in_progress
        self._offset = min(start + n, len(self._in_progress))
        return bytes(memoryview(self._in_progress)[start : self._offset])

    def write(self, data: bytes) -> int:
        from kubernetes_py.transport import websocket

        self.conn.write_message(websocket.BinaryMessage, data)
        return len(data)

    def close(self) -> None:
        from kubernetes_py.transport import websocket

        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        try:
            self.conn.write_control(
                websocket.CloseMessage, struct.pack("!H", websocket.CloseNormalClosure), time.monotonic() + 1.0
            )
        except Exception as e:  # noqa: BLE001 - the connection may be gone already; it is closed either way
            log.debug("%s: sending the close message: %s", self.name, e)
        finally:
            self.conn.close()

    def local_addr(self) -> Any:
        return self.conn.local_addr()

    def remote_addr(self) -> Any:
        return self.conn.remote_addr()

    def set_deadline(self, t: Any) -> None:
        """The absolute time (a datetime, or Unix seconds) after which reads and writes fail; None: none."""
        self.set_read_deadline(t)
        self.set_write_deadline(t)

    def set_read_deadline(self, t: Any) -> None:
        self.conn.set_read_deadline(t)

    def set_write_deadline(self, t: Any) -> None:
        self.conn.set_write_deadline(t)


def new_tunneling_connection(name: str, conn: Any) -> TunnelingConnection:
    return TunnelingConnection(name, conn)


class _TunnelingDialer:
    def __init__(self, url: str, transport: Any, holder: Any):
        self.url = url
        self.transport = transport
        self.holder = holder

    def dial(self, *protocols: str) -> tuple[Any, str]:
        from kubernetes_py.transport import websocket

        req = requests.Request("GET", str(self.url)).prepare()
        conn = websocket.negotiate(
            self.transport, self.holder, req, *[WebsocketsSPDYTunnelingPrefix + p for p in protocols]
        )
        if conn is None:
            raise ValueError("negotiated websocket connection is nil")
        protocol = conn.subprotocol()
        if protocol.startswith(WebsocketsSPDYTunnelingPrefix):
            protocol = protocol[len(WebsocketsSPDYTunnelingPrefix) :]
        conn.set_timeout(None)
        tunnel = TunnelingConnection("client", conn)
        return httpstreamspdy.new_client_connection_with_pings(tunnel, PingPeriod), protocol


def new_spdy_over_websocket_dialer(url: Any, config: Any) -> _TunnelingDialer:
    """A Dialer opening a WebSocket to url with the rest.Config's transport and running SPDY inside it."""
    from kubernetes_py.transport import websocket

    transport, holder = websocket.round_tripper_for(config)
    return _TunnelingDialer(str(url), transport, holder)
