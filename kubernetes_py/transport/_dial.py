"""Custom dialing (transport.DialHolder): urllib3 pools whose connections get their socket from dial()."""
from __future__ import annotations

import socket
from typing import Any, Callable

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from kubernetes_py import context as _context


def _join_host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def pool_classes(dial: Callable[..., Any]) -> dict:
    """Pool classes for PoolManager.pool_classes_by_scheme whose sockets come from dial(ctx, "tcp", "host:port")."""

    def new_conn(self) -> socket.socket:
        address = _join_host_port(self._dns_host, self.port)
        ctx = _context.background()
        cancel = None
        if isinstance(self.timeout, (int, float)) and self.timeout > 0:
            ctx, cancel = _context.with_timeout(ctx, self.timeout)
        try:
            sock = dial(ctx, "tcp", address)
        except OSError as e:
            raise NewConnectionError(self, f"Failed to establish a new connection: {e}") from e
        finally:
            if cancel is not None:
                cancel()
        if isinstance(self.timeout, (int, float)):
            sock.settimeout(self.timeout)
        return sock

    conn_http = type("DialingHTTPConnection", (HTTPConnection,), {"_new_conn": new_conn})
    conn_https = type("DialingHTTPSConnection", (HTTPSConnection,), {"_new_conn": new_conn})
    return {
        "http": type("DialingHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": conn_http}),
        "https": type("DialingHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": conn_https}),
    }
