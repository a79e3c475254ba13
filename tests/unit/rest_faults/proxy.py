"""A loopback TCP proxy that forwards to an upstream server and misbehaves on request.

Each accepted connection takes the next action from a queue (the default action when it is empty):

* ``"forward"``: relay bytes both ways;
* ``"reset"``: read the request, then reset the connection (RST through SO_LINGER 0) without answering;
* ``"hang"``: read the request and never answer (until the proxy is closed);
* ``("cut", n)``: relay, but reset the connection after ``n`` bytes of the upstream's answer;
* ``("cut_after_body", n)``: relay, but reset the connection once ``n`` bytes of the answer's body (after the
  header block, chunk framing included) were relayed.
"""

from __future__ import annotations

import collections
import select
import socket
import struct
import threading
from typing import Any


def _chunk_overhead(body: bytes, payload: int) -> int:
    """Bytes of chunked-encoding framing that precede ``payload`` bytes of data at the start of ``body``."""
    overhead, pos, left = 0, 0, payload
    while left > 0:
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            return overhead
        size = int(body[pos:eol].split(b";")[0], 16)
        overhead += eol + 2 - pos
        take = min(size, left)
        left -= take
        if take == size:
            overhead += 2
        pos = eol + 2 + size + 2
    return overhead


def _reset(sock: socket.socket) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class FaultProxy:
    def __init__(self, upstream: tuple[str, int], default: Any = "forward"):
        self.upstream = upstream
        self.default = default
        self.actions: collections.deque = collections.deque()
        self.connections = 0
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._socks: list[socket.socket] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def push(self, *actions: Any) -> None:
        """Queue actions for the next connections, in order."""
        with self._lock:
            self.actions.extend(actions)

    def close(self) -> None:
        self._closed.set()
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(); close() alone would not
        except OSError:
            pass
        self._listener.close()
        with self._lock:
            socks, self._socks = self._socks, []
        for s in socks:
            try:
                s.close()
            except OSError:
                pass

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                action = self.actions.popleft() if self.actions else self.default
                self._socks.append(client)
            threading.Thread(target=self._serve, args=(client, action), daemon=True).start()

    def _serve(self, client: socket.socket, action: Any) -> None:
        if action == "reset":
            try:
                client.recv(65536)
            except OSError:
                pass
            _reset(client)
            return
        if action == "hang":
            self._closed.wait()
            client.close()
            return
        limit = action[1] if isinstance(action, tuple) and action[0] == "cut" else None
        body_limit = action[1] if isinstance(action, tuple) and action[0] == "cut_after_body" else None
        head = b""
        try:
            upstream = socket.create_connection(self.upstream)
        except OSError:
            _reset(client)
            return
        with self._lock:
            self._socks.append(upstream)
        sent_back = 0
        try:
            while not self._closed.is_set():
                ready, _, _ = select.select([client, upstream], [], [], 0.1)
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    if s is client:
                        upstream.sendall(data)
                        continue
                    if body_limit is not None and limit is None:
                        head += data
                        end = head.find(b"\r\n\r\n")
                        if end < 0:
                            continue
                        limit = end + 4 + body_limit + _chunk_overhead(head[end + 4 :], body_limit)
                        data, head = head, b""
                    if limit is not None and sent_back + len(data) >= limit:
                        client.sendall(data[: limit - sent_back])
                        _reset(client)
                        return
                    client.sendall(data)
                    sent_back += len(data)
        except OSError:
            return
        finally:
            for s in (client, upstream):
                try:
                    s.close()
                except OSError:
                    pass
