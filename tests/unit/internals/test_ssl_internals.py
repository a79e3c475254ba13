"""kubernetes_py._internals.ssl: OpenSSL's read and write under an ssl.SSLSocket, used directly, behave as the
socket's own methods (whole data, a ragged end read as the end, a closed socket refused). A failure of the first test
means a Python release changed ssl.SSLSocket's private OpenSSL connection, which the module relies on."""

from __future__ import annotations

import io
import os
import socket
import ssl
import sys
import threading
from collections.abc import Iterator

import pytest

from kubernetes_py._internals import ssl as ssl_internals
from tests.unit.transport._pki import make_pki


@pytest.fixture(scope="module")
def server_context(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    return make_pki(tmp_path_factory.mktemp("pki")).server_context()


@pytest.fixture
def tls_pair(server_context: ssl.SSLContext) -> Iterator[tuple[ssl.SSLSocket, ssl.SSLSocket]]:
    """(client, server) TLS sockets over a socket pair, handshaken."""
    a, b = socket.socketpair()
    client_context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_context.check_hostname = False
    client_context.verify_mode = ssl.CERT_NONE
    accepted: list[ssl.SSLSocket] = []
    t = threading.Thread(target=lambda: accepted.append(server_context.wrap_socket(b, server_side=True)))
    t.start()
    client = client_context.wrap_socket(a, server_hostname="localhost")
    t.join(10)
    server = accepted[0]
    for sock in (client, server):
        sock.settimeout(10)  # a broken test fails rather than hangs
    yield client, server
    client.close()
    server.close()


def test_an_ssl_socket_keeps_its_openssl_connection(tls_pair):
    client, _ = tls_pair
    tls = getattr(client, "_sslobj", None)
    if tls is None or not hasattr(tls, "read") or not hasattr(tls, "write"):
        pytest.fail(
            f"Python {sys.version.split()[0]} changed ssl.SSLSocket's _sslobj (read, write), which "
            "kubernetes_py/_internals/ssl.py relies on: adapt it"
        )


def test_reads_and_writes_go_through_whole(tls_pair):
    client, server = tls_pair
    payload = bytes(range(256)) * 4096  # 1 MiB: many TLS records
    got = bytearray()
    reader = threading.Thread(target=lambda: got.extend(_read_all(server, len(payload))))
    reader.start()
    ssl_internals.send_all(client, payload)
    reader.join(10)
    assert bytes(got) == payload
    server.sendall(b"HTTP/1.1 200 OK\r\n\r\nbody")
    rfile = io.BufferedReader(ssl_internals.TLSReader(client))
    assert rfile.readline() == b"HTTP/1.1 200 OK\r\n"
    assert rfile.read(6) == b"\r\nbody"


def test_a_ragged_end_reads_as_the_end_and_a_closed_socket_is_refused(tls_pair):
    client, server = tls_pair
    server.sendall(b"last")
    os.close(server.detach())  # the peer goes away without TLS's close_notify
    rfile = io.BufferedReader(ssl_internals.TLSReader(client))
    assert rfile.read(4) == b"last"
    assert rfile.read(1) == b""  # as SSLSocket.recv_into gives with suppress_ragged_eofs (its default)
    client.close()
    with pytest.raises(ValueError, match="closed or unwrapped"):
        ssl_internals.TLSReader(client).readinto(bytearray(4))


def _read_all(sock: ssl.SSLSocket, n: int) -> bytes:
    out = bytearray()
    while len(out) < n:
        data = sock.recv(65536)
        if not data:
            break
        out += data
    return bytes(out)
