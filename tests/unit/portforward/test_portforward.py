"""tools/portforward: client-go's port parsing, listeners, forwarding with fake connections (portforward_test.go),
the fallback dialer, and the whole forwarder over the SPDY dialer against a fake kubelet on loopback."""

from __future__ import annotations

import io
import os
import socket
import threading
import time

import pytest

from kubernetes_py import rest
from kubernetes_py.apimachinery.util import httpstream
from kubernetes_py.apimachinery.util import runtime as utilruntime
from kubernetes_py.tools import portforward
from kubernetes_py.tools.portforward import ForwardedPort
from kubernetes_py.tools.portforward.portforward import _ListenAddress, listenAddress
from kubernetes_py.transport import spdy

from .fake_kubelet import FakeKubelet

LA = _ListenAddress


# --- parsing (TestParsePortsAndNew) ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "ports,message",
    [
        (["a"], "error parsing local port 'a': strconv.ParseUint: parsing \"a\": invalid syntax"),
        ([":a"], "error parsing remote port 'a': strconv.ParseUint: parsing \"a\": invalid syntax"),
        (["-1"], "error parsing local port '-1': strconv.ParseUint: parsing \"-1\": invalid syntax"),
        (["65536"], "error parsing local port '65536': strconv.ParseUint: parsing \"65536\": value out of range"),
        (["0"], "remote port must be > 0"),
        (["0:0"], "remote port must be > 0"),
        (["a:5000"], "error parsing local port 'a': strconv.ParseUint: parsing \"a\": invalid syntax"),
        (["5000:a"], "error parsing remote port 'a': strconv.ParseUint: parsing \"a\": invalid syntax"),
        (["1:2:3"], "invalid port format '1:2:3'"),
        ([""], "error parsing local port '': strconv.ParseUint: parsing \"\": invalid syntax"),
    ],
)
def test_bad_ports(ports, message):
    with pytest.raises(ValueError) as e:
        portforward.parse_ports(ports)
    assert str(e.value) == message
    with pytest.raises(ValueError) as e:
        portforward.new(object(), ports, threading.Event(), threading.Event(), None, None)
    assert str(e.value) == message


def test_ports_as_client_go_parses_them():
    assert portforward.parse_ports(["5000", "5000:5000", "8888:5000", "5000:8888", ":5000", "0:5000"]) == [
        ForwardedPort(5000, 5000),
        ForwardedPort(5000, 5000),
        ForwardedPort(8888, 5000),
        ForwardedPort(5000, 8888),
        ForwardedPort(0, 5000),
        ForwardedPort(0, 5000),
    ]


@pytest.mark.parametrize("address", ["127.0.0.257", "::g", "domain.invalid"])
def test_bad_addresses(address):
    with pytest.raises(ValueError, match=f"^{address} is not a valid IP$"):
        portforward.new_on_addresses(object(), [address], ["5000:5000"], None, None, None, None)


@pytest.mark.parametrize(
    "addresses,expected",
    [
        (["localhost"], [LA("127.0.0.1", "tcp4", "all"), LA("::1", "tcp6", "all")]),
        (["localhost", "127.0.0.1"], [LA("127.0.0.1", "tcp4", "any"), LA("::1", "tcp6", "all")]),
        (["localhost", "::1"], [LA("127.0.0.1", "tcp4", "all"), LA("::1", "tcp6", "any")]),
        (["localhost", "127.0.0.1", "::1"], [LA("127.0.0.1", "tcp4", "any"), LA("::1", "tcp6", "any")]),
        (
            ["localhost", "127.0.0.1", "10.10.10.1"],
            [LA("10.10.10.1", "tcp4", "any"), LA("127.0.0.1", "tcp4", "any"), LA("::1", "tcp6", "all")],
        ),
        (["127.0.0.1", "::1", "localhost"], [LA("127.0.0.1", "tcp4", "any"), LA("::1", "tcp6", "any")]),
        (["10.0.0.1", "127.0.0.1"], [LA("10.0.0.1", "tcp4", "any"), LA("127.0.0.1", "tcp4", "any")]),
    ],
)
def test_addresses(addresses, expected):
    stop, ready = threading.Event(), threading.Event()
    pf = portforward.new_on_addresses(object(), addresses, ["5000:5000"], stop, ready, None, None)
    assert pf.addresses == expected
    assert pf.ports == [ForwardedPort(5000, 5000)]
    assert pf.stop_chan is stop and pf.ready is ready
    with pytest.raises(ValueError, match="^listeners not ready$"):
        pf.get_ports()


def test_parse_go_names_and_empty_lists():
    assert portforward.parse_ports([]) == []
    assert portforward.parse_addresses(["localhost", "127.0.0.1"]) == [
        listenAddress(protocol="tcp4", address="127.0.0.1", failure_mode="any"),
        listenAddress(protocol="tcp6", address="::1", failure_mode="all"),
    ]


def test_new_needs_ports_and_addresses():
    with pytest.raises(ValueError, match="^you must specify at least 1 port$"):
        portforward.new(object(), [], None, None, None, None)
    with pytest.raises(ValueError, match="^you must specify at least 1 address$"):
        portforward.new_on_addresses(object(), [], ["80"], None, None, None, None)
    pf = portforward.new(object(), ["80"], None, None, None, None)
    assert pf.addresses == [LA("127.0.0.1", "tcp4", "all"), LA("::1", "tcp6", "all")]
    with pytest.raises(ValueError, match="^no Ready channel provided$"):
        pf.get_ports()


# --- listeners (TestGetListener) --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "hostname,protocol,expected",
    [
        ("localhost", "tcp4", "127.0.0.1"),
        ("127.0.0.1", "tcp4", "127.0.0.1"),
        ("::1", "tcp6", "::1"),
        ("::1", "tcp4", None),
        ("127.0.0.1", "tcp6", None),
    ],
)
def test_get_listener(hostname, protocol, expected):
    pf = portforward.PortForwarder()  # Go's zero PortForwarder{}
    port = ForwardedPort(0, 12345)
    if expected is None:
        with pytest.raises(OSError, match=f"^unable to create listener: Error listen {protocol} "):
            pf.get_listener(protocol, hostname, port)
        return
    listener = pf.get_listener(protocol, hostname, port)
    try:
        host, got = listener.getsockname()[:2]
        assert (host, got) == (expected, port.local) and port.local != 0
    finally:
        listener.close()


# --- fakes as client-go's test has them ---------------------------------------------------------------------------
class FakeStream:
    def __init__(self, headers, read=lambda n: b"", write=None):
        self._headers = dict(headers)
        self._read = read
        self._write = write
        self.closed = self.reset_called = False

    def read(self, n=-1):
        if n < 0:
            out = b""
            while chunk := self._read(65536):
                out += chunk
            return out
        return self._read(n)

    def write(self, data):
        return self._write(data)

    def close(self):
        self.closed = True

    def reset(self):
        self.reset_called = True

    def headers(self):
        return self._headers

    def identifier(self):
        return 0


def buffer_reader(data: bytes):
    buf = io.BytesIO(data)
    return buf.read


class FakeConnection:
    def __init__(self):
        self.closed = threading.Event()
        self.streams = []
        self.stream_count = 0
        self.data_read = lambda n: b""
        self.data_write = lambda b: len(b)
        self.error_read = lambda n: b""

    def create_stream(self, headers):
        if headers["streamType"] == "error":
            s = FakeStream(headers, self.error_read)
        else:
            s = FakeStream(headers, self.data_read, self.data_write)
        self.streams.append(s)
        self.stream_count += 1
        return s

    def close(self):
        self.closed.set()

    def close_chan(self):
        return self.closed

    def set_idle_timeout(self, timeout):
        pass

    def remove_streams(self, *streams):
        self.stream_count -= len(streams)


class FakeDialer:
    def __init__(self, conn=None, protocol=portforward.PortForwardProtocolV1Name, err=None):
        self.conn, self.protocol, self.err = conn, protocol, err
        self.dialed = 0

    def dial(self, *protocols):
        self.dialed += 1
        if self.err is not None:
            raise self.err
        return self.conn, self.protocol


@pytest.fixture
def errors_seen():
    seen = []
    handler = lambda ctx, err, msg, *kv: seen.append((msg, str(err), kv))  # noqa: E731
    utilruntime.ErrorHandlers.append(handler)
    yield seen
    utilruntime.ErrorHandlers.remove(handler)


def test_handle_connection(errors_seen):
    out = io.StringIO()
    pf = portforward.new(FakeDialer(), [":2222"], None, None, out, None)
    local, peer = socket.socketpair()
    received = bytearray()
    got_all = threading.Event()
    remote = FakeConnection()

    def data_write(b):
        received.extend(b)
        if bytes(received) == b"test data from local":
            got_all.set()
        return len(b)

    to_send = buffer_reader(b"test data from remote")

    def data_read(n):
        got_all.wait(10)
        return to_send(n)

    remote.data_read, remote.data_write = data_read, data_write
    pf.stream_conn = remote
    peer.sendall(b"test data from local")
    peer.shutdown(socket.SHUT_WR)
    pf.handle_connection(local, ForwardedPort(1111, 2222))
    assert remote.stream_count == 0
    assert bytes(received) == b"test data from local"
    assert peer.recv(100) == b"test data from remote"
    assert out.getvalue() == "Handling connection for 1111\n"
    headers = [s.headers() for s in remote.streams]
    assert headers == [
        {"streamType": "error", "port": "2222", "requestID": "0"},
        {"streamType": "data", "port": "2222", "requestID": "0"},
    ]
    assert remote.streams[0].closed and remote.streams[1].closed and remote.streams[1].reset_called
    assert not remote.closed.is_set() and errors_seen == []
    peer.close()


class FakeConn:
    """client-go's fakeConn: a net.Conn reading from one buffer and writing to another."""

    def __init__(self, send: bytes):
        self.send_buffer = io.BytesIO(send)
        self.receive_buffer = io.BytesIO()
        self.closed = False

    def read(self, n):
        return self.send_buffer.read(n)

    def write(self, data):
        return self.receive_buffer.write(data)

    def close(self):
        self.closed = True


def test_handle_connection_with_a_fake_conn(errors_seen):
    """TestHandleConnection as client-go writes it: the local connection is a fake net.Conn, not a socket."""
    out = io.StringIO()
    pf = portforward.new(FakeDialer(), [":2222"], None, None, out, None)
    local = FakeConn(b"test data from local")
    received = bytearray()
    got_all = threading.Event()
    remote = FakeConnection()

    def data_write(b):
        received.extend(b)
        if bytes(received) == b"test data from local":
            got_all.set()
        return len(b)

    to_send = buffer_reader(b"test data from remote")

    def data_read(n):
        assert got_all.wait(10)
        return to_send(n)

    remote.data_read, remote.data_write = data_read, data_write
    pf.stream_conn = remote
    pf.handle_connection(local, ForwardedPort(1111, 2222))
    assert remote.stream_count == 0
    assert bytes(received) == b"test data from local"
    assert local.receive_buffer.getvalue() == b"test data from remote"
    assert out.getvalue() == "Handling connection for 1111\n"
    assert local.closed and errors_seen == []


def test_handle_connection_sends_remote_error(errors_seen):
    out = io.StringIO()
    pf = portforward.new(FakeDialer(), [":2222"], None, None, out, io.StringIO())
    local, peer = socket.socketpair()
    remote = FakeConnection()
    remote.error_read = buffer_reader(b"error")
    pf.stream_conn = remote
    peer.shutdown(socket.SHUT_WR)
    pf.handle_connection(local, ForwardedPort(1111, 2222))
    assert remote.stream_count == 0
    assert peer.recv(100) == b""
    assert out.getvalue() == "Handling connection for 1111\n"
    # client-go reports the error stream's message and closes the connection: forward_ports ends with it.
    assert errors_seen == [("An error occurred forwarding", "error", ("localPort", 1111, "remotePort", 2222))]
    assert remote.closed.is_set()
    peer.close()


def test_wait_for_connection_exits_on_stream_conn_closed():
    pf = portforward.new(FakeDialer(), [":2222"], None, None, None, None)
    pf.stream_conn = FakeConnection()
    pf.stream_conn.close()
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        pf.wait_for_connection(listener, ForwardedPort())
    finally:
        listener.close()


def run_forwarder(pf):
    result = {}

    def run():
        try:
            pf.forward_ports()
            result["ok"] = True
        except Exception as e:  # noqa: BLE001
            result["err"] = e

    t = threading.Thread(target=run, name="test forward_ports")
    t.start()
    return t, result


def test_forward_ports_raises_when_the_connection_is_lost():
    stop, ready = threading.Event(), threading.Event()
    conn = FakeConnection()
    pf = portforward.new_on_addresses(FakeDialer(conn), ["127.0.0.1"], [":5000"], stop, ready, None, None)
    t, result = run_forwarder(pf)
    assert ready.wait(10)
    conn.close()
    t.join(10)
    assert isinstance(result["err"], portforward.ErrLostConnectionToPod)
    assert str(result["err"]) == "lost connection to pod"


def test_forward_ports_returns_when_stopped_and_reports_dynamic_ports():
    stop, ready = threading.Event(), threading.Event()
    out = io.StringIO()
    pf = portforward.new(FakeDialer(FakeConnection()), [":5000"], stop, ready, out, io.StringIO())
    t, result = run_forwarder(pf)
    assert ready.wait(10)
    (port,) = pf.get_ports()
    assert port.local != 0 and port.remote == 5000
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Forwarding from 127.0.0.1:{port.local} -> 5000"
    if len(lines) > 1:  # IPv6 loopback, when the machine has it: the same port
        assert lines[1] == f"Forwarding from [::1]:{port.local} -> 5000"
    stop.set()
    t.join(10)
    assert result == {"ok": True}
    assert pf.listeners[0].fileno() == -1


def test_forward_ports_errors():
    pf = portforward.new(FakeDialer(err=OSError("dial failed")), ["80"], None, None, None, None)
    with pytest.raises(ConnectionError, match="^error upgrading connection: dial failed$"):
        pf.forward_ports()
    conn = FakeConnection()
    pf = portforward.new(FakeDialer(conn, protocol="v2"), ["80"], None, None, None, None)
    with pytest.raises(
        ValueError, match='^unable to negotiate protocol: client supports "portforward.k8s.io", server returned "v2"$'
    ):
        pf.forward_ports()
    assert conn.closed.is_set()


def test_unable_to_listen_on_any_port():
    taken = socket.create_server(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    err_out = io.StringIO()
    try:
        pf = portforward.new_on_addresses(
            FakeDialer(FakeConnection()), ["127.0.0.1"], [f"{port}:80"], None, threading.Event(), None, err_out
        )
        with pytest.raises(OSError, match=rf"^unable to listen on any of the requested ports: \[\{{{port} 80\}}\]$"):
            pf.forward_ports()
    finally:
        taken.close()
    assert err_out.getvalue() == (
        f"Unable to listen on port {port}: Listeners failed to create with the following errors: [unable to create "
        f"listener: Error listen tcp4 127.0.0.1:{port}: bind: address already in use]\n"
    )


# --- FallbackDialer (fallback_dialer_test.go) -----------------------------------------------------------------
def test_fallback_dialer():
    primary_conn, secondary_conn = FakeConnection(), FakeConnection()
    upgrade_failure = httpstream.UpgradeFailureError(ValueError("bad handshake"))
    primary = FakeDialer(err=upgrade_failure)
    secondary = FakeDialer(secondary_conn, protocol="v2")
    dialer = portforward.new_fallback_dialer(primary, secondary, httpstream.is_upgrade_failure)
    assert dialer.dial("v1", "v2") == (secondary_conn, "v2")
    assert (primary.dialed, secondary.dialed) == (1, 1)
    primary = FakeDialer(err=ValueError("other"))
    dialer = portforward.new_fallback_dialer(primary, secondary, httpstream.is_upgrade_failure)
    with pytest.raises(ValueError, match="^other$"):
        dialer.dial("v1")
    assert secondary.dialed == 1
    dialer = portforward.new_fallback_dialer(FakeDialer(primary_conn, "v1"), secondary, httpstream.is_upgrade_failure)
    assert dialer.dial("v1") == (primary_conn, "v1")


def test_fallback_dialer_cases_of_client_go():
    """TestFallbackDialer's four cases: no fallback when the primary works (should_fallback never asked); an
    upgrade failure and an https proxy error fall back; another error is the primary's own."""
    protocols = ("primary.fake.protocol", "secondary.fake.protocol")
    asked = []
    primary, secondary = FakeDialer(FakeConnection(), protocols[0]), FakeDialer(FakeConnection(), protocols[1])
    dialer = portforward.new_fallback_dialer(primary, secondary, lambda err: asked.append(err) or False)
    assert dialer.dial(*protocols)[1] == protocols[0]
    assert (primary.dialed, secondary.dialed, asked) == (1, 0, [])

    primary = FakeDialer(err=httpstream.UpgradeFailureError(ValueError("fake error")))
    secondary = FakeDialer(FakeConnection(), protocols[1])
    assert (
        portforward.new_fallback_dialer(primary, secondary, httpstream.is_upgrade_failure).dial(*protocols)[1]
        == (protocols[1])
    )
    assert (primary.dialed, secondary.dialed) == (1, 1)

    primary = FakeDialer(err=OSError("proxy: unknown scheme: https"))
    secondary = FakeDialer(FakeConnection(), protocols[1])
    dialer = portforward.new_fallback_dialer(
        primary, secondary, lambda err: httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err)
    )
    assert dialer.dial(*protocols)[1] == protocols[1]
    assert (primary.dialed, secondary.dialed) == (1, 1)

    non_upgrade = ValueError("This is a non-upgrade error")
    primary, secondary = FakeDialer(err=non_upgrade), FakeDialer()
    with pytest.raises(ValueError) as e:
        portforward.new_fallback_dialer(primary, secondary, httpstream.is_upgrade_failure).dial(*protocols)
    assert e.value is non_upgrade
    assert (primary.dialed, secondary.dialed) == (1, 0)


# --- the whole forwarder over SPDY against a fake kubelet ---------------------------------------------------------
@pytest.fixture
def kubelet():
    k = FakeKubelet(refused_ports=(9,))
    yield k
    k.close()


def spdy_dialer(url: str, **config):
    config = rest.Config(host=url, bearer_token="secret-token", user_agent="pf-test", **config)
    transport, upgrader = spdy.round_tripper_for(config)
    return spdy.new_dialer(
        upgrader, rest.HTTPClient(transport), "POST", url + "/api/v1/namespaces/ns/pods/p/portforward"
    )


def roundtrip(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:

        def write():
            try:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
            except OSError:  # the forwarder closed the connection (a refused port)
                pass

        writer = threading.Thread(target=write, name="test writer")
        writer.start()
        got = bytearray()
        while chunk := s.recv(65536):
            got += chunk
        writer.join()
        return bytes(got)


def test_twenty_concurrent_connections_over_spdy_byte_exact(kubelet):
    stop, ready = threading.Event(), threading.Event()
    out = io.StringIO()
    pf = portforward.new_on_addresses(
        spdy_dialer(kubelet.url), ["127.0.0.1"], [":80", ":8080"], stop, ready, out, io.StringIO()
    )
    t, result = run_forwarder(pf)
    try:
        assert ready.wait(10), result
        ports = [p.local for p in pf.get_ports()]
        payloads = [os.urandom((1 << 20) + i) for i in range(20)]
        results: dict[int, bool] = {}

        def client(i):
            results[i] = roundtrip(ports[i % 2], payloads[i]) == payloads[i]

        clients = [threading.Thread(target=client, args=(i,), name=f"test client {i}") for i in range(20)]
        for c in clients:
            c.start()
        for c in clients:
            c.join(60)
        assert results == {i: True for i in range(20)}
    finally:
        stop.set()
        t.join(20)
    assert result == {"ok": True}
    (request,) = kubelet.requests
    head = request.decode().lower()
    assert head.startswith("post /api/v1/namespaces/ns/pods/p/portforward http/1.1\r\n")
    for line in (
        "connection: upgrade",
        "upgrade: spdy/3.1",
        "x-stream-protocol-version: portforward.k8s.io",
        "authorization: bearer secret-token",
        "user-agent: pf-test",
    ):
        assert line in head.split("\r\n")
    ids = sorted(int(h["requestid"]) for h in kubelet.stream_headers if h["streamtype"] == "data")
    assert ids == list(range(20))
    assert sorted(h["port"] for h in kubelet.stream_headers).count("8080") == 20


def test_the_kubelets_error_message_ends_forwarding(kubelet, errors_seen):
    stop, ready = threading.Event(), threading.Event()
    pf = portforward.new_on_addresses(spdy_dialer(kubelet.url), ["127.0.0.1"], [":9"], stop, ready, None, None)
    t, result = run_forwarder(pf)
    assert ready.wait(10)
    assert roundtrip(pf.get_ports()[0].local, b"hello") == b""
    t.join(20)
    assert isinstance(result["err"], portforward.ErrLostConnectionToPod)
    assert (
        "An error occurred forwarding",
        "error forwarding port 9 to pod abc, uid : connection refused",
        ("localPort", pf.get_ports()[0].local, "remotePort", 9),
    ) in errors_seen


def test_the_server_going_away_mid_stream_ends_forwarding_without_a_hang(kubelet):
    stop, ready = threading.Event(), threading.Event()
    pf = portforward.new_on_addresses(spdy_dialer(kubelet.url), ["127.0.0.1"], [":80"], stop, ready, None, None)
    t, result = run_forwarder(pf)
    assert ready.wait(10)
    s = socket.create_connection(("127.0.0.1", pf.get_ports()[0].local), timeout=30)
    s.sendall(b"x" * 100_000)
    got = b""
    while len(got) < 100_000:
        got += s.recv(65536)
    kubelet.drop_connections()
    t.join(20)
    assert not t.is_alive()
    assert isinstance(result["err"], portforward.ErrLostConnectionToPod)
    assert s.recv(10) == b""  # the local connection was closed with the forwarder
    s.close()


def test_a_refused_upgrade_says_why():
    k = FakeKubelet(status=403)
    try:
        pf = portforward.new(spdy_dialer(k.url), ["80"], None, None, None, None)
        with pytest.raises(ConnectionError) as e:
            pf.forward_ports()
        assert str(e.value) == 'error upgrading connection: unable to upgrade connection: pods "p" is forbidden: no'
    finally:
        k.close()


def test_stopping_with_connections_open_joins_everything(kubelet):
    stop, ready = threading.Event(), threading.Event()
    pf = portforward.new_on_addresses(spdy_dialer(kubelet.url), ["127.0.0.1"], [":80"], stop, ready, None, None)
    t, result = run_forwarder(pf)
    assert ready.wait(10)
    conns = [socket.create_connection(("127.0.0.1", pf.get_ports()[0].local), timeout=30) for _ in range(5)]
    for c in conns:
        c.sendall(b"ping")
        assert c.recv(10) == b"ping"
    started = time.monotonic()
    stop.set()
    t.join(20)
    assert result == {"ok": True} and time.monotonic() - started < 5
    for c in conns:
        assert c.recv(10) == b""
        c.close()
    assert not [th.name for th in threading.enumerate() if th.name.startswith("portforward")]
    assert not pf.stream_conn._serve_thread.is_alive()


def test_a_cancelled_context_stops_forwarding(kubelet):
    from kubernetes_py import context

    ctx, cancel = context.with_cancel(context.background())
    ready = threading.Event()
    pf = portforward.new_on_addresses_with_context(
        ctx, spdy_dialer(kubelet.url), ["127.0.0.1"], [":80"], ready, None, None
    )
    t, result = run_forwarder(pf)
    assert ready.wait(10)
    s = socket.create_connection(("127.0.0.1", pf.get_ports()[0].local), timeout=30)
    s.sendall(b"ping")
    assert s.recv(10) == b"ping"
    cancel()
    t.join(10)
    assert result == {"ok": True}
    assert s.recv(10) == b""
    s.close()
