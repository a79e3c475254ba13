"""k8s.io/apimachinery/pkg/util/httpstream/spdy (k8s.io/streaming's, over moby/spdystream): SPDY/3.1 connections.

The API, for the streaming clients (``tools.remotecommand``'s SPDY executor, ``tools.portforward``):

* ``new_client_connection(conn)`` / ``new_client_connection_with_pings(conn, ping_period)``: a client
  ``httpstream.Connection`` over ``conn``, a byte connection with ``read(n)``, ``write(data)`` and ``close()``
  (``spdystream.SocketConn(sock)`` makes one of a socket; ``tools.portforward.TunnelingConnection`` of a WebSocket).
  It starts a reader thread (``spdy connection``) and, with pings, a ``spdy pings`` thread; ``close()`` resets every
  stream, sends GOAWAY, closes ``conn`` and joins them.
* ``new_server_connection(conn, new_stream_handler)``: the same for the accepting side (tests' fake servers):
  ``new_stream_handler(stream, reply_sent)`` runs for each stream the peer opens, in the reader thread, before the
  reply goes out; raising rejects the stream.
* ``connection.create_stream(headers)`` sends SYN_STREAM and waits up to 30 s for the reply (``spdystream.ErrReset``
  when the peer refuses it, ``spdystream.ErrTimeout``); the stream's ``read(n)``/``write(data)``/``close()``
  (half-close)/``reset()``/``headers()``/``identifier()`` are ``httpstream.Stream``'s.
* ``SpdyRoundTripper``: a requests adapter sending the request with ``Connection: Upgrade`` and
  ``Upgrade: SPDY/3.1`` on a connection of its own made by the project's transport (``HTTPTransport.upgrade``: TLS,
  certificate rotation, dial, proxies); ``new_connection(response)`` turns the 101 answer into a client connection,
  or raises "unable to upgrade connection: <the server's message>". ``kubernetes_py.transport.spdy`` builds one
  from a rest.Config with the authentication and impersonation round trippers over it.

Headers are ``urllib3.HTTPHeaderDict``. Go's ``(T, error)`` returns T or raises; Go's io.EOF is b"" from ``read``.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any, Optional

from requests.adapters import BaseAdapter
from urllib3 import HTTPHeaderDict

from kubernetes_py.apimachinery.util import httpstream

from . import frames, spdystream
from .spdystream import SocketConn

log = logging.getLogger("kubernetes_py.apimachinery.util.httpstream.spdy")

HeaderSpdy31 = "SPDY/3.1"

# How long create_stream waits for the peer's SYN_REPLY.
CREATE_STREAM_RESPONSE_TIMEOUT = 30.0


class _Connection:
    """An httpstream.Connection over a spdystream.Connection (Go's unexported ``connection``)."""

    def __init__(self, conn: spdystream.Connection, new_stream_handler: Any, ping_period: float):
        self.conn = conn
        self.new_stream_handler = new_stream_handler
        self.streams: dict[int, Any] = {}
        self._lock = threading.Lock()
        self._serve_thread = threading.Thread(
            target=conn.serve, args=(self._new_spdy_stream,), name="spdy connection", daemon=True
        )
        self._serve_thread.start()
        self._ping_thread: Optional[threading.Thread] = None
        if ping_period > 0:
            self._ping_thread = threading.Thread(
                target=self._send_pings, args=(ping_period,), name="spdy pings", daemon=True
            )
            self._ping_thread.start()

    def close(self) -> None:
        """Reset every stream, send GOAWAY, close the byte connection and join the connection's threads.

        Unlike Go's, it does not raise when the connection was already gone."""
        with self._lock:
            streams = list(self.streams.values())
            self.streams = {}
        with self.conn._stream_cond:
            streams.extend(s for s in self.conn.streams.values() if s not in streams)
        for s in streams:
            try:
                s.reset()
            except (OSError, EOFError, frames.Error) as e:
                log.debug("resetting %s: %s", s, e)
        try:
            self.conn.close()
        except (OSError, EOFError, frames.Error) as e:
            log.debug("closing SPDY connection: %s", e)
            self.conn.conn.close()
        self.conn.join_threads()
        self.conn.conn.close()
        current = threading.current_thread()
        for t in (self._serve_thread, self._ping_thread):
            if t is not None and t is not current:
                t.join()

    def remove_streams(self, *streams: Any) -> None:
        with self._lock:
            for s in streams:
                if s is not None:
                    self.streams.pop(s.identifier(), None)

    def create_stream(self, headers: HTTPHeaderDict) -> spdystream.Stream:
        stream = self.conn.create_stream(headers, None, False)
        stream.wait_timeout(CREATE_STREAM_RESPONSE_TIMEOUT)
        with self._lock:
            self.streams[stream.identifier()] = stream
        return stream

    def close_chan(self) -> threading.Event:
        return self.conn.close_chan()

    def set_idle_timeout(self, timeout: float) -> None:
        self.conn.set_idle_timeout(timeout)

    def _new_spdy_stream(self, stream: spdystream.Stream) -> None:
        reply_sent = threading.Event()
        try:
            self.new_stream_handler(stream, reply_sent)
        except Exception as e:  # noqa: BLE001 - any failure of the handler rejects the stream, as in Go
            log.warning("Stream rejected: %s", e)
            stream.reset()
            return
        with self._lock:
            self.streams[stream.identifier()] = stream
        stream.send_reply(HTTPHeaderDict(), False)
        reply_sent.set()

    def _send_pings(self, period: float) -> None:
        closed = self.conn.close_chan()
        while not closed.wait(period):
            try:
                self.conn.ping()
            except (OSError, EOFError, frames.Error) as e:
                log.debug("SPDY Ping failed: %s", e)


def new_client_connection(conn: Any) -> _Connection:
    return new_client_connection_with_pings(conn, 0.0)


def new_client_connection_with_pings(conn: Any, ping_period: float) -> _Connection:
    """A client connection over conn, pinging the server every ping_period seconds (0: never)."""
    return _Connection(spdystream.Connection(conn, False), httpstream.no_op_new_stream_handler, ping_period)


def new_server_connection(conn: Any, new_stream_handler: Any) -> _Connection:
    return new_server_connection_with_pings(conn, new_stream_handler, 0.0)


def new_server_connection_with_pings(conn: Any, new_stream_handler: Any, ping_period: float) -> _Connection:
    return _Connection(spdystream.Connection(conn, True), new_stream_handler, ping_period)


def upgrade_error_message(body: bytes) -> str:
    """What a refused upgrade's body says: a Status's message, else an "error" field, else the text itself."""
    try:
        status = json.loads(body)
    except ValueError:
        status = None
    if isinstance(status, dict):
        for field in ("message", "error"):
            value = status.get(field)
            if isinstance(value, str) and value.strip():
                return value.strip()
    msg = body.decode("utf-8", "replace").strip()
    return msg or "empty server response"


class SpdyRoundTripper(BaseAdapter):
    """Upgrades one request's connection to SPDY/3.1 (Go's SpdyRoundTripper); used once per connection.

    ``upgrade_transport`` is the ``transport.HTTPTransport`` that makes the connection (TLS, dial, proxy).
    """

    def __init__(self, upgrade_transport: Any, ping_period: float = 0.0):
        super().__init__()
        self.upgrade_transport = upgrade_transport
        self.ping_period = ping_period
        self.wire: Any = None

    def send(
        self,
        request: Any,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> Any:
        headers = HTTPHeaderDict(request.headers)
        headers.add(httpstream.HeaderConnection, httpstream.HeaderUpgrade)
        headers.add(httpstream.HeaderUpgrade, HeaderSpdy31)
        request.headers = headers
        resp, self.wire = self.upgrade_transport.upgrade(request, timeout=timeout)
        return resp

    round_trip = send

    def new_connection(self, resp: Any) -> _Connection:
        connection = resp.headers.get(httpstream.HeaderConnection, "").lower()
        upgrade = resp.headers.get(httpstream.HeaderUpgrade, "").lower()
        if resp.status_code != 101 or "upgrade" not in connection or HeaderSpdy31.lower() not in upgrade:
            try:
                body = resp.raw.read()
            except Exception:  # noqa: BLE001 - Go reports any read failure the same way
                raise ConnectionError(
                    "unable to upgrade connection: unable to read error from server response"
                ) from None
            finally:
                resp.close()
            raise ConnectionError(f"unable to upgrade connection: {upgrade_error_message(body)}")
        wire, self.wire = self.wire, None
        wire.sock.settimeout(None)  # the request's read timeout bounded the answer, not the streams
        return new_client_connection_with_pings(SocketConn(wire.sock, wire.rfile), self.ping_period)

    def close(self) -> None:
        wire, self.wire = self.wire, None
        if wire is not None:
            wire.close()


def new_round_tripper(upgrade_transport: Any, ping_period: float = 0.0) -> SpdyRoundTripper:
    return SpdyRoundTripper(upgrade_transport, ping_period)


__all__ = [
    "CREATE_STREAM_RESPONSE_TIMEOUT",
    "HeaderSpdy31",
    "SocketConn",
    "SpdyRoundTripper",
    "new_client_connection",
    "new_client_connection_with_pings",
    "new_round_tripper",
    "new_server_connection",
    "new_server_connection_with_pings",
    "upgrade_error_message",
]
