"""The WebSocket round tripper (client-go transport/websocket/roundtripper.go); see the package docstring."""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import ssl
import time
from collections.abc import Mapping
from typing import Any, Optional, Protocol

import requests
from urllib3 import HTTPHeaderDict

from kubernetes_py._go.strconv import go_quote
from kubernetes_py._internals.requests import set_request_headers
from kubernetes_py.apimachinery.util import httpstream
from kubernetes_py.apimachinery.util.httpstream import wsstream

from .. import _conn
from ..http_transport import HTTPTransport
from ..transport import tls_cache
from .conn import Conn

__all__ = ["ConnectionHolder", "RoundTripper", "negotiate", "round_tripper_for"]

log = logging.getLogger("kubernetes_py.transport.websocket")

# Bytes of a refused handshake's body that are kept for the error (gorilla keeps 1024).
_BAD_HANDSHAKE_BODY = 1024
_ACCEPT_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_RESERVED_HEADERS = ("Upgrade", "Connection", "Sec-Websocket-Key", "Sec-Websocket-Version", "Sec-Websocket-Extensions")


class ConnectionHolder(Protocol):
    """What holds the WebSocket once the round trip upgraded it (client-go's ConnectionHolder)."""

    def data_buffer_size(self) -> int: ...

    def connection(self) -> Optional[Conn]: ...


def _status_decoder() -> Any:
    global _STATUS_DECODER
    if _STATUS_DECODER is None:
        from kubernetes_py.apimachinery import runtime
        from kubernetes_py.apimachinery.apis.meta import v1 as metav1
        from kubernetes_py.apimachinery.runtime import serializer

        scheme = runtime.new_scheme()
        scheme.add_unversioned_types(metav1.SchemeGroupVersion, metav1.Status)
        _STATUS_DECODER = serializer.new_codec_factory(scheme).universal_decoder()
    return _STATUS_DECODER


_STATUS_DECODER: Any = None


def _header_list(headers: Any, name: str) -> list[Any]:
    """The values of a header, a list value (Go's Header[name] = []string{...}) counting as several."""
    getlist = getattr(headers, "getlist", None)
    values = (
        list(getlist(name)) if getlist is not None else [v for k, v in headers.items() if k.lower() == name.lower()]
    )
    return [x for v in values for x in (v if isinstance(v, (list, tuple)) else [v])]


class RoundTripper(requests.adapters.BaseAdapter):
    """Opens the WebSocket for one request and keeps it (``connection()``): must not be reused.

    ``transport`` is the base transport (``HTTPTransport``) whose TLS settings, dial and proxy it connects with.
    The request's ``Sec-Websocket-Protocol`` values are the subprotocols asked for.
    """

    def __init__(self, transport: HTTPTransport):
        super().__init__()
        self.transport = transport
        self.conn: Optional[Conn] = None

    def connection(self) -> Optional[Conn]:
        return self.conn

    def data_buffer_size(self) -> int:
        return 32 * 1024

    def tls_client_config(self) -> ssl.SSLContext:
        """The ssl.SSLContext connections are made with."""
        return self.transport.ssl_context()

    def close(self) -> None:
        pass

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        return self.round_trip(request, timeout=timeout)

    def round_trip(self, request: Any, timeout: Any = None) -> requests.Response:
        headers = HTTPHeaderDict(request.headers)
        protocols = _header_list(headers, wsstream.WebSocketProtocolHeader)
        headers.discard(wsstream.WebSocketProtocolHeader)
        scheme = request.url.partition("://")[0].lower()
        if scheme not in ("http", "https"):
            raise ValueError(f"unknown url scheme: {scheme}")
        if "@" in request.url.partition("://")[2].split("/", 1)[0]:
            raise ValueError("malformed ws or wss URL")
        for name in _RESERVED_HEADERS:
            if name in headers:
                raise ValueError(f"websocket: duplicate header not allowed: {name}")
        key = base64.b64encode(os.urandom(16)).decode("ascii")
        upgrade_headers = HTTPHeaderDict()
        upgrade_headers["Upgrade"] = "websocket"
        upgrade_headers["Connection"] = "Upgrade"
        upgrade_headers["Sec-WebSocket-Key"] = key
        upgrade_headers["Sec-WebSocket-Version"] = "13"
        if protocols:
            upgrade_headers["Sec-WebSocket-Protocol"] = ", ".join(protocols)
        for name, value in headers.iteritems():
            upgrade_headers.add(name, value)
        upgrade = requests.PreparedRequest()
        upgrade.method = "GET"  # a WebSocket opens with GET whatever the caller's method
        upgrade.url = request.url
        set_request_headers(upgrade, upgrade_headers)
        upgrade.body = None
        resp, wire = self.transport.upgrade(upgrade, timeout)
        if not _handshake_ok(resp, key):
            try:
                raise httpstream.UpgradeFailureError(_bad_handshake_cause(resp))
            finally:
                wire.close()
        chosen = resp.headers.get("Sec-WebSocket-Protocol", "")
        if chosen not in protocols:
            wire.close()
            expected = "[" + " ".join(go_quote(p) for p in protocols) + "]"
            raise httpstream.UpgradeFailureError(
                ValueError(f"invalid protocol, expected one of {expected}, got {go_quote(chosen)}")
            )
        wire.set_timeout(None)
        self.conn = Conn(wire.sock, chosen, resp.headers, on_close=wire.close)
        return resp


def _handshake_ok(resp: requests.Response, key: str) -> bool:
    if resp.status_code != 101:
        return False
    accept = base64.b64encode(hashlib.sha1(key.encode("ascii") + _ACCEPT_GUID).digest()).decode("ascii")
    return (
        _token_list_contains(resp.headers, "Upgrade", "websocket")
        and _token_list_contains(resp.headers, "Connection", "upgrade")
        and resp.headers.get("Sec-WebSocket-Accept", "") == accept
    )


def _token_list_contains(headers: Any, name: str, value: str) -> bool:
    for v in _header_list(headers, name):
        if any(token.strip().lower() == value for token in v.split(",")):
            return True
    return False


def _bad_handshake_cause(resp: requests.Response) -> BaseException:
    """client-go's error for a refused handshake: the server's Status when its body is one, else the status line
    and body text after gorilla's "websocket: bad handshake"."""
    from kubernetes_py.apimachinery.api import errors
    from kubernetes_py.rest.result import decode

    cause = f"websocket: bad handshake ({resp.status_code} {resp.reason})".replace(" )", ")")
    body = b""
    raw = resp.raw
    if raw is not None:
        try:
            while len(body) < _BAD_HANDSHAKE_BODY:
                chunk = raw.read(_BAD_HANDSHAKE_BODY - len(body))
                if not chunk:
                    break
                body += chunk
        except Exception:  # noqa: BLE001 - as gorilla, keep what was read
            pass
        finally:
            raw.close()
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return ValueError(cause)
    try:
        status = decode(_status_decoder(), body, None, _status_class()())
    except Exception:  # noqa: BLE001 - not a Status: the body's text is the message
        return ValueError(f"{cause}: {text}")
    if isinstance(status, _status_class()):
        return errors.StatusError(status)
    return ValueError(cause)


def _status_class() -> Any:
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1

    return metav1.Status


def round_tripper_for(config: Any) -> tuple[Any, RoundTripper]:
    """(the round tripper to send the upgrade through, the RoundTripper that will hold the WebSocket) for a
    rest.Config: its authentication, User-Agent and impersonation wrappers over a WebSocket RoundTripper that dials
    with the config's TLS settings and proxy."""
    from kubernetes_py.rest.transport import transport_config_for
    from kubernetes_py.transport import http_wrappers_for_config

    transport_cfg = transport_config_for(config)
    upgrade_round_tripper = RoundTripper(tls_cache.get(transport_cfg))
    return http_wrappers_for_config(transport_cfg, upgrade_round_tripper), upgrade_round_tripper


def negotiate(rt: Any, connection_info: ConnectionHolder, req: Any, *protocols: str, ctx: Any = None) -> Conn:
    """Open the WebSocket for req (a requests.Request or PreparedRequest) through rt, asking for protocols in order
    of preference, and return it; ctx (a kubernetes_py.context.Context) cuts the connect and handshake."""
    from kubernetes_py import context

    if isinstance(req, requests.Request):
        req = req.prepare()
    ctx = ctx if ctx is not None else context.background()
    err = ctx.err()
    if err is not None:
        raise err
    req.headers = HTTPHeaderDict(req.headers)
    req.headers.discard(wsstream.WebSocketProtocolHeader)
    for p in protocols:
        req.headers.add(wsstream.WebSocketProtocolHeader, p)
    with _conn.exchange_for(ctx):
        try:
            rt.send(req, timeout=_timeout(ctx))
        except BaseException as exc:
            err = ctx.err()
            if err is not None and not httpstream.is_upgrade_failure(exc):
                raise err from exc
            raise
    conn = connection_info.connection()
    if conn is None:
        raise RuntimeError("websocket connection is nil")
    err = ctx.err()
    if err is not None:  # cancelled right after the handshake: the connection is nobody's
        conn.close()
        raise err
    return conn


def _timeout(ctx: Any) -> Any:
    """Connect within Go's dial timeout; wait for the handshake's answer no longer than ctx's deadline."""
    from kubernetes_py import context

    dl = context.deadline_monotonic(ctx)
    if dl is None:
        return (_conn.DIAL_TIMEOUT, None)
    remaining = dl - time.monotonic()
    if remaining <= 0:
        raise context.DeadlineExceeded()
    return (min(_conn.DIAL_TIMEOUT, remaining), remaining)
