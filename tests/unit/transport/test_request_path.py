"""The request path's connection use: kept-alive connections per thread, reuse across retries, a connection the
server closed while idle replaced without an error, and no environment or file read per request."""

from __future__ import annotations

import builtins
import os
import socket
import threading

import pytest

from kubernetes_py import kubernetes, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.transport import _wire

BODY = b'{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","namespace":"default"},"data":{"k":"v"}}'


class KeepAliveServer:
    """HTTP/1.1 on loopback: answers every request with BODY (or what ``answers`` says), counts connections."""

    def __init__(self, close_after: int = 0):
        self.connections = 0
        self.requests = 0
        self.answers: list[bytes] = []
        self.close_after = close_after  # close each connection after this many answers (0: never)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._accept = threading.Thread(target=self._loop, name="keepalive-server")
        self._accept.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            with self._lock:
                self.connections += 1
                self._conns.append(conn)
            t = threading.Thread(target=self._serve, args=(conn,))
            self._threads.append(t)
            t.start()

    def _serve(self, conn: socket.socket) -> None:
        f = conn.makefile("rb")
        served = 0
        try:
            while not self._stop.is_set():
                length = 0
                line = f.readline()
                if not line:
                    return
                while line not in (b"\r\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                    line = f.readline()
                f.read(length)
                with self._lock:
                    self.requests += 1
                    answer = self.answers.pop(0) if self.answers else None
                if answer is None:
                    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
                        len(BODY),
                        BODY,
                    )
                conn.sendall(answer)
                served += 1
                if self.close_after and served >= self.close_after:
                    return
        except OSError:
            return
        finally:
            f.close()
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._accept.join(5)
        for c in self._conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for t in self._threads:
            t.join(5)
        self._sock.close()


@pytest.fixture
def server():
    s = KeepAliveServer()
    yield s
    s.close()


def _client(url: str) -> kubernetes.Clientset:
    return kubernetes.new_for_config(rest.Config(host=url, qps=-1))


def _get(client) -> None:
    cm = client.core_v1().config_maps("default").get(None, "c", metav1.GetOptions())
    assert cm.data["k"] == "v"


def test_eight_threads_keep_one_connection_each(server):
    client = _client(server.url)
    errors = []

    def work() -> None:
        try:
            for _ in range(30):
                _get(client)
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)

    barrier = threading.Barrier(8)
    threads = [threading.Thread(target=lambda: (barrier.wait(), work())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert server.requests == 240
    assert 1 <= server.connections <= 8  # never more connections than threads: none closed and reopened


def test_a_retry_after_answer_is_retried_on_the_same_connection(server):
    server.answers.append(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 4\r\n\r\nslow")
    _get(_client(server.url))
    assert (server.requests, server.connections) == (2, 1)


def test_a_connection_the_server_closed_while_idle_is_replaced():
    server = KeepAliveServer(close_after=1)
    try:
        client = _client(server.url)
        for _ in range(5):
            _get(client)
        assert (server.requests, server.connections) == (5, 5)
    finally:
        server.close()


def test_the_pool_keeps_at_most_max_idle_connections():
    pool = _wire.WirePool(2)
    closed = []

    class Fake:
        def __init__(self, key):
            self.key = key

        def close(self):
            closed.append(self)

    conns = [Fake(("http", "h", 80)) for _ in range(3)]
    for c in conns:
        pool.put(c)
    assert closed == [conns[2]]


def test_no_environment_or_file_read_per_request(server, monkeypatch):
    client = _client(server.url)
    _get(client)  # the client reads what it needs once

    class Watched(dict):
        def __getitem__(self, key):
            raise AssertionError(f"the environment was read per request: {key}")

        get = __getitem__

    monkeypatch.setattr(os, "environ", Watched(os.environ))

    def no_open(*args, **kwargs):
        raise AssertionError(f"a file was opened per request: {args[:1]}")

    monkeypatch.setattr(builtins, "open", no_open)
    for _ in range(20):
        _get(client)
    assert server.requests == 21


def test_an_idempotent_request_is_sent_again_when_a_reused_connection_turns_out_closed(monkeypatch):
    """Go's shouldRetryRequest: the closed connection looked alive; a GET goes again on a new one, a POST that was
    written does not (the server may have acted on it)."""
    monkeypatch.setattr(_wire.WireConnection, "dropped", lambda self: False)
    server = KeepAliveServer(close_after=1)
    try:
        client = _client(server.url)
        _get(client)
        _get(client)
        assert (server.requests, server.connections) == (2, 2)
        c = rest.rest_client_for(_rest_config(server.url))
        with pytest.raises(Exception) as info:
            c.post().abs_path("/api/v1/namespaces/default/configmaps").body(BODY).do_raw()
        assert "Remote end closed connection without response" in repr(info.value) or "Connection aborted" in str(
            info.value
        )
        assert server.requests == 2
    finally:
        server.close()


def _rest_config(url: str) -> rest.Config:
    from kubernetes_py.apimachinery.runtime import schema
    from kubernetes_py.kubernetes import scheme

    c = rest.Config(host=url, qps=-1)
    c.api_path = "/api"
    c.group_version = schema.GroupVersion(version="v1")
    c.negotiated_serializer = scheme.Codecs.without_conversion()
    return c


# --- the body framing of transport._wire ---------------------------------------------------------------------------


def _body(raw: bytes, method: str = "GET"):
    """A WireBody over a socket pair whose far end sends raw and closes."""
    a, b = socket.socketpair()
    b.sendall(raw)
    b.close()

    class Conn:
        sock = a

        def close(self):
            a.close()

    wire = _wire.WireConnection(Conn(), ("http", "h", 80))
    status, reason, version, headers = _wire.read_head(wire.rfile)
    return _wire.WireBody(_wire.WirePool(1), wire, method, status, reason, version, headers, "http://h/x")


def test_header_block_parsing_keeps_repeats_folding_and_case():
    body = _body(
        b'HTTP/1.1 200 OK\r\nWarning: 299 - "a"\r\nwarning: 299 - "b"\r\nX-Folded: one\r\n two\r\n'
        b"NoColon\r\nContent-Length: 0\r\n\r\n"
    )
    assert (body.status, body.reason, body.version) == (200, "OK", 11)
    assert body.headers.getlist("Warning") == ['299 - "a"', '299 - "b"']
    assert body.headers.get("warning") == '299 - "a", 299 - "b"'
    assert body.headers["x-folded"] == "one two"
    assert "NoColon" not in body.headers and list(body.headers) == ["Warning", "X-Folded", "Content-Length"]


def test_1xx_answers_are_skipped():
    body = _body(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
    assert (body.status, body.read()) == (201, b"ok")


def test_chunked_body_with_extensions_and_trailers_read_in_pieces():
    raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n"
    body = _body(raw)
    assert body.read1(3) == b"hel"
    assert body.read1(4) == b"lo w"  # what has arrived, across the chunk's end
    assert body.read() == b"orld"
    assert body.isclosed()


def test_gzip_body_is_decoded_and_can_be_left_encoded():
    import gzip

    data = gzip.compress(b"x" * 10000)
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(data)
    assert _body(head + data).read() == b"x" * 10000
    assert _body(head + data).read(decode_content=False) == data
    streamed = b"".join(_body(head + data).stream(1000))
    assert streamed == b"x" * 10000


def test_a_body_cut_short_is_an_incomplete_read():
    import urllib3

    from kubernetes_py.apimachinery.util import net

    body = _body(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    with pytest.raises(urllib3.exceptions.ProtocolError) as info:
        body.read()
    assert net.is_probable_eof(info.value)
    assert "IncompleteRead" in str(info.value)


def test_read_until_close_and_no_body_answers():
    assert _body(b"HTTP/1.0 200 OK\r\n\r\nuntil the end").read() == b"until the end"
    assert _body(b"HTTP/1.1 204 No Content\r\n\r\n").read() == b""
    assert _body(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", method="HEAD").read() == b""


def test_a_bad_status_line_or_chunk_size_is_an_error():
    import http.client

    import urllib3

    with pytest.raises(http.client.BadStatusLine):
        _body(b"HTTP/1.1 2x0 OK\r\n\r\n")
    body = _body(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n")
    with pytest.raises(urllib3.exceptions.ProtocolError, match="invalid chunk size"):
        body.read()
