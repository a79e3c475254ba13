"""TunnelingConnection (SPDY inside binary WebSocket messages, client-go's tunneling_connection_test.go cases) over a
socket pair: messages split and joined across reads, a normal close reads as the end, another message type is an
error, close sends a normal closure; and a SPDY connection runs through it."""

from __future__ import annotations

import datetime as dt
import queue
import socket
import struct
import threading
import time

import pytest
import requests
from remotecommand.wsserver import Server
from urllib3 import HTTPHeaderDict
from websocket import ABNF

from kubernetes_py import rest
from kubernetes_py.apimachinery.util.httpstream import spdy
from kubernetes_py.apimachinery.util.portforward import PortForwardV1Name, WebsocketsSPDYTunnelingPortForwardV1
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


# --- against a WebSocket server on loopback (tunneling_connection_test.go) ------------------------------------------
class _ServerTunnel:
    """The server's end of the tunnel over the test server's connection: binary messages as a byte stream."""

    def __init__(self, conn):
        self.conn = conn
        self.buf = b""

    def read(self, n):
        while not self.buf:
            try:
                opcode, data = self.conn.recv()
            except (OSError, EOFError):
                return b""
            if opcode == ABNF.OPCODE_CLOSE:
                return b""
            self.buf = data
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def write(self, data):
        self.conn.send_frame(ABNF.OPCODE_BINARY, data)

    def close(self):
        try:
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _dial_for_tunneling_connection(url: str) -> portforward.TunnelingConnection:
    """client-go's dialForTunnelingConnection: a WebSocket asking for the tunneling subprotocol, as a tunnel."""
    transport, holder = websocket.round_tripper_for(rest.Config(host=url))
    req = requests.Request("GET", url).prepare()
    conn = websocket.negotiate(transport, holder, req, WebsocketsSPDYTunnelingPortForwardV1)
    return portforward.new_tunneling_connection("client", conn)


def test_tunneling_connection_read_write_close():
    """TestTunnelingConnection_ReadWriteClose: the SPDY dialer through the WebSocket tunnel; a client stream's bytes
    arrive on the server's SPDY stream."""
    streams: queue.Queue = queue.Queue()
    stop = threading.Event()

    def serve(conn):
        assert conn.request.protocols() == [WebsocketsSPDYTunnelingPortForwardV1]
        spdy_conn = spdy.new_server_connection(_ServerTunnel(conn), lambda stream, reply_sent: streams.put(stream))
        try:
            stop.wait(10)
        finally:
            spdy_conn.close()

    expected = b"This is a test tunneling SPDY data through websockets."
    with Server(serve) as server:
        dialer = portforward.new_spdy_over_websocket_dialer(server.url, rest.Config(host=server.url))
        client, protocol = dialer.dial(PortForwardV1Name)
        try:
            assert protocol == PortForwardV1Name
            failures = []

            def send():
                try:
                    s = client.create_stream(HTTPHeaderDict())
                    s.write(expected)
                    s.close()
                except Exception as e:  # noqa: BLE001 - reported below
                    failures.append(e)

            sender = threading.Thread(target=send, name="test sender")
            sender.start()
            server_stream = streams.get(timeout=10)
            actual = server_stream.read()
            sender.join(10)
            assert failures == []
            assert actual == expected
        finally:
            stop.set()
            client.close()
        assert server.errors == []


@pytest.fixture
def tunnel_server():
    stop = threading.Event()
    server = Server(lambda conn: stop.wait(10))
    yield server
    stop.set()
    server.close()


def test_tunneling_connection_local_remote_address(tunnel_server):
    conn = _dial_for_tunneling_connection(tunnel_server.url)
    try:
        local, remote = conn.local_addr(), conn.remote_addr()
        assert local.network() == "tcp" and remote.network() == "tcp"
        assert str(remote) == f"127.0.0.1:{tunnel_server.port}"
        host, port = str(local).rsplit(":", 1)
        assert host == "127.0.0.1" and 0 < int(port) < 65536
    finally:
        conn.close()


def test_tunneling_connection_read_write_deadlines(tunnel_server):
    conn = _dial_for_tunneling_connection(tunnel_server.url)
    try:
        # the zero time turns a deadline off; one ten years on is accepted (as datetime or Unix seconds)
        for t in (None, dt.datetime.min, dt.datetime.now() + dt.timedelta(days=3650), time.time() + 3650 * 86400):
            conn.set_read_deadline(t)
            conn.set_write_deadline(t)
            conn.set_deadline(t)
        # a deadline that passed fails reads and writes at once; a near one ends a read that gets nothing
        conn.set_deadline(time.time() - 1)
        with pytest.raises(TimeoutError, match=r"^read tcp 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+: i/o timeout$"):
            conn.read(10)
        with pytest.raises(TimeoutError, match=r"^write tcp .*: i/o timeout$"):
            conn.write(b"x")
        conn.set_read_deadline(dt.datetime.now() + dt.timedelta(seconds=0.2))
        start = time.monotonic()
        with pytest.raises(TimeoutError, match="i/o timeout$"):
            conn.read(10)
        assert 0.15 < time.monotonic() - start < 5
        conn.set_deadline(None)
        assert conn.write(b"after") == 5
    finally:
        conn.close()
