"""client-go rest/request_test.go against a local server streaming its answers: TestWatch,
TestWatchNonDefaultContentType,
TestWatchUnknownContentType, TestStream, TestDoContext (names of the Go tests in each docstring)."""

from __future__ import annotations

import io
import re
import threading

import pytest
import requests
from werkzeug.wrappers import Response

from kubernetes_py import context, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime, watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.apimachinery.runtime.serializer import streaming
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import watch as restwatch

V1 = schema.GroupVersion(version="v1")
ANY = re.compile(".*")


def _content(content_type: str = "application/json") -> rest.ClientContentConfig:
    return rest.ClientContentConfig(
        content_type=content_type,
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )


def _client(httpserver, content_type: str = "application/json") -> rest.RESTClient:
    return rest.new_rest_client(httpserver.url_for("/"), "/api/v1", _content(content_type), None, requests.Session())


TABLE = [
    (watch.Added, "first"),
    (watch.Modified, "second"),
    (watch.Deleted, "last"),
]


def _pod(name: str) -> corev1.Pod:
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name))


def _events():
    """The table's events, each written by rest/watch's Encoder with the legacy codec, one chunk each."""
    codec = scheme.Codecs.legacy_codec(V1)
    for event_type, name in TABLE:
        buf = io.BytesIO()
        restwatch.new_encoder(streaming.new_encoder(buf, codec), codec).encode(watch.Event(event_type, _pod(name)))
        yield buf.getvalue()


def _streaming(content_type):
    resp = Response(_events(), status=200)
    del resp.headers["Content-Type"]
    if content_type:
        resp.headers["Content-Type"] = content_type
    return resp


class _NoSleepBackOff(rest.NoBackoff):
    def sleep_with_context(self, ctx, d):
        pass


def _read_table(w):
    got = [(e.type, e.object) for e in w.result_chan()]
    assert got == [(t, _pod(name)) for t, name in TABLE]


@pytest.mark.parametrize("max_retries", [0, 3])
def test_watch(httpserver, max_retries):
    """TestWatch: the events as the server encoded them, then the end; with retries, three 429 answers first (the
    Retry-After waits are skipped to keep the test fast)."""
    attempts = [0]

    def handler(request):
        attempts[0] += 1
        if attempts[0] <= max_retries:
            return Response(b"", status=429, headers={"Retry-After": "1"})
        return _streaming("")

    httpserver.expect_request(ANY).respond_with_handler(handler)
    r = _client(httpserver).get().prefix("path/to/watch/thing").max_retries(max_retries)
    r._backoff = _NoSleepBackOff()
    w = r.watch(context.background())
    try:
        _read_table(w)
    finally:
        w.stop()
    assert attempts[0] == max_retries + 1


def test_watch_non_default_content_type(httpserver):
    """TestWatchNonDefaultContentType: a protobuf client reads a JSON watch by the answer's content type."""
    httpserver.expect_request(ANY).respond_with_handler(lambda request: _streaming("application/json"))
    w = _client(httpserver, "application/vnd.kubernetes.protobuf").get().prefix("path/to/watch/thing").watch()
    try:
        _read_table(w)
    finally:
        w.stop()


def test_watch_unknown_content_type(httpserver):
    """TestWatchUnknownContentType: no stream serializer for the answer's content type is an error."""
    httpserver.expect_request(ANY).respond_with_handler(lambda request: _streaming("foobar"))
    with pytest.raises(Exception):
        _client(httpserver).get().prefix("path/to/watch/thing").watch(context.background())


def test_stream(httpserver):
    """TestStream: the body as the server sent it."""
    httpserver.expect_request(ANY).respond_with_handler(lambda request: Response(iter([b"expected body"])))
    with _client(httpserver).get().prefix("path/to/stream/thing").stream(context.background()) as body:
        assert body.read() == b"expected body"


def test_do_context(httpserver):
    """TestDoContext: cancelling the context while the server holds the answer ends do_raw with an error."""
    received = threading.Event()
    block = threading.Event()

    def handler(request):
        received.set()
        block.wait(10)
        return Response(b"", status=200)

    httpserver.expect_request(ANY).respond_with_handler(handler)
    ctx, cancel = context.with_cancel(context.background())

    def cancel_when_received():
        received.wait(10)
        cancel()

    canceller = threading.Thread(target=cancel_when_received, name="test canceller")
    canceller.start()
    try:
        with pytest.raises(Exception):
            _client(httpserver).verb("GET").prefix("foo").do_raw(ctx)
    finally:
        block.set()
        canceller.join(10)
        cancel()
    assert not canceller.is_alive()
