"""moby/spdystream's ``Connection`` and ``Stream``: SPDY/3.1 streams multiplexed over one byte connection.

Threads and invariants (Go's goroutines, one thread each here):

* ``serve`` runs in one reader thread: it reads every frame and handles it in arrival order (spdystream hands frames
  to five workers partitioned by stream id, so frames of one stream are handled in order there too). A new stream's
  handler runs in that thread before its SYN_REPLY is sent: a handler must not block.
* A stream buffers at most ``STREAM_BUFFER`` bytes its reader has not taken; the reader thread waits while a
  stream's buffer is full (until the stream is read, reset or closed). That is spdystream's flow control: none in the
  protocol (WINDOW_UPDATE and SETTINGS are read and ignored), back-pressure through TCP; as in spdystream, a stream
  nobody reads stalls the connection.
* Every frame is encoded and written under one write lock (the header compressor is shared); once ``serve`` ended, a
  write raises ``EOFError`` (spdystream's framer returns io.EOF).
* ``close`` sends GOAWAY and shuts down: when no stream is left open (or ``close_timeout`` passed, 0 is no limit, or
  ``serve`` ended) the byte connection is closed, which ends ``serve``.
* Data read before a stream was reset by the peer stays readable, then the stream reads as ended; a stream reset
  here reads as ended at once.

The byte connection ``conn`` has ``read(n)`` (up to n bytes, b"" at its end), ``write(data)`` (all of it) and
``close()``; ``SocketConn`` makes one of a socket.
"""

from __future__ import annotations

import collections
import logging
import socket
import ssl
import threading
import time
from typing import Any, Callable, Optional

from kubernetes_py._go.tls import DuplexTLSSocket

from . import frames as spdy

log = logging.getLogger("kubernetes_py.apimachinery.util.httpstream.spdy")

FRAME_WORKERS = 5
QUEUE_SIZE = 50
# Bytes a stream holds for its reader before the connection's reader thread waits.
STREAM_BUFFER = 1 << 20


class ErrInvalidStreamId(Exception):
    def __init__(self) -> None:
        super().__init__("Invalid stream id")


class ErrTimeout(Exception):
    def __init__(self) -> None:
        super().__init__("Timeout occurred")


class ErrReset(Exception):
    def __init__(self) -> None:
        super().__init__("Stream reset")


class ErrWriteClosedStream(Exception):
    def __init__(self) -> None:
        super().__init__("Write on closed stream")


class ErrUnreadPartialData(Exception):
    def __init__(self) -> None:
        super().__init__("unread partial data")


StreamHandler = Callable[["Stream"], None]


class SocketConn:
    """A socket as the byte connection under a SPDY connection; ``rfile`` is a buffered reader already holding
    bytes read past an HTTP response's head, when there is one."""

    def __init__(self, sock: socket.socket, rfile: Any = None):
        self._held = b""
        if isinstance(sock, ssl.SSLSocket):
            # The connection's reader and its writers at once: over TLS, through the wrapper that makes that safe.
            duplex = DuplexTLSSocket(sock)
            self._held = duplex.take_buffered(rfile) if rfile is not None else b""
            self.sock: Any = duplex
            self.rfile = None
        else:
            self.sock = sock
            self.rfile = rfile if rfile is not None else sock.makefile("rb")
        self._closed = False

    def read(self, n: int) -> bytes:
        if self._held:
            data, self._held = self._held[:n], self._held[n:]
            return data
        try:
            return self.rfile.read1(n) if self.rfile is not None else self.sock.recv(n)
        except (OSError, ValueError):
            if self._closed:
                return b""
            raise

    def write(self, data: bytes) -> None:
        self.sock.sendall(data)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def local_addr(self) -> Any:
        return self.sock.getsockname()

    def remote_addr(self) -> Any:
        return self.sock.getpeername()


class Stream:
    """One SPDY stream: ``read``/``write`` its data, ``close`` to half-close (FIN), ``reset`` to abort it."""

    def __init__(
        self,
        conn: "Connection",
        stream_id: int,
        headers: Any,
        parent: Optional["Stream"] = None,
        priority: int = 0,
        replying: bool = False,
    ):
        self.conn = conn
        self.stream_id = stream_id
        self._parent = parent
        self.priority = priority
        self._headers = headers
        self.finished = False
        self.replied = False
        self._finish_lock = threading.Lock()
        # Streams the peer opened wait for our reply before writing; streams we opened write at once.
        self._reply_cond: Optional[threading.Condition] = threading.Condition() if replying else None
        self._started = threading.Event()
        self._start_error: Optional[BaseException] = None
        self._data_cond = threading.Condition()
        self._chunks: collections.deque[bytes] = collections.deque()
        self._buffered = 0
        self._unread: Optional[bytes] = None
        self._closed = False  # spdystream's closeChan: the peer finished or the stream was reset
        self._header_queue: collections.deque[spdy.Header] = collections.deque()

    # --- writing ---------------------------------------------------------------------------------------------
    def write_data(self, data: bytes, fin: bool) -> None:
        self._wait_write_reply()
        flags = 0
        if fin:
            flags = spdy.DataFlagFin
            with self._finish_lock:
                if self.finished:
                    raise ErrWriteClosedStream()
                self.finished = True
        self.conn.write_frame(spdy.DataFrame(stream_id=self.stream_id, flags=flags, data=bytes(data)))

    def write(self, data: bytes) -> int:
        self.write_data(data, False)
        return len(data)

    def _wait_write_reply(self) -> None:
        cond = self._reply_cond
        if cond is not None:
            with cond:
                while not self.replied:
                    cond.wait()

    # --- reading ---------------------------------------------------------------------------------------------
    def read(self, n: int = -1) -> bytes:
        """Up to n bytes as soon as some are there (all until the end when n < 0); b"" at the end."""
        if n < 0:
            out: list[bytes] = []
            while True:
                chunk = self.read(1 << 20)
                if not chunk:
                    return b"".join(out)
                out.append(chunk)
        if n == 0:
            return b""
        data = self._unread
        if data is None:
            arrived = self._next_chunk()
            if arrived is None:
                return b""
            data = self._unread = arrived
        if n < len(data):
            self._unread = data[n:]
            return data[:n]
        self._unread = None
        return data

    def readinto(self, b: Any) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def read_data(self) -> bytes:
        """The next data frame's bytes whole; raises EOFError at the end."""
        if self._unread is not None:
            raise ErrUnreadPartialData()
        chunk = self._next_chunk()
        if chunk is None:
            raise EOFError("EOF")
        return chunk

    def _next_chunk(self) -> Optional[bytes]:
        with self._data_cond:
            while not self._chunks:
                if self._closed:
                    return None
                self._data_cond.wait()
            chunk = self._chunks.popleft()
            self._buffered -= len(chunk)
            self._data_cond.notify_all()
            return chunk

    def _deliver(self, data: bytes) -> None:
        """From the reader thread: hand data to the stream's reader, waiting while its buffer is full."""
        with self._data_cond:
            while self._buffered >= STREAM_BUFFER and not self._closed:
                self._data_cond.wait()
            if self._closed:
                return
            self._chunks.append(data)
            self._buffered += len(data)
            self._data_cond.notify_all()

    # --- lifecycle -------------------------------------------------------------------------------------------
    def wait(self) -> None:
        self.wait_timeout(0)

    def wait_timeout(self, timeout: float) -> None:
        """Wait for the peer's reply; raises ErrReset when it refused the stream and ErrTimeout after timeout
        seconds (0: no limit)."""
        if not self._started.wait(timeout if timeout > 0 else None):
            raise ErrTimeout()
        if self._start_error is not None:
            raise self._start_error

    def _start(self, err: Optional[BaseException]) -> None:
        if not self._started.is_set():
            self._start_error = err
            self._started.set()

    def close(self) -> None:
        """Half-close: no more data from this side (a FIN frame); the peer's data can still be read."""
        if self._closed:
            self.conn.remove_stream(self)
        self.write_data(b"", True)

    def reset(self) -> None:
        self.conn.remove_stream(self)
        self._reset_stream(local=True)

    def _reset_stream(self, local: bool = False) -> None:
        self._close_remote_channels(drop=local)
        with self._finish_lock:
            if self.finished:
                return
            self.finished = True
        self.conn.write_frame(spdy.RstStreamFrame(stream_id=self.stream_id, status=spdy.Cancel))

    def _close_remote_channels(self, drop: bool = False) -> None:
        with self._data_cond:
            self._closed = True
            if drop:
                self._chunks.clear()
                self._buffered = 0
            self._data_cond.notify_all()

    def create_sub_stream(self, headers: Any, fin: bool) -> "Stream":
        return self.conn.create_stream(headers, self, fin)

    def set_priority(self, priority: int) -> None:
        self.priority = priority

    def send_header(self, headers: Any, fin: bool) -> None:
        self.conn.write_frame(
            spdy.HeadersFrame(
                stream_id=self.stream_id,
                headers=headers,
                cf_header=spdy.ControlFrameHeader(flags=spdy.ControlFlagFin if fin else 0),
            )
        )

    def send_reply(self, headers: Any, fin: bool) -> None:
        cond = self._reply_cond
        if cond is None:
            raise ValueError("cannot reply on initiated stream")
        with cond:
            if self.replied:
                return
            self.conn.write_frame(
                spdy.SynReplyFrame(
                    stream_id=self.stream_id,
                    headers=headers,
                    cf_header=spdy.ControlFrameHeader(flags=spdy.ControlFlagFin if fin else 0),
                )
            )
            self.replied = True
            cond.notify_all()

    def refuse(self) -> None:
        if self.replied:
            return
        self.replied = True
        self.conn.write_frame(spdy.RstStreamFrame(stream_id=self.stream_id, status=spdy.RefusedStream))

    def cancel(self) -> None:
        self.conn.write_frame(spdy.RstStreamFrame(stream_id=self.stream_id, status=spdy.Cancel))

    def receive_header(self) -> spdy.Header:
        with self._data_cond:
            while not self._header_queue:
                if self._closed:
                    raise EOFError("stream closed")
                self._data_cond.wait()
            return self._header_queue.popleft()

    def parent(self) -> Optional["Stream"]:
        return self._parent

    def headers(self) -> Any:
        return self._headers

    def identifier(self) -> int:
        return self.stream_id

    def is_finished(self) -> bool:
        with self._finish_lock:
            return self.finished

    def __str__(self) -> str:
        return f"stream:{self.stream_id}"

    def __repr__(self) -> str:
        return f"<spdystream.Stream {self.stream_id}>"


class Connection:
    """spdystream's Connection over the byte connection ``conn``; ``server`` picks even (server) or odd stream ids."""

    def __init__(self, conn: Any, server: bool, *opts: Optional[spdy.FramerOption]):
        self.conn = conn
        self.framer = spdy.Framer(conn.write, conn, *opts)
        self._write_lock = threading.Lock()
        self._write_closed = False
        self._close_event = threading.Event()  # Go's closeChan: serve has ended
        self.gone_away = False
        self.go_away_timeout = 0.0
        self.close_timeout = 0.0
        self._last_stream_callback: Optional[Callable[[Optional[Stream]], Any]] = None
        self._stream_cond = threading.Condition()
        self.streams: dict[int, Stream] = {}
        self._next_id_lock = threading.Lock()
        self._receive_id_lock = threading.Lock()
        self.next_stream_id = 2 if server else 1
        self.received_stream_id = 1 if server else 2
        self._ping_lock = threading.Lock()
        self.ping_id = 2 if server else 1
        self._ping_waiters: dict[int, threading.Event] = {}
        self._shutdown_lock = threading.Lock()
        self._has_shutdown = False
        self._shutdown_done = threading.Event()
        self._shutdown_error: Optional[BaseException] = None
        self._shutdown_thread: Optional[threading.Thread] = None
        self._idle_timeout = 0.0
        self._idle_deadline = 0.0
        self._idle_cond = threading.Condition()
        self._idle_thread: Optional[threading.Thread] = None

    # --- writing ---------------------------------------------------------------------------------------------
    def write_frame(self, frame: Any) -> None:
        with self._write_lock:
            if self._write_closed:
                raise EOFError("EOF")
            self.conn.write(self.framer.encode_frame(frame))
        if self._idle_timeout > 0:
            self._touch()

    # --- idle timeout ----------------------------------------------------------------------------------------
    def set_idle_timeout(self, timeout: float) -> None:
        """Reset every stream and close after timeout seconds without a frame either way; 0 turns it off."""
        with self._idle_cond:
            if self._close_event.is_set():
                return
            self._idle_timeout = timeout
            self._idle_deadline = time.monotonic() + timeout
            self._idle_cond.notify_all()
            if timeout > 0 and self._idle_thread is None:
                thread = threading.Thread(target=self._idle_monitor, name="spdy idle monitor", daemon=True)
                thread.start()
                with self._shutdown_lock:
                    self._idle_thread = thread

    def _touch(self) -> None:
        self._idle_deadline = time.monotonic() + self._idle_timeout

    def _idle_monitor(self) -> None:
        with self._idle_cond:
            while not self._close_event.is_set():
                if self._idle_timeout <= 0:
                    self._idle_cond.wait()
                    continue
                left = self._idle_deadline - time.monotonic()
                if left > 0:
                    self._idle_cond.wait(left)
                    continue
                break
            else:
                return
        with self._stream_cond:
            streams = list(self.streams.values())
            self.streams = {}
            self._stream_cond.notify_all()
        for stream in streams:
            try:
                stream._reset_stream()
            except (OSError, EOFError, spdy.Error):
                pass
        self.close()

    # --- serving ---------------------------------------------------------------------------------------------
    def serve(self, new_handler: StreamHandler) -> None:
        """Read and handle frames until the connection ends (runs in the caller's thread)."""
        go_away: Optional[spdy.GoAwayFrame] = None
        try:
            while True:
                try:
                    frame = self.framer.read_frame()
                except EOFError:
                    log.debug("EOF received")
                    break
                except spdy.Error as e:
                    log.debug("frame read error: %s", e)
                    if e.err == spdy.InvalidControlFrame:
                        self.conn.close()
                    break
                except Exception as e:  # noqa: BLE001 - whatever ends the byte connection (a WebSocket's close) ends serving
                    log.debug("frame read error: %s", e)
                    break
                if self._idle_timeout > 0:
                    self._touch()
                if isinstance(frame, spdy.GoAwayFrame):
                    go_away = frame
                    break
                try:
                    self._handle(frame, new_handler)
                except (OSError, EOFError, spdy.Error) as e:
                    log.debug("frame handling error: %s", e)
        finally:
            with self._write_lock:
                self._write_closed = True
            self._close_event.set()
            with self._idle_cond:
                self._idle_cond.notify_all()
            with self._ping_lock:
                for event in self._ping_waiters.values():
                    event.set()
            if go_away is not None:
                self._handle_go_away_frame(go_away)
            with self._stream_cond:
                streams = list(self.streams.values())
                self.streams = {}
                self._stream_cond.notify_all()
            for stream in streams:
                stream._close_remote_channels()
                stream._start(EOFError("EOF"))

    def _handle(self, frame: Any, new_handler: StreamHandler) -> None:
        t = type(frame)
        if t is spdy.DataFrame:
            self._handle_data_frame(frame)
        elif t is spdy.SynStreamFrame:
            if self._check_stream_frame(frame):
                self._add_stream_frame(frame)
                new_handler(self.streams[frame.stream_id])
        elif t is spdy.SynReplyFrame:
            stream = self._get_stream(frame.stream_id)
            if stream is None or stream.replied:
                return
            stream.replied = True
            if frame.cf_header.flags & spdy.ControlFlagFin:
                self._remote_stream_finish(stream)
            stream._start(None)
        elif t is spdy.RstStreamFrame:
            stream = self._get_stream(frame.stream_id)
            if stream is None:
                return
            self.remove_stream(stream)
            stream._close_remote_channels()
            if not stream.replied:
                stream.replied = True
                stream._start(ErrReset())
            with stream._finish_lock:
                stream.finished = True
        elif t is spdy.HeadersFrame:
            stream = self._get_stream(frame.stream_id)
            if stream is None or not stream.replied:
                return
            with stream._data_cond:
                if stream._closed:
                    return
                stream._header_queue.append(frame.headers)
                stream._data_cond.notify_all()
            if frame.cf_header.flags & spdy.ControlFlagFin:
                self._remote_stream_finish(stream)
        elif t is spdy.PingFrame:
            with self._ping_lock:
                ping_id = self.ping_id
                waiter = self._ping_waiters.get(frame.id)
            if ping_id & 1 != frame.id & 1:
                self.write_frame(frame)
            elif waiter is not None:
                waiter.set()
        else:
            log.debug("unhandled frame type: %s", t.__name__)

    def _handle_data_frame(self, frame: spdy.DataFrame) -> None:
        stream = self._get_stream(frame.stream_id)
        if stream is None or not stream.replied:
            return
        if frame.data:
            stream._deliver(frame.data)
        if frame.flags & spdy.DataFlagFin:
            self._remote_stream_finish(stream)

    def _check_stream_frame(self, frame: spdy.SynStreamFrame) -> bool:
        with self._receive_id_lock:
            if self.gone_away:
                return False
            if frame.stream_id > 0x7FFFFFFF or frame.stream_id < self.received_stream_id:
                try:
                    self.write_frame(spdy.RstStreamFrame(stream_id=frame.stream_id, status=spdy.ProtocolError))
                except (OSError, EOFError) as e:
                    log.debug("reset error: %s", e)
                return False
            self.received_stream_id = frame.stream_id + 2
            return True

    def _add_stream_frame(self, frame: spdy.SynStreamFrame) -> None:
        parent = self._get_stream(frame.associated_to_stream_id) if frame.associated_to_stream_id else None
        stream = Stream(self, frame.stream_id, frame.headers, parent=parent, priority=frame.priority, replying=True)
        stream.finished = bool(frame.cf_header.flags & spdy.ControlFlagUnidirectional)
        if frame.cf_header.flags & spdy.ControlFlagFin:
            stream._close_remote_channels()
        self._add_stream(stream)

    def _remote_stream_finish(self, stream: Stream) -> None:
        stream._close_remote_channels()
        with stream._finish_lock:
            if stream.finished:
                self.remove_stream(stream)

    def _handle_go_away_frame(self, frame: spdy.GoAwayFrame) -> None:
        with self._receive_id_lock:
            if self.gone_away:
                return
            self.gone_away = True
        if self._last_stream_callback is not None:
            self._last_stream_callback(self._get_stream(frame.last_good_stream_id))
        self._start_shutdown(self.go_away_timeout)

    # --- streams ---------------------------------------------------------------------------------------------
    def create_stream(self, headers: Any, parent: Optional[Stream], fin: bool) -> Stream:
        with self._next_id_lock:
            stream_id = self.next_stream_id
            if stream_id > 0x7FFFFFFF:
                raise ValueError("Unable to get new stream id")
            self.next_stream_id += 2
            stream = Stream(self, stream_id, headers, parent=parent)
            self._add_stream(stream)
            flags = 0
            if fin:
                flags = spdy.ControlFlagFin
                stream.finished = True
            self.write_frame(
                spdy.SynStreamFrame(
                    stream_id=stream_id,
                    headers=headers,
                    associated_to_stream_id=parent.stream_id if parent is not None else 0,
                    cf_header=spdy.ControlFrameHeader(flags=flags),
                )
            )
            return stream

    def peek_next_stream_id(self) -> int:
        return self.next_stream_id

    def _add_stream(self, stream: Stream) -> None:
        with self._stream_cond:
            self.streams[stream.stream_id] = stream
            self._stream_cond.notify_all()

    def remove_stream(self, stream: Stream) -> None:
        with self._stream_cond:
            if self.streams.get(stream.stream_id) is stream:
                del self.streams[stream.stream_id]
            self._stream_cond.notify_all()

    def _get_stream(self, stream_id: int) -> Optional[Stream]:
        return self.streams.get(stream_id)

    def find_stream(self, stream_id: int) -> Optional[Stream]:
        """The stream with that id, waiting for it while the peer may still open it."""
        with self._stream_cond:
            stream = self.streams.get(stream_id)
            while stream is None and stream_id >= self.received_stream_id and not self._close_event.is_set():
                self._stream_cond.wait()
                stream = self.streams.get(stream_id)
            return stream

    # --- pings -----------------------------------------------------------------------------------------------
    def ping(self) -> float:
        """Seconds until the peer answered a PING."""
        with self._ping_lock:
            pid = self.ping_id
            self.ping_id = pid - 0x7FFFFFFE if pid > 0x7FFFFFFE else pid + 2
            waiter = self._ping_waiters[pid] = threading.Event()
        try:
            start = time.monotonic()
            self.write_frame(spdy.PingFrame(id=pid))
            waiter.wait()
            if self._close_event.is_set():
                raise EOFError("connection closed")
            return time.monotonic() - start
        finally:
            with self._ping_lock:
                self._ping_waiters.pop(pid, None)

    # --- closing ---------------------------------------------------------------------------------------------
    def close(self) -> None:
        """Send GOAWAY and shut down once no stream is open (at most ``close_timeout`` seconds when set)."""
        with self._receive_id_lock:
            if self.gone_away:
                return
            self.gone_away = True
        last = self.received_stream_id - 2 if self.received_stream_id > 2 else 0
        try:
            self.write_frame(spdy.GoAwayFrame(last_good_stream_id=last, status=spdy.GoAwayOK))
        finally:
            self._start_shutdown(self.close_timeout)

    def _start_shutdown(self, timeout: float) -> None:
        with self._shutdown_lock:
            if self._has_shutdown:
                return
            self._has_shutdown = True
            thread = threading.Thread(target=self._shutdown, args=(timeout,), name="spdy shutdown", daemon=True)
            thread.start()
            self._shutdown_thread = thread

    def _shutdown(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout if timeout > 0 else None
        with self._stream_cond:
            while self.streams and not self._close_event.is_set():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    break
                self._stream_cond.wait(left)
        try:
            self.conn.close()
        except OSError as e:
            self._shutdown_error = e
        self._shutdown_done.set()

    def close_wait(self) -> None:
        self.close()
        self._shutdown_done.wait()
        if self._shutdown_error is not None:
            raise self._shutdown_error

    def wait(self, timeout: float) -> None:
        """Wait for the shutdown (timeout seconds, 0: no limit); raises ErrTimeout."""
        if not self._shutdown_done.wait(timeout if timeout > 0 else None):
            raise ErrTimeout()
        if self._shutdown_error is not None:
            raise self._shutdown_error

    def notify_close(self, callback: Callable[[Optional[Stream]], Any], timeout: float) -> None:
        """On GOAWAY from the peer, callback(the last stream it accepted) and shut down within timeout seconds."""
        self.go_away_timeout = timeout
        self._last_stream_callback = callback

    def set_close_timeout(self, timeout: float) -> None:
        self.close_timeout = timeout

    def close_chan(self) -> threading.Event:
        """Set when the connection stopped reading (the peer closed it, GOAWAY, or an error)."""
        return self._close_event

    def join_threads(self, timeout: Optional[float] = None) -> None:
        """Join the shutdown and idle-monitor threads (not the current one)."""
        with self._shutdown_lock:
            threads = (self._shutdown_thread, self._idle_thread)
        for t in threads:
            if t is not None and t is not threading.current_thread():
                t.join(timeout)


def new_connection(conn: Any, server: bool) -> Connection:
    return Connection(conn, server)


def new_connection_with_options(conn: Any, server: bool, *opts: Optional[spdy.FramerOption]) -> Connection:
    return Connection(conn, server, *opts)
