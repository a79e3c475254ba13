"""The REST client under faults: throttling, server-side Retry-After, reset connections, hanging servers."""

from __future__ import annotations

import threading
import time

import pytest
import requests
from werkzeug.wrappers import Response

from kubernetes_py import context, rest
from kubernetes_py.apimachinery.util import net
from kubernetes_py.util import flowcontrol

from .proxy import FaultProxy


def _wait_logged(httpserver, path: str) -> None:
    """Wait until the server finished (and logged) its answer on path, so that it is idle for the next test."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not any(r.path == path for r, _ in httpserver.log):
        time.sleep(0.01)


@pytest.fixture
def proxy(httpserver):
    p = FaultProxy((httpserver.host, httpserver.port))
    yield p
    p.close()


def _client(base: str, limiter=None) -> rest.RESTClient:
    return rest.new_rest_client(base, "/api/v1", rest.ClientContentConfig(), limiter, requests.Session())


def test_qps_10_burst_1_spaces_50_requests_over_4_5_seconds(httpserver):
    httpserver.expect_request("/api/v1/namespaces/default/configmaps/c").respond_with_data(b"{}")
    c = _client(httpserver.url_for("/"), flowcontrol.new_token_bucket_rate_limiter(10, 1))
    start = time.monotonic()
    for _ in range(50):
        c.get().namespace("default").resource("configmaps").name("c").do_raw()
    elapsed = time.monotonic() - start
    assert elapsed >= 4.5
    assert elapsed < 7.0
    assert len(httpserver.log) == 50


def test_429_retry_after_1_is_retried_after_about_a_second(httpserver):
    calls = []

    def handler(request):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response(b"slow down", status=429, headers={"Retry-After": "1"})
        return Response(b"ok")

    httpserver.expect_request("/api/v1/pods").respond_with_handler(handler)
    assert _client(httpserver.url_for("/")).get().resource("pods").do_raw() == b"ok"
    assert len(calls) == 2
    assert 0.9 <= calls[1] - calls[0] < 1.6


def test_reset_connection_is_retried_for_get(httpserver, proxy):
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"ok")
    proxy.push("reset")
    start = time.monotonic()
    assert _client(proxy.url).get().resource("pods").do_raw() == b"ok"
    assert proxy.connections == 2
    assert len(httpserver.log) == 1
    assert 0.9 <= time.monotonic() - start < 2.0  # a retryable error waits as for "Retry-After: 1"


def test_reset_connection_is_not_retried_for_post(httpserver, proxy):
    httpserver.expect_request("/api/v1/posted").respond_with_data(b"ok")
    proxy.push("reset")
    with pytest.raises(Exception) as info:
        _client(proxy.url).post().resource("posted").body(b"{}").do_raw()
    assert net.is_connection_reset(info.value) or net.is_probable_eof(info.value)
    assert proxy.connections == 1
    assert [r for r, _ in httpserver.log if r.path == "/api/v1/posted"] == []


def test_reset_connections_stop_after_max_retries(httpserver, proxy):
    proxy.default = "reset"
    with pytest.raises(Exception) as info:
        _client(proxy.url).get().resource("pods").max_retries(1).do_raw()
    assert net.is_probable_eof(info.value)
    assert proxy.connections == 2


def test_context_deadline_stops_a_hanging_request(proxy):
    proxy.default = "hang"
    ctx, cancel = context.with_timeout(context.background(), 0.3)
    start = time.monotonic()
    try:
        with pytest.raises(context.DeadlineExceeded):
            _client(proxy.url).get().resource("pods").do_raw(ctx)
    finally:
        cancel()
    assert time.monotonic() - start < 1.0


def test_cancel_stops_a_hanging_stream_read(httpserver, proxy):
    proxy.default = ("cut", 10**9)

    release = threading.Event()

    def endless(request):
        def gen():
            yield b"first\n"
            release.wait(5)
            yield b"never\n"

        return Response(gen(), content_type="text/plain")

    httpserver.expect_request("/logs").respond_with_handler(endless)
    ctx, cancel = context.with_cancel(context.background())
    try:
        body = _client(proxy.url).get().abs_path("/logs").stream(ctx)
        assert body.readline() == b"first\n"
        start = time.monotonic()
        threading.Timer(0.2, cancel).start()
        assert body.read() == b""
        assert time.monotonic() - start < 1.5
        body.close()
    finally:
        release.set()
        _wait_logged(httpserver, "/logs")


def test_stream_cut_mid_body_raises_a_probable_eof(httpserver, proxy):
    payload = b"x" * 100000
    httpserver.expect_request("/big").respond_with_data(payload)
    proxy.push(("cut", 5000))
    body = _client(proxy.url).get().abs_path("/big").stream()
    with pytest.raises(Exception) as info:
        body.read()
    assert net.is_probable_eof(info.value)
    body.close()


def _watch_client(base: str) -> rest.RESTClient:
    from kubernetes_py.apimachinery import runtime
    from kubernetes_py.apimachinery.runtime import schema
    from kubernetes_py.kubernetes import scheme

    gv = schema.GroupVersion(version="v1")
    content = rest.ClientContentConfig(
        group_version=gv, negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), gv)
    )
    return rest.new_rest_client(base, "/api/v1", content, None, requests.Session())


def test_watch_cut_mid_stream_ends_the_result_iterator_cleanly(httpserver, proxy):
    import json

    lines = [
        json.dumps(
            {"type": "ADDED", "object": {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": f"pod-{i}"}}}
        ).encode()
        + b"\n"
        for i in range(3)
    ]
    release = threading.Event()

    def stream(request):
        def gen():
            yield lines[0] + lines[1]
            release.wait(5)  # the connection is cut before the third event is sent
            yield lines[2]

        return Response(gen(), content_type="application/json")

    httpserver.expect_request("/api/v1/pods").respond_with_handler(stream)
    # Cut after the response headers and the first two events (and part of nothing more).
    first_two = len(lines[0]) + len(lines[1])
    proxy.push(("cut_after_body", first_two))
    try:
        w = _watch_client(proxy.url).get().resource("pods").param("watch", "true").watch()
        start = time.monotonic()
        names = [ev.object.metadata.name for ev in w.result_chan()]
        assert names == ["pod-0", "pod-1"]
        assert time.monotonic() - start < 3.0
    finally:
        release.set()
        _wait_logged(httpserver, "/api/v1/pods")


def test_watch_on_a_reset_connection_is_an_empty_watch(proxy):
    proxy.default = "reset"
    w = _watch_client(proxy.url).get().resource("pods").max_retries(0).watch()
    assert list(w.result_chan()) == []
    assert proxy.connections == 1


def test_watch_retries_a_reset_connection_then_streams(httpserver, proxy):
    import json

    line = (
        json.dumps({"type": "ADDED", "object": {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "p"}}}).encode()
        + b"\n"
    )
    httpserver.expect_request("/api/v1/pods").respond_with_data(line, content_type="application/json")
    proxy.push("reset")
    w = _watch_client(proxy.url).get().resource("pods").max_retries(1).watch()
    assert [ev.object.metadata.name for ev in w.result_chan()] == ["p"]
    assert proxy.connections == 2


def test_stream_error_answer_raises_and_connection_refused_is_not_retried(httpserver):
    httpserver.expect_request("/logs").respond_with_data(b"container not found", status=404, content_type="text/plain")
    from kubernetes_py.apimachinery.api import errors

    with pytest.raises(errors.StatusError) as info:
        _client(httpserver.url_for("/")).get().abs_path("/logs").stream()
    assert str(info.value) == "the server could not find the requested resource"
    import socket

    with socket.socket() as unused:  # a port nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(Exception) as info:
        _client(f"http://127.0.0.1:{port}").get().abs_path("/logs").stream()
    assert net.is_connection_refused(info.value)
    assert time.monotonic() - start < 0.9
