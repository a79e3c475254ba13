"""A chunked body read with ``read1`` (how a watch stream is read): the chunks that came in one read of the
connection are taken together, a stream that trickles is never waited on past what has arrived, and whatever is
wrong after the first chunk (a bad size line, a missing or wrong CRLF, the last chunk and its trailers) is met by
the next read, which behaves as a read meeting it first always did. Each test runs with the C extension's walk
over whole chunks and with the Python loop alone; a random differential compares the two read by read."""

from __future__ import annotations

import random
import socket
import threading
import time

import pytest
from urllib3.exceptions import ProtocolError, ReadTimeoutError

from kubernetes_py.transport import _wire

HEAD = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
TIMEOUT = 10.0


def chunk(data: bytes) -> bytes:
    return b"%x\r\n" % len(data) + data + b"\r\n"


class _Pair:
    """A WireBody over a socket pair; the test writes the far end."""

    def __init__(self, first: bytes, timeout: float = TIMEOUT):
        self.a, self.far = socket.socketpair()
        self.far.sendall(HEAD + first)
        a = self.a

        class Conn:
            sock = a

            def close(self) -> None:
                a.close()

        self.pool = _wire.WirePool(1)
        self.wire = _wire.WireConnection(Conn(), ("http", "h", 80))
        self.wire.set_timeout(timeout)
        status, reason, version, headers = _wire.read_head(self.wire.rfile)
        self.body = _wire.WireBody(self.pool, self.wire, "GET", status, reason, version, headers, "http://h/x")

    def close(self) -> None:
        self.body.close()
        self.far.close()
        self.a.close()


@pytest.fixture(params=["C", "Python"], autouse=True)
def chunk_walker(request, monkeypatch):
    """Every test runs with the C extension's chunk_data (when built) and with the Python loop alone."""
    if request.param == "Python":
        monkeypatch.setattr(_wire, "_chunk_data", None)
    elif _wire._chunk_data is None:
        pytest.skip("the C extension is not built")
    return request.param


@pytest.fixture
def pair():
    made: list[_Pair] = []

    def make(first: bytes, timeout: float = TIMEOUT) -> _Pair:
        p = _Pair(first, timeout)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


def test_chunks_that_arrived_together_come_in_one_read(pair):
    frames = [bytes([65 + i]) * (100 + i) for i in range(20)]
    p = pair(b"".join(chunk(f) for f in frames))
    assert p.body.read1(1 << 20) == b"".join(frames)
    p.far.sendall(chunk(b"late"))
    assert p.body.read1(1 << 20) == b"late"


def test_read1_bounded_by_amt_across_chunks(pair):
    p = pair(chunk(b"abc") + chunk(b"defg") + chunk(b"hi"))
    assert [p.body.read1(2), p.body.read1(4), p.body.read1(100)] == [b"ab", b"cdef", b"ghi"]


def test_a_trickling_stream_is_never_waited_on(pair):
    p = pair(chunk(b"first") + b"5\r\nse")  # the second chunk has begun to arrive
    started = time.monotonic()
    assert p.body.read1(1 << 20) == b"firstse"  # what has arrived, without waiting for the rest
    assert time.monotonic() - started < TIMEOUT / 2

    def later() -> None:
        time.sleep(0.2)
        p.far.sendall(b"co")

    t = threading.Thread(target=later, name="trickle")
    t.start()
    assert p.body.read1(1 << 20) == b"co"  # waits for the first byte only
    t.join(TIMEOUT)
    p.far.sendall(b"n\r\n" + chunk(b"third"))
    assert p.body.read1(1 << 20) == b"nthird"


def test_a_whole_chunk_whose_crlf_has_not_arrived_is_left_for_the_next_read(pair):
    p = pair(chunk(b"one") + b"3\r\ntwo")
    assert p.body.read1(100) == b"one"
    p.far.sendall(b"\r\n" + chunk(b"three"))
    assert p.body.read1(100) == b"twothree"


@pytest.mark.parametrize(
    "bad, error",
    [
        (b"zz\r\n", "invalid chunk size b'zz'"),
        (b"3\r\ntwoXX", "malformed chunk: no CRLF after the data"),
        (b"-1\r\n", "invalid chunk size b'-1'"),
    ],
)
def test_what_is_wrong_after_good_chunks_is_met_by_the_next_read(pair, bad, error):
    p = pair(chunk(b"good") + chunk(b"data") + bad)
    assert p.body.read1(1 << 20) == b"gooddata"
    with pytest.raises(ProtocolError, match="Connection broken") as info:
        p.body.read1(1 << 20)
    assert error in str(info.value)
    assert p.body.isclosed()


def test_a_size_line_too_long_after_data(pair):
    p = pair(chunk(b"good") + b"1" * (_wire.MAX_LINE + 10))
    assert p.body.read1(1 << 20) == b"good"
    with pytest.raises(ProtocolError, match="LineTooLong"):
        p.body.read1(1 << 20)


def test_last_chunk_after_data_ends_the_body_on_the_next_read_and_reuses_the_connection(pair):
    p = pair(chunk(b"abc") + b"0\r\nX-Trailer: 1\r\n\r\n")
    assert p.body.read1(100) == b"abc"
    assert not p.body.isclosed()
    assert p.body.read1(100) == b""
    assert p.body.isclosed()
    assert p.pool.get(("http", "h", 80)) is p.wire  # given back to its pool


def test_bytes_past_the_body_end_close_the_connection(pair):
    p = pair(chunk(b"abc") + b"0\r\n\r\nHTTP/1.1 200 OK\r\n")
    assert p.body.read() == b"abc"
    assert p.body.isclosed()
    assert p.pool.get(("http", "h", 80)) is None


def test_the_stream_ending_inside_a_chunk(pair):
    p = pair(chunk(b"abc") + b"10\r\npart")
    assert p.body.read1(100) == b"abcpart"
    p.far.shutdown(socket.SHUT_WR)
    with pytest.raises(ProtocolError, match=r"IncompleteRead\(0 bytes read, 12 more expected\)"):
        p.body.read1(100)


def test_the_stream_ending_inside_a_size_line_is_read_as_before(pair):
    p = pair(chunk(b"abc") + b"1")
    assert p.body.read1(100) == b"abc"
    p.far.shutdown(socket.SHUT_WR)
    with pytest.raises(ProtocolError, match=r"IncompleteRead\(0 bytes read, 1 more expected\)"):
        p.body.read1(100)


def test_read_timeout_after_data_keeps_the_data_already_returned(pair):
    p = pair(chunk(b"abc"), timeout=0.3)
    assert p.body.read1(100) == b"abc"
    started = time.monotonic()
    with pytest.raises(ReadTimeoutError):
        p.body.read1(100)
    assert 0.2 < time.monotonic() - started < TIMEOUT


def test_read_waits_for_whole_amt_across_chunks(pair):
    p = pair(chunk(b"ab"))

    def later() -> None:
        time.sleep(0.1)
        p.far.sendall(chunk(b"cd") + b"0\r\n\r\n")

    t = threading.Thread(target=later, name="later")
    t.start()
    assert p.body.read(3) == b"abc"
    assert p.body.read() == b"d"
    t.join(TIMEOUT)
    assert p.body.isclosed()


class _Pieces:
    """A connection's reader that hands the stream out in pieces of the sizes given, in turn (each read1 one piece
    at most), then b"" (the connection's end): deterministic, never blocking."""

    def __init__(self, stream: bytes, sizes: list[int]):
        self._stream, self._sizes, self._pos, self._i = stream, sizes, 0, 0

    def read1(self, n: int) -> bytes:
        size = min(n, self._sizes[self._i % len(self._sizes)])
        self._i += 1
        data = self._stream[self._pos : self._pos + size]
        self._pos += len(data)
        return data


def _reads(stream: bytes, pieces: list[int], amts: list[int]) -> list[object]:
    """What successive read1 calls give (data, or the error's text) over a stream that arrives in pieces, up to the
    body's end or the first error, and whether the connection went back to its pool."""
    p = _Pair(b"")
    p.body._rfile = _Pieces(stream, pieces)
    out: list[object] = []
    try:
        for amt in amts:
            try:
                data = p.body.read1(amt)
            except ProtocolError as err:
                out.append(f"error: {err}")
                break
            out.append(data)
            if p.body.isclosed():
                break
        out.append(("closed", p.body.isclosed(), p.pool.get(("http", "h", 80)) is p.wire))
    finally:
        p.close()
    return out


def test_the_c_walk_and_the_python_loop_read_the_same(monkeypatch, chunk_walker):
    if chunk_walker != "C":
        pytest.skip("compares C with Python")
    rng = random.Random(17)
    for case in range(150):
        chunks = [
            bytes(rng.randrange(256) for _ in range(rng.choice([1, 2, 7, 100, 3000])))
            for _ in range(rng.randrange(1, 12))
        ]
        parts = []
        for c in chunks:
            size = (
                b"%x" % len(c)
                if rng.random() < 0.8
                else rng.choice([b"%X" % len(c), b"0%x" % len(c), b"%x;e=1" % len(c), b" %x" % len(c)])
            )
            tail = b"\r\n" if rng.random() < 0.95 else rng.choice([b"\n", b"XX", b""])
            parts.append(size + b"\r\n" + c + tail)
        ending = rng.choice([b"0\r\n\r\n", b"0\r\nX-T: 1\r\n\r\n", b"", b"zz\r\n", b"5\r\nab"])
        stream = b"".join(parts) + ending
        pieces = [rng.choice([1, 3, 50, 4096, 100000]) for _ in range(5)]
        amts = [rng.choice([1, 5, 64, 65536]) for _ in range(400)]
        with_c = _reads(stream, pieces, amts)
        monkeypatch.setattr(_wire, "_chunk_data", None)
        with_python = _reads(stream, pieces, amts)
        monkeypatch.undo()
        assert with_c == with_python, case
