"""A gzipped body made of several gzip members reads as one stream, member by member as they arrive (the API
server's gzipped WatchList responses start a new member at each flush of events; Go's gzip.Reader reads on)."""

import gzip
import socket

from kubernetes_py.transport import _wire

from .test_request_path import _body


def chunk(data: bytes) -> bytes:
    return b"%x\r\n" % len(data) + data + b"\r\n"


def test_concatenated_gzip_members_decode_as_one_body():
    data = gzip.compress(b'{"type":"ADDED"}\n') + gzip.compress(b'{"type":"BOOKMARK"}\n') + gzip.compress(b"x" * 5000)
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(data)
    assert _body(head + data).read() == b'{"type":"ADDED"}\n{"type":"BOOKMARK"}\n' + b"x" * 5000


def test_each_member_is_delivered_when_it_arrives():
    a, b = socket.socketpair()

    class Conn:
        sock = a

        def close(self):
            a.close()

    try:
        b.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunk(gzip.compress(b"first event\n"))
        )
        wire = _wire.WireConnection(Conn(), ("http", "h", 80))
        status, reason, version, headers = _wire.read_head(wire.rfile)
        body = _wire.WireBody(_wire.WirePool(1), wire, "GET", status, reason, version, headers, "http://h/x")
        assert body.read1(65536) == b"first event\n"
        # The second member comes later, in a chunk of its own.
        b.sendall(chunk(gzip.compress(b"second event\n")))
        assert body.read1(65536) == b"second event\n"
        b.sendall(b"0\r\n\r\n")
        assert body.read1(65536) == b""
    finally:
        b.close()
        a.close()
