"""The request path's shortcuts: the default round trippers' headers set in one copy (direct_transport) exactly as the
chain sets them, the chain kept when a layer would log or is not one of them, and a small answer read with its head
in one read, its connection given back only at its body's end."""

from __future__ import annotations

import logging
import socket

from requests import PreparedRequest
from urllib3 import HTTPHeaderDict

from kubernetes_py.transport import _wire, round_trippers as rt
from kubernetes_py.transport.config import ImpersonationConfig


class _Bottom:
    """A base transport that records the headers it is given."""

    def __init__(self) -> None:
        self.sent: list[list[tuple[str, str]]] = []

    def send(self, request: PreparedRequest, **kwargs: object) -> None:  # type: ignore[override]
        self.sent.append(list(request.headers.items()))

    def close(self) -> None:
        pass


def _chain(bottom: _Bottom) -> rt.RoundTripper:
    chain = rt.debug_wrappers(bottom)
    chain = rt.new_bearer_auth_round_tripper("token", chain)
    chain = rt.new_user_agent_round_tripper("agent/1", chain)
    imp = ImpersonationConfig(user_name="jane", uid="u1", groups=["g1", "g2"], extra={"scopes": ["a", "b"]})
    return rt.new_impersonating_round_tripper(imp, chain)


def _request(headers: dict[str, str]) -> PreparedRequest:
    p = PreparedRequest()
    p.prepare(method="GET", url="https://h/api", headers=headers)
    return p


def test_direct_transport_sets_the_chains_headers_in_its_order():
    for given in ({"Accept": "application/json"}, {"User-Agent": "mine", "Authorization": "Basic x"}):
        bottom = _Bottom()
        chain = _chain(bottom)
        chain.send(_request(given))
        headers = HTTPHeaderDict(given)
        assert rt.direct_transport(chain, headers) is bottom
        assert list(headers.items()) == bottom.sent[0]
    assert dict(bottom.sent[0])["User-Agent"] == "mine" and dict(bottom.sent[0])["Authorization"] == "Basic x"


def test_direct_transport_declines_when_the_debugging_layer_would_log(caplog):
    bottom = _Bottom()
    chain = _chain(bottom)
    with caplog.at_level(logging.DEBUG, logger="kubernetes_py.transport"):
        assert rt.direct_transport(chain, HTTPHeaderDict()) is None
    assert rt.direct_transport(chain, HTTPHeaderDict()) is bottom


def test_direct_transport_stops_at_a_layer_it_does_not_know():
    bottom = _Bottom()
    canceller = rt.context_canceller(None, RuntimeError("x"))(bottom)
    chain = rt.new_user_agent_round_tripper("agent/1", canceller)
    headers = HTTPHeaderDict()
    assert rt.direct_transport(chain, headers) is canceller  # not a base transport: the caller sends through chain


def _wire_answer(raw: bytes, method: str = "GET") -> tuple[_wire.WireBody, _wire.WirePool]:
    a, b = socket.socketpair()
    b.sendall(raw)

    class Conn:
        sock = a

        def close(self) -> None:
            a.close()
            b.close()

    pool = _wire.WirePool(1)
    wire = _wire.WireConnection(Conn(), ("http", "h", 80))
    answer = _wire.read_small_answer(wire.rfile, method)
    assert answer is not None
    status, reason, version, headers, body = answer
    return _wire.WireBody(pool, wire, method, status, reason, version, headers, "http://h/x", body), pool


def test_a_small_answer_is_read_whole_and_its_connection_given_back_at_its_end():
    body, pool = _wire_answer(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
    assert body._ready == b"hello" and body.connection is not None
    assert body.read(2) == b"he"
    assert pool.get(("http", "h", 80)) is None  # not back before the body's end
    assert body.read() == b"llo" and body.connection is None
    wire = pool.get(("http", "h", 80))
    assert wire is not None
    wire.close()


def test_a_small_answer_closed_unread_closes_its_connection():
    body, pool = _wire_answer(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
    body.close()
    assert pool.get(("http", "h", 80)) is None


def test_a_head_without_its_whole_body_leaves_the_body_to_the_reader():
    body, _ = _wire_answer(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", "GET")
    assert body._ready is None
    body.close()
    body, pool = _wire_answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
    assert body._ready is None and body.read() == b"ok"
    pool.clear()


def test_informational_answers_and_folded_heads_are_left_to_read_head():
    for raw in (
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\nContent-Length: 0\r\n\r\n",
    ):
        a, b = socket.socketpair()
        b.sendall(raw)
        rfile = a.makefile("rb")
        assert _wire.read_small_answer(rfile, "GET") is None
        assert rfile.peek(len(raw))[: len(raw)] == raw  # nothing taken
        rfile.close()
        a.close()
        b.close()
