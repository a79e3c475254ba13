"""client-go rest/connection_test.go over plain HTTP: TestReconnectBrokenTCP_HTTP1 (the pool's idle connections are
closed, so a connection the network silently broke is not reused), TestReconnectBrokenTCPInFlight_HTTP1 and
TestRestClientTimeout. TestReconnectBrokenTCP tests HTTP/2 health checks: the Python client speaks HTTP/1.1 only."""

from __future__ import annotations

import http.server
import select
import socket
import threading

import pytest

from kubernetes_py import context, rest
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme


class _Hello(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay = None  # an Event to wait for before answering

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.delay is not None:
            self.delay.wait(10)
        body = f"Hello, {self.request_version}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server:
    def __init__(self, handler=_Hello):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = False  # server_close() joins the handler threads
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="test server")
        self.thread.start()

    @property
    def address(self):
        return self.httpd.server_address

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)
        assert not self.thread.is_alive()


class _LB:
    """newLB: a TCP relay counting dials; stop() makes the connections it relays go silent without closing them,
    as a broken network does."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.dials = 0
        self._stop = threading.Event()
        self._closed = threading.Event()
        self._socks = []
        self._threads = []
        self.ln = socket.create_server(("127.0.0.1", 0))
        self.ln.settimeout(0.05)
        self._accept = threading.Thread(target=self._serve, name="test lb")
        self._accept.start()

    def stop(self):
        """Stop relaying the connections made so far; new ones relay again."""
        self._stop.set()
        self._stop = threading.Event()

    def _serve(self):
        while not self._closed.is_set():
            try:
                client, _ = self.ln.accept()
            except socket.timeout:
                continue
            self.dials += 1
            backend = socket.create_connection(self.upstream)
            self._socks += [client, backend]
            t = threading.Thread(target=self._relay, args=(client, backend, self._stop), name="test lb relay")
            self._threads.append(t)
            t.start()

    def _relay(self, a, b, stop):
        while not stop.is_set() and not self._closed.is_set():
            ready, _, _ = select.select([a, b], [], [], 0.05)
            for s in ready:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)

    def close(self):
        self._closed.set()
        self._accept.join(10)
        for t in self._threads:
            t.join(10)
        for s in self._socks + [self.ln]:
            s.close()
        assert not self._accept.is_alive() and not any(t.is_alive() for t in self._threads)


def _client(host: str, timeout: float) -> rest.RESTClient:
    config = rest.Config(
        host=host, timeout=timeout, group_version=schema.GroupVersion(), negotiated_serializer=scheme.Codecs
    )
    return rest.rest_client_for(config)


def test_reconnect_broken_tcp_http1():
    """TestReconnectBrokenTCP_HTTP1: after close_idle_connections the next request dials again instead of using the
    connection the network broke."""
    server = _Server()
    lb = _LB(server.address)
    try:
        with _client(f"http://127.0.0.1:{lb.ln.getsockname()[1]}", 30) as c:
            assert c.get().abs_path("/").do_raw(context.todo()) == b"Hello, HTTP/1.1"
            lb.stop()
            c.client.close_idle_connections()
            assert c.get().abs_path("/").do_raw(context.todo()) == b"Hello, HTTP/1.1"
        assert lb.dials == 2
    finally:
        lb.close()
        server.close()


def test_rest_client_timeout():
    """TestRestClientTimeout: Config.timeout ends a request the server does not answer in time, "deadline exceeded"
    in the error."""
    release = threading.Event()

    class Slow(_Hello):
        delay = release

    server = _Server(Slow)
    try:
        with _client(f"http://127.0.0.1:{server.address[1]}", 0.2) as c:
            with pytest.raises(Exception) as info:
                c.get().abs_path("/").do_raw(context.todo())
        assert "deadline exceeded" in str(info.value)
    finally:
        release.set()
        server.close()


def test_reconnect_broken_tcp_in_flight_http1():
    """TestReconnectBrokenTCPInFlight_HTTP1: while a request hangs on a connection the network then breaks, a new
    request dials a connection of its own and succeeds; cancelling the hanging one ends it with an error."""
    received, done = threading.Event(), threading.Event()

    class Hang(_Hello):
        def do_GET(self):  # noqa: N802 - http.server's name
            if self.path.startswith("/hang?"):  # ?timeout=30s: Config.timeout, as Go's request sends it
                received.set()
                done.wait(30)
                self.close_connection = True
                return
            super().do_GET()

    server = _Server(Hang)
    lb = _LB(server.address)
    errors = []
    ctx, cancel = context.with_cancel(context.background())
    try:
        with _client(f"http://127.0.0.1:{lb.ln.getsockname()[1]}", 30) as c:

            def hang():
                try:
                    c.get().abs_path("/hang").do_raw(ctx)
                except Exception as err:
                    errors.append(err)

            hanging = threading.Thread(target=hang, name="test hanging request")
            hanging.start()
            assert received.wait(10)
            lb.stop()
            assert c.get().abs_path("/").do_raw(context.background()) == b"Hello, HTTP/1.1"
            assert lb.dials == 2
            cancel()
            hanging.join(10)
            assert not hanging.is_alive()
            assert len(errors) == 1
    finally:
        cancel()
        done.set()
        lb.close()
        server.close()
