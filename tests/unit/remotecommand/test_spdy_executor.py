"""The SPDY executor and the WebSocket -> SPDY fallback against a fake SPDY exec endpoint (client-go's spdy_test.go
and fallback_test.go cases)."""

from __future__ import annotations

import io
import json
import os
import threading
import time

import pytest

from kubernetes_py import context, rest
from kubernetes_py.apimachinery.util import httpstream
from kubernetes_py.apimachinery.util import remotecommand as rc
from kubernetes_py.tools import remotecommand
from kubernetes_py.tools.remotecommand.protocols import Threads
from kubernetes_py.transport import spdy as transportspdy
from kubernetes_py.util.exec import CodeExitError

from .spdyserver import SPDYExecServer
from .test_websocket_executor import SUCCESS, exit_status, run
from .wsserver import Server, refuse


def echo(streams):
    """stdin to stdout (or stderr when the query has no stdout), then Success on the error stream."""
    out = streams.get("stdout") or streams.get("stderr")
    stdin = streams["stdin"]
    while True:
        data = stdin.read(65536)
        if not data:
            break
        out.write(data)
    for name in ("stdout", "stderr"):
        if name in streams:
            streams[name].close()
    streams["error"].write(SUCCESS)
    streams["error"].close()


def exits(code):
    def handler(streams):
        streams["stdout"].write(b"partial")
        streams["stdout"].close()
        streams["error"].write(exit_status(code))
        streams["error"].close()

    return handler


def spdy_executor(server, query, *protocols):
    config = rest.Config(host=server.url)
    url = server.url + "/exec?" + query
    if protocols:
        transport, upgrader = transportspdy.round_tripper_for(config)
        return remotecommand.new_spdy_executor_for_protocols(transport, upgrader, "POST", url, *protocols)
    return remotecommand.new_spdy_executor(config, "POST", url)


def test_spdy_executor_stream_binary_stdin_to_stdout():
    data = os.urandom(1 << 20) + bytes(range(256))
    with SPDYExecServer(echo) as server:
        stdout = io.BytesIO()
        err, _ = run(
            spdy_executor(server, "stdin=true&stdout=true"),
            remotecommand.StreamOptions(stdin=io.BytesIO(data), stdout=stdout),
        )
        assert err is None
        assert stdout.getvalue() == data
        assert server.protocols == [rc.StreamProtocolV5Name]
        assert server.requests[0].startswith("POST /exec?")
        assert server.errors == []


def test_spdy_executor_stdin_to_stderr():
    with SPDYExecServer(echo) as server:
        stderr = io.BytesIO()
        err, _ = run(
            spdy_executor(server, "stdin=true&stderr=true"),
            remotecommand.StreamOptions(stdin=io.BytesIO(b"to stderr"), stderr=stderr),
        )
        assert err is None and stderr.getvalue() == b"to stderr"


@pytest.mark.parametrize("code", [1, 3, 255])
def test_spdy_executor_non_zero_exit_code(code):
    with SPDYExecServer(exits(code)) as server:
        stdout = io.BytesIO()
        err, _ = run(spdy_executor(server, "stdout=true"), remotecommand.StreamOptions(stdout=stdout))
        assert isinstance(err, CodeExitError) and err.code == code
        assert str(err) == f"command terminated with exit code {code}"
        assert stdout.getvalue() == b"partial"


def test_spdy_older_protocol_is_negotiated():
    def v2(streams):
        streams["stdout"].write(b"v2")
        streams["stdout"].close()
        streams["error"].write(b"some failure")
        streams["error"].close()

    with SPDYExecServer(v2) as server:
        stdout = io.BytesIO()
        err, _ = run(
            spdy_executor(server, "stdout=true", rc.StreamProtocolV2Name), remotecommand.StreamOptions(stdout=stdout)
        )
        assert str(err) == "error executing remote command: some failure"
        assert stdout.getvalue() == b"v2" and server.protocols == [rc.StreamProtocolV2Name]


def test_stream_exits_after_connection_is_closed():
    started = threading.Event()

    def hang(streams):
        streams["stdout"].write(b"x")
        started.set()
        streams["stdin"].read(1 << 20)  # until the connection goes

    with SPDYExecServer(hang) as server:
        stdin_r, stdin_w = os.pipe()
        stdin = open(stdin_r, "rb")
        try:
            threading.Timer(0.5, server.drop_connections).start()
            err, took = run(
                spdy_executor(server, "stdin=true&stdout=true"),
                remotecommand.StreamOptions(stdin=stdin, stdout=io.BytesIO()),
            )
            assert started.is_set()
            assert took < 5
        finally:
            os.close(stdin_w)
            stdin.close()


def test_spdy_cancelled_context():
    release = threading.Event()
    with SPDYExecServer(lambda streams: release.wait(10)) as server:
        ctx, cancel = context.with_cancel(context.background())
        timer = threading.Timer(0.3, cancel)
        timer.start()
        err, took = run(spdy_executor(server, "stdout=true"), remotecommand.StreamOptions(stdout=io.BytesIO()), ctx=ctx)
        timer.join()
        release.set()
        assert isinstance(err, context.Canceled) and took < 3


def test_spdy_refused_upgrade():
    with Server(
        respond=refuse(
            403,
            "Forbidden",
            json.dumps(
                {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": "nope", "code": 403}
            ).encode(),
            "application/json",
        )
    ) as server:
        err, _ = run(
            remotecommand.new_spdy_executor(rest.Config(host=server.url), "POST", server.url),
            remotecommand.StreamOptions(stdout=io.BytesIO()),
        )
        assert str(err) == "unable to upgrade connection: nope"


def _should_fallback(err):
    return httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err)


def _fallback(url: str, query: str):
    config = rest.Config(host=url)
    primary = remotecommand.new_web_socket_executor(config, "GET", f"{url}/exec?{query}")
    secondary = remotecommand.new_spdy_executor(config, "POST", f"{url}/exec?{query}")
    return remotecommand.new_fallback_executor(primary, secondary, _should_fallback)


def test_fallback_websocket_primary_succeeds():
    def ws_echo(conn):
        while True:
            op, data = conn.recv()
            if data == bytes([rc.StreamClose, 0]):
                conn.send(rc.StreamErr, SUCCESS)
                conn.send_close(1000)
                return
            conn.send(rc.StreamStdOut, data[1:])

    with Server(ws_echo) as server:
        stdout = io.BytesIO()
        err, _ = run(
            _fallback(server.url, "stdin=true&stdout=true"),
            remotecommand.StreamOptions(stdin=io.BytesIO(b"ws"), stdout=stdout),
        )
        assert err is None and stdout.getvalue() == b"ws"
        assert len(server.requests) == 1


def test_fallback_spdy_secondary_succeeds():
    with SPDYExecServer(echo) as server:
        stdout = io.BytesIO()
        err, _ = run(
            _fallback(server.url, "stdin=true&stdout=true"),
            remotecommand.StreamOptions(stdin=io.BytesIO(b"spdy"), stdout=stdout),
        )
        assert err is None and stdout.getvalue() == b"spdy"
        assert [r.split(" ")[0] for r in server.requests] == ["GET", "POST"]


def test_fallback_spdy_secondary_non_zero_exit_code():
    with SPDYExecServer(exits(42)) as server:
        err, _ = run(_fallback(server.url, "stdout=true"), remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert isinstance(err, CodeExitError) and err.code == 42


def test_fallback_primary_and_secondary_fail():
    with Server(respond=refuse(400, "Bad Request")) as server:
        err, _ = run(_fallback(server.url, "stdout=true"), remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert str(err) == "unable to upgrade connection: empty server response"
        assert len(server.requests) == 2


def test_fallback_not_taken_for_other_errors():
    with Server(lambda conn: conn.send_close(1011, b"boom")) as server:
        started = time.monotonic()
        err, _ = run(_fallback(server.url, "stdout=true"), remotecommand.StreamOptions(stdout=io.BytesIO()))
        assert "websocket: close 1011 (internal server error): boom" in str(err)
        assert len(server.requests) == 1
        assert time.monotonic() - started < 5


# --- TestSPDYExecutorStream: a client whose stdin and stdout fail after a second, a server writing without end ----
class MassiveDataPty:
    """client-go's fakeMassiveDataPty: reading fails after a second, so does writing."""

    def read(self, n=-1):
        time.sleep(1)
        raise OSError("client crashed after 1 second")

    def write(self, data):
        time.sleep(1)
        raise OSError("return err")


def massive_data_attacher(server_box):
    """client-go's fakeMassiveDataAttacher: stdin discarded, stdout and stderr written until they fail; returns when
    the first of those ends, then reports Success and closes the connection."""

    def handler(streams):
        done = threading.Event()
        helpers = []

        def discard_stdin():
            try:
                while streams["stdin"].read(65536):
                    pass
            except Exception:  # noqa: BLE001 - the connection went away
                pass
            done.set()

        def write_massive(stream):
            chunk = b"something" * 7000
            try:
                while True:
                    stream.write(chunk)
            except Exception:  # noqa: BLE001 - the client reset the stream or the connection went
                pass
            done.set()

        helpers.append(threading.Thread(target=discard_stdin, name="test discard stdin"))
        for name in ("stdout", "stderr"):
            if name in streams:
                helpers.append(threading.Thread(target=write_massive, args=(streams[name],), name=f"test {name}"))
        for h in helpers:
            h.start()
        done.wait(10)
        try:
            streams["error"].write(SUCCESS)
        except Exception:  # noqa: BLE001 - the client went away first (the timeout case)
            pass
        for c in server_box[0].connections:
            c.close()
        for h in helpers:
            h.join(10)

    return handler


@pytest.mark.parametrize(
    "name,timeout,query,options,expected",
    [
        (
            "stdoutBlockTest",
            None,
            "stdin=true&stdout=true",
            dict(stdin=MassiveDataPty(), stdout=MassiveDataPty()),
            None,
        ),
        (
            "stderrBlockTest",
            None,
            "stdin=true&stderr=true",
            dict(stdin=MassiveDataPty(), stderr=MassiveDataPty()),
            None,
        ),
        (
            "timeoutTest",
            0.5,
            "stdin=true&stderr=true",
            dict(stdin=MassiveDataPty(), stderr=MassiveDataPty()),
            "context deadline exceeded",
        ),
    ],
)
def test_spdy_executor_stream(name, timeout, query, options, expected, errors_seen):
    box: list = []
    with SPDYExecServer(massive_data_attacher(box)) as server:
        box.append(server)
        ctx, cancel = (
            context.with_timeout(context.background(), timeout) if timeout else (context.background(), lambda: None)
        )
        try:
            err, took = run(spdy_executor(server, query), remotecommand.StreamOptions(**options), ctx=ctx, timeout=20)
        finally:
            cancel()
        assert (None if err is None else str(err)) == expected
        assert took < 10
    if expected is None:
        # the client's stdin and stdout failures are reported (Go's runtime.HandleError), not raised
        assert "client crashed after 1 second" in [str(e) for e in errors_seen]
        assert "return err" in [str(e) for e in errors_seen]


class EmptyDataPty:
    """client-go's fakeEmptyDataPty: reads give as many zero bytes as asked, writes take everything."""

    def read(self, n=-1):
        return bytes(max(n, 0) or 32 * 1024)

    def write(self, data):
        return len(data)


class WriteDetector:
    """client-go's writeDetector: block_until_written returns once something was written."""

    def __init__(self, w):
        self.w = w
        self.written = threading.Event()

    def block_until_written(self):
        assert self.written.wait(10)

    def write(self, data):
        self.written.set()
        return self.w.write(data)


def test_stream_exits_after_connection_is_closed_as_client_go_drives_it():
    """TestStreamExitsAfterConnectionIsClosed: the protocol handler's stream returns soon after its connection is
    closed under it while the server writes without end."""
    box: list = []
    with SPDYExecServer(massive_data_attacher(box)) as server:
        box.append(server)
        detector = WriteDetector(EmptyDataPty())
        options = remotecommand.StreamOptions(stdin=EmptyDataPty(), stdout=detector)
        ctx, cancel = context.with_timeout(context.background(), 0.5)
        ex = spdy_executor(server, "stdin=true&stdout=true")
        conn, streamer = ex.new_connection_and_stream(ctx, options)
        threads = Threads()
        result: list = []

        def run_stream():
            try:
                streamer.stream(conn, None, threads)
                result.append(None)
            except Exception as e:  # noqa: BLE001 - either way it must return
                result.append(e)

        t = threading.Thread(target=run_stream, name="test stream")
        t.start()
        detector.block_until_written()
        conn.close()
        t.join(1)
        assert not t.is_alive(), "stream did not return within a second of the connection's close"
        assert threads.join(5) == []
        cancel()


def test_stream_random_data():
    """TestStreamRandomData: 1 MiB of random bytes through stdin come back on stdout, byte for byte."""

    def copy_back(streams):
        while data := streams["stdin"].read(65536):
            streams["stdout"].write(data)
        streams["stdout"].close()
        streams["error"].write(SUCCESS)
        streams["error"].close()

    data = os.urandom(1 << 20)
    with SPDYExecServer(copy_back) as server:
        stdout = io.BytesIO()
        err, _ = run(
            spdy_executor(server, "stdin=true&stdout=true"),
            remotecommand.StreamOptions(stdin=io.BytesIO(data), stdout=stdout),
        )
        assert err is None and stdout.getvalue() == data


@pytest.fixture
def errors_seen():
    from kubernetes_py.apimachinery.util import runtime as utilruntime

    seen = []
    handler = lambda ctx, err, msg, *kv: seen.append(err)  # noqa: E731
    utilruntime.ErrorHandlers.append(handler)
    yield seen
    utilruntime.ErrorHandlers.remove(handler)


def test_fallback_primary_and_secondary_fail_as_client_go():
    """TestFallbackClient_PrimaryAndSecondaryFail: the WebSocket primary asks for v4 of a server that only speaks
    v5 (403), the fallback is always taken, and SPDY fails against the WebSocket-only server too."""

    def only_v5(req):
        if rc.StreamProtocolV5Name in req.protocols():
            return 101, rc.StreamProtocolV5Name, b"", None
        return 403, "Forbidden", b"", "text/plain"

    asked = []
    with Server(echo_ws, respond=only_v5) as server:
        query = "/exec?stdin=true&stdout=true"
        config = rest.Config(host=server.url)
        ws = remotecommand.new_web_socket_executor(config, "GET", server.url + query)
        ex = remotecommand.new_fallback_executor(
            ws,
            remotecommand.new_spdy_executor(config, "POST", server.url + query),
            lambda err: asked.append(err) or True,
        )
        ex.primary.protocols = [rc.StreamProtocolV4Name]
        err, _ = run(ex, remotecommand.StreamOptions(stdin=io.BytesIO(os.urandom(1 << 20)), stdout=io.BytesIO()))
        assert err is not None
        assert str(err) == "unable to upgrade connection: empty server response"
        assert len(asked) == 1 and httpstream.is_upgrade_failure(asked[0])
        assert [r.method for r in server.requests] == ["GET", "POST"]


def echo_ws(conn):
    while True:
        op, data = conn.recv()
        if op == 8:
            return
        if data == bytes([rc.StreamClose, rc.StreamStdIn]):
            conn.send(rc.StreamErr, SUCCESS)
            conn.send_close(1000)
            return
        conn.send(rc.StreamStdOut, data[1:])


def test_fallback_should_fallback_is_asked_about_a_success_too():
    """client-go's FallbackExecutor asks should_fallback with the primary's error even when it is nil: a predicate
    saying yes to None runs the secondary after a successful primary; the usual predicates say no."""
    calls = []

    class Works:
        def __init__(self, name):
            self.name = name

        def stream_with_context(self, ctx, options):
            calls.append(self.name)

    asked = []
    always = remotecommand.new_fallback_executor(
        Works("primary"), Works("secondary"), lambda e: asked.append(e) or True
    )
    always.stream(remotecommand.StreamOptions())
    assert calls == ["primary", "secondary"] and asked == [None]
    calls.clear()
    remotecommand.new_fallback_executor(Works("primary"), Works("secondary"), _should_fallback).stream(
        remotecommand.StreamOptions()
    )
    assert calls == ["primary"]
