"""The WebSocket executor against a local WebSocket server (client-go's websocket_test.go cases and more): each
channel's framing, v5's close signal, exit codes, the error channel, resizes, cancellation, a server that dies
mid-stream, and no thread left behind (the directory's leak check)."""

from __future__ import annotations

import io
import json
import os
import random
import socket
import threading
import time

import pytest

from kubernetes_py import context, rest
from kubernetes_py.apimachinery.util import httpstream
from kubernetes_py.apimachinery.util import remotecommand as rc
from kubernetes_py.tools import remotecommand
from kubernetes_py.tools.clientcmd import api as clientcmdapi
from kubernetes_py.util.exec import CodeExitError, ExitError
from transport._pki import make_pki
from websocket._abnf import ABNF

from .wsserver import Server, ServerConn, ok, refuse

SUCCESS = json.dumps({"metadata": {}, "status": "Success"}).encode()


def exit_status(code: int) -> bytes:
    return json.dumps(
        {
            "metadata": {},
            "status": "Failure",
            "message": f"command terminated with non-zero exit code: "
            f"error executing command [sh -c exit {code}], exit code {code}",
            "reason": "NonZeroExitCode",
            "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]},
        }
    ).encode()


def executor(server: Server, *protocols: str, query: str = "") -> remotecommand.Executor:
    config = rest.Config(host=server.url)
    if protocols:
        return remotecommand.new_web_socket_executor_for_protocols(
            config, "POST", server.url + "/exec" + query, *protocols
        )
    return remotecommand.new_web_socket_executor(config, "POST", server.url + "/exec" + query)


def echo(conn: ServerConn, out_channel: int = rc.StreamStdOut, status: bytes = SUCCESS) -> list[bytes]:
    """Echo stdin to out_channel until stdin's close signal, then report status and close normally."""
    seen = []
    while True:
        op, data = conn.recv()
        if op == ABNF.OPCODE_CLOSE:
            return seen
        seen.append(data)
        if data == bytes([rc.StreamClose, rc.StreamStdIn]):
            conn.send(rc.StreamErr, status)
            conn.send_close(1000)
            return seen
        if data[0] == rc.StreamStdIn:
            conn.send(out_channel, data[1:])


def run(ex, options, ctx=None, timeout: float = 10.0):
    """stream_with_context in a thread, bounded: (error or None, seconds)."""
    box: list = []
    start = time.monotonic()

    def target():
        try:
            ex.stream_with_context(ctx or context.background(), options)
            box.append(None)
        except BaseException as e:  # noqa: BLE001
            box.append(e)

    t = threading.Thread(target=target, name="test stream")
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "stream_with_context did not return"
    return box[0], time.monotonic() - start


def test_loopback_stdin_to_stdout_binary_and_close_signal():
    data = os.urandom(1 << 20) + bytes(range(256))
    with Server(echo) as server:
        stdout = io.BytesIO()
        err, _ = run(executor(server), remotecommand.StreamOptions(stdin=io.BytesIO(data), stdout=stdout))
        assert err is None
        assert stdout.getvalue() == data
        assert server.requests[0].get("Sec-WebSocket-Protocol") == rc.StreamProtocolV5Name
        assert server.errors == []


def test_stdin_to_stderr_kept_apart_from_stdout():
    def handler(conn):
        conn.send(rc.StreamStdOut, b"out\n")
        echo(conn, out_channel=rc.StreamStdErr)

    with Server(handler) as server:
        stdout, stderr = io.BytesIO(), io.BytesIO()
        err, _ = run(
            executor(server),
            remotecommand.StreamOptions(stdin=io.BytesIO(b"\xff\x00err"), stdout=stdout, stderr=stderr),
        )
        assert err is None
        assert stdout.getvalue() == b"out\n"
        assert stderr.getvalue() == b"\xff\x00err"


def test_exit_code_becomes_code_exit_error():
    def handler(conn):
        conn.send(rc.StreamStdOut, b"partial")
        conn.send(rc.StreamErr, exit_status(3))
        conn.send_close(1000)
        conn.recv()

    with Server(handler) as server:
        stdout = io.BytesIO()
        err, _ = run(executor(server), remotecommand.StreamOptions(stdout=stdout))
        assert isinstance(err, CodeExitError) and isinstance(err, ExitError)
        assert str(err) == "command terminated with exit code 3"
        assert err.code == 3 and err.exit_status() == 3 and err.exited()
        assert stdout.getvalue() == b"partial"


def test_failure_status_message_is_the_error():
    def handler(conn):
        conn.send(rc.StreamErr, json.dumps({"status": "Failure", "message": "container not found"}).encode())
        conn.send_close(1000)
        conn.recv()

    with Server(handler) as server:
        err, _ = run(executor(server), remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert str(err) == "container not found"


@pytest.mark.parametrize("protocol", [rc.StreamProtocolV4Name, rc.StreamProtocolV3Name, rc.StreamProtocolV2Name])
def test_protocol_versions(protocol):
    with Server(lambda conn: conn.send_close(1000)) as server:
        ex = executor(server, protocol)
        err, _ = run(ex, remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert err is None
        assert ex.negotiated == protocol


def test_v2_error_channel_text():
    def handler(conn):
        conn.send(rc.StreamErr, b"oops")
        conn.send_close(1000)
        conn.recv()

    with Server(handler) as server:
        err, _ = run(executor(server, rc.StreamProtocolV2Name), remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert str(err) == "error executing remote command: oops"


def test_bad_handshake():
    with Server(respond=refuse(403, "Forbidden")) as server:
        ex = executor(server, rc.StreamProtocolV4Name)
        err, _ = run(ex, remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert httpstream.is_upgrade_failure(err)
        assert "bad handshake" in str(err)


def test_heartbeat_timeout():
    release = threading.Event()

    def handler(conn):
        conn.answer_pings = False
        release.wait(10)

    with Server(handler) as server:
        ex = executor(server)
        ex.heartbeat_period = 30.0
        ex.heartbeat_deadline = 1.0
        err, took = run(ex, remotecommand.StreamOptions(stdin=io.BytesIO(os.urandom(128))))
        release.set()
        assert "i/o timeout" in str(err)
        assert ex.negotiated == rc.StreamProtocolV5Name
        assert 0.9 < took < 5


def test_heartbeat_keeps_a_quiet_session_alive():
    def handler(conn):
        t = threading.Thread(target=lambda: _read_until_closed(conn), name="ws test reader")
        t.start()
        time.sleep(1.0)
        conn.send(rc.StreamStdOut, b"late")
        conn.send_close(1000)
        t.join(5)

    with Server(handler) as server:
        ex = executor(server)
        ex.heartbeat_period = 0.1
        ex.heartbeat_deadline = 0.4  # would expire without the pongs
        stdout = io.BytesIO()
        err, _ = run(ex, remotecommand.StreamOptions(stdout=stdout))
        assert err is None
        assert stdout.getvalue() == b"late"
        assert len(server.conns[0].pings) >= 5


def _read_until_closed(conn):
    try:
        while conn.recv()[0] != ABNF.OPCODE_CLOSE:
            pass
    except (OSError, EOFError):
        pass


def test_text_message_is_an_error():
    def handler(conn):
        conn.send_frame(ABNF.OPCODE_TEXT, bytes([rc.StreamStdOut]) + b"test message with wrong message type.")
        _read_until_closed(conn)

    with Server(handler) as server:
        ex = executor(server)
        err, _ = run(ex, remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert str(err) == "error reading from error stream: unexpected message type: 1"


def test_empty_message_is_an_error():
    def handler(conn):
        conn.send_frame(ABNF.OPCODE_BINARY, b"")
        _read_until_closed(conn)

    with Server(handler) as server:
        err, _ = run(executor(server), remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert "read stream id" in str(err)


def test_server_closing_mid_stream():
    def handler(conn):
        conn.send(rc.StreamStdOut, b"some")
        conn.sock.shutdown(2)

    with Server(handler) as server:
        stdout = io.BytesIO()
        err, took = run(executor(server), remotecommand.StreamOptions(stdin=_Endless(), stdout=stdout))
        assert str(err) == (
            "error reading from error stream: next reader: websocket: close 1006 (abnormal closure): unexpected EOF"
        )
        assert stdout.getvalue() == b"some"
        assert took < 5


def test_abnormal_close_code_is_reported():
    def handler(conn):
        conn.send_close(1011, b"kubelet went away")
        _read_until_closed(conn)

    with Server(handler) as server:
        err, _ = run(executor(server), remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert str(err) == (
            "error reading from error stream: next reader: "
            "websocket: close 1011 (internal server error): kubelet went away"
        )


class _Endless(io.RawIOBase):
    """A stdin that gives a little at a time until told to stop (read never blocks for long)."""

    def __init__(self):
        self.stop = threading.Event()

    def readable(self):
        return True

    def read1(self, n=-1):
        if self.stop.wait(0.01):
            return b""
        return b"x"


def test_cancelled_context_ends_a_command_that_never_ends():
    release = threading.Event()

    def handler(conn):
        t = threading.Thread(target=lambda: _read_until_closed(conn), name="ws test reader")
        t.start()
        release.wait(10)
        t.join(5)

    with Server(handler) as server:
        ctx, cancel = context.with_cancel(context.background())
        timer = threading.Timer(0.3, cancel)
        timer.start()
        stdin = _Endless()
        err, took = run(
            executor(server),
            remotecommand.StreamOptions(stdin=stdin, stdout=io.BytesIO(), stderr=io.BytesIO()),
            ctx=ctx,
        )
        timer.join()
        release.set()
        stdin.stop.set()
        assert isinstance(err, context.Canceled)
        assert str(err) == "context canceled"
        assert took < 2


def test_context_deadline():
    release = threading.Event()
    with Server(lambda conn: release.wait(10)) as server:
        ctx, cancel = context.with_timeout(context.background(), 0.3)
        err, took = run(executor(server), remotecommand.StreamOptions(stdout=io.BytesIO()), ctx=ctx)
        cancel()
        release.set()
        assert isinstance(err, context.DeadlineExceeded)
        assert took < 2


class _Sizes:
    def __init__(self, sizes):
        self.sizes = list(sizes)

    def next(self):
        return self.sizes.pop(0) if self.sizes else None


def test_tty_resizes_and_no_stderr_stream():
    got = []

    def handler(conn):
        while len(got) < 2:
            op, data = conn.recv()
            got.append(data)
        conn.send(rc.StreamStdOut, b"\x1b[0m$ ")
        conn.send_close(1000)
        _read_until_closed(conn)

    with Server(handler) as server:
        stdout = io.BytesIO()
        queue = _Sizes([remotecommand.TerminalSize(width=80, height=24), remotecommand.TerminalSize(120, 40)])
        err, _ = run(
            executor(server),
            remotecommand.StreamOptions(stdout=stdout, stderr=io.BytesIO(), tty=True, terminal_size_queue=queue),
        )
        assert err is None
        assert got == [b'\x04{"Width":80,"Height":24}\n', b'\x04{"Width":120,"Height":40}\n']
        assert stdout.getvalue() == b"\x1b[0m$ "


def test_unknown_stream_is_discarded():
    def handler(conn):
        conn.send(9, b"nobody")
        conn.send(rc.StreamStdOut, b"somebody")
        conn.send_close(1000)
        _read_until_closed(conn)

    with Server(handler) as server:
        stdout = io.BytesIO()
        err, _ = run(executor(server), remotecommand.StreamOptions(stdout=stdout))
        assert err is None and stdout.getvalue() == b"somebody"


def test_executor_construction_errors():
    config = rest.Config(exec_provider=clientcmdapi.ExecConfig(), auth_provider=clientcmdapi.AuthProviderConfig())
    with pytest.raises(RuntimeError, match="error creating websocket transports"):
        remotecommand.new_web_socket_executor(config, "GET", "http://localhost")


def test_deprecated_stream_uses_background():
    with Server(echo) as server:
        stdout = io.BytesIO()
        executor(server).stream(remotecommand.StreamOptions(stdin=io.BytesIO(b"hi"), stdout=stdout))
        assert stdout.getvalue() == b"hi"


def test_fallback_executor():
    calls = []

    class Fails:
        def __init__(self, err):
            self.err = err

        def stream_with_context(self, ctx, options):
            calls.append(("primary", self.err))
            raise self.err

    class Works:
        def stream_with_context(self, ctx, options):
            calls.append(("secondary", None))

    def should(err):
        return httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err)

    upgrade = httpstream.UpgradeFailureError(ValueError("x"))
    remotecommand.new_fallback_executor(Fails(upgrade), Works(), should).stream(remotecommand.StreamOptions())
    assert calls == [("primary", upgrade), ("secondary", None)]
    calls.clear()
    other = RuntimeError("command terminated")
    with pytest.raises(RuntimeError, match="command terminated"):
        remotecommand.new_fallback_executor(Fails(other), Works(), should).stream(remotecommand.StreamOptions())
    assert calls == [("primary", other)]
    calls.clear()
    proxy = OSError("proxy: unknown scheme: https")
    remotecommand.new_fallback_executor(Fails(proxy), Works(), should).stream(remotecommand.StreamOptions())
    assert calls == [("primary", proxy), ("secondary", None)]


def test_websocket_fallback_to_a_second_websocket_on_upgrade_failure():
    with Server(respond=refuse(403, "Forbidden")) as bad, Server(echo) as good:
        stdout = io.BytesIO()
        ex = remotecommand.new_fallback_executor(executor(bad), executor(good), httpstream.is_upgrade_failure)
        err, _ = run(ex, remotecommand.StreamOptions(stdin=io.BytesIO(b"again"), stdout=stdout))
        assert err is None and stdout.getvalue() == b"again"


def test_server_choosing_no_subprotocol_is_an_upgrade_failure():
    with Server(respond=ok("")) as server:
        err, _ = run(executor(server), remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert httpstream.is_upgrade_failure(err)
        assert str(err) == (
            'unable to upgrade streaming request: invalid protocol, expected one of ["v5.channel.k8s.io"], got ""'
        )


def test_concurrent_sessions_over_tls_stay_byte_exact(tmp_path_factory):
    """Eight sessions at once over TLS, each 256 KiB through stdin and back while it is still being sent (a reader
    and writers on each TLS socket at once): every byte back in order, every thread joined."""
    from transport._pki import make_pki

    pki = make_pki(tmp_path_factory.mktemp("pki"))
    with Server(echo, ssl_context=pki.server_context()) as server:
        config = rest.Config(host=server.url)
        config.ca_file = pki.path("ca.crt")
        payloads = [os.urandom(256 * 1024) for _ in range(8)]
        outs = [io.BytesIO() for _ in payloads]
        errs: list = [None] * len(payloads)

        def one(i):
            ex = remotecommand.new_web_socket_executor(config, "POST", server.url + "/exec")
            try:
                ex.stream(remotecommand.StreamOptions(stdin=io.BytesIO(payloads[i]), stdout=outs[i]))
            except BaseException as e:  # noqa: BLE001
                errs[i] = e

        threads = [threading.Thread(target=one, args=(i,), name=f"test session {i}") for i in range(len(payloads))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads)
        assert errs == [None] * len(payloads)
        assert [o.getvalue() for o in outs] == payloads


def test_heartbeat_ping_message_comes_back_in_the_pong():
    import requests

    from kubernetes_py.tools.remotecommand.websocket import _Heartbeat
    from kubernetes_py.transport import websocket

    with Server(_read_until_closed) as server:
        rt, holder = websocket.round_tripper_for(rest.Config(host=server.url))
        conn = websocket.negotiate(rt, holder, requests.Request("GET", server.url), rc.StreamProtocolV5Name)
        heartbeat = _Heartbeat(conn, 0.05)
        heartbeat.set_message("test heartbeat message")
        pongs = threading.Event()
        conn.set_pong_handler(lambda data: (heartbeat._pong(data), pongs.set()))

        def read():
            try:
                conn.read_message()  # control frames only: ends when the connection closes
            except (OSError, websocket.CloseError):
                pass

        threads = [
            threading.Thread(target=heartbeat.start, name="test heartbeat"),
            threading.Thread(target=read, name="test reader"),
        ]
        for t in threads:
            t.start()
        try:
            assert pongs.wait(5)
            assert heartbeat.pong_message == b"test heartbeat message"
            assert server.conns[0].pings[0] == b"test heartbeat message"
        finally:
            heartbeat.closer.set()
            conn.close()
            for t in threads:
                t.join(5)


def test_stdin_as_pipe_to_stdout_and_stderr():
    """client-go's LoopbackStdinAsPipe and MultipleReadChannels: an OS pipe as stdin, written while the session
    runs, its bytes back on stdout and on stderr."""
    data = os.urandom(512 * 1024)

    def both(conn):
        while True:
            op, msg = conn.recv()
            if op == ABNF.OPCODE_CLOSE or msg == bytes([rc.StreamClose, rc.StreamStdIn]):
                break
            conn.send(rc.StreamStdOut, msg[1:])
            conn.send(rc.StreamStdErr, msg[1:])
        conn.send(rc.StreamErr, SUCCESS)
        conn.send_close(1000)

    read_fd, write_fd = os.pipe()
    stdin = open(read_fd, "rb")

    def feed():
        with open(write_fd, "wb") as w:
            for i in range(0, len(data), 10000):
                w.write(data[i : i + 10000])

    feeder = threading.Thread(target=feed, name="test stdin feeder")
    feeder.start()
    try:
        with Server(both) as server:
            stdout, stderr = io.BytesIO(), io.BytesIO()
            err, _ = run(executor(server), remotecommand.StreamOptions(stdin=stdin, stdout=stdout, stderr=stderr))
            assert err is None
            assert stdout.getvalue() == data and stderr.getvalue() == data
    finally:
        feeder.join(10)
        stdin.close()


@pytest.mark.parametrize("buffer_size", [1024, 4 * 1024, 64 * 1024, 128 * 1024])
def test_different_buffer_sizes(buffer_size):
    """TestWebSocketClient_DifferentBufferSizes: the server sends stdin back in pieces of its own buffer's size."""

    def copy_buffer(conn):
        while True:
            op, data = conn.recv()
            if op == ABNF.OPCODE_CLOSE:
                return
            if data == bytes([rc.StreamClose, rc.StreamStdIn]):
                conn.send(rc.StreamErr, SUCCESS)
                conn.send_close(1000)
                return
            for i in range(1, len(data), buffer_size):
                conn.send(rc.StreamStdOut, data[i : i + buffer_size])

    data = os.urandom(1 << 20)
    with Server(copy_buffer) as server:
        stdout = io.BytesIO()
        ex = executor(server, query="?stdin=true&stdout=true")
        err, _ = run(ex, remotecommand.StreamOptions(stdin=io.BytesIO(data), stdout=stdout))
        assert err is None
        assert ex.negotiated == rc.StreamProtocolV5Name
        assert stdout.getvalue() == data


def test_error_stream_exit_code():
    """TestWebSocketClient_ErrorStream: stdin copied to stderr, then a NonZeroExitCode status with a random code."""
    code = random.randint(1, 127)
    status = json.dumps(
        {
            "metadata": {},
            "status": "Failure",
            "reason": "NonZeroExitCode",
            "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]},
        }
    ).encode()
    data = os.urandom(256)
    with Server(lambda conn: echo(conn, out_channel=rc.StreamStdErr, status=status)) as server:
        stderr = io.BytesIO()
        ex = executor(server, query="?stdin=true&stderr=true")
        err, _ = run(ex, remotecommand.StreamOptions(stdin=io.BytesIO(data), stderr=stderr))
        assert ex.negotiated == rc.StreamProtocolV5Name
        assert str(err) == f"command terminated with exit code {code}"
        assert isinstance(err, CodeExitError) and err.exit_status() == code
        assert stderr.getvalue() == data


class _RandReader:
    """client-go's randReader: random bytes (recorded) until closed, then the end of input."""

    def __init__(self):
        self.rand_bytes = bytearray()
        self.lock = threading.Lock()
        self.closed = False

    def read(self, n=-1):
        with self.lock:
            if self.closed:
                return b""
            b = os.urandom(min(n if n > 0 else 1024, 1024))
            self.rand_bytes += b
            return b

    def close(self):
        with self.lock:
            self.closed = True


class _RandomSizes:
    """client-go's fakeTerminalSizeQueue: max_sizes random sizes (recorded), then None."""

    def __init__(self, max_sizes):
        self.max_sizes = max_sizes
        self.terminal_sizes = []

    def next(self):
        if len(self.terminal_sizes) >= self.max_sizes:
            return None
        size = remotecommand.TerminalSize(width=random.randrange(1 << 16), height=random.randrange(1 << 16))
        self.terminal_sizes.append(size)
        return size


def test_multiple_write_channels():
    """TestWebSocketClient_MultipleWriteChannels: stdin and the resize channel written at once; every byte of stdin
    comes back on stdout and every size arrives, in order."""
    num_sizes = 1000
    sizes = _RandomSizes(num_sizes)
    stdin = _RandReader()
    received = []

    def handler(conn):
        while True:
            op, data = conn.recv()
            if op == ABNF.OPCODE_CLOSE:
                return
            if data == bytes([rc.StreamClose, rc.StreamStdIn]):
                conn.send(rc.StreamErr, SUCCESS)
                conn.send_close(1000)
                return
            if data[0] == rc.StreamStdIn:
                conn.send(rc.StreamStdOut, data[1:])
            elif data[0] == rc.StreamResize:
                size = json.loads(data[1:])
                received.append(remotecommand.TerminalSize(width=size["Width"], height=size["Height"]))
                if len(received) == num_sizes:
                    stdin.close()  # ends the random stdin

    with Server(handler) as server:
        stdout = io.BytesIO()
        ex = executor(server, query="?tty=true&stdin=true&stdout=true")
        err, _ = run(
            ex,
            remotecommand.StreamOptions(stdin=stdin, stdout=stdout, tty=True, terminal_size_queue=sizes),
            timeout=30,
        )
        assert err is None
        assert ex.negotiated == rc.StreamProtocolV5Name
    assert len(stdout.getvalue()) > 0
    assert stdout.getvalue() == bytes(stdin.rand_bytes)
    assert received == sizes.terminal_sizes


class _ConnectProxy:
    """An HTTP CONNECT proxy on loopback (over TLS when given a context), counting the tunnels it opened."""

    def __init__(self, ssl_context=None):
        self.ssl_context = ssl_context
        self.heads: list[str] = []
        self.lsock = socket.create_server(("127.0.0.1", 0))
        self.url = f"{'https' if ssl_context else 'http'}://127.0.0.1:{self.lsock.getsockname()[1]}"
        self.threads: list[threading.Thread] = []
        self.socks: list = []
        self._start(self._accept, "test proxy accept")

    def _start(self, fn, name, *args):
        t = threading.Thread(target=fn, args=args, name=name)
        self.threads.append(t)
        t.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.lsock.accept()
            except OSError:
                return
            self._start(self._tunnel, "test proxy conn", conn)

    def _tunnel(self, conn):
        try:
            if self.ssl_context is not None:
                conn = self.ssl_context.wrap_socket(conn, server_side=True)
            self.socks.append(conn)
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(1)
                if not chunk:
                    return
                head += chunk
            self.heads.append(head.decode())
            host, port = head.split(b" ")[1].decode().rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)))
            self.socks.append(upstream)
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self._start(self._pipe, "test proxy pipe", upstream, conn)
            self._pipe(conn, upstream)
        except OSError:
            pass

    @staticmethod
    def _pipe(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            try:
                b.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def close(self):
        try:
            self.lsock.shutdown(socket.SHUT_RDWR)  # wakes accept()
        except OSError:
            pass
        self.lsock.close()
        for s in self.socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for t in self.threads:
            t.join(5)
        for s in self.socks:
            s.close()


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_proxy_succeeds(scheme, tmp_path):
    """TestWebSocketClient_ProxySucceeds: the executor reaches the WebSocket server through an http and an https
    proxy (one tunnel each), 1 MiB of stdin back on stdout."""
    pki = make_pki(tmp_path)
    proxy = _ConnectProxy(pki.server_context() if scheme == "https" else None)
    data = os.urandom(1 << 20)
    try:
        with Server(echo) as server:
            config = rest.Config(
                host=server.url,
                tls_client_config=rest.TLSClientConfig(ca_file=pki.path("ca.crt")),
                proxy=lambda req: proxy.url,
            )
            ex = remotecommand.new_web_socket_executor(config, "GET", server.url + "/exec?stdin=true&stdout=true")
            stdout = io.BytesIO()
            err, _ = run(ex, remotecommand.StreamOptions(stdin=io.BytesIO(data), stdout=stdout))
            assert err is None
            assert ex.negotiated == rc.StreamProtocolV5Name
            assert stdout.getvalue() == data
    finally:
        proxy.close()
    assert len(proxy.heads) == 1
    assert proxy.heads[0].startswith(f"CONNECT 127.0.0.1:{server.port} HTTP/1.")
    assert f"\r\nHost: 127.0.0.1:{server.port}\r\n" in proxy.heads[0]


def test_an_https_proxy_is_verified_against_the_configured_roots(tmp_path):
    """The TLS to an https proxy is checked as every other TLS connection of the config: a proxy whose certificate
    the config's CA did not sign is refused before any CONNECT."""
    trusted, other = make_pki(tmp_path / "trusted"), make_pki(tmp_path / "other")
    proxy = _ConnectProxy(other.server_context())
    try:
        with Server(echo) as server:
            config = rest.Config(
                host=server.url,
                tls_client_config=rest.TLSClientConfig(ca_file=trusted.path("ca.crt")),
                proxy=lambda req: proxy.url,
            )
            ex = remotecommand.new_web_socket_executor(config, "GET", server.url + "/exec?stdin=true&stdout=true")
            err, _ = run(ex, remotecommand.StreamOptions(stdin=io.BytesIO(b"x"), stdout=io.BytesIO()))
    finally:
        proxy.close()
    assert err is not None and "CERTIFICATE_VERIFY_FAILED" in str(err)
    assert proxy.heads == []
