"""HTTP/1.1 on kept-alive connections, written and read directly: the request path of ``HTTPTransport``.

A small request's client CPU was mostly spent in machinery around the bytes: requests' adapter, urllib3's pool and
response objects, and http.client's header parsing through the email package. Go's transport writes the request
and reads the status line and headers itself; so does this module, on sockets that urllib3's connection classes
connect (dial and TLS timeouts, keep-alive, certificate and host name checks stay theirs, see ``_conn``).

* ``WirePool`` keeps up to ``max_idle`` idle connections per scheme, host and port (client-go's MaxIdleConnsPerHost);
  a connection the server closed while idle is noticed (it reads as ready) and replaced.
* ``round_trip`` writes one request in one ``sendall`` and reads the status line and headers; a request that fails on
  a reused connection before any byte of an answer is sent again on a new one when it can be (Go's
  shouldRetryRequest: nothing written, or an idempotent method with a replayable body). A small answer whose head
  and Content-Length body came in the reader's first read is parsed from it at once and its body kept in memory
  (``read_small_answer``); any other is read line by line (``read_head``).
* ``WireBody`` is the response body as urllib3's response offers it to requests and to this library (``read``,
  ``read1``, ``stream``, ``drain_conn``, ``release_conn``, ``close``, ``headers``): Content-Length, chunked and
  read-to-close framing, gzip decoding, and errors as urllib3 raises them. The connection goes back to its pool when
  the body was read to its end; a body closed early closes its connection.

Requests through a proxy or with a streamed body go through urllib3 instead. A request upgrading its connection
(WebSocket, SPDY) gets a connection of its own from ``connect`` (through a proxy, a CONNECT tunnel), and its
answer's head is read by ``read_upgrade_head`` without reading past it (``HTTPTransport.upgrade``).
"""

from __future__ import annotations

import http.client
import io
import select
import socket
import ssl
import threading
import zlib
from typing import Any, Callable, Iterator, Optional

import requests
import urllib3
from urllib3 import HTTPHeaderDict
from urllib3.exceptions import (
    ConnectTimeoutError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util import SKIP_HEADER

from kubernetes_py._internals import ssl as _ssl
from kubernetes_py._internals.urllib3 import header_container, header_value, headers_with_storage

from . import _conn

MAX_LINE = 65536
# Go's http.Transport.MaxResponseHeaderBytes default.
MAX_HEADER_BYTES = 10 << 20
_CHUNKED_READ = 1 << 18
"""The most a chunked body reads off its connection at once: what has arrived, up to this."""
DEFAULT_USER_AGENT = f"python-urllib3/{urllib3.__version__}"  # type: ignore[attr-defined]  # urllib3 has no __all__ entry for it
_IDEMPOTENT = frozenset(("GET", "HEAD", "OPTIONS", "TRACE"))
_DEFAULT_USER_AGENT_LINE = b"User-Agent: " + DEFAULT_USER_AGENT.encode()


class WireConnection:
    """One connection: the urllib3 connection that opened it, its socket, and a buffered reader over it."""

    __slots__ = ("conn", "sock", "rfile", "key", "reused", "timeout", "kpy_exchange", "_poll", "tls")

    def __init__(self, conn: Any, key: tuple[Any, ...]):
        self.conn = conn
        self.sock = conn.sock
        self.tls = type(self.sock) is ssl.SSLSocket  # read and written through OpenSSL directly (_internals.ssl)
        self.rfile: io.BufferedReader = (
            io.BufferedReader(_ssl.TLSReader(self.sock)) if self.tls else self.sock.makefile("rb")
        )
        self.key = key
        self.reused = False
        self.timeout = self.sock.gettimeout()
        self.kpy_exchange: Optional[_conn.Exchange] = None
        self._poll: Any = None

    def set_timeout(self, timeout: Optional[float]) -> None:
        if timeout != self.timeout:  # each change is two system calls
            self.sock.settimeout(timeout)
            self.timeout = timeout

    def dropped(self) -> bool:
        """An idle connection that reads as ready was closed by the server (or sent something unasked)."""
        try:
            if self._poll is None:  # one poll object per connection: a check is then one system call
                self._poll = select.poll()
                self._poll.register(self.sock, select.POLLIN)
            return self.sock.fileno() < 0 or bool(self._poll.poll(0))
        except (OSError, ValueError):
            return True

    def close(self) -> None:
        try:
            self.rfile.close()
        finally:
            self.conn.close()


class WirePool:
    """Idle connections per (scheme, host, port), at most max_idle each; safe from any thread."""

    def __init__(self, max_idle: int):
        self.max_idle = max_idle
        self._idle: dict[tuple[Any, ...], list[WireConnection]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> Optional[WireConnection]:
        while True:
            with self._lock:
                idle = self._idle.get(key)
                if not idle:
                    return None
                wire = idle.pop()
            if not wire.dropped():
                wire.reused = True
                return wire
            wire.close()

    def put(self, wire: WireConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(wire.key, [])
            if len(idle) < self.max_idle:
                idle.append(wire)
                return
        wire.close()

    def clear(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, {}
        for conns in idle.values():
            for wire in conns:
                wire.close()


def read_timeout_error(url: str, message: str) -> ReadTimeoutError:
    """urllib3's error for a read that timed out, of a connection no urllib3 pool holds."""
    no_pool: Any = None
    return ReadTimeoutError(no_pool, url, message)


def connect(
    conn_cls: type,
    key: tuple[Any, ...],
    connect_timeout: Optional[float],
    tunnel: Optional[tuple[Any, ...]] = None,
    **conn_kw: Any,
) -> WireConnection:
    """A new connection through urllib3's connection class, with requests' exceptions for its failures.

    With tunnel ``(host, port, proxy headers, proxy scheme)``, key is the proxy's and the connection is a CONNECT
    tunnel through it to host:port."""
    scheme, host, port = key
    conn = conn_cls(host=host, port=port, timeout=connect_timeout, **conn_kw)
    if tunnel is not None:
        conn.set_tunnel(tunnel[0], tunnel[1], headers=tunnel[2], scheme=tunnel[3])
    try:
        conn.connect()
    except NewConnectionError as e:  # a subclass of ConnectTimeoutError, as requests also sorts them
        conn.close()
        raise requests.exceptions.ConnectionError(e) from e
    except ConnectTimeoutError as e:
        conn.close()
        raise requests.exceptions.ConnectTimeout(e) from e
    except (ssl.SSLError, ssl.CertificateError, urllib3.exceptions.SSLError) as e:
        conn.close()
        raise requests.exceptions.SSLError(e) from e
    except OSError as e:
        conn.close()
        raise requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", e)) from e
    return WireConnection(conn, key)


_HOST_LINES: dict[str, bytes] = {}


def _host_line(host: str) -> bytes:
    line = _HOST_LINES.get(host)
    if line is None:
        line = b"Host: " + host.encode("idna")
        if len(_HOST_LINES) < 1024:  # a client talks to few hosts
            _HOST_LINES[host] = line
    return line


def request_bytes(method: str, path: str, host: str, headers: HTTPHeaderDict, body: Optional[bytes]) -> bytes:
    stored = header_container(headers)  # its storage, read directly: the lines in iteritems() order
    lines = [f"{method} {path} HTTP/1.1".encode("latin-1")]
    if "host" not in stored or header_value(headers, "host") == SKIP_HEADER:
        lines.append(_HOST_LINES.get(host) or _host_line(host))
    for entry in stored.values():
        name = entry[0]
        for value in entry[1:]:
            if value == SKIP_HEADER:  # urllib3's "send none of this header"
                continue
            if type(value) is str:
                lines.append(f"{name}: {value}".encode("latin-1"))
            else:
                raw = value if isinstance(value, bytes) else str(value).encode("latin-1")
                lines.append(name.encode("latin-1") + b": " + raw)
    if "user-agent" not in stored:
        lines.append(_DEFAULT_USER_AGENT_LINE)
    lines.append(b"\r\n")
    head = b"\r\n".join(lines)
    return head + body if body else head


def read_upgrade_head(sock: Any) -> tuple[int, str, int, HTTPHeaderDict]:
    """The head of the answer to an upgrade request, read from sock a byte at a time so that nothing after it is
    taken off the socket (the server may speak the upgraded protocol right after its 101)."""
    head = bytearray()
    while not head.endswith(b"\r\n\r\n") and not head.endswith(b"\n\n"):
        if len(head) > MAX_HEADER_BYTES:
            raise http.client.HTTPException(
                f"net/http: server response headers exceeded {MAX_HEADER_BYTES} bytes; aborted"
            )
        byte = sock.recv(1)
        if not byte:
            if not head:
                raise http.client.RemoteDisconnected("Remote end closed connection without response")
            raise http.client.IncompleteRead(bytes(head))
        head += byte
    return read_head(io.BufferedReader(io.BytesIO(bytes(head))))


_chunk_data: Optional[Callable[[bytes, int, int, int], tuple[bytes, int, int]]]
try:
    from kubernetes_py.apimachinery.runtime._json2pb import chunk_data as _chunk_data
except ImportError:  # the optional C extension is not built: the Python loop reads every chunk
    _chunk_data = None


def _read_line(rfile: io.BufferedReader) -> bytes:
    line = rfile.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise http.client.LineTooLong("header line")
    return line


def read_head(rfile: io.BufferedReader) -> tuple[int, str, int, HTTPHeaderDict]:
    """(status, reason, HTTP version as 10 or 11, headers) of the next final answer; 1xx answers are skipped."""
    while True:
        line = _read_line(rfile)
        if not line:
            raise http.client.RemoteDisconnected("Remote end closed connection without response")
        parts = line.decode("latin-1").rstrip("\r\n").split(None, 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or len(parts[1]) != 3 or not parts[1].isdigit():
            raise http.client.BadStatusLine(line.decode("latin-1", "replace"))
        status = int(parts[1])
        reason = parts[2] if len(parts) > 2 else ""
        version = 11 if parts[0] == "HTTP/1.1" else 10
        headers = _headers(_header_lines(rfile))
        if 100 <= status < 200 and status != 101:
            continue
        return status, reason, version, headers


_SmallHead = Optional[tuple[int, str, int, dict[str, list[str]], int, int]]
"""parse_small_head's answer."""


def parse_small_head(data: bytes, head_request: bool) -> _SmallHead:
    """(status, reason, HTTP version as 10 or 11, headers' storage, length of the head with its blank line, length
    of the body when all of it is in data too, else -1) of a final answer whose whole head is in data; None for
    anything else (an informational answer, a head cut short, obsolete line folding, bare LF line ends).

    The headers' storage is an HTTPHeaderDict's ({lowercased name: [name, value, ...]}). The body counts as in data
    only with one decimal Content-Length, no Transfer-Encoding, and an answer that has a body (not to HEAD, not 204
    or 304). The C parser (csrc/httphead) gives the same answer for the heads it takes, and None for the others."""
    end = data.find(b"\r\n\r\n")
    if end < 0 or 0 <= data.find(b"\n\n", 0, end) or 0 <= data.find(b"\n\r\n", 0, end):
        return None
    head = data[:end].decode("latin-1")
    if "\n " in head or "\n\t" in head:
        return None
    lines = head.split("\r\n")
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or len(parts[1]) != 3 or not parts[1].isdigit():
        return None
    status = int(parts[1])
    if 100 <= status < 200 and status != 101:
        return None
    container = _header_storage(lines[1:])
    taken = end + 4
    body_length = -1
    entry = container.get("content-length")
    if (
        entry is not None
        and len(entry) == 2
        and entry[1].isdigit()
        and not head_request
        and status not in (204, 304)
        and "transfer-encoding" not in container
        and taken + int(entry[1]) <= len(data)
    ):
        body_length = int(entry[1])
    return (
        status,
        parts[2] if len(parts) > 2 else "",
        11 if parts[0] == "HTTP/1.1" else 10,
        container,
        taken,
        body_length,
    )


_parse_small_head_c: Optional[Callable[[bytes, bool], _SmallHead]]
try:
    from ._httphead import parse as _parse_small_head_c
except ImportError:  # built without its C extension: Python parses every head
    _parse_small_head_c = None


def read_small_answer(
    rfile: io.BufferedReader, method: str
) -> Optional[tuple[int, str, int, HTTPHeaderDict, Optional[bytes]]]:
    """(status, reason, HTTP version, headers, body) of a final answer whose head is in rfile's buffer after its first
    read, taken off the reader with its Content-Length body when that is in the buffer too (body None: the body is
    still to be read from rfile). None, with nothing taken, for anything else (an informational answer, a head cut
    across reads, obsolete line folding): read_head then reads it line by line."""
    data = rfile.peek(1)
    head_request = method == "HEAD"
    parsed = _parse_small_head_c(data, head_request) if _parse_small_head_c is not None else None
    if parsed is None:
        parsed = parse_small_head(data, head_request)
        if parsed is None:
            return None
    status, reason, version, container, taken, body_length = parsed
    if body_length >= 0:
        body: Optional[bytes] = rfile.read(taken + body_length)[taken:]
    else:
        rfile.read(taken)
        body = None
    return status, reason, version, headers_with_storage(container), body


def _header_lines(rfile: io.BufferedReader) -> list[str]:
    """The header lines up to the blank line, obsolete line folding joined: at once when the whole block has
    arrived (the usual case: it is in the reader's buffer already), else line by line."""
    buffered = rfile.peek(1)
    end = buffered.find(b"\r\n\r\n")
    if buffered.startswith(b"\r\n"):
        rfile.read(2)
        return []
    if 0 <= end <= MAX_HEADER_BYTES and buffered.find(b"\n\r\n", 0, end) < 0 and buffered.find(b"\n\n", 0, end) < 0:
        block = rfile.read(end + 4)[:end].decode("latin-1")
        lines = block.split("\r\n")
        if block[:1] not in (" ", "\t") and "\r\n " not in block and "\r\n\t" not in block:
            return lines  # no obsolete line folding
    else:
        lines = []
        total = 0
        while True:
            line = _read_line(rfile)
            total += len(line)
            if total > MAX_HEADER_BYTES:
                raise http.client.HTTPException(
                    f"net/http: server response headers exceeded {MAX_HEADER_BYTES} bytes; aborted"
                )
            if line in (b"\r\n", b"\n", b""):
                break
            lines.append(line.decode("latin-1").rstrip("\r\n"))
    if any(text[:1] in (" ", "\t") for text in lines):  # obsolete line folding continues the line before
        joined: list[str] = []
        for text in lines:
            if text[:1] in (" ", "\t") and joined:
                joined[-1] += " " + text.strip()
            else:
                joined.append(text)
        lines = joined
    return lines


_NAMES: dict[str, tuple[str, str]] = {}  # a header name as it arrived: (stripped, lowercased)


def _header_storage(lines: list[str]) -> dict[str, list[str]]:
    """An HTTPHeaderDict's storage of "Name: value" lines, filled directly (its add() checks each argument's type, a
    tenth of a request's CPU); a line without a colon is ignored, as http.client does."""
    container: dict[str, list[str]] = {}
    names = _NAMES
    for line in lines:
        name, sep, value = line.partition(":")
        if not sep:
            continue
        known = names.get(name)
        if known is None:
            known = (name.strip(), name.strip().lower())
            if len(names) < 4096:  # the same few names come in every answer
                names[name] = known
        name, key = known
        value = value.strip()
        entry = container.get(key)
        if entry is None:
            container[key] = [name, value]
        else:
            entry.append(value)
    return container


def _headers(lines: list[str]) -> HTTPHeaderDict:
    return headers_with_storage(_header_storage(lines))


class WireBody(io.IOBase):
    """A response body on a wire connection, with the part of urllib3's HTTPResponse this library and requests use."""

    def __init__(
        self,
        pool: WirePool,
        wire: WireConnection,
        method: str,
        status: int,
        reason: str,
        version: int,
        headers: HTTPHeaderDict,
        url: str,
        body: Optional[bytes] = None,
    ):
        self._pool = pool
        self._wire: Optional[WireConnection] = wire
        self._rfile = wire.rfile
        self.status = status
        self.reason = reason
        self.version = version
        self.headers = headers
        self._url = url
        self.decode_content = True
        self._done = False
        self._chunked = False
        self._chunk_left = 0  # bytes left in the current chunk; 0 between chunks
        self._raw = b""  # chunked: bytes read off the connection, taken from _at on
        self._at = 0
        self._length: Optional[int] = None  # bytes left with Content-Length; None: chunked or until close
        self._decoder: Any = None
        self._ready: Optional[bytes] = None  # the whole body, read with the head (read_small_answer)
        stored = header_container(headers)  # looked into first: most answers have few of the headers read here
        connection = header_value(headers, "connection").lower() if "connection" in stored else ""
        self._keep_alive = (version == 11 and "close" not in connection) or (
            version == 10 and "keep-alive" in connection
        )
        if body is not None:  # read_small_answer took a whole Content-Length body: no framing left to read
            self._length = 0
            self._ready = body or None  # read from memory; the connection is given back at its end
        elif method == "HEAD" or status in (204, 304):
            self._length = 0
        elif "transfer-encoding" in stored and "chunked" in header_value(headers, "transfer-encoding").lower():
            self._chunked = True
        else:
            length = header_value(headers, "content-length")
            if length is not None:
                values = {v.strip() for v in length.split(",")}
                if len(values) != 1 or not next(iter(values)).isdigit():
                    raise http.client.HTTPException(f"invalid Content-Length {length!r}")
                self._length = int(values.pop())
            else:
                self._keep_alive = False  # the body ends when the server closes the connection
        if "content-encoding" in stored and header_value(headers, "content-encoding").lower() == "gzip":
            self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self._length == 0 and self._ready is None:
            self._finish()

    # --- what urllib3's response offers -----------------------------------------------------------------------
    @property
    def connection(self) -> Optional[WireConnection]:
        return self._wire

    @property
    def data(self) -> bytes:
        return self.read()

    def readable(self) -> bool:
        return True

    def isclosed(self) -> bool:
        return self._wire is None

    def read(
        self, amt: Optional[int] = None, decode_content: Optional[bool] = None, cache_content: bool = False
    ) -> bytes:
        """Up to amt bytes of the body (all of it without amt), waiting until they arrived or the body ended."""
        decode = self.decode_content if decode_content is None else decode_content
        if amt is None or amt < 0:
            ready = self._ready
            if ready is not None and (self._decoder is None or not decode):  # a small answer's body, in memory
                self._ready = None
                self._finish()
                return ready
            parts = []
            while not self._done:
                parts.append(self._read_raw(self._length or (1 << 20), whole=True))
            return self._decoded(b"".join(parts), decode, final=True)
        out = b""
        while len(out) < amt and not self._done:
            out += self._decoded(self._read_raw(amt - len(out), whole=True), decode, final=self._done)
        return out

    def read1(self, amt: int = -1, decode_content: Optional[bool] = None) -> bytes:
        """What has arrived of the body (at most amt bytes of raw data), waiting only when nothing has."""
        decode = self.decode_content if decode_content is None else decode_content
        while not self._done:
            data = self._decoded(
                self._read_raw(amt if amt and amt > 0 else 65536, whole=False), decode, final=self._done
            )
            if data:
                return data
        return b""

    def stream(self, amt: int = 65536, decode_content: Optional[bool] = None) -> Iterator[bytes]:
        while not self._done:
            data = self.read(amt, decode_content)
            if data:
                yield data

    def readinto(self, b: Any) -> int:
        data = self.read1(len(b))
        b[: len(data)] = data
        return len(data)

    def drain_conn(self) -> None:
        """Read the rest of the body away so that the connection can serve another request."""
        try:
            while not self._done:
                self._read_raw(1 << 16, whole=False)
        except (OSError, http.client.HTTPException, ProtocolError, ReadTimeoutError):
            self._close_connection()

    def release_conn(self) -> None:
        if not self._done:
            self._close_connection()

    def close(self) -> None:
        if not self._done:
            self._close_connection()
        super().close()

    @property
    def closed(self) -> bool:
        return self._wire is None

    # --- framing --------------------------------------------------------------------------------------------
    def _read_raw(self, amt: int, whole: bool) -> bytes:
        """Raw body bytes: at most amt, at least one unless the body ended; whole waits for all amt of a frame."""
        ready = self._ready
        if ready is not None:
            data = ready[:amt] if amt < len(ready) else ready
            self._ready = ready[len(data) :] or None
            if self._ready is None:
                self._finish()
            return data
        try:
            if self._chunked:
                data = self._read_chunk(amt, whole)
            elif self._length is not None:
                want = min(amt, self._length)
                data = self._rfile.read(want) if whole else self._rfile.read1(want)
                if not data:
                    raise http.client.IncompleteRead(b"", self._length)
                self._length -= len(data)
                if self._length == 0:
                    self._finish()
            else:
                data = self._rfile.read(amt) if whole else self._rfile.read1(amt)
                if not data:
                    self._finish()
            return data
        except socket.timeout as e:
            self._close_connection()
            raise read_timeout_error(self._url, "Read timed out.") from e
        except http.client.IncompleteRead as e:
            self._close_connection()
            raise ProtocolError(
                f"Connection broken: IncompleteRead({e.partial and len(e.partial) or 0} bytes read, "
                f"{e.expected} more expected)",
                e,
            ) from e
        except (OSError, http.client.HTTPException, ValueError) as e:
            self._close_connection()
            raise ProtocolError(f"Connection broken: {e!r}", e) from e

    def _read_chunk(self, amt: int, whole: bool) -> bytes:
        """At most amt bytes of chunk data; whole waits for amt bytes (or the body's end), else for one chunk's data
        or part of it, as before, and then takes the chunks after it only as far as the bytes already read off the
        connection hold them whole with their CRLF (a watch sends a chunk an event: one read of the connection
        serves every event that came with it; a stream that trickles is never waited on). Whatever is wrong past
        the first chunk (a bad size line, a missing CRLF, the last chunk) is left for the next read, which meets it
        first and behaves as it did."""
        out: list[bytes] = []
        got = 0
        lazy = not whole  # read1: once some data is taken, nothing more is waited for nor raised
        while got < amt:
            if _chunk_data is not None:  # the whole chunks already read, in C; the rest as below
                data, self._at, self._chunk_left = _chunk_data(self._raw, self._at, self._chunk_left, amt - got)
                if data:
                    out.append(data)
                    got += len(data)
                    if got == amt:
                        break
            raw, at = self._raw, self._at
            if self._chunk_left == 0:
                end = raw.find(b"\n", at)
                if end < 0 or end - at >= MAX_LINE:
                    if out and lazy:
                        break
                    if end < 0 and len(raw) - at <= MAX_LINE and self._more():
                        continue
                    line = self._raw_line()  # waits for the rest; raises for a line too long
                    if not line:
                        raise http.client.IncompleteRead(b"")
                    after = self._at
                else:
                    line, after = raw[at : end + 1], end + 1
                size_text = line.split(b";", 1)[0].strip()
                try:
                    size = int(size_text, 16)
                except ValueError:
                    size = -1
                if out and lazy and size <= 0:
                    break
                self._at = after
                if size < 0:
                    raise http.client.HTTPException(f"invalid chunk size {size_text!r}")
                if size == 0:
                    while self._raw_line() not in (b"\r\n", b"\n", b""):  # trailers
                        pass
                    if self._at < len(self._raw):
                        self._keep_alive = False  # bytes past the body's end: the connection is not reused
                    self._finish()
                    break
                self._chunk_left = size
                continue
            if at == len(raw):
                if out and lazy:
                    break
                if not self._more():
                    raise http.client.IncompleteRead(b"", self._chunk_left)
                continue
            take = min(amt - got, self._chunk_left, len(raw) - at)
            if out and lazy and take == self._chunk_left and raw[at + take : at + take + 2] != b"\r\n":
                break
            out.append(raw[at : at + take] if at or take < len(raw) else raw)
            self._at = at + take
            got += take
            self._chunk_left -= take
            if self._chunk_left == 0:
                while len(self._raw) - self._at < 2 and self._more():
                    pass
                if self._raw[self._at : self._at + 2] != b"\r\n":
                    raise http.client.HTTPException("malformed chunk: no CRLF after the data")
                self._at += 2
        return out[0] if len(out) == 1 else b"".join(out)

    def _more(self) -> bool:
        """Append what has arrived on the connection (waiting for one byte at least) to the bytes read and not yet
        taken; False at the connection's end."""
        data = self._rfile.read1(_CHUNKED_READ)
        if not data:
            return False
        rest = self._raw[self._at :]
        self._raw = rest + data if rest else data
        self._at = 0
        return True

    def _raw_line(self) -> bytes:
        """A line of the chunked framing (a trailer), waiting for it; b"" at the connection's end."""
        while True:
            end = self._raw.find(b"\n", self._at)
            if end >= 0:
                line = self._raw[self._at : end + 1]
                self._at = end + 1
                break
            if len(self._raw) - self._at > MAX_LINE or not self._more():
                line = self._raw[self._at :]
                self._at = len(self._raw)
                break
        if len(line) > MAX_LINE:
            raise http.client.LineTooLong("header line")
        return line

    def _decoded(self, data: bytes, decode: bool, final: bool) -> bytes:
        if self._decoder is None or not decode:
            return data
        try:
            out = self._decoder.decompress(data)
            # A gzip body may be several members one after the other (the API server starts a new one for each
            # event of a compressed watch): go on with a fresh decompressor, as Go's gzip.Reader does.
            while self._decoder.eof and self._decoder.unused_data:
                rest = self._decoder.unused_data
                self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
                out += self._decoder.decompress(rest)
            if final:
                out += self._decoder.flush()
            decoded: bytes = out
        except zlib.error as e:
            self._close_connection()
            raise urllib3.exceptions.DecodeError(
                "Received response with content-encoding: gzip, but failed to decode it.", e
            ) from e
        return decoded

    # --- the connection ----------------------------------------------------------------------------------------
    def _finish(self) -> None:
        self._done = True
        wire, self._wire = self._wire, None
        if wire is None:
            return
        if self._keep_alive:
            wire.kpy_exchange = None  # a late cancel of this request must not cut the connection's next one
            self._pool.put(wire)
        else:
            wire.close()

    def _close_connection(self) -> None:
        self._done = True
        wire, self._wire = self._wire, None
        if wire is not None:
            wire.close()


def round_trip(
    pool: WirePool,
    key: tuple[Any, ...],
    new_connection: Any,
    method: str,
    path: str,
    host: str,
    headers: HTTPHeaderDict,
    body: Optional[bytes],
    read_timeout: Optional[float],
    url: str,
) -> tuple[WireBody, WireConnection]:
    """Send one request on a kept-alive or new connection and read the head of its answer."""
    data = request_bytes(method, path, host, headers, body)
    while True:
        wire = pool.get(key)
        fresh = wire is None
        if wire is None:
            wire = new_connection()
        exchange = _conn.current_exchange()
        if exchange is not None:
            exchange.attach(wire)
        wrote = False
        try:
            if read_timeout != wire.timeout:
                wire.set_timeout(read_timeout)
            if wire.tls:
                _ssl.send_all(wire.sock, data)
            else:
                wire.sock.sendall(data)
            wrote = True
            answer = read_small_answer(wire.rfile, method)
            if answer is None:
                status, reason, version, response_headers = read_head(wire.rfile)
                body_read = None
            else:
                status, reason, version, response_headers, body_read = answer
        except socket.timeout as e:
            wire.close()
            raise requests.exceptions.ReadTimeout(
                read_timeout_error(url, f"Read timed out. (read timeout={read_timeout})")
            ) from e
        except (OSError, http.client.HTTPException) as e:
            wire.close()
            if not fresh and (not wrote or (method in _IDEMPOTENT)) and not (exchange and exchange.aborted):
                continue  # the server closed the kept-alive connection first: Go sends it again on a new one
            raise requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", e)) from e
        return WireBody(pool, wire, method, status, reason, version, response_headers, url, body_read), wire
