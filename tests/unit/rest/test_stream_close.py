"""A streamed body (a followed log) closed from another thread while a read waits on it: the read ends with the
end of input and close returns at once, through the project's transport and through a plain requests.Session."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from kubernetes_py import rest


class NeverEndingLog:
    """Answers one request with a chunked body of two lines, then keeps the connection open without a word."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, name="test log server", daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        self.conns.append(conn)
        head = b""
        while b"\r\n\r\n" not in head:
            head += conn.recv(4096)
        body = b"line 1\nline 2\n"
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + f"{len(body):x}\r\n".encode()
            + body
            + b"\r\n"
        )

    def close(self):
        self.server.close()
        for c in self.conns:
            c.close()
        self.thread.join(5)


@pytest.mark.parametrize("session", ["transport", "requests"])
def test_close_from_another_thread_ends_a_blocked_read(session):
    server = NeverEndingLog()
    try:
        http = rest.http_client_for(rest.Config(host=server.url)) if session == "transport" else requests.Session()
        client = rest.new_rest_client(server.url, "/api/v1", rest.ClientContentConfig(), None, http)
        stream = (
            client.get().namespace("ns").resource("pods").name("p").sub_resource("log").param("follow", "true").stream()
        )
        lines: list[bytes] = []
        reader = threading.Thread(target=lambda: lines.extend(stream), name="test log reader", daemon=True)
        reader.start()
        deadline = time.monotonic() + 10
        while len(lines) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert lines == [b"line 1\n", b"line 2\n"]
        started = time.monotonic()
        stream.close()
        reader.join(5)
        assert not reader.is_alive() and time.monotonic() - started < 2
        assert stream.closed
    finally:
        server.close()
