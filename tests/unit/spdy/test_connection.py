"""SPDY connections (spdystream's Connection and Stream under client-go's connection) over a socket pair: a client
connection of ours against a server connection of ours, and against a peer writing raw frames."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest
from urllib3 import HTTPHeaderDict

from kubernetes_py.apimachinery.util.httpstream import spdy
from kubernetes_py.apimachinery.util.httpstream.spdy import frames, spdystream


def _h(**kv: str) -> HTTPHeaderDict:
    h = HTTPHeaderDict()
    for k, v in kv.items():
        h[k] = v
    return h


class Server:
    """A server connection whose streams run ``serve_stream(stream)`` each in a thread of their own."""

    def __init__(self, sock, serve_stream=None, reject=lambda stream: False):
        self.threads: list[threading.Thread] = []
        self.streams: list = []
        self.serve_stream = serve_stream
        self.reject = reject
        self.conn = spdy.new_server_connection(spdy.SocketConn(sock), self._handler)

    def _handler(self, stream, reply_sent):
        if self.reject(stream):
            raise ValueError("no such port")
        self.streams.append(stream)
        if self.serve_stream is not None:
            t = threading.Thread(target=self._run, args=(stream, reply_sent), name="test stream")
            t.start()
            self.threads.append(t)

    def _run(self, stream, reply_sent):
        reply_sent.wait()
        self.serve_stream(stream)

    def close(self):
        self.conn.close()
        for t in self.threads:
            t.join(5)


def echo_reversed(stream):
    data = stream.read()
    try:
        stream.write(data[::-1])
        stream.close()
    except (EOFError, spdystream.ErrWriteClosedStream):  # the test closed the connection first
        pass


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    made = []

    def make(serve_stream=echo_reversed, reject=lambda s: False, ping_period=0.0):
        server = Server(b, serve_stream, reject)
        client = spdy.new_client_connection_with_pings(spdy.SocketConn(a), ping_period)
        made.extend([client, server])
        return client, server

    yield make
    for c in made:
        c.close()


def test_streams_carry_data_both_ways_with_half_close(pair):
    client, server = pair()
    payload = os.urandom(3 << 20)
    stream = client.create_stream(_h(streamType="data", port="80"))
    assert stream.identifier() == 1
    writer = threading.Thread(target=lambda: (stream.write(payload), stream.close()))
    writer.start()
    assert stream.read() == payload[::-1]
    writer.join()
    assert server.streams[0].headers()["streamtype"] == "data"
    assert server.streams[0].headers().getlist("Port") == ["80"]


def test_stream_ids_are_odd_and_increasing_for_the_client(pair):
    client, server = pair(serve_stream=None)
    ids = [client.create_stream(_h(n=str(i))).identifier() for i in range(4)]
    assert ids == [1, 3, 5, 7]


def test_many_concurrent_streams_keep_their_bytes_apart(pair):
    client, server = pair()
    results: dict[int, bool] = {}

    def run(i):
        stream = client.create_stream(_h(i=str(i)))
        data = os.urandom(200_000 + i)
        w = threading.Thread(target=lambda: (stream.write(data), stream.close()))
        w.start()
        results[i] = stream.read() == data[::-1]
        w.join()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == {i: True for i in range(20)}


def test_a_rejected_stream_raises_stream_reset(pair):
    client, server = pair(reject=lambda s: s.headers().get("port") == "1")
    with pytest.raises(spdystream.ErrReset, match="^Stream reset$"):
        client.create_stream(_h(port="1"))
    assert client.create_stream(_h(port="2")).identifier() == 3


def test_reading_after_our_half_close_and_write_after_fin(pair):
    def reply_then_close(stream):
        stream.write(b"late answer")
        stream.close()

    client, server = pair(serve_stream=reply_then_close)
    stream = client.create_stream(_h(streamType="error"))
    stream.close()
    assert stream.read() == b"late answer"
    with pytest.raises(spdystream.ErrWriteClosedStream, match="^Write on closed stream$"):
        stream.close()


def test_read_sizes_and_read_data(pair):
    def three_frames(stream):
        for part in (b"abc", b"defg", b"h"):
            stream.write(part)
        stream.close()

    client, server = pair(serve_stream=three_frames)
    stream = client.create_stream(_h())
    assert stream.read(2) == b"ab"
    with pytest.raises(spdystream.ErrUnreadPartialData):
        stream.read_data()
    assert stream.read(10) == b"c"
    assert stream.read_data() == b"defg"
    buf = bytearray(8)
    assert stream.readinto(buf) == 1 and buf[:1] == b"h"
    assert stream.read(5) == b""
    with pytest.raises(EOFError):
        stream.read_data()


def test_reset_by_the_peer_ends_reading_after_what_arrived(pair):
    def write_then_reset(stream):
        stream.write(b"partial")
        time.sleep(0.05)
        stream.reset()

    client, server = pair(serve_stream=write_then_reset)
    stream = client.create_stream(_h())
    time.sleep(0.2)
    assert stream.read() == b"partial"
    assert stream.is_finished()


def test_our_reset_ends_the_peers_stream(pair):
    seen = []

    def read_all(stream):
        seen.append(stream.read())

    client, server = pair(serve_stream=read_all)
    stream = client.create_stream(_h())
    stream.write(b"x")
    time.sleep(0.05)
    stream.reset()
    deadline = time.monotonic() + 5
    while not seen and time.monotonic() < deadline:
        time.sleep(0.01)
    assert seen == [b"x"]
    assert stream.read() == b""


def test_pings_are_answered(pair):
    client, server = pair(serve_stream=None, ping_period=0.02)
    assert client.conn.ping() >= 0
    assert server.conn.conn.ping() >= 0
    time.sleep(0.1)
    assert not client.close_chan().is_set()


def test_the_peer_closing_sets_close_chan_and_ends_streams(pair):
    client, server = pair(serve_stream=None)
    stream = client.create_stream(_h())
    server.close()
    assert client.close_chan().wait(5)
    assert stream.read() == b""
    with pytest.raises(EOFError):
        client.create_stream(_h())


def test_goaway_from_the_peer_closes_the_connection(pair):
    client, server = pair(serve_stream=None)
    server.conn.conn.write_frame(frames.GoAwayFrame(last_good_stream_id=0))
    assert client.close_chan().wait(5)


def test_close_joins_every_thread_and_later_writes_fail(pair):
    client, server = pair(serve_stream=None, ping_period=0.01)
    stream = client.create_stream(_h())
    before = {t.name for t in threading.enumerate()}
    assert {"spdy connection", "spdy pings"} <= before
    client.close()
    assert client.close_chan().is_set()
    with pytest.raises(EOFError):
        stream.write(b"x")
    client.close()  # a second close is a no-op


def test_a_slow_reader_holds_back_the_sender_without_losing_bytes(pair):
    payload = os.urandom(8 << 20)

    def flood(stream):
        stream.write(payload)
        stream.close()

    client, server = pair(serve_stream=flood)
    stream = client.create_stream(_h())
    time.sleep(0.3)  # the server writes far more than a stream buffers: the connection's reader waits for us
    assert stream._buffered <= spdystream.STREAM_BUFFER + len(payload)
    got = bytearray()
    while True:
        chunk = stream.read(100_000)
        if not chunk:
            break
        got += chunk
    assert bytes(got) == payload


def test_idle_timeout_closes_the_connection(pair):
    client, server = pair(serve_stream=None)
    stream = client.create_stream(_h())
    client.set_idle_timeout(0.1)
    assert client.close_chan().wait(5)
    assert stream.read() == b""


def test_raw_peer_data_before_the_reply_is_dropped_and_unknown_streams_ignored():
    a, b = socket.socketpair()
    client = spdy.new_client_connection(spdy.SocketConn(a))
    peer = frames.Framer(b.sendall, b.makefile("rb"))
    created = {}
    t = threading.Thread(target=lambda: created.setdefault("s", client.create_stream(_h(port="80"))))
    t.start()
    syn = peer.read_frame()
    assert isinstance(syn, frames.SynStreamFrame) and syn.stream_id == 1 and syn.headers["port"] == "80"
    peer.write_frame(frames.DataFrame(stream_id=1, data=b"too early"))
    peer.write_frame(frames.DataFrame(stream_id=99, data=b"nobody"))
    peer.write_frame(frames.SynReplyFrame(stream_id=1))
    peer.write_frame(frames.DataFrame(stream_id=1, data=b"on time", flags=frames.DataFlagFin))
    t.join(5)
    assert created["s"].read() == b"on time"
    client.close()
    rst = peer.read_frame()
    assert isinstance(rst, frames.GoAwayFrame) or isinstance(rst, frames.RstStreamFrame)
    b.close()
