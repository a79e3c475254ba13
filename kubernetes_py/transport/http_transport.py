"""The base round tripper: a requests HTTPAdapter carrying the TLS settings, proxy choice and connection pool.

It plays the part of Go's ``*http.Transport`` built by client-go's transport cache, including the
two rotations client-go does:

* client certificate from files (``reload_tls_files``) or from a callback (exec plugins): looked up
  before each request (files re-read at most once a second); when it changed, a new SSLContext is
  made and every pooled connection is dropped, so the next connection presents the new certificate;
* CA file (``reload_ca_files``): re-read every 5 minutes; a changed, parseable file replaces the trusted roots.
"""

from __future__ import annotations

import http.client
import logging
import re
import socket
import ssl
import threading
import time
from typing import Any, Callable, Iterable, Mapping, Optional
from urllib.parse import urlsplit

import requests
import urllib3
from requests import PreparedRequest
from requests.adapters import HTTPAdapter
from urllib3 import HTTPHeaderDict
from urllib3.util import SKIP_HEADER

from kubernetes_py._internals.requests import set_request_headers
from kubernetes_py._internals.urllib3 import header_container
from kubernetes_py.tools import metrics

from . import _conn, _wire
from . import tls as _tls
from .config import Certificate
from .proxy import environment_proxy_func, no_proxy_from_environment, resolve_proxy

log = logging.getLogger("kubernetes_py.transport")

# Idle connections kept per host: client-go's transport keeps 25 (MaxIdleConnsPerHost). Connections beyond it
# are still opened when needed (pool_block=False), just not kept; an open watch holds one of its own (HTTP/1.1).
POOL_MAXSIZE = 25
# Distinct hosts (connection pools) kept.
POOL_CONNECTIONS = 10


class ClientCertificateError(Exception):
    """The client certificate could not be loaded for a new connection (rotated files unreadable or invalid)."""


class Response(requests.Response):
    """A requests.Response built without the cookie and encoding work client-go does not do.

    The cookie jar is made only when asked for: like Go's client without a jar, nothing reads or stores cookies.
    """

    def __init__(self) -> None:  # noqa: D107 - requests.Response.__init__ is skipped on purpose
        # requests' own marks: _content is False until the body is read (its stubs type it bytes or None)
        self.__dict__.update(_content=False, _content_consumed=False, _next=None, encoding=None)
        self.history = []
        self.elapsed = _NO_TIME

    @property
    def content(self) -> bytes:
        """The whole body in one read (requests reads it in 10 KiB pieces through generators), with requests'
        errors for a body cut short, badly encoded or timed out."""
        state = self.__dict__
        if state["_content"] is False:
            if state["_content_consumed"]:
                raise RuntimeError("The content for this response was already consumed")
            try:
                state["_content"] = self.raw.read(decode_content=True) or b""
            except urllib3.exceptions.ProtocolError as e:
                raise requests.exceptions.ChunkedEncodingError(e) from e
            except urllib3.exceptions.DecodeError as e:
                raise requests.exceptions.ContentDecodingError(e) from e
            except urllib3.exceptions.ReadTimeoutError as e:
                raise requests.exceptions.ConnectionError(e) from e
            except urllib3.exceptions.SSLError as e:
                raise requests.exceptions.SSLError(e) from e
        state["_content_consumed"] = True
        body: bytes = state["_content"]
        return body

    @property
    def cookies(self) -> requests.cookies.RequestsCookieJar:
        jar: Optional[requests.cookies.RequestsCookieJar] = self.__dict__.get("_cookies")
        if jar is None:
            jar = self.__dict__["_cookies"] = requests.cookies.RequestsCookieJar()
        return jar

    @cookies.setter
    def cookies(self, jar: requests.cookies.RequestsCookieJar) -> None:
        self.__dict__["_cookies"] = jar


_NO_TIME = __import__("datetime").timedelta(0)

# Go's httpguts.ValidHeaderFieldValue: no control byte but horizontal tab; bytes from 0x80 up (UTF-8) pass.
_CTL = frozenset(range(0x20)) - {0x09} | {0x7F}
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


_VALID_NAMES: set[str] = set()


def _valid_name(name: str) -> bool:
    if _TOKEN.fullmatch(name) is None:
        return False
    if len(_VALID_NAMES) < 4096:  # names repeat on every request; remember the valid ones
        _VALID_NAMES.add(name)
    return True


def _checked_headers(headers: HTTPHeaderDict) -> HTTPHeaderDict:
    """The headers as they go on the wire, after Go's checks of names and values.

    The error names the header, never its value (which may be a credential). A value outside ASCII goes out as its
    UTF-8 bytes, as Go writes it.
    """
    non_ascii = False
    for entry in header_container(headers).values():  # the header lines in iteritems() order
        name = entry[0]
        if name not in _VALID_NAMES and not _valid_name(name):
            raise requests.exceptions.InvalidHeader(f"net/http: invalid header field name {_go_quote(name)}")
        for value in entry[1:]:
            if type(value) is str and value.isascii() and value.isprintable():
                continue
            raw = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else bytes(value)
            if any(b in _CTL for b in raw):
                raise requests.exceptions.InvalidHeader(f"net/http: invalid header field value for {_go_quote(name)}")
            non_ascii = non_ascii or isinstance(value, str) and not value.isascii()
    if not non_ascii:
        return headers
    out = HTTPHeaderDict()
    for name, value in headers.iteritems():
        out.add(
            name,
            value.encode("utf-8", "surrogateescape") if isinstance(value, str) and not value.isascii() else value,  # type: ignore[arg-type]  # bytes go on the wire as they are (request_bytes)
        )
    return out


def _target(scheme: str, authority: str) -> tuple[tuple[Any, ...], str, str]:
    """((scheme, host, port), Host header, TLS server name) of a URL's authority."""
    scheme = scheme.lower()
    if scheme not in ("http", "https"):
        raise requests.exceptions.InvalidSchema(f"No connection adapters were found for {scheme!r}")
    hostport = authority.rpartition("@")[2]
    parsed = urllib3.util.parse_url(f"{scheme}://{hostport}")
    if not parsed.host:
        raise requests.exceptions.InvalidURL(f"Invalid URL {scheme}://{hostport}: No host supplied")
    host = parsed.host.strip("[]")
    port = parsed.port or (443 if scheme == "https" else 80)
    return (scheme, host, port), hostport, host


def _timeouts(timeout: Any) -> tuple[Optional[float], Optional[float]]:
    """(connect, read) seconds from what requests accepts as a timeout."""
    if timeout is None:
        return None, None
    if isinstance(timeout, tuple):
        return timeout
    if isinstance(timeout, urllib3.util.Timeout):
        connect: Any = timeout.connect_timeout  # a float or None once given (urllib3 types its default sentinel too)
        read: Any = timeout.read_timeout
        return connect, read
    return timeout, timeout


def _go_quote(s: str) -> str:
    from kubernetes_py._go.strconv import go_quote

    return go_quote(s)


# Without a deadline: connect as Go's dialer does, then wait for the server as long as it takes.
_DEFAULT_TIMEOUT = (_conn.DIAL_TIMEOUT, None)


class HTTPTransport(HTTPAdapter):
    """TLS + proxy + pooling, the bottom of every round-tripper chain built by ``transport.new``."""

    def __init__(
        self,
        *,
        insecure: bool = False,
        ca_data: Optional[bytes] = None,
        ca_file: str = "",
        reload_ca_files: bool = False,
        server_name: str = "",
        next_protos: Optional[Iterable[str]] = None,
        static_cert: Optional[Certificate] = None,
        cert_source: Optional[Callable[[], Optional[Certificate]]] = None,
        proxy: Any = None,
        disable_compression: bool = False,
        dial: Optional[Callable[..., Any]] = None,
        pool_maxsize: int = POOL_MAXSIZE,
        pool_connections: int = POOL_CONNECTIONS,
    ):
        self._insecure = insecure
        self._ca_data = ca_data
        self._ca_file = ca_file
        self._reload_ca = reload_ca_files and bool(ca_file) and not insecure
        self._rotates = cert_source is not None or self._reload_ca  # the SSLContext may change
        self._server_name = server_name
        self._next_protos = list(next_protos) if next_protos else None
        self._cert_source = cert_source
        self._proxy = proxy
        self._proxy_from_environment = environment_proxy_func() if proxy is None else None
        # No proxy for any request: none configured and none in the environment (read once, as Go does).
        self._never_proxy = self._proxy_from_environment is no_proxy_from_environment
        self.disable_compression = disable_compression
        self._dial = dial
        self._pools: dict[tuple[Any, ...], Any] = {}
        self._wire_pool = _wire.WirePool(pool_maxsize)
        self._connection_classes = {scheme: cls.ConnectionCls for scheme, cls in _conn.pool_classes(dial).items()}
        self._authorities: dict[tuple[str, str], tuple[Any, ...]] = {}
        self._ctx_lock = threading.Lock()
        self._cert = static_cert
        self._ca_checked = time.monotonic()
        # A cert_source (file reloader, exec plugin) is first asked when a TLS connection is needed, as Go
        # asks GetClientCertificate during the handshake: building a transport never runs a plugin.
        self._ssl_context = _tls.new_ssl_context(insecure, ca_data, self._next_protos, static_cert)
        super().__init__(pool_connections=pool_connections, pool_maxsize=pool_maxsize, max_retries=0)

    # --- state -------------------------------------------------------------------------------
    def ssl_context(self) -> ssl.SSLContext:
        """The SSLContext new connections use, after checking for a rotated certificate or CA."""
        if not self._rotates:
            return self._ssl_context  # nothing rotates: made once
        rebuild = False
        with self._ctx_lock:
            if self._cert_source is not None:
                try:
                    cert = self._cert_source()
                except (ValueError, OSError) as e:
                    # Not a ValueError: requests would report that as an invalid URL.
                    raise ClientCertificateError(str(e)) from None
                if cert != self._cert:
                    had_cert = self._cert is not None
                    self._cert = cert
                    rebuild = True
                    if had_cert:
                        log.info(
                            "Certificate rotation detected, shutting down client connections to start "
                            "using new credentials"
                        )
            if self._reload_ca and time.monotonic() - self._ca_checked >= _tls.CA_REFRESH_SECONDS:
                self._ca_checked = time.monotonic()
                rebuild = self._reload_ca_file() or rebuild
            if rebuild:
                try:
                    self._ssl_context = _tls.new_ssl_context(
                        self._insecure, self._ca_data, self._next_protos, self._cert
                    )
                except ValueError as e:
                    raise ClientCertificateError(str(e)) from None
            ctx = self._ssl_context
        if rebuild:
            self.close_idle_connections()
        return ctx

    def _reload_ca_file(self) -> bool:
        try:
            with open(self._ca_file, "rb") as f:
                data = f.read()
        except OSError as e:
            log.error("Failed to read CA data from file %s: %s", self._ca_file, e)
            metrics.TransportCAReloads.increment("failure", "read_error")
            return False
        if not data:
            log.info("CA file %s empty, skipping transport rotation", self._ca_file)
            metrics.TransportCAReloads.increment("failure", "empty")
            return False
        if data == self._ca_data:
            metrics.TransportCAReloads.increment("success", "unchanged")
            return False
        try:
            _tls.add_root_cas(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), data)
        except ValueError as e:
            log.error("Failed to parse CA data from file %s: %s", self._ca_file, e)
            metrics.TransportCAReloads.increment("failure", "ca_parse_error")
            return False
        self._ca_data = data
        metrics.TransportCAReloads.increment("success", "updated")
        return True

    def close_idle_connections(self) -> None:
        """Drop pooled connections (Go's CloseIdleConnections / connection-tracker CloseAll)."""
        self._pools = {}
        self._wire_pool.clear()
        self.poolmanager.clear()
        for manager in list(self.proxy_manager.values()):
            manager.clear()

    # --- requests.HTTPAdapter hooks -----------------------------------------------------------------
    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _conn.pool_classes(getattr(self, "_dial", None))

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _conn.pool_classes(getattr(self, "_dial", None))
        return manager

    def get_connection_with_tls_context(
        self,
        request: PreparedRequest,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None = None,
        cert: tuple[str, str] | str | None = None,
    ) -> Any:
        """The connection pool for the request's scheme, host and proxy, kept until the TLS settings change."""
        scheme, _, rest = (request.url or "").partition("://")
        proxy = proxies.get(scheme.lower()) if proxies else None
        key = (scheme, rest.split("/", 1)[0], proxy)
        ssl_context = self.ssl_context() if scheme.lower() == "https" else None
        pools = self._pools
        pool: Any = pools.get(key)
        if pool is None or (ssl_context is not None and pool.kpy_ssl_context is not ssl_context):
            pool = super().get_connection_with_tls_context(request, verify, proxies=proxies, cert=cert)
            pool.kpy_ssl_context = ssl_context
            pools[key] = pool
        return pool

    def request_url(self, request: PreparedRequest, proxies: Mapping[str, str] | None) -> str:
        if proxies:
            return super().request_url(request, proxies)
        rest = (request.url or "").partition("://")[2]
        i = rest.find("/")
        path = rest[i:] if i >= 0 else "/"
        if "#" in path:
            path = path.split("#", 1)[0]
        return path

    def build_response(self, req: PreparedRequest, resp: Any) -> Response:
        return self._response(req, resp.status, resp.reason, resp.headers, resp)

    def build_connection_pool_key_attributes(
        self, request: PreparedRequest, verify: bool | str, cert: str | tuple[str, str] | None = None
    ) -> Any:
        parts = urlsplit(request.url or "")
        scheme = parts.scheme.lower()
        host_params = {"scheme": scheme, "host": parts.hostname, "port": parts.port}
        pool_kwargs: dict[str, Any] = {}
        if scheme == "https":
            pool_kwargs["ssl_context"] = self.ssl_context()
            pool_kwargs["cert_reqs"] = "CERT_NONE" if self._insecure else "CERT_REQUIRED"
            if self._server_name:
                pool_kwargs["server_hostname"] = self._server_name
        return host_params, pool_kwargs

    def cert_verify(self, conn: Any, url: Any, verify: Any, cert: Any) -> None:
        # Trust comes only from our SSLContext: never let requests add its own CA bundle or files.
        conn.ca_certs = None
        conn.ca_cert_dir = None
        conn.cert_file = None
        conn.key_file = None

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> Response:
        headers: Any = request.headers
        if not isinstance(headers, HTTPHeaderDict):
            headers = HTTPHeaderDict(headers)
        names = header_container(headers)  # lowercased
        if "accept-encoding" not in names:
            if not self.disable_compression and "range" not in names and request.method != "HEAD":
                names["accept-encoding"] = ["Accept-Encoding", "gzip"]
            else:
                # like Go, send none (http.client would add "identity")
                names["accept-encoding"] = ["Accept-Encoding", SKIP_HEADER]
        checked = _checked_headers(headers)
        if checked is not headers:
            headers = checked
            names = header_container(headers)
            set_request_headers(request, headers)
        elif request.headers is not headers:
            set_request_headers(request, headers)
        proxy = None if self._never_proxy else resolve_proxy(self._proxy, request, self._proxy_from_environment)
        if timeout is None and self._dial is None:  # a custom dial bounds its own connects, as in Go
            timeout = _DEFAULT_TIMEOUT
        body = request.body
        if proxy is None and (body is None or isinstance(body, bytes)) and "upgrade" not in names:
            return self._send_on_wire(request, timeout)
        chosen = {(request.url or "").partition("://")[0].lower(): proxy} if proxy else None
        resp: Response = super().send(  # type: ignore[assignment]  # build_response makes this module's Response
            request, stream=stream, timeout=timeout, verify=not self._insecure, cert=None, proxies=chosen
        )
        return resp

    def upgrade(self, request: PreparedRequest, timeout: Any = None) -> tuple[Response, _wire.WireConnection]:
        """Send a request that upgrades its connection (WebSocket, SPDY) on a new connection of its own and read the
        head of the answer, nothing past it (the server may speak the new protocol at once).

        The connection is made as every other one: this transport's TLS context (rotated certificates and CA
        included), server name and dial, and its proxy, through which it is a CONNECT tunnel as Go's upgrading
        dialers make; the thread's current exchange (the request's context) cuts it while connecting and waiting.
        The caller owns the returned connection: after a 101 its ``sock`` speaks the new protocol; after any other
        status the response's ``raw`` body is the answer's (the connection closes with it).
        """
        given: Any = request.headers
        headers = given if isinstance(given, HTTPHeaderDict) else HTTPHeaderDict(given)
        headers.setdefault("Accept-Encoding", SKIP_HEADER)
        headers = _checked_headers(headers)
        set_request_headers(request, headers)
        method, url, body = request.method or "", request.url or "", request.body
        scheme, _, rest = url.partition("://")
        authority, _, path = rest.partition("/")
        key, host_header, server_name = _target(scheme, authority)
        if timeout is None and self._dial is None:
            timeout = _DEFAULT_TIMEOUT
        connect_timeout, read_timeout = _timeouts(timeout)
        conn_kw = self._connection_settings(key[0], server_name)
        proxy = resolve_proxy(self._proxy, request, self._proxy_from_environment)
        tunnel = None
        dial_key = key
        conn_cls = self._connection_classes[key[0]]
        if proxy is not None:
            proxy_url = urllib3.util.parse_url(proxy)
            if proxy_url.scheme not in ("http", "https"):
                raise requests.exceptions.InvalidSchema(
                    f"proxy: unknown scheme: {proxy_url.scheme} (upgrades tunnel through http and https proxies)"
                )
            dial_key = (
                proxy_url.scheme,
                proxy_url.host,
                proxy_url.port or (443 if proxy_url.scheme == "https" else 80),
            )
            # Go's CONNECT names the target in a Host header too (http.client's HTTP/1.0 line does not).
            tunnel_headers = {"Host": f"{key[1]}:{key[2]}", **self.proxy_headers(proxy)}
            tunnel = (key[1], key[2], tunnel_headers, proxy_url.scheme)
            if key[0] == "https":
                conn_kw["proxy"] = proxy_url
                conn_kw["proxy_config"] = urllib3.connection.ProxyConfig(None, False, None, None)
            elif proxy_url.scheme == "https":
                conn_cls = _conn.through_tls_proxy(conn_cls)
                conn_kw["proxy_ssl_context"] = self.ssl_context()
        wire = _wire.connect(conn_cls, dial_key, connect_timeout, tunnel=tunnel, **conn_kw)
        exchange = _conn.current_exchange()
        if exchange is not None:
            exchange.attach(wire)
        try:
            wire.set_timeout(read_timeout)
            wire.sock.sendall(
                _wire.request_bytes(
                    method,
                    "/" + path.partition("#")[0],
                    host_header,
                    headers,
                    body.encode() if isinstance(body, str) else body,
                )
            )
            status, reason, version, response_headers = _wire.read_upgrade_head(wire.sock)
        except socket.timeout as e:
            wire.close()
            raise requests.exceptions.ReadTimeout(_wire.read_timeout_error(url, "Read timed out.")) from e
        except (OSError, http.client.HTTPException) as e:
            wire.close()
            raise requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError("Connection aborted.", e)) from e
        raw = (
            None
            if status == 101
            else _wire.WireBody(_wire.WirePool(0), wire, method, status, reason, version, response_headers, url)
        )
        return self._response(request, status, reason, response_headers, raw), wire

    def _connection_settings(self, scheme: str, server_name: str) -> dict[str, Any]:
        """The keyword arguments of a new connection of scheme: for https, the TLS context (after a rotation check),
        whether to verify, and the server name to verify."""
        if scheme != "https":
            return {}
        return {
            "ssl_context": self.ssl_context(),
            "cert_reqs": "CERT_NONE" if self._insecure else "CERT_REQUIRED",
            "server_hostname": self._server_name or server_name,
        }

    def _send_on_wire(self, request: PreparedRequest, timeout: Any) -> "Response":
        url = request.url or ""
        scheme, _, rest = url.partition("://")
        authority, slash, path = rest.partition("/")
        target = self._authorities.get((scheme, authority))
        if target is None:
            key, host_header, server_name = _target(scheme, authority)
            # The settings of its new connections, when they never change (no rotated certificate or CA).
            fixed = None if self._rotates else self._connection_settings(key[0], server_name)
            target = (key, host_header, server_name, fixed)
            if len(self._authorities) < 64:
                self._authorities[(scheme, authority)] = target
        key, host_header, server_name, conn_kw = target
        if type(timeout) is tuple:
            connect_timeout, read_timeout = timeout
        else:
            connect_timeout, read_timeout = _timeouts(timeout)
        if conn_kw is None:  # before taking a pooled connection: a rotation drops them
            conn_kw = self._connection_settings(key[0], server_name)
        cls = self._connection_classes[key[0]]
        path = "/" + path.partition("#")[0]
        raw, _ = _wire.round_trip(
            self._wire_pool,
            key,
            lambda: _wire.connect(cls, key, connect_timeout, **conn_kw),
            request.method or "",
            path,
            host_header,
            request.headers,  # type: ignore[arg-type]  # send() made them an HTTPHeaderDict
            request.body,  # type: ignore[arg-type]  # send() sends only bytes or None this way
            read_timeout,
            url,
        )
        return self._response(request, raw.status, raw.reason, raw.headers, raw)

    def _response(self, request: PreparedRequest, status: int, reason: str, headers: Any, raw: Any) -> Response:
        response = Response()
        response.status_code = status
        response.headers = headers  # urllib3's HTTPHeaderDict: case-insensitive, repeated values kept
        response.raw = raw
        response.reason = reason
        response.url = request.url or ""
        response.request = request
        response.connection = self
        return response

    def __repr__(self) -> str:
        return (
            f"transport.HTTPTransport(insecure={self._insecure}, server_name={self._server_name!r}, "
            f"client_cert={'yes' if self._cert is not None else 'no'})"
        )
