"""A small threaded WebSocket server for the tests (server side of RFC 6455 over the stdlib, frames through
websocket-client's ABNF): each connection's handshake is answered by ``respond`` (101 with a chosen subprotocol,
or any status and body), then ``handler(conn)`` runs in the connection's thread.

Every thread it starts is joined by ``close()``; ``requests`` records each request's head.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import ssl
import struct
import threading
from typing import Any, Callable, Optional

from websocket._abnf import ABNF, continuous_frame, frame_buffer

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Request:
    def __init__(self, head: bytes):
        lines = head.decode("latin-1").split("\r\n")
        self.method, self.path, _ = lines[0].split(" ", 2)
        self.headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                self.headers.append((name.strip(), value.strip()))

    def get(self, name: str, default: str = "") -> str:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return default

    def getlist(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def protocols(self) -> list[str]:
        return [p.strip() for v in self.getlist("Sec-WebSocket-Protocol") for p in v.split(",") if p.strip()]


class ServerConn:
    """The server's end of one WebSocket: whole messages in, unmasked frames out."""

    def __init__(self, sock: socket.socket, request: Request):
        self.sock = sock
        self.request = request
        self._frames = frame_buffer(self._recv, True)
        self._continued = continuous_frame(False, True)
        self.lock = threading.Lock()
        self.pings: list[bytes] = []
        self.answer_pings = True

    def _recv(self, n: int) -> bytes:
        data = self.sock.recv(n)
        if not data:
            raise EOFError("client closed")
        return data

    def send_frame(self, opcode: int, data: bytes, fin: int = 1) -> None:
        with self.lock:
            self.sock.sendall(ABNF(fin, 0, 0, 0, opcode, 0, data).format())

    def send(self, channel: int, data: bytes) -> None:
        self.send_frame(ABNF.OPCODE_BINARY, bytes([channel]) + data)

    def send_close(self, code: Optional[int] = 1000, text: bytes = b"") -> None:
        self.send_frame(ABNF.OPCODE_CLOSE, b"" if code is None else struct.pack("!H", code) + text)

    def recv(self) -> tuple[int, bytes]:
        """(opcode, payload) of the next data or close message; pings are answered (and recorded)."""
        while True:
            frame = self._frames.recv_frame()
            if frame.opcode == ABNF.OPCODE_PING:
                self.pings.append(bytes(frame.data))
                if self.answer_pings:
                    self.send_frame(ABNF.OPCODE_PONG, bytes(frame.data))
                continue
            if frame.opcode == ABNF.OPCODE_PONG:
                continue
            if frame.opcode == ABNF.OPCODE_CLOSE:
                return frame.opcode, bytes(frame.data)
            self._continued.validate(frame)
            self._continued.add(frame)
            if self._continued.is_fire(frame):
                opcode, whole = self._continued.extract(frame)
                return opcode, bytes(whole.data)


def ok(protocol: Optional[str] = None, accept: Optional[str] = None) -> Callable[[Request], tuple]:
    """Answer 101, choosing protocol (default: the first one the client asked for); accept replaces the right
    Sec-WebSocket-Accept."""

    def respond(req: Request) -> tuple:
        chosen = protocol if protocol is not None else (req.protocols() or [""])[0]
        return 101, chosen, b"", accept

    return respond


def refuse(status: int, reason: str, body: bytes = b"", content_type: str = "text/plain") -> Callable[[Request], tuple]:
    def respond(req: Request) -> tuple:
        return status, reason, body, content_type

    return respond


class Server:
    def __init__(
        self,
        handler: Callable[[ServerConn], Any] = lambda conn: None,
        respond: Callable[[Request], tuple] = ok(),
        ssl_context: Optional[ssl.SSLContext] = None,
    ):
        self.handler = handler
        self.respond = respond
        self.ssl_context = ssl_context
        self.requests: list[Request] = []
        self.errors: list[BaseException] = []
        self.conns: list[ServerConn] = []
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopped = False
        self._accept = threading.Thread(target=self._serve, name="ws test server", daemon=True)
        self._accept.start()

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl_context else 'http'}://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if self._stopped:
                    sock.close()
                    return
                self._socks.append(sock)
                t = threading.Thread(target=self._connection, args=(sock,), name="ws test conn", daemon=True)
                self._threads.append(t)
            t.start()

    def _connection(self, sock: socket.socket) -> None:
        try:
            if self.ssl_context is not None:
                sock = self.ssl_context.wrap_socket(sock, server_side=True)
                with self._lock:
                    self._socks.append(sock)
            head = b""
            while b"\r\n\r\n" not in head:
                b = sock.recv(1)
                if not b:
                    return
                head += b
            req = Request(head)
            self.requests.append(req)
            answer = self.respond(req)
            if answer[0] != 101:
                status, reason, body, content_type = answer
                sock.sendall(
                    f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                    + body
                )
                return
            _, chosen, extra, accept = answer
            accept = (
                accept
                or base64.b64encode(hashlib.sha1(req.get("Sec-WebSocket-Key").encode() + _GUID).digest()).decode()
            )
            lines = [
                "HTTP/1.1 101 Switching Protocols",
                "Upgrade: websocket",
                "Connection: Upgrade",
                f"Sec-WebSocket-Accept: {accept}",
            ]
            if chosen:
                lines.append(f"Sec-WebSocket-Protocol: {chosen}")
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + extra)
            conn = ServerConn(sock, req)
            self.conns.append(conn)
            self.handler(conn)
        except (OSError, EOFError):
            pass
        except BaseException as e:  # noqa: BLE001 - reported by the test
            self.errors.append(e)
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def close(self) -> None:
        with self._lock:
            self._stopped = True
            socks = list(self._socks)
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._accept.join(5)
        for t in list(self._threads):
            t.join(5)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
