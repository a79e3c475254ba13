"""TunnelingConnection (SPDY inside binary WebSocket messages, client-go's tunneling_connection_test.go cases) over a
socket pair: messages split and joined across reads, a normal close reads as the end, another message type is an
error, close sends a normal closure; and a SPDY connection runs through it."""

from __future__ import annotations

import socket
import struct
import threading

import pytest
from urllib3 import HTTPHeaderDict
from websocket import ABNF

from kubernetes_py.apimachinery.util.httpstream import spdy
from kubernetes_py.tools import portforward
from kubernetes_py.transport import websocket


def server_frame(opcode: int, data: bytes) -> bytes:
    return ABNF(1, 0, 0, 0, opcode, 0, data).format()  # a server's frames are not masked


def read_client_frame(sock: socket.socket) -> tuple[int, bytes]:
    def exact(n):
        out = b""
        while len(out) < n:
            chunk = sock.recv(n - len(out))
            assert chunk
            out += chunk
        return out

    b0, b1 = exact(2)
    length = b1 & 0x7F
    if length == 126:
        length = struct.unpack("!H", exact(2))[0]
    elif length == 127:
        length = struct.unpack("!Q", exact(8))[0]
    mask = exact(4)
    data = bytes(c ^ mask[i % 4] for i, c in enumerate(exact(length)))
    return b0 & 0x0F, data


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    conn = portforward.new_tunneling_connection("client", websocket.Conn(a, "SPDY/3.1+portforward.k8s.io"))
    yield conn, b
    conn.close()
    b.close()


def test_reads_cross_message_boundaries(pair):
    conn, server = pair
    server.sendall(server_frame(ABNF.OPCODE_BINARY, b"hello ") + server_frame(ABNF.OPCODE_BINARY, b"world"))
    assert conn.read(3) == b"hel"
    assert conn.read(100) == b"lo "
    assert conn.read(5) == b"world"
    server.sendall(server_frame(ABNF.OPCODE_CLOSE, struct.pack("!H", 1000)))
    assert conn.read(10) == b""


def test_writes_are_binary_messages_and_close_is_normal_closure(pair):
    conn, server = pair
    assert conn.write(b"\x00\x01payload") == 9
    assert read_client_frame(server) == (ABNF.OPCODE_BINARY, b"\x00\x01payload")
    conn.close()
    assert read_client_frame(server) == (ABNF.OPCODE_CLOSE, struct.pack("!H", 1000))
    conn.close()  # once only


def test_a_text_message_is_an_error_and_an_abnormal_close_raises(pair):
    conn, server = pair
    server.sendall(server_frame(ABNF.OPCODE_TEXT, b"text"))
    with pytest.raises(ValueError, match="^invalid message type received$"):
        conn.read(10)
    server.sendall(server_frame(ABNF.OPCODE_CLOSE, struct.pack("!H", 1011)))
    with pytest.raises(websocket.CloseError):
        conn.read(10)


def test_spdy_runs_through_the_tunnel():
    """Both ends of a SPDY connection, each over a TunnelingConnection-like byte stream of WebSocket messages
    (the server end unmasked, written by hand)."""
    a, b = socket.socketpair()
    client_tunnel = portforward.new_tunneling_connection("client", websocket.Conn(a, "x"))

    class ServerTunnel:
        """The server end: reads the client's masked frames, writes unmasked ones."""

        def __init__(self, sock):
            self.sock = sock
            self.buf = b""
            self.closed = False

        def read(self, n):
            while not self.buf:
                try:
                    opcode, data = read_client_frame(self.sock)
                except (AssertionError, OSError):
                    return b""
                if opcode == ABNF.OPCODE_CLOSE:
                    return b""
                self.buf = data
            out, self.buf = self.buf[:n], self.buf[n:]
            return out

        def write(self, data):
            self.sock.sendall(server_frame(ABNF.OPCODE_BINARY, data))

        def close(self):
            if not self.closed:
                self.closed = True
                try:
                    self.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    threads = []

    def handler(stream, reply_sent):
        def echo():
            reply_sent.wait()
            data = stream.read()
            try:
                stream.write(data.upper())
                stream.close()
            except Exception:  # noqa: BLE001 - the test ended first
                pass

        t = threading.Thread(target=echo, name="test echo")
        t.start()
        threads.append(t)

    server = spdy.new_server_connection(ServerTunnel(b), handler)
    client = spdy.new_client_connection(client_tunnel)
    try:
        h = HTTPHeaderDict()
        h["streamType"] = "data"
        stream = client.create_stream(h)
        stream.write(b"through the tunnel " * 1000)
        stream.close()
        assert stream.read() == b"THROUGH THE TUNNEL " * 1000
    finally:
        client.close()
        server.close()
        for t in threads:
            t.join(5)
        b.close()
