"""The wire layer against servers that hang, drip, redirect or answer oddly, and credentials that never leak.

Each case is one of issue 15's findings, checked against what client-go v0.37.1 does on the same input.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import traceback

import pytest
import requests
from werkzeug.wrappers import Response

from kubernetes_py import context, kubernetes, rest, transport
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import net
from kubernetes_py.transport import _conn

CONFIGMAP = b'{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","namespace":"default"},"data":{"k":"v"}}'


class RawServer:
    """A loopback TCP server whose connections are handled by ``handle(conn)`` in a thread each."""

    def __init__(self, handle, backlog: int = 16):
        self._handle = handle
        self._stop = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(backlog)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._accept = threading.Thread(target=self._loop, name="raw-server", daemon=True)
        self._accept.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self._conns.append(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(t)
            t.start()

    def _serve(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            self._handle(conn, self._stop)

    def close(self) -> None:
        self._stop.set()
        self._accept.join(5)
        for c in self._conns:
            with contextlib.suppress(OSError):
                c.close()
        for t in self._threads:
            t.join(5)
        self.sock.close()


@pytest.fixture
def raw_server():
    servers = []

    def start(handle, backlog: int = 16) -> RawServer:
        s = RawServer(handle, backlog)
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.close()


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


# --- 1, 2: hangs at connect time --------------------------------------------------------------------------------


def test_client_go_dialer_and_handshake_limits():
    assert _conn.DIAL_TIMEOUT == 30.0
    assert _conn.TLS_HANDSHAKE_TIMEOUT == 10.0
    options = set(_conn.SOCKET_OPTIONS)
    assert (socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1) in options
    assert (socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 30) in options
    assert (socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 30) in options
    assert (socket.IPPROTO_TCP, socket.TCP_NODELAY, 1) in options


def test_a_tls_handshake_that_never_completes_times_out(raw_server, monkeypatch):
    monkeypatch.setattr(_conn, "TLS_HANDSHAKE_TIMEOUT", 0.5)
    server = raw_server(lambda conn, stop: stop.wait(10))  # accepts TCP, never answers the ClientHello
    client = kubernetes.new_for_config(rest.Config(host=f"https://127.0.0.1:{server.port}", insecure=True))
    start = time.monotonic()
    with pytest.raises(requests.exceptions.ConnectionError) as info:
        client.core_v1().config_maps("default").get(None, "c", metav1.GetOptions())
    assert time.monotonic() - start < 3
    assert "net/http: TLS handshake timeout" in str(info.value)
    assert net.is_timeout(info.value)


def test_connect_to_a_full_backlog_times_out_at_the_dial_timeout(monkeypatch):
    monkeypatch.setattr(_conn, "DIAL_TIMEOUT", 0.5)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(8):  # fill the accept queue: later SYNs are dropped, so connect() waits
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            fillers.append(s)
        time.sleep(0.1)
        client = rest.rest_client_for(_config(f"http://127.0.0.1:{port}"))
        start = time.monotonic()
        with pytest.raises(requests.exceptions.ConnectTimeout) as info:
            client.get().abs_path("/api").do_raw()
        assert time.monotonic() - start < 3
        assert net.is_timeout(info.value)
    finally:
        for s in fillers:
            s.close()
        listener.close()


def _config(host: str, **kw) -> rest.Config:
    from kubernetes_py.apimachinery.runtime import schema
    from kubernetes_py.kubernetes import scheme

    c = rest.Config(host=host, qps=-1, **kw)
    c.api_path = "/api"
    c.group_version = schema.GroupVersion(version="v1")
    c.negotiated_serializer = scheme.Codecs.without_conversion()
    return c


# --- 3: the client's timeout bounds the whole exchange ----------------------------------------------------------


def _dripping(conn: socket.socket, stop: threading.Event) -> None:
    _read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(CONFIGMAP))
    for b in CONFIGMAP:
        if stop.wait(0.1):
            return
        conn.sendall(bytes([b]))


def test_config_timeout_bounds_a_dripping_body(raw_server):
    server = raw_server(_dripping)
    client = kubernetes.new_for_config(rest.Config(host=server.url, timeout=0.5, qps=-1))
    start = time.monotonic()
    with pytest.raises(Exception) as info:
        client.core_v1().config_maps("default").get(None, "c", metav1.GetOptions())
    assert time.monotonic() - start < 2
    # Go: "unexpected error when reading response body. Please retry. Original error: %w" around the deadline.
    assert str(info.value) == (
        "unexpected error when reading response body. Please retry. Original error: context deadline exceeded"
    )
    assert isinstance(info.value.__cause__, context.DeadlineExceeded)


def test_config_timeout_bounds_a_streamed_body_read(raw_server):
    server = raw_server(_dripping)
    client = rest.rest_client_for(_config(server.url, timeout=0.5))
    start = time.monotonic()
    body = client.get().abs_path("/api/v1/namespaces/default/configmaps/c").stream()
    with pytest.raises(rest._http.ClientTimeout) as info:
        while body.read(1):
            pass
    body.close()
    assert time.monotonic() - start < 2
    assert "(Client.Timeout or context cancellation while reading body)" in str(info.value)
    assert isinstance(info.value, context.DeadlineExceeded)


def test_config_timeout_while_awaiting_headers(raw_server):
    server = raw_server(lambda conn, stop: (_read_request(conn), stop.wait(10)))
    http = rest.http_client_for(rest.Config(host=server.url, timeout=0.3))
    req = rest._http.HTTPRequest("GET", server.url + "/api", {}, None)
    start = time.monotonic()
    with pytest.raises(rest._http.ClientTimeout) as info:
        rest._http.send(http, req, context.background())
    assert time.monotonic() - start < 2
    assert str(info.value) == (
        f'Get "{server.url}/api": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'
    )


# --- 4: redirects as Go's http.Client follows them --------------------------------------------------------------


@pytest.fixture(params=["rest.HTTPClient", "requests.Session"])
def http_client(request):
    def make(host: str):
        if request.param == "requests.Session":
            return rest.new_rest_client(host, "/api/v1", rest.ClientContentConfig(), None, requests.Session())
        return rest.rest_client_for(_config(host))

    return make


def test_302_is_followed_with_get(httpserver, http_client):
    httpserver.expect_request("/api/v1/old").respond_with_response(
        Response(b"", status=302, headers={"Location": "/api/v1/new"})
    )
    httpserver.expect_request("/api/v1/new").respond_with_data(b"moved here")
    assert http_client(httpserver.url_for("/")).get().resource("old").do_raw() == b"moved here"


def test_303_turns_a_post_into_a_get_without_body_and_307_keeps_both(httpserver, http_client):
    seen = []

    def record(request):
        seen.append((request.method, request.path, request.get_data()))
        return Response(b"ok")

    httpserver.expect_request("/api/v1/a").respond_with_response(
        Response(b"", status=303, headers={"Location": "/api/v1/done"})
    )
    httpserver.expect_request("/api/v1/b").respond_with_response(
        Response(b"", status=307, headers={"Location": "/api/v1/done"})
    )
    httpserver.expect_request("/api/v1/done").respond_with_handler(record)
    c = http_client(httpserver.url_for("/"))
    c.post().resource("a").body(b'{"x":1}').do_raw()
    c.post().resource("b").body(b'{"x":2}').do_raw()
    assert seen == [("GET", "/api/v1/done", b""), ("POST", "/api/v1/done", b'{"x":2}')]


def test_a_redirect_loop_stops_after_10_requests(httpserver, http_client):
    httpserver.expect_request("/api/v1/loop").respond_with_response(
        Response(b"", status=302, headers={"Location": "/api/v1/loop"})
    )
    with pytest.raises(requests.exceptions.TooManyRedirects) as info:
        http_client(httpserver.url_for("/")).get().resource("loop").do_raw()
    assert str(info.value) == f'Get "{httpserver.url_for("/api/v1/loop")}": stopped after 10 redirects'
    assert len([r for r, _ in httpserver.log if r.path == "/api/v1/loop"]) == 10


def test_a_3xx_without_location_is_the_answer(httpserver, http_client):
    httpserver.expect_request("/api/v1/nowhere").respond_with_response(Response(b"x", status=301))
    with pytest.raises(Exception, match="the server responded with the status code 301"):
        http_client(httpserver.url_for("/")).get().resource("nowhere").do_raw()


def test_a_redirect_to_another_host_drops_credentials_set_on_the_request(httpserver):
    other = RawServer(lambda conn, stop: _answer_with_headers(conn, seen))
    seen: list[bytes] = []
    try:
        target = f"http://127.0.0.1:{other.port}/elsewhere"  # another host than "localhost"
        httpserver.expect_request("/api/v1/away").respond_with_response(
            Response(b"", status=302, headers={"Location": target})
        )
        c = rest.rest_client_for(_config(httpserver.url_for("/")))
        c.get().resource("away").set_header("Authorization", "Bearer mine").set_header("X-Keep", "1").do_raw()
    finally:
        other.close()
    assert b"authorization" not in seen[0].lower()
    assert b"X-Keep: 1" in seen[0]
    assert b"Referer: " + httpserver.url_for("/api/v1/away").encode() in seen[0]


def _answer_with_headers(conn: socket.socket, seen: list) -> None:
    seen.append(_read_request(conn))
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


# --- 7: Retry-After as Go's strconv.Atoi and time.Duration read it ---------------------------------------------


def test_retry_after_that_overflows_a_duration_is_retried_at_once(httpserver):
    calls = []

    def handler(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response(b"busy", status=503, headers={"Retry-After": "9999999999"})
        return Response(b"ok")

    httpserver.expect_request("/api/v1/pods").respond_with_handler(handler)
    assert rest.rest_client_for(_config(httpserver.url_for("/"))).get().resource("pods").do_raw() == b"ok"
    assert len(calls) == 2 and calls[1] - calls[0] < 1  # Go's 9999999999 * time.Second wraps below zero


def test_retry_after_beyond_int64_is_no_retry_after(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_response(
        Response(b"busy", status=503, headers={"Retry-After": "99999999999999999999"})
    )
    with pytest.raises(Exception, match=r"^the server is currently unable to handle the request \(get pods\)$"):
        rest.rest_client_for(_config(httpserver.url_for("/"))).get().resource("pods").do_raw()
    assert len(httpserver.log) == 1


# --- 11, 12: credentials never in a message ---------------------------------------------------------------------


SECRET = "s3cr3t-T0KEN-value"


def _texts(err: BaseException) -> str:
    return "\n".join([str(err), repr(err), "".join(traceback.format_exception(err))])


def test_a_token_ending_in_a_newline_is_refused_without_its_value(httpserver):
    client = kubernetes.new_for_config(rest.Config(host=httpserver.url_for("/"), bearer_token=SECRET + "\n"))
    with pytest.raises(requests.exceptions.InvalidHeader) as info:
        client.core_v1().config_maps("default").get(None, "c", metav1.GetOptions())
    assert str(info.value) == 'net/http: invalid header field value for "Authorization"'
    assert SECRET not in _texts(info.value)
    assert httpserver.log == []


def test_a_header_name_that_is_no_token_is_refused(httpserver):
    c = rest.rest_client_for(_config(httpserver.url_for("/")))
    with pytest.raises(requests.exceptions.InvalidHeader, match=r'^net/http: invalid header field name "Bad Name"$'):
        c.get().resource("pods").set_header("Bad Name", "x").do_raw()


def test_a_token_outside_latin1_goes_out_as_utf8(raw_server):
    seen: list[bytes] = []
    server = raw_server(lambda conn, stop: _answer_with_headers(conn, seen))
    c = rest.rest_client_for(_config(server.url, bearer_token="tök€n"))
    assert c.get().resource("pods").do_raw() == b"ok"
    assert "Authorization: Bearer tök€n".encode() in seen[0]


def test_config_reprs_mask_a_proxy_password():
    config = rest.Config(host="https://h", proxy=f"http://user:{SECRET}@proxy:3128", bearer_token=SECRET)
    texts = [
        repr(config),
        str(config),
        repr(rest.copy_config(config)),
        repr(rest.anonymous_client_config(config)),
        repr(rest.transport_config_for(config)),
        repr(transport.Config(proxy=f"http://u:{SECRET}@p:1")),
    ]
    for text in texts:
        assert SECRET not in text
    assert "proxy='http://<redacted>@proxy:3128'" in texts[0]


def test_no_configured_secret_in_any_log_line_or_error(httpserver, raw_server, caplog):
    """Every verbosity, every outcome (success, 401, retried 500, refused connection, refused header, redirect to
    another host, client timeout): the token, the password and the proxy password appear nowhere."""
    password, proxy_password = "pA55-w0rd-x", "Pr0xy-pw-y"
    httpserver.expect_request("/api/v1/ok").respond_with_data(b"{}", content_type="application/json")
    httpserver.expect_request("/api/v1/denied").respond_with_data(b'{"kind":"Status","code":401}', status=401)
    httpserver.expect_request("/api/v1/flaky").respond_with_response(
        Response(b"", status=500, headers={"Retry-After": "0"})
    )
    httpserver.expect_request("/api/v1/away").respond_with_response(
        Response(b"", status=302, headers={"Location": "http://127.0.0.1:1/x"})
    )
    slow = raw_server(lambda conn, stop: (_read_request(conn), stop.wait(5)))
    texts: list[str] = []
    caplog.set_level(1, logger="kubernetes_py")
    configs = [
        _config(httpserver.url_for("/"), bearer_token=SECRET),
        _config(httpserver.url_for("/"), username="u", password=password),
        _config(slow.url, bearer_token=SECRET, timeout=0.2),
        _config("http://127.0.0.1:1", bearer_token=SECRET),
        _config("http://api.invalid", bearer_token=SECRET, proxy=f"http://u:{proxy_password}@127.0.0.1:1"),
        _config(httpserver.url_for("/"), bearer_token=SECRET + "\r\n"),
    ]
    for config in configs:
        c = rest.rest_client_for(config)
        for resource in ("ok", "denied", "flaky", "away"):
            try:
                c.get().resource(resource).max_retries(1).do_raw()
            except Exception as err:  # noqa: BLE001 - every error's text is scanned
                texts.append(_texts(err))
    texts += [r.getMessage() for r in caplog.records]
    assert len(caplog.records) > 10 and len(texts) > 20
    for text in texts:
        for secret in (SECRET, password, proxy_password, "dTpwQTU1LXcwcmQteA=="):  # the last: base64 of u:password
            assert secret not in text
