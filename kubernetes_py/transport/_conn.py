"""The connections under the HTTP transport, as client-go's dialer and http.Transport set them up.

* TCP connect gives up after ``DIAL_TIMEOUT`` (Go's ``net.Dialer{Timeout: 30s}``), TCP keep-alive probes every
  ``KEEP_ALIVE`` seconds (``KeepAlive: 30s``), and a TLS handshake gives up after ``TLS_HANDSHAKE_TIMEOUT``
  (``TLSHandshakeTimeout: 10s``) with Go's "net/http: TLS handshake timeout";
* an ``Exchange`` is one request on the wire: the connection it uses is attached to it when the request is written
  (through a thread-local set by the sender), so that the request's context ending, or its client timeout, can shut
  that connection down and wake a blocked connect, handshake or read, as Go cancels a request's connection.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from typing import Any, Callable, Iterator, Optional

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from kubernetes_py import context as _context

DIAL_TIMEOUT = 30.0
KEEP_ALIVE = 30
TLS_HANDSHAKE_TIMEOUT = 10.0


def _keep_alive_options() -> list[Any]:
    options = [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)]
    for name in ("TCP_KEEPIDLE", "TCP_KEEPINTVL"):
        if hasattr(socket, name):
            options.append((socket.IPPROTO_TCP, getattr(socket, name), KEEP_ALIVE))
    return options


SOCKET_OPTIONS = HTTPConnection.default_socket_options + _keep_alive_options()


class TLSHandshakeTimeoutError(OSError):
    """The server accepted the connection but did not complete the TLS handshake in time."""

    def __init__(self) -> None:
        super().__init__("net/http: TLS handshake timeout")

    def timeout(self) -> bool:
        return True


class Exchange:
    """One request on the wire: the connection it uses, and whether its context cut it.

    ``abort()`` may come from any thread; it shuts the connection's socket down only while the connection still
    serves this exchange (a connection back in the pool may already carry another request).
    """

    __slots__ = ("ctx", "conn", "sock", "aborted", "client_timeout", "_release")

    def __init__(self, ctx: _context.Context | None = None) -> None:
        self.ctx = ctx  # the request's context: a custom dial gets it, as Go's DialContext does
        self.conn: Any = None
        self.sock: Any = None  # a socket to cut that no connection of ours owns (another session's response)
        self.aborted = False
        self.client_timeout: Any = None  # the context of the client's timeout, when it has one
        self._release: list[Callable[[], Any]] = []

    def attach(self, conn: Any) -> None:
        self.conn = conn
        conn.kpy_exchange = self
        if self.aborted:
            _shutdown(conn)

    def attach_socket(self, sock: Any) -> None:
        self.sock = sock
        if self.aborted:
            _shutdown_socket(sock)

    def abort(self) -> None:
        self.aborted = True
        conn = self.conn
        if conn is not None and getattr(conn, "kpy_exchange", None) is self:
            _shutdown(conn)
        if self.sock is not None:
            _shutdown_socket(self.sock)

    def on_release(self, fn: Callable[[], Any]) -> None:
        self._release.append(fn)

    def release(self) -> None:
        """The exchange is over (body read or closed): stop watching its context."""
        release, self._release = self._release, []
        for fn in release:
            fn()
        conn = self.conn
        if conn is not None and getattr(conn, "kpy_exchange", None) is self:
            conn.kpy_exchange = None


def _shutdown(conn: Any) -> None:
    """Cut a connection: the socket it talks over (kept by ``connect`` even after http.client let go of it when the
    response owns the stream), or while connecting, the TCP socket."""
    sock = getattr(conn, "sock", None) or getattr(conn, "kpy_sock", None) or getattr(conn, "kpy_raw_sock", None)
    if sock is not None:
        _shutdown_socket(sock)


def _shutdown_socket(sock: Any) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


_current = threading.local()


def current_exchange() -> Optional[Exchange]:
    return getattr(_current, "exchange", None)


def set_current_exchange(exchange: Optional[Exchange]) -> Optional[Exchange]:
    """Make exchange the one this thread's next request attaches to; returns the one before."""
    before = getattr(_current, "exchange", None)
    _current.exchange = exchange
    return before


@contextlib.contextmanager
def exchange_for(ctx: _context.Context) -> Iterator[Exchange]:
    """An exchange cut when ``ctx`` ends, this thread's current one for the block and released after it: the
    handshake of an upgrade, whose connection then belongs to the caller."""
    exchange = Exchange(ctx)
    stop = _context.after_func(ctx, exchange.abort)
    before = set_current_exchange(exchange)
    try:
        yield exchange
    finally:
        set_current_exchange(before)
        stop()
        exchange.release()


class _Attaching:
    """Mixed into the connection classes: attach to the thread's exchange when connecting and sending."""

    kpy_exchange: Optional[Exchange] = None
    kpy_raw_sock: Any = None
    kpy_sock: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("socket_options", SOCKET_OPTIONS)  # urllib3 binds its default at definition time
        super().__init__(*args, **kwargs)

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self.kpy_sock = self.sock  # type: ignore[attr-defined]

    def _new_conn(self) -> socket.socket:
        exchange = current_exchange()
        if exchange is not None:
            exchange.attach(self)
        sock = self._kpy_dial() if self.kpy_dial is not None else super()._new_conn()  # type: ignore[misc]
        self.kpy_raw_sock, self.kpy_sock = sock, None
        if exchange is not None and exchange.aborted:
            _shutdown(self)
        return sock

    kpy_dial: Optional[Callable[..., Any]] = None

    def _kpy_dial(self) -> socket.socket:
        from kubernetes_py import context as _context

        host = self._dns_host  # type: ignore[attr-defined]
        address = f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"  # type: ignore[attr-defined]
        exchange = current_exchange()
        cancel = None
        timeout = self.timeout  # type: ignore[attr-defined]
        if exchange is not None and exchange.ctx is not None:
            ctx = exchange.ctx
        else:  # a request sent around rest (HTTPClient.get(url, timeout=...)): its timeout is the deadline
            ctx = _context.background()
            if isinstance(timeout, (int, float)) and timeout > 0:
                ctx, cancel = _context.with_timeout(ctx, timeout)
        try:
            sock: socket.socket = self.kpy_dial(ctx, "tcp", address)  # type: ignore[misc]
        except OSError as e:
            conn: Any = self  # mixed into an HTTPConnection class (Connection, TLSConnection)
            raise NewConnectionError(conn, f"Failed to establish a new connection: {e}") from e
        finally:
            if cancel is not None:
                cancel()
        if isinstance(timeout, (int, float)):
            sock.settimeout(timeout)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        exchange = current_exchange()
        if exchange is not None:
            exchange.attach(self)
        super().request(*args, **kwargs)  # type: ignore[misc]


class Connection(_Attaching, HTTPConnection):
    pass


def _cap_for_handshake(sock: socket.socket, timeout: Any) -> None:
    """Give a TLS handshake on sock at most TLS_HANDSHAKE_TIMEOUT (a connection's timeout may also be urllib3's
    default-timeout sentinel, left as it is)."""
    if timeout is None or (isinstance(timeout, (int, float)) and timeout > TLS_HANDSHAKE_TIMEOUT):
        sock.settimeout(TLS_HANDSHAKE_TIMEOUT)


class TLSConnection(_Attaching, HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _cap_for_handshake(sock, self.timeout)  # urllib3 sets the read timeout after
        return sock

    def connect(self) -> None:
        try:
            super().connect()
        except TimeoutError as e:  # the TCP connect's own timeout arrives as urllib3's ConnectTimeoutError
            raise TLSHandshakeTimeoutError() from e


class _TLSProxyLeg:
    """Mixed into a plain-HTTP connection class whose CONNECT tunnel goes through an https proxy: the socket to the
    proxy speaks TLS (``proxy_ssl_context``, verified against the proxy's host name) and the target is spoken to in
    clear through the tunnel, as Go's dialers reach an https proxy whatever the target's scheme."""

    def __init__(self, *args: Any, proxy_ssl_context: ssl.SSLContext, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kpy_proxy_ssl_context = proxy_ssl_context

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        timeout = sock.gettimeout()
        _cap_for_handshake(sock, timeout)
        try:
            tls = self._kpy_proxy_ssl_context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]
        except TimeoutError as e:
            sock.close()
            raise TLSHandshakeTimeoutError() from e
        except BaseException:
            sock.close()
            raise
        tls.settimeout(timeout)
        return tls


_TLS_PROXY_CLASSES: dict[type, type] = {}


def through_tls_proxy(conn_cls: type) -> type:
    """conn_cls (a plain-HTTP connection class) with its tunnel's proxy reached over TLS (see _TLSProxyLeg)."""
    cls = _TLS_PROXY_CLASSES.get(conn_cls)
    if cls is None:
        cls = _TLS_PROXY_CLASSES[conn_cls] = type(conn_cls.__name__ + "ThroughTLSProxy", (_TLSProxyLeg, conn_cls), {})
    return cls


def pool_classes(dial: Optional[Callable[..., Any]] = None) -> dict[Any, Any]:
    """Pool classes for PoolManager.pool_classes_by_scheme; with dial, sockets come from dial(ctx, "tcp",
    "host:port")."""
    http_conn: type = Connection
    https_conn: type = TLSConnection
    if dial is not None:
        http_conn = type("DialingConnection", (Connection,), {"kpy_dial": staticmethod(dial)})
        https_conn = type("DialingTLSConnection", (TLSConnection,), {"kpy_dial": staticmethod(dial)})
    return {
        "http": type("ConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
        "https": type("TLSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
    }
