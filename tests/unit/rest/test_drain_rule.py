"""One rule for an unwanted body before its connection is reused (Go's maxBodySlurpSize, shared by net/http's
redirects and client-go's readAndCloseResponseBody): a body of unknown length or of at most 2 KiB is read (at most
2 KiB of it) and the connection kept; a longer one is not read and its connection is closed."""

from __future__ import annotations

import pytest

from kubernetes_py.rest import _http
from tests.unit.transport.test_request_path import KeepAliveServer, _client, _get


@pytest.fixture
def server():
    s = KeepAliveServer()
    yield s
    s.close()


def _chunked_429(size: int) -> bytes:
    return (
        b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"%x\r\n%s\r\n0\r\n\r\n" % (size, b"x" * size)
    )


def test_a_retried_answer_of_unknown_length_is_drained_and_its_connection_reused(server):
    server.answers.append(_chunked_429(100))
    _get(_client(server.url))
    assert (server.requests, server.connections) == (2, 1)


def test_a_retried_answer_longer_than_2kib_is_not_read_and_its_connection_closed(server):
    server.answers.append(
        b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 2049\r\n\r\n" + b"x" * 2049
    )
    _get(_client(server.url))
    assert (server.requests, server.connections) == (2, 2)


def test_a_retried_answer_of_exactly_2kib_is_drained(server):
    server.answers.append(
        b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 2048\r\n\r\n" + b"x" * 2048
    )
    _get(_client(server.url))
    assert (server.requests, server.connections) == (2, 1)


def test_a_redirect_answer_of_unknown_length_is_drained_and_its_connection_reused(server):
    server.answers.append(
        b"HTTP/1.1 302 Found\r\nLocation: /api/v1/namespaces/default/configmaps/c\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n5\r\nmoved\r\n0\r\n\r\n"
    )
    _get(_client(server.url))
    assert (server.requests, server.connections) == (2, 1)


class _Raw:
    def __init__(self, fail: bool = False):
        self.reads: list[int] = []
        self.fail = fail

    def read(self, amt: int) -> bytes:
        self.reads.append(amt)
        if self.fail:
            raise OSError("reset")
        return b""


class _Resp:
    def __init__(self, headers: dict[str, str], consumed: bool = False, fail: bool = False):
        self.headers = headers
        self.raw = _Raw(fail)
        self._content_consumed = consumed
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


@pytest.mark.parametrize(
    "headers,reads",
    [
        ({}, [2048]),
        ({"Content-Length": "0"}, [2048]),
        ({"Content-Length": "2048"}, [2048]),
        ({"Content-Length": "2049"}, []),
        ({"Content-Length": "junk"}, []),
    ],
)
def test_drain_and_close_reads_at_most_2kib_of_short_or_unknown_bodies(headers, reads):
    resp = _Resp(headers)
    _http.drain_and_close(resp)
    assert (resp.raw.reads, resp.closed) == (reads, 1)


def test_drain_and_close_leaves_a_read_body_and_survives_a_failed_read():
    consumed = _Resp({}, consumed=True)
    _http.drain_and_close(consumed)
    assert (consumed.raw.reads, consumed.closed) == ([], 1)
    failing = _Resp({}, fail=True)
    _http.drain_and_close(failing)
    assert (failing.raw.reads, failing.closed) == ([2048], 1)
    _http.drain_and_close(None)
