"""transport.websocket: the opening handshake through the config's transport (ported from client-go's
transport/websocket/roundtripper_test.go, plus TLS, credentials, proxy and cancellation)."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
import requests

from kubernetes_py import context, rest
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.util import httpstream
from kubernetes_py.apimachinery.util import remotecommand as rc
from kubernetes_py.apimachinery.util.httpstream import wsstream
from kubernetes_py.transport import websocket
from transport._pki import make_pki

from .wsserver import Server, ok, refuse


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


def _req(url: str, method: str = "GET") -> requests.PreparedRequest:
    return requests.Request(method, url).prepare()


def test_round_tripper_succeeds():
    with Server() as server:
        rt, ws_rt = websocket.round_tripper_for(rest.Config(host=f"127.0.0.1:{server.port}"))
        req = _req(server.url)
        req.headers[wsstream.WebSocketProtocolHeader] = rc.StreamProtocolV5Name
        resp = rt.send(req)
        assert resp.status_code == 101
        conn = ws_rt.connection()
        assert conn.subprotocol() == rc.StreamProtocolV5Name
        conn.close()
        head = server.requests[0]
        assert head.method == "GET"
        assert head.get("Upgrade") == "websocket" and head.get("Sec-WebSocket-Version") == "13"
        assert head.get("Sec-WebSocket-Protocol") == rc.StreamProtocolV5Name


def test_round_trip_as_client_go_calls_it():
    """TestWebSocketRoundTripper_RoundTripperSucceeds: rt.round_trip(req) on the wrapped round tripper, and the
    connection taken from the upgrade round tripper."""
    with Server() as server:
        rt, ws_rt = websocket.round_tripper_for(rest.Config(host=f"127.0.0.1:{server.port}"))
        req = _req(server.url)
        req.headers[wsstream.WebSocketProtocolHeader] = rc.StreamProtocolV5Name
        rt.round_trip(req)
        with ws_rt.connection() as conn:
            assert conn.subprotocol() == rc.StreamProtocolV5Name


def test_negotiate_creates_connection_and_sends_protocols_in_order():
    with Server() as server:
        rt, holder = websocket.round_tripper_for(rest.Config(host=server.url))
        conn = websocket.negotiate(
            rt, holder, _req(server.url + "/exec?command=ls", "POST"), rc.StreamProtocolV5Name, rc.StreamProtocolV4Name
        )
        with conn:
            assert conn.subprotocol() == rc.StreamProtocolV5Name
        req = server.requests[0]
        assert req.method == "GET" and req.path == "/exec?command=ls"
        assert req.get("Sec-WebSocket-Protocol") == "v5.channel.k8s.io, v4.channel.k8s.io"


_STATUS_400 = {
    "kind": "Status",
    "apiVersion": "v1",
    "metadata": {},
    "status": "Failure",
    "reason": "Unable to negotiate sub-protocol",
    "code": 400,
}


@pytest.mark.parametrize(
    "status,reason,body,expected",
    [
        (200, "OK", b"", "unable to upgrade streaming request: websocket: bad handshake (200 OK)"),
        (403, "Forbidden", b"", "unable to upgrade streaming request: websocket: bad handshake (403 Forbidden)"),
        (
            403,
            "Forbidden",
            b"RBAC violated\n",
            "unable to upgrade streaming request: websocket: bad handshake (403 Forbidden): RBAC violated",
        ),
    ],
)
def test_round_tripper_fails_with_the_answer(status, reason, body, expected):
    with Server(respond=refuse(status, reason, body)) as server:
        rt, _ = websocket.round_tripper_for(rest.Config(host=server.url))
        with pytest.raises(httpstream.UpgradeFailureError) as info:
            rt.send(_req(server.url))
        assert str(info.value) == expected
        assert httpstream.is_upgrade_failure(info.value)


def test_round_tripper_fails_with_the_status_in_the_body():
    body = json.dumps(_STATUS_400).encode()
    with Server(respond=refuse(400, "Bad Request", body, "application/json")) as server:
        rt, _ = websocket.round_tripper_for(rest.Config(host=server.url))
        with pytest.raises(httpstream.UpgradeFailureError) as info:
            rt.send(_req(server.url))
        cause = info.value.cause
        assert isinstance(cause, errors.StatusError)
        assert cause.err_status.reason == "Unable to negotiate sub-protocol"
        assert cause.err_status.code == 400
        assert errors.is_bad_request(info.value)


def test_forbidden_status_is_forbidden_through_the_upgrade_failure():
    status = {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": 'pods "p" is forbidden: User "bob" cannot create resource "pods/exec"',
        "reason": "Forbidden",
        "details": {"name": "p", "kind": "pods"},
        "code": 403,
    }
    with Server(respond=refuse(403, "Forbidden", json.dumps(status).encode(), "application/json")) as server:
        rt, holder = websocket.round_tripper_for(rest.Config(host=server.url))
        with pytest.raises(httpstream.UpgradeFailureError) as info:
            websocket.negotiate(rt, holder, _req(server.url), rc.StreamProtocolV5Name)
        assert errors.is_forbidden(info.value)
        assert str(info.value) == f"unable to upgrade streaming request: {status['message']}"


def test_a_status_beyond_gorillas_1024_bytes_is_reported_as_text():
    status = dict(_STATUS_400, message="x" * 2000)
    body = json.dumps(status).encode()
    with Server(respond=refuse(400, "Bad Request", body, "application/json")) as server:
        rt, _ = websocket.round_tripper_for(rest.Config(host=server.url))
        with pytest.raises(httpstream.UpgradeFailureError) as info:
            rt.send(_req(server.url))
        assert str(info.value).startswith(
            "unable to upgrade streaming request: websocket: bad handshake (400 Bad Request): {"
        )
        assert len(str(info.value)) < 1200


def test_unrequested_protocol_is_an_upgrade_failure():
    with Server(respond=ok("v9.channel.k8s.io")) as server:
        rt, holder = websocket.round_tripper_for(rest.Config(host=server.url))
        with pytest.raises(httpstream.UpgradeFailureError) as info:
            websocket.negotiate(rt, holder, _req(server.url), rc.StreamProtocolV5Name, rc.StreamProtocolV4Name)
        assert str(info.value) == (
            "unable to upgrade streaming request: invalid protocol, expected one of "
            '["v5.channel.k8s.io" "v4.channel.k8s.io"], got "v9.channel.k8s.io"'
        )
        assert holder.connection() is None


def test_unknown_scheme_and_reserved_headers():
    rt, _ = websocket.round_tripper_for(rest.Config(host="127.0.0.1:1"))
    with pytest.raises(ValueError, match="unknown url scheme: ftp"):
        rt.send(_req("ftp://127.0.0.1:1/x"))
    req = _req("http://127.0.0.1:1/x")
    req.headers["Sec-WebSocket-Key"] = "x"
    with pytest.raises(ValueError, match="websocket: duplicate header not allowed: Sec-Websocket-Key"):
        rt.send(req)


def test_tls_client_certificate_token_impersonation_and_user_agent(pki):
    with Server(ssl_context=pki.server_context(require_client_cert=True)) as server:
        config = rest.Config(
            host=f"https://kube.example:{server.port}",
            bearer_token="s3cret",
            user_agent="kpy-test/1.0",
            impersonate=rest.ImpersonationConfig(user_name="jane", groups=["a", "b"]),
        )
        config.ca_file = pki.path("ca.crt")
        config.cert_file, config.key_file = pki.path("alice.crt"), pki.path("alice.key")
        config.dial = lambda ctx, network, address: socket.create_connection(("127.0.0.1", server.port))
        rt, holder = websocket.round_tripper_for(config)
        conn = websocket.negotiate(rt, holder, _req(f"https://kube.example:{server.port}/x"), rc.StreamProtocolV5Name)
        conn.close()
        req = server.requests[0]
        assert req.get("Authorization") == "Bearer s3cret"
        assert req.get("User-Agent") == "kpy-test/1.0"
        assert req.get("Impersonate-User") == "jane" and req.getlist("Impersonate-Group") == ["a", "b"]
        assert req.get("Host") == f"kube.example:{server.port}"


def test_tls_verifies_the_server_against_the_configured_ca(pki):
    with Server(ssl_context=pki.server_context(cert="otherserver")) as server:
        config = rest.Config(host=server.url)
        config.ca_file = pki.path("ca.crt")
        rt, holder = websocket.round_tripper_for(config)
        with pytest.raises(requests.exceptions.SSLError):
            websocket.negotiate(rt, holder, _req(server.url), rc.StreamProtocolV5Name)
        assert server.requests == []
        config.insecure, config.ca_file = True, ""
        rt, holder = websocket.round_tripper_for(config)
        websocket.negotiate(rt, holder, _req(server.url), rc.StreamProtocolV5Name).close()
        assert len(server.requests) == 1


def test_through_a_connect_proxy(pki):
    seen: list[str] = []
    threads: list[threading.Thread] = []
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4)

    def pipe(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    with Server(ssl_context=pki.server_context()) as server:

        def serve():
            try:
                conn, _ = lsock.accept()
            except OSError:
                return
            head = b""
            while b"\r\n\r\n" not in head:
                head += conn.recv(4096)
            seen.append(head.decode())
            upstream = socket.create_connection(("127.0.0.1", server.port))
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            for a, b in ((conn, upstream), (upstream, conn)):
                t = threading.Thread(target=pipe, args=(a, b), name="proxy pipe")
                threads.append(t)
                t.start()

        acceptor = threading.Thread(target=serve, name="proxy accept")
        acceptor.start()
        try:
            config = rest.Config(
                host=f"https://kube.example:{server.port}", proxy=f"http://user:pw@127.0.0.1:{lsock.getsockname()[1]}"
            )
            config.ca_file = pki.path("ca.crt")
            rt, holder = websocket.round_tripper_for(config)
            conn = websocket.negotiate(
                rt, holder, _req(f"https://kube.example:{server.port}/x"), rc.StreamProtocolV5Name
            )
            conn.close()
        finally:
            lsock.close()
            acceptor.join(5)
    for t in threads:
        t.join(5)
    assert seen[0].startswith(f"CONNECT kube.example:{server.port} HTTP/1.")
    assert "Proxy-Authorization: Basic dXNlcjpwdw==" in seen[0]


def test_cancelled_context_cuts_the_handshake():
    stop = threading.Event()
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)
    accepted: list[socket.socket] = []

    def silent():  # accepts and never answers
        try:
            c, _ = lsock.accept()
        except OSError:
            return
        accepted.append(c)
        stop.wait(10)
        c.close()

    t = threading.Thread(target=silent, name="silent server")
    t.start()
    try:
        url = f"http://127.0.0.1:{lsock.getsockname()[1]}"
        rt, holder = websocket.round_tripper_for(rest.Config(host=url))
        ctx, cancel = context.with_cancel(context.background())
        threading.Timer(0.2, cancel).start()
        start = time.monotonic()
        with pytest.raises(context.Canceled):
            websocket.negotiate(rt, holder, _req(url), rc.StreamProtocolV5Name, ctx=ctx)
        assert time.monotonic() - start < 3
        ctx, cancel = context.with_timeout(context.background(), 0.2)
        with pytest.raises(context.DeadlineExceeded):
            websocket.negotiate(rt, holder, _req(url), rc.StreamProtocolV5Name, ctx=ctx)
        cancel()
    finally:
        stop.set()
        lsock.close()
        t.join(5)


def test_protocols_given_as_a_list_as_go_sets_them():
    with Server(respond=ok(rc.StreamProtocolV4Name)) as server:
        rt, ws_rt = websocket.round_tripper_for(rest.Config(host=server.url))
        req = _req(server.url)
        req.headers[wsstream.WebSocketProtocolHeader] = [rc.StreamProtocolV5Name, rc.StreamProtocolV4Name]
        rt.send(req)
        with ws_rt.connection() as conn:
            assert conn.subprotocol() == rc.StreamProtocolV4Name
        assert server.requests[0].get("Sec-WebSocket-Protocol") == "v5.channel.k8s.io, v4.channel.k8s.io"


def test_a_101_with_a_wrong_accept_key_is_a_bad_handshake():
    with Server(respond=ok(accept="d3JvbmcK")) as server:
        rt, holder = websocket.round_tripper_for(rest.Config(host=server.url))
        with pytest.raises(httpstream.UpgradeFailureError) as info:
            websocket.negotiate(rt, holder, _req(server.url), rc.StreamProtocolV5Name)
        assert str(info.value) == (
            "unable to upgrade streaming request: websocket: bad handshake (101 Switching Protocols)"
        )
        assert holder.connection() is None
