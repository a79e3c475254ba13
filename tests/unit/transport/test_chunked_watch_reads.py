"""A chunked body read with ``read1`` (how a watch stream is read): the chunks that came in one read of the
connection are taken together, a stream that trickles is never waited on past what has arrived, and whatever is
wrong after the first chunk (a bad size line, a missing or wrong CRLF, the last chunk and its trailers) is met by
the next read, which behaves as a read meeting it first always did."""

from __future__ import annotations

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
