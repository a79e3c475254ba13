"""A loopback HTTP/1.1 server for tests that upgrades connections to SPDY/3.1 (what the kubelet's exec and
port-forward endpoints do): each connection is served in a thread of its own by the subclass's ``_serve(sock,
head)``, which answers the request and calls ``_upgrade`` to speak SPDY; ``close()`` closes the listener, the SPDY
connections and the sockets, and joins every thread it started."""

from __future__ import annotations

import socket
import threading
from typing import Any, Callable

from kubernetes_py.apimachinery.util.httpstream import spdy


class SPDYTestServer:
    def __init__(self, name: str):
        self.connections: list = []
        self.sockets: list[socket.socket] = []
        self._name = name
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self._start(self._accept, f"{name} accept")

    def _start(self, target: Callable[..., Any], name: str, *args: Any) -> None:
        t = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads.append(t)
        t.start()

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self.server.accept()
            except OSError:
                return
            self.sockets.append(sock)
            self._start(self._read_head, f"{self._name} conn", sock)

    def _read_head(self, sock: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(1)
            if not chunk:
                return
            head += chunk
        self._serve(sock, head)

    def _serve(self, sock: socket.socket, head: bytes) -> None:
        """Answer the request whose head (up to the blank line) is ``head``."""
        raise NotImplementedError

    def _upgrade(self, sock: socket.socket, protocol: str, new_stream: Callable[[Any, threading.Event], None]) -> None:
        """Answer 101 with ``protocol`` and serve SPDY on the socket, ``new_stream`` called per stream opened."""
        sock.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
            b"X-Stream-Protocol-Version: " + protocol.encode() + b"\r\n\r\n"
        )
        self.connections.append(spdy.new_server_connection(spdy.SocketConn(sock), new_stream))

    def drop_connections(self) -> None:
        """Cut every connection at the TCP level (the server going away mid-stream)."""
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        try:
            self.server.shutdown(socket.SHUT_RDWR)  # wakes accept()
        except OSError:
            pass
        self.server.close()
        for c in self.connections:
            c.close()
        self.drop_connections()
        for s in self.sockets:
            s.close()
        with self._lock:
            threads = list(self._threads)
        for t in threads:
            t.join(10)

    def __enter__(self) -> "SPDYTestServer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
