"""The C parser of a small answer's head (csrc/httphead) against the Python one (_wire.parse_small_head): on every
head the C parser takes, both give the same answer; the heads it declines, Python parses (or declines) alone."""

from __future__ import annotations

import io
import random

import pytest

from kubernetes_py.transport import _wire

_httphead = pytest.importorskip("kubernetes_py.transport._httphead", reason="the C extension is not built")

SERVER_HEAD = (
    b"HTTP/1.1 200 OK\r\nAudit-Id: 0b1c3d9e-5f41\r\nCache-Control: no-cache, private\r\n"
    b"Content-Type: application/vnd.kubernetes.protobuf\r\nX-Kubernetes-Pf-Flowschema-Uid: 5f1c\r\n"
    b"Date: Mon, 07 Dec 2026 12:00:00 GMT\r\nContent-Length: 5\r\n\r\n"
)

# Heads the C parser takes: (data, what Python's parse_small_head says).
TAKEN = [
    SERVER_HEAD + b"hello",
    SERVER_HEAD + b"hel",  # body not all there: body_length -1
    SERVER_HEAD + b"hello and the next answer",
    b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nabc",  # 204 has no body
    b"HTTP/1.1 304 Not Modified\r\nContent-Length: 3\r\n\r\nabc",
    b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    b"HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok",  # no reason
    b"HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok",  # an empty reason after a space
    b"  HTTP/1.1   200   Fine  reason  \r\nContent-Length: 2\r\n\r\nok",  # runs of spaces; the reason keeps its own
    b"HTTP/1.1\t200\tOK\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.5 200 OK\r\nContent-Length: 2\r\n\r\nok",  # any HTTP/1.x is 1.0 unless it is 1.1
    b"HTTP/1.1x 200 OK\r\n\r\n",
    b"HTTP/1.1 200 OK\r\n\r\n",  # no header at all
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",  # repeated: not one value
    b"HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\nContent-Length: 0002\r\n\r\nok",  # leading zeros
    b"HTTP/1.1 200 OK\r\nContent-Length: 000000000000000000000000002\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999999\r\n\r\nok",  # more than any buffer
    b"HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\nok",  # empty
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nok",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a: 2\r\nX-A:3\r\n\r\n",  # one name in three spellings: the first kept
    b"HTTP/1.1 200 OK\r\nNo colon here\r\nX: y\r\n\r\n",  # a line without a colon is ignored
    b"HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nSpaced-Name \t :  \t value \t with  spaces \t \r\n\r\n",
    b"HTTP/1.1 200 OK\r\nX: a:b:c\r\nY:\r\n\r\n",  # the first colon splits; an empty value
    b'HTTP/1.1 500 Internal Server Error\r\nRetry-After: 1\r\nWarning: 299 - "deprecated"\r\n\r\n',
    b"HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\n\r\nok",
]

# Heads the C parser declines (None): not plain ASCII, bare line ends, folding, informational, cut short.
DECLINED = [
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n",
    b"HTTP/1.1 200 OK\nContent-Length: 0\n\n",  # bare LF
    b"HTTP/1.1 200 OK\r\nX: a\n\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n",  # obsolete line folding
    b"HTTP/1.1 200 OK\r\nX: a\r\n\tb\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nX: caf\xe9\r\n\r\n",  # Latin-1: Python's
    b"HTTP/1.1 200 OK\r\nX: a\xa0\r\n\r\n",  # a no-break space, which Python's strip() takes away
    b"HTTP/1.1 200 OK\r\nX: a\x0b\r\n\r\n",  # a control character
    b"HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",  # a bare CR
    b"HTTP/1.1 200 OK\r\nContent-Length: 2",  # cut short
    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r",
    b"",
    b"HTTP/2 200 OK\r\n\r\n",
    b"HTTP/1.1 20 OK\r\n\r\n",
    b"HTTP/1.1 2000 OK\r\n\r\n",
    b"HTTP/1.1 2x0 OK\r\n\r\n",
    b"HTTP/1.1\r\n\r\n",
    b"ICY 200 OK\r\n\r\n",
]


@pytest.mark.parametrize("data", TAKEN)
@pytest.mark.parametrize("head_request", [False, True])
def test_c_and_python_agree_on_plain_heads(data, head_request):
    c = _httphead.parse(data, head_request)
    assert c is not None
    assert c == _wire.parse_small_head(data, head_request)


def test_a_server_answer_parsed():
    status, reason, version, headers, taken, body_length = _httphead.parse(SERVER_HEAD + b"hello", False)
    assert (status, reason, version, taken, body_length) == (200, "OK", 11, len(SERVER_HEAD), 5)
    assert headers["content-type"] == ["Content-Type", "application/vnd.kubernetes.protobuf"]
    assert list(headers) == [
        "audit-id",
        "cache-control",
        "content-type",
        "x-kubernetes-pf-flowschema-uid",
        "date",
        "content-length",
    ]


@pytest.mark.parametrize("data", DECLINED)
def test_c_declines_what_python_decides(data):
    assert _httphead.parse(data, False) is None


def test_python_parses_heads_c_declines():
    assert _wire.parse_small_head(b"HTTP/1.1 200 OK\r\nX: caf\xe9\r\n\r\n", False)[3] == {"x": ["X", "caf\xe9"]}
    assert _wire.parse_small_head(b"HTTP/1.1 200 OK\r\nX: a\xa0\r\n\r\n", False)[3] == {"x": ["X", "a"]}
    assert _wire.parse_small_head(b"HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", False) is None


def test_buffers_of_any_kind():
    data = SERVER_HEAD + b"hello"
    expected = _wire.parse_small_head(data, False)
    assert _httphead.parse(bytearray(data), False) == expected
    assert _httphead.parse(memoryview(data), False) == expected
    with pytest.raises(TypeError):
        _httphead.parse("text", False)
    with pytest.raises(TypeError):
        _httphead.parse(data)


def test_random_heads_agree():
    """Heads built from pieces that matter to a parser: whenever C takes one, Python says the same."""
    pieces = [
        b"HTTP/1.1",
        b"HTTP/1.0",
        b" ",
        b"\t",
        b"200",
        b"204",
        b"101",
        b"OK",
        b"\r\n",
        b":",
        b"Content-Length",
        b"content-length",
        b"2",
        b"0",
        b"Transfer-Encoding",
        b"chunked",
        b"X",
        b"\n",
        b"\r",
        b"\xe9",
        b"ok",
    ]
    rng = random.Random(17)
    taken = 0
    for _ in range(20000):
        data = b"HTTP/1.1 200 OK\r\n" * rng.randint(0, 1) + b"".join(
            rng.choice(pieces) for _ in range(rng.randint(1, 24))
        )
        data += b"\r\n\r\n" * rng.randint(0, 1) + b"ok" * rng.randint(0, 1)
        head_request = rng.random() < 0.2
        c = _httphead.parse(data, head_request)
        if c is not None:
            taken += 1
            assert c == _wire.parse_small_head(data, head_request), data
    assert taken > 1000


@pytest.mark.parametrize("data", TAKEN + DECLINED)
def test_read_small_answer_same_without_c(monkeypatch, data):
    def read(parser):
        monkeypatch.setattr(_wire, "_parse_small_head_c", parser)
        rfile = io.BufferedReader(io.BytesIO(data))
        try:
            answer = _wire.read_small_answer(rfile, "GET")
        except ValueError as e:
            return ("raised", str(e))
        if answer is None:
            return None, rfile.read()
        status, reason, version, headers, body = answer
        return (status, reason, version, list(headers.items()), body), rfile.read()

    assert read(_httphead.parse) == read(None)
