"""Fixtures for transport tests: a test PKI and an HTTPS pytest-httpserver."""

from __future__ import annotations

import socket
import threading

import pytest
from pytest_httpserver import HTTPServer

from ._pki import make_pki


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def _https_server_for_module(pki):
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=pki.server_context())
    server.start()
    yield server
    if server.is_running():
        server.stop()


@pytest.fixture
def https_server(_https_server_for_module):
    """An HTTPS pytest-httpserver (certificate for localhost/127.0.0.1/kube.example), emptied after each test."""
    yield _https_server_for_module
    _https_server_for_module.clear()


class RawHTTPCapture:
    """An HTTP/1.1 server (a thread per connection) that records each request's header lines exactly as sent."""

    def __init__(self):
        self.requests: list[list[str]] = []
        self._lock = threading.Lock()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.port = self._sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self):
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn):
        with conn:
            buf = b""
            while True:
                while b"\r\n\r\n" not in buf:
                    try:
                        chunk = conn.recv(65536)
                    except OSError:
                        return
                    if not chunk:
                        return
                    buf += chunk
                head, buf = buf.split(b"\r\n\r\n", 1)
                with self._lock:
                    self.requests.append(head.decode("latin-1").split("\r\n"))
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    def headers(self, i: int = -1) -> list[tuple[str, str]]:
        return [tuple(line.split(": ", 1)) for line in self.requests[i][1:]]

    def close(self):
        self._sock.close()


@pytest.fixture
def raw_server():
    s = RawHTTPCapture()
    yield s
    s.close()
