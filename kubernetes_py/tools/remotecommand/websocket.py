"""The WebSocket executor (client-go tools/remotecommand/websocket.go).

One WebSocket carries every channel: each binary message is one channel byte then data. Threads of a session:

* "remotecommand stream" runs the protocol handler (which starts the copy threads: stdin, stdout, stderr, error
  stream, resize);
* "remotecommand read demux" starts once every stream was created (``ready``), reads the connection and writes each
  message's data into its stream's pipe (a slow consumer slows the connection's reading, as in Go);
* "remotecommand heartbeat" pings every ``heartbeat_period`` until the demux loop ended; the connection gives up on a
  read or write that waits more than ``heartbeat_deadline`` ("i/o timeout"), so a server that went silent (no pong)
  ends the session.

Invariants: one reader of the connection (the demux loop); writes of all streams share the connection's write
lock; once the demux loop ended, every stream's reader gets its error (EOF after a normal close) and no stream can
be created any more. ``stream_with_context`` closes the connection and joins the threads before it returns or
raises, except a stdin copier blocked in ``stdin.read`` or a resize thread blocked in ``TerminalSizeQueue.next``:
those user calls cannot be interrupted; they end at their next return, the stream being closed.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable, Optional

import requests

from kubernetes_py import context
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.util import remotecommand as rc
from kubernetes_py.transport import websocket
from kubernetes_py.transport.websocket import BinaryMessage, CloseError, CloseNormalClosure, PingMessage

from ._pipe import Pipe
from .protocols import Threads, new_stream_protocol
from .remotecommand import StreamOptions

__all__ = ["new_web_socket_executor", "new_web_socket_executor_for_protocols"]

log = logging.getLogger("kubernetes_py.tools.remotecommand")

# How long a write to the connection may wait (Go's writeDeadline); reads wait at most the heartbeat deadline.
WRITE_DEADLINE = 60.0
PING_PERIOD = 5.0
# A dozen pings may go unanswered before the connection is given up.
PING_READ_DEADLINE = PING_PERIOD * 12 + 1.0
# Joining threads that may be blocked in user code (stdin.read, TerminalSizeQueue.next) gives up after this.
_USER_CALL_JOIN = 0.2

_STREAM_IDS = {
    corev1.StreamTypeStdin: rc.StreamStdIn,
    corev1.StreamTypeStdout: rc.StreamStdOut,
    corev1.StreamTypeStderr: rc.StreamStdErr,
    corev1.StreamTypeError: rc.StreamErr,
    corev1.StreamTypeResize: rc.StreamResize,
}


class _WSStreamCreator:
    """Creates the streams over one connection and demultiplexes its messages into them."""

    def __init__(self, conn: Optional[websocket.Conn]):
        self.conn = conn
        self.conn_write_lock = threading.Lock()
        self.streams: dict[int, _Stream] = {}
        self.streams_lock = threading.Lock()
        self.set_stream_err: Optional[BaseException] = None

    def get_stream(self, id: int) -> Optional["_Stream"]:
        with self.streams_lock:
            return self.streams.get(id)

    def set_stream(self, id: int, s: Optional["_Stream"]) -> None:
        with self.streams_lock:
            if self.set_stream_err is not None:
                raise self.set_stream_err
            self.streams[id] = s  # type: ignore[assignment]

    def create_stream(self, headers: Any) -> "_Stream":
        stream_type = headers.get(corev1.StreamType, "")
        id = _STREAM_IDS.get(stream_type)
        if id is None:
            raise ValueError(f"unknown stream type: {stream_type}")
        if self.get_stream(id) is not None:
            raise ValueError(f"duplicate stream for type {stream_type}")
        s = _Stream(headers, Pipe(), self.conn, self.conn_write_lock, id)
        try:
            self.set_stream(id, s)
        except BaseException:
            s.pipe.close_with_error(None)
            s.pipe.close_read()
            raise
        return s

    def read_demux_loop(self, period: float, deadline: float, threads: Threads) -> None:
        conn = self.conn
        assert conn is not None
        heartbeat = _Heartbeat(conn, period)
        # Go pushes a read deadline forward at each pong; here each wait on the socket gives up after deadline (the
        # pongs, every period, keep a live connection's reads shorter than that), and so does a stuck write.
        conn.set_timeout(deadline)
        threads.go("remotecommand heartbeat", heartbeat.start)
        try:
            while True:
                try:
                    kind, data = conn.read_message()
                except CloseError as e:
                    heartbeat.closer.set()
                    err = None if e.code == CloseNormalClosure else _next_reader_error(e)
                    self.close_all_stream_readers(err)
                    return
                except Exception as e:  # noqa: BLE001 - the connection failed: every reader gets it
                    self.close_all_stream_readers(_next_reader_error(e))
                    return
                if kind != BinaryMessage:
                    self.close_all_stream_readers(RuntimeError(f"unexpected message type: {kind}"))
                    return
                if not data:
                    self.close_all_stream_readers(RuntimeError("read stream id: EOF"))
                    return
                s = self.get_stream(data[0])
                if s is None:
                    log.error("Unknown stream, discarding message id=%d", data[0])
                    continue
                if len(data) > 1:
                    try:
                        s.pipe.write(memoryview(data)[1:])
                    except OSError:
                        pass  # the stream's user closed it: the message is dropped
        finally:
            heartbeat.closer.set()

    def close_all_stream_readers(self, err: Optional[BaseException]) -> None:
        """Unblock every stream's reader with err (EOF when None) and refuse streams created from now on."""
        with self.streams_lock:
            for s in self.streams.values():
                if s is not None:
                    s.pipe.close_with_error(err)
            self.set_stream_err = err if err is not None else RuntimeError("closed all streams")


def new_ws_stream_creator(conn: Optional[websocket.Conn]) -> _WSStreamCreator:
    """client-go's newWSStreamCreator: the stream creator and demultiplexer over conn (None: no connection)."""
    return _WSStreamCreator(conn)


def _next_reader_error(e: BaseException) -> BaseException:
    err = ConnectionError(f"next reader: {e}")
    err.__cause__ = e
    return err


class _Stream:
    """One channel: reads come from its pipe, writes go straight to the connection as [id] + data."""

    def __init__(
        self, headers: Any, pipe: Pipe, conn: Optional[websocket.Conn], conn_write_lock: threading.Lock, id: int
    ):
        self._headers = headers
        self.pipe = pipe
        self.conn = conn
        self.conn_write_lock = conn_write_lock
        self.id = id

    def read(self, n: int = 32 * 1024) -> bytes:
        return self.pipe.read(n)

    def write(self, data: bytes) -> int:
        with self.conn_write_lock:
            if self.conn is None:
                raise RuntimeError(f"write on closed stream {self.id}")
            self.conn.write_message(BinaryMessage, bytes((self.id,)) + bytes(data))
            return len(data)

    def closed(self) -> bool:
        return self.conn is None

    def close(self) -> None:
        """Half-close: send the close signal [255, id] (this side writes no more)."""
        with self.conn_write_lock:
            if self.conn is None:
                raise RuntimeError(f"Close() on already closed stream {self.id}")
            conn, self.conn = self.conn, None
            conn.write_message(BinaryMessage, bytes((rc.StreamClose, self.id)))

    def reset(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - as Go, the close's error is not reset's
            pass
        self.pipe.close_with_error(None)

    def headers(self) -> Any:
        return self._headers

    def identifier(self) -> int:
        return self.id


class _Heartbeat:
    """Pings every period until closer is set (the demux loop ended) or a ping failed."""

    def __init__(self, conn: websocket.Conn, period: float):
        self.conn = conn
        self.period = period
        self.closer = threading.Event()
        self.message = b""
        self.pong_message = b""
        conn.set_pong_handler(self._pong)

    def _pong(self, data: bytes) -> None:
        log.debug("Pong message received")
        if data:
            self.pong_message = data

    def set_message(self, message: str) -> None:
        self.message = message.encode()

    def start(self) -> None:
        while not self.closer.wait(self.period):
            try:
                self.conn.write_control(PingMessage, self.message, time.monotonic() + PING_READ_DEADLINE)
            except TimeoutError:
                continue  # transient: the read deadline decides
            except Exception as e:  # noqa: BLE001
                log.debug("Websocket Ping failed: %s", e)
                return


class _WSStreamExecutor:
    """Executor over one WebSocket per session (must not run two sessions at once: the upgrader holds one)."""

    def __init__(self, transport: Any, upgrader: Any, method: str, url: str, protocols: list[str]):
        self.transport = transport
        self.upgrader = upgrader
        self.method = method
        self.url = url
        self.protocols = protocols
        self.negotiated = ""
        self.heartbeat_period = PING_PERIOD
        self.heartbeat_deadline = PING_READ_DEADLINE

    def stream(self, options: StreamOptions) -> None:
        self.stream_with_context(context.background(), options)

    def stream_with_context(self, ctx: Any, options: StreamOptions) -> None:
        ctx = ctx if ctx is not None else context.background()
        req = requests.Request(self.method, self.url).prepare()
        conn = websocket.negotiate(self.transport, self.upgrader, req, *self.protocols, ctx=ctx)
        threads = Threads()
        creator = _WSStreamCreator(conn)
        finished = threading.Event()
        try:
            self.negotiated = conn.subprotocol()
            log.debug("Subprotocol negotiated protocol=%s", self.negotiated)
            streamer = new_stream_protocol(self.negotiated, options)
            ready = threading.Event()

            def demux() -> None:
                while not ready.wait(0.05):  # all streams first, or a message could find no stream
                    if ctx.done().is_set() or finished.is_set():
                        creator.close_all_stream_readers(ctx.err())
                        return
                creator.read_demux_loop(self.heartbeat_period, self.heartbeat_deadline, threads)

            threads.go("remotecommand read demux", demux)
            _run_stream(ctx, threads, lambda: streamer.stream(creator, ready, threads), finished)
        finally:
            conn.abort()  # wakes the demux loop and any writer; the socket is closed once they are gone
            creator.close_all_stream_readers(context.Canceled() if ctx.err() else None)
            _join(threads)
            conn.close()


def _run_stream(ctx: Any, threads: Threads, stream: Callable[[], None], finished: threading.Event) -> None:
    """Run ``stream`` in the thread "remotecommand stream" and wait until it ends (setting ``finished``) or ctx
    does; raises the stream's error, or ctx's when ctx ended first. Shared by the SPDY and WebSocket executors."""
    outcome: list[Optional[BaseException]] = []

    def run() -> None:
        try:
            stream()
            outcome.append(None)
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
            outcome.append(e)
        finally:
            finished.set()

    threads.go("remotecommand stream", run)
    cancelled = context.after_func(ctx, finished.set)
    finished.wait()
    cancelled()
    if not outcome:
        err = ctx.err()
        assert err is not None
        raise err
    if outcome[0] is not None:
        raise outcome[0]


def _join(threads: Threads) -> None:
    left = threads.join(_USER_CALL_JOIN)
    for t in left:
        if t.name not in ("remotecommand stdin", "remotecommand resize"):
            t.join()  # every other thread ends once the connection closed and the pipes ended
    left = [t for t in left if t.is_alive()]
    if left:
        log.debug("threads left in user calls: %s", [t.name for t in left])


def new_web_socket_executor(config: Any, method: str, url: str) -> _WSStreamExecutor:
    """An Executor over a WebSocket speaking v5.channel.k8s.io only (the API server proxies older protocols to
    runtimes that would not know v5's close signal, so client-go asks for v5 alone)."""
    return new_web_socket_executor_for_protocols(config, method, url, rc.StreamProtocolV5Name)


def new_web_socket_executor_for_protocols(config: Any, method: str, url: str, *protocols: str) -> _WSStreamExecutor:
    """An Executor over a WebSocket asking for protocols in order of preference."""
    try:
        transport, upgrader = websocket.round_tripper_for(config)
    except Exception as e:
        raise RuntimeError(f"error creating websocket transports: {e}") from e
    return _WSStreamExecutor(transport, upgrader, method, url, list(protocols))
