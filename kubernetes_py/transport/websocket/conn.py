"""A WebSocket connection after its opening handshake: what gorilla/websocket's ``Conn`` is to client-go, framed
with websocket-client's primitives (``ABNF`` frames, ``frame_buffer``, ``continuous_frame``).

Invariants:

* one reader at a time: ``read_message`` is not called from two threads at once (client-go has one read loop);
* writers are serialized by one lock, so the frames of two writers never interleave; ``write_control`` waits for
  that lock no longer than its deadline (a ping must not hang behind a stuck write forever);
* ``abort()`` and ``close()`` may come from any thread, any number of times: both shut the socket down, which wakes
  a reader or writer blocked on it; ``close()`` then releases it;
* control frames from the server are handled inside ``read_message``: a ping is answered with a pong, a pong goes
  to the pong handler, a close frame is answered with a close frame (the same code) and raises ``CloseError``;
* deadlines (``set_read_deadline``, ``set_write_deadline``, as net.Conn's) are absolute: a read or write that starts
  after its deadline fails at once with "i/o timeout", one that starts before waits for the socket no later than it
  (a TLS record or a large write already under way finishes under ``set_timeout``'s limit, if any).
"""

from __future__ import annotations

import datetime
import select
import socket
import ssl
import struct
import threading
import time
from typing import Any, Callable, Optional

from websocket import ABNF, WebSocketException, continuous_frame, frame_buffer

from kubernetes_py._go.tls import DuplexTLSSocket

__all__ = [
    "BinaryMessage",
    "CloseAbnormalClosure",
    "CloseError",
    "CloseGoingAway",
    "CloseInternalServerErr",
    "CloseMessage",
    "CloseNoStatusReceived",
    "CloseNormalClosure",
    "Conn",
    "PingMessage",
    "PongMessage",
    "TCPAddr",
    "TextMessage",
]

# Message types (RFC 6455 opcodes), as gorilla/websocket names them.
TextMessage = 1
BinaryMessage = 2
CloseMessage = 8
PingMessage = 9
PongMessage = 10

CloseNormalClosure = 1000
CloseGoingAway = 1001
CloseProtocolError = 1002
CloseUnsupportedData = 1003
CloseNoStatusReceived = 1005
CloseAbnormalClosure = 1006
CloseInvalidFramePayloadData = 1007
ClosePolicyViolation = 1008
CloseMessageTooBig = 1009
CloseMandatoryExtension = 1010
CloseInternalServerErr = 1011
CloseTLSHandshake = 1015

_CLOSE_NAMES = {
    CloseNormalClosure: "normal",
    CloseGoingAway: "going away",
    CloseProtocolError: "protocol error",
    CloseUnsupportedData: "unsupported data",
    CloseNoStatusReceived: "no status",
    CloseAbnormalClosure: "abnormal closure",
    CloseInvalidFramePayloadData: "invalid payload data",
    ClosePolicyViolation: "policy violation",
    CloseMessageTooBig: "message too big",
    CloseMandatoryExtension: "mandatory extension missing",
    CloseInternalServerErr: "internal server error",
    CloseTLSHandshake: "TLS handshake error",
}


class CloseError(Exception):
    """The connection closed: a close frame with ``code`` and ``text``, or 1006 when it ended without one."""

    def __init__(self, code: int, text: str = ""):
        super().__init__(code, text)
        self.code = code
        self.text = text

    def __str__(self) -> str:
        s = f"websocket: close {self.code}"
        name = _CLOSE_NAMES.get(self.code)
        if name:
            s += f" ({name})"
        if self.text:
            s += f": {self.text}"
        return s


def _payload(frame: ABNF) -> bytes:
    """A frame's payload: websocket-client types it ``str | bytes``; frames read from the wire carry bytes."""
    data = frame.data
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _unexpected_eof() -> CloseError:
    return CloseError(CloseAbnormalClosure, "unexpected EOF")


class TCPAddr(str):
    """A net.Addr: the "host:port" text (``str()``), and ``network()`` "tcp"."""

    def network(self) -> str:
        return "tcp"


def _addr(address: Any) -> TCPAddr:
    if isinstance(address, tuple) and len(address) >= 2:
        host = address[0]
        return TCPAddr(f"[{host}]:{address[1]}" if ":" in str(host) else f"{host}:{address[1]}")
    return TCPAddr(address)


def deadline_seconds(t: Any) -> Optional[float]:
    """A Go time.Time deadline as Unix seconds, None for none: t is None, a datetime (naive is local time; Go's zero
    time, datetime.min, is none) or Unix seconds as time.time() gives them (0 is none)."""
    if t is None:
        return None
    if isinstance(t, datetime.datetime):
        if t.replace(tzinfo=None) == datetime.datetime.min:
            return None
        return t.timestamp()
    return float(t) or None


class Conn:
    """A client WebSocket over a connected (TLS) socket whose opening handshake is done."""

    def __init__(
        self,
        sock: Any,
        subprotocol: str = "",
        response_headers: Any = None,
        on_close: Optional[Callable[[], Any]] = None,
    ):
        # A reader and writers at once: over TLS, through the one wrapper that makes that safe.
        self._sock = DuplexTLSSocket(sock) if isinstance(sock, ssl.SSLSocket) else sock
        self._subprotocol = subprotocol
        self.response_headers = response_headers
        self._on_close = on_close
        self._write_lock = threading.Lock()
        self._frames = frame_buffer(self._recv, True)
        self._continued = continuous_frame(False, True)
        self._pong_handler: Optional[Callable[[bytes], Any]] = None
        self._close_lock = threading.Lock()
        self._closed = False
        self._released = False
        self._read_deadline: Optional[float] = None
        self._write_deadline: Optional[float] = None
        try:
            self._local, self._remote = _addr(sock.getsockname()), _addr(sock.getpeername())
        except OSError:
            self._local = self._remote = TCPAddr("?")

    def __repr__(self) -> str:
        return f"websocket.Conn({self._local}->{self._remote}, subprotocol={self._subprotocol!r})"

    def __enter__(self) -> "Conn":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def subprotocol(self) -> str:
        """The subprotocol the server chose in its handshake answer ("" when none)."""
        return self._subprotocol

    def underlying_conn(self) -> Any:
        return self._sock

    def local_addr(self) -> TCPAddr:
        return self._local

    def remote_addr(self) -> TCPAddr:
        return self._remote

    def set_read_deadline(self, t: Any) -> None:
        """Reads fail with "i/o timeout" after t (see ``deadline_seconds``); None or the zero time: no deadline."""
        self._read_deadline = deadline_seconds(t)

    def set_write_deadline(self, t: Any) -> None:
        """Writes fail with "i/o timeout" after t (see ``deadline_seconds``); None or the zero time: no deadline."""
        self._write_deadline = deadline_seconds(t)

    def _wait_ready(self, op: str, deadline: Optional[float]) -> None:
        """Wait until the socket can be read (op "read") or written, no later than deadline (Unix seconds)."""
        if deadline is None:
            return
        remaining = deadline - time.time()
        if remaining > 0:
            if op == "read" and getattr(self._sock, "pending", lambda: 0)():
                return  # TLS bytes already decrypted
            poller = select.poll()
            poller.register(self._sock.fileno(), select.POLLIN if op == "read" else select.POLLOUT)
            try:
                if poller.poll(remaining * 1000):
                    return
            except (OSError, ValueError):
                return  # closed under us: the read or write says how
        raise TimeoutError(self._net_error(op, "i/o timeout"))

    def set_timeout(self, timeout: Optional[float]) -> None:
        """Each wait on the server (a read, or a write it does not take in) gives up after timeout seconds with an
        "i/o timeout" error; None waits for ever."""
        self._sock.settimeout(timeout)

    def set_pong_handler(self, handler: Optional[Callable[[bytes], Any]]) -> None:
        """Called by ``read_message`` with each pong's application data."""
        self._pong_handler = handler

    # --- reading --------------------------------------------------------------------------------------------
    def _net_error(self, op: str, detail: str) -> str:
        """Go's net.OpError text: "read tcp local->remote: i/o timeout"."""
        return f"{op} tcp {self._local}->{self._remote}: {detail}"

    def _recv(self, n: int) -> bytes:
        self._wait_ready("read", self._read_deadline)
        try:
            data = self._sock.recv(n)
        except socket.timeout:
            raise TimeoutError(self._net_error("read", "i/o timeout")) from None
        except OSError:
            if self._closed:
                raise OSError(self._net_error("read", "use of closed network connection")) from None
            raise
        if not data:
            raise _unexpected_eof()
        return data

    def read_message(self) -> tuple[int, bytes]:
        """(TextMessage or BinaryMessage, payload) of the next data message; raises CloseError when the server
        closed (after answering its close frame), TimeoutError/OSError when the connection failed."""
        while True:
            try:
                frame = self._frames.recv_frame()
            except WebSocketException as e:
                raise self._protocol_error(str(e)) from None
            opcode = frame.opcode
            if opcode in (ABNF.OPCODE_TEXT, ABNF.OPCODE_BINARY, ABNF.OPCODE_CONT):
                try:
                    self._continued.validate(frame)
                    self._continued.add(frame)
                except WebSocketException as e:
                    raise self._protocol_error(str(e)) from None
                if self._continued.is_fire(frame):
                    kind, whole = self._continued.extract(frame)
                    return kind, _payload(whole)
            elif opcode == ABNF.OPCODE_PING:
                try:
                    self.write_control(PongMessage, _payload(frame), time.monotonic() + 1.0)
                except (OSError, CloseError):
                    pass  # as gorilla: a failed pong is not the reader's error
            elif opcode == ABNF.OPCODE_PONG:
                handler = self._pong_handler
                if handler is not None:
                    handler(_payload(frame))
            elif opcode == ABNF.OPCODE_CLOSE:
                data = _payload(frame)
                code, text = CloseNoStatusReceived, ""
                if len(data) >= 2:
                    code = struct.unpack("!H", data[:2])[0]
                    text = data[2:].decode("utf-8", "replace")
                try:
                    self.write_control(
                        CloseMessage,
                        b"" if code == CloseNoStatusReceived else struct.pack("!H", code),
                        time.monotonic() + 1.0,
                    )
                except (OSError, CloseError):
                    pass
                raise CloseError(code, text)

    def _protocol_error(self, message: str) -> CloseError:
        """Close the connection with a protocol error; the CloseError for the reader to raise."""
        try:
            self.write_control(
                CloseMessage, struct.pack("!H", CloseProtocolError) + message.encode()[:123], time.monotonic() + 1.0
            )
        except (OSError, CloseError):
            pass
        return CloseError(CloseProtocolError, message)

    # --- writing --------------------------------------------------------------------------------------------
    def _send(self, data: bytes) -> None:
        if self._closed:
            raise OSError(self._net_error("write", "use of closed network connection"))
        self._wait_ready("write", self._write_deadline)
        try:
            self._sock.sendall(data)
        except socket.timeout:
            raise TimeoutError(self._net_error("write", "i/o timeout")) from None
        except OSError:
            if self._closed:
                raise OSError(self._net_error("write", "use of closed network connection")) from None
            raise

    def write_message(self, message_type: int, data: bytes) -> None:
        """Send one whole message (masked, as a client must)."""
        if message_type not in (TextMessage, BinaryMessage, CloseMessage, PingMessage, PongMessage):
            raise ValueError("websocket: bad write message type")
        frame = ABNF.create_frame(bytes(data), message_type).format()
        with self._write_lock:
            self._send(frame)

    def write_control(self, message_type: int, data: bytes, deadline: float) -> None:
        """Send a control message (CloseMessage, PingMessage, PongMessage), waiting for other writers until
        deadline (a time.monotonic() value) at most."""
        if message_type not in (CloseMessage, PingMessage, PongMessage):
            raise ValueError("websocket: bad write message type")
        if len(data) > 125:
            raise ValueError("websocket: invalid control frame")
        frame = ABNF.create_frame(bytes(data), message_type).format()
        if not self._write_lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise TimeoutError(self._net_error("write", "i/o timeout"))
        try:
            self._send(frame)
        finally:
            self._write_lock.release()

    # --- closing --------------------------------------------------------------------------------------------
    def abort(self) -> None:
        """Shut the socket down without closing it: a reader or writer blocked on it wakes with an error, and
        every later read or write fails ("use of closed network connection"). ``close()`` still releases it."""
        with self._close_lock:
            self._closed = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def close(self) -> None:
        """Close the connection without a close handshake (as gorilla's Close); wakes blocked readers and writers.
        Closing while another thread still reads or writes is safe, but ``abort()`` first, joining those threads,
        then ``close()`` never closes a socket under a running system call."""
        self.abort()
        with self._close_lock:
            if self._released:
                return
            self._released = True
        if self._on_close is not None:
            self._on_close()
        else:
            self._sock.close()
