"""client-go rest/request_test.go's tests against a local server: TestDoRequestNewWay, TestDoRequestNewWayReader,
TestDoRequestNewWayObj, TestDoRequestNewWayFile, TestWasCreated, TestBackoffLifecycle, TestCheckRetryClosesBody,
TestConnectionResetByPeerIsRetried, TestCheckRetryHandles429And5xx (names of the Go tests in each docstring)."""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
import requests
from werkzeug.wrappers import Response

from kubernetes_py import context, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.apimachinery.util import intstr
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake
from kubernetes_py.util import flowcontrol
from kubernetes_py.utils.clock.testing import FakeClock

V1 = schema.GroupVersion(version="v1")


def _content() -> rest.ClientContentConfig:
    return rest.ClientContentConfig(
        content_type="application/json",
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )


def _test_rest_client(httpserver) -> rest.RESTClient:
    """testRESTClient: versioned API path /api/v1 on the server."""
    return rest.new_rest_client(httpserver.url_for("/"), "/api/v1", _content(), None, requests.Session())


def _encode(obj) -> bytes:
    return bytes(runtime.encode(scheme.Codecs.legacy_codec(V1), obj))


def _expected_service() -> corev1.Service:
    return corev1.Service(
        spec=corev1.ServiceSpec(
            ports=[corev1.ServicePort(protocol="TCP", port=12345, targetPort=intstr.from_int32(12345))]
        )
    )


class _FakeHandler:
    """utiltesting.FakeHandler: one answer, each request recorded (method, path with query, body)."""

    def __init__(self, status_code: int, body: bytes):
        self.status_code, self.body, self.requests = status_code, body, []

    def __call__(self, request):
        self.requests.append((request.method, request.full_path, request.get_data()))
        return Response(self.body, status=self.status_code, content_type="application/json")


def _serve(httpserver, status_code=200, body=None) -> _FakeHandler:
    handler = _FakeHandler(status_code, _encode(_expected_service()) if body is None else body)
    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    return handler


def _req_pod_body() -> bytes:
    return _encode(corev1.Pod(metadata=metav1.ObjectMeta(name="foo")))


def test_do_request_new_way(httpserver):
    """TestDoRequestNewWay: bytes body, prefix and suffix, timeout=1s; the answer decoded."""
    handler = _serve(httpserver)
    c = _test_rest_client(httpserver)
    obj = c.verb("POST").prefix("foo", "bar").suffix("baz").timeout(1).body(b"request body").do().get()
    assert obj == _expected_service()
    assert handler.requests == [("POST", "/api/v1/foo/bar/baz?timeout=1s", b"request body")]


def test_do_request_new_way_reader(httpserver):
    """TestDoRequestNewWayReader: a reader's body."""
    handler = _serve(httpserver)
    c = _test_rest_client(httpserver)
    body = _req_pod_body()
    obj = c.verb("POST").resource("bar").name("baz").prefix("foo").timeout(1).body(io.BytesIO(body)).do().get()
    assert obj == _expected_service()
    assert handler.requests == [("POST", "/api/v1/foo/bar/baz?timeout=1s", body)]


def test_do_request_new_way_obj(httpserver):
    """TestDoRequestNewWayObj: an object's body, encoded with the content type."""
    handler = _serve(httpserver)
    c = _test_rest_client(httpserver)
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="foo"))
    obj = c.verb("POST").suffix("baz").name("bar").resource("foo").timeout(1).body(pod).do().get()
    assert obj == _expected_service()
    assert handler.requests == [("POST", "/api/v1/foo/bar/baz?timeout=1s", _req_pod_body())]


def test_do_request_new_way_file(httpserver, tmp_path):
    """TestDoRequestNewWayFile: a file's body, and WasCreated false on 200."""
    handler = _serve(httpserver)
    c = _test_rest_client(httpserver)
    f = tmp_path / "body"
    f.write_bytes(_req_pod_body())
    result = c.verb("POST").suffix("baz").name("bar").resource("foo").timeout(1).body(str(f)).do()
    assert result.get() == _expected_service()
    assert result.was_created() is False
    assert handler.requests == [("POST", "/api/v1/foo/bar/baz?timeout=1s", _req_pod_body())]


def test_was_created(httpserver):
    """TestWasCreated: a 201 answer is created."""
    handler = _serve(httpserver, 201)
    c = _test_rest_client(httpserver)
    result = c.verb("PUT").prefix("foo/bar", "baz").timeout(1).body(_req_pod_body()).do()
    assert result.get() == _expected_service()
    assert result.was_created() is True
    assert handler.requests == [("PUT", "/api/v1/foo/bar/baz?timeout=1s", _req_pod_body())]


class _StepClockDuringSleep:
    """stepClockDuringSleep: steps the fake clock by the sleep's duration once the sleep waits on it."""

    def __init__(self, manager, clock: FakeClock):
        self.manager, self.clock = manager, clock

    def update_backoff_with_context(self, ctx, url, err, code):
        self.manager.update_backoff_with_context(ctx, url, err, code)

    def calculate_backoff_with_context(self, ctx, url):
        return self.manager.calculate_backoff_with_context(ctx, url)

    def sleep_with_context(self, ctx, d):
        stepper = None
        if d != 0:

            def step():
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    if self.clock.has_waiters():
                        self.clock.step(d)
                        return
                    time.sleep(0.001)

            stepper = threading.Thread(target=step, name="test clock stepper")
            stepper.start()
        try:
            self.manager.sleep_with_context(ctx, d)
        finally:
            if stepper is not None:
                stepper.join(10)


def test_backoff_lifecycle(httpserver):
    """TestBackoffLifecycle: 504 answers double the URL back-off, a 200 resets it; each request waits exactly the
    back-off on the back-off's clock."""
    count = [0]

    def handler(request):
        count[0] += 1
        return Response(b"", status=200 if count[0] in (5, 9) else 504)

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    c = _test_rest_client(httpserver)
    request = c.verb("POST").prefix("backofftest").suffix("abc")
    clock = FakeClock()
    request._backoff = _StepClockDuringSleep(rest.URLBackoff(flowcontrol.new_fake_back_off(1, 200, clock)), clock)
    ctx = context.background()
    for sec in [0, 1, 2, 4, 8, 0, 1, 2, 4, 0]:
        this_backoff = request._backoff.calculate_backoff_with_context(ctx, request.url())
        assert this_backoff == sec
        now = clock.now()
        try:
            request.do_raw(ctx)
        except Exception:
            pass
        assert clock.since(now) == this_backoff


class _TestBackoffManager:
    """testBackoffManager: no back-off, every sleep recorded."""

    def __init__(self):
        self.sleeps = []

    def update_backoff_with_context(self, ctx, url, err, code):
        pass

    def calculate_backoff_with_context(self, ctx, url):
        return 0.0

    def sleep_with_context(self, ctx, d):
        self.sleeps.append(d)


def test_check_retry_closes_body(httpserver):
    """TestCheckRetryClosesBody: four 429s with Retry-After 1, then 200; the back-off is asked to sleep 0, then
    1 s before each retry."""
    count = [0]

    def handler(request):
        count[0] += 1
        if count[0] >= 5:
            return Response(b"", status=200)
        return Response(b"Too many requests, please try again later.\n", status=429, headers={"Retry-After": "1"})

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    backoff = _TestBackoffManager()
    c = _test_rest_client(httpserver)
    c._create_backoff_mgr = lambda: backoff
    c.verb("POST").prefix("foo", "bar").suffix("baz").timeout(1).body(b"abcd" * 1000).do_raw(context.background())
    assert count[0] == 5
    assert backoff.sleeps == [0, 1, 1, 1, 1]


def test_connection_reset_by_peer_is_retried():
    """TestConnectionResetByPeerIsRetried: a GET met by ECONNRESET is retried; a sleep before every attempt."""
    count = [0]

    def rt(req):
        count[0] += 1
        if count[0] >= 3:
            return fake.new_response(200)
        raise ConnectionResetError(104, "connection reset by peer")

    backoff = _TestBackoffManager()
    r = rest.new_request_with_client("http://localhost", "", rest.ClientContentConfig(), fake.create_http_client(rt))
    r.verb("GET")
    r._backoff = backoff
    r.do(context.background()).raw()
    assert count[0] == 3
    assert len(backoff.sleeps) == 3


def test_check_retry_handles_429_and_5xx(httpserver):
    """TestCheckRetryHandles429And5xx: 429, 500, 501 and 504 with Retry-After 0 are retried, the whole body resent
    each time."""
    count = [0]
    bodies = []

    def handler(request):
        bodies.append(request.get_data())
        if count[0] >= 4:
            return Response(b"", status=200)
        status = [429, 500, 501, 504][count[0]]
        count[0] += 1
        return Response(b"", status=status, headers={"Retry-After": "0"})

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    c = _test_rest_client(httpserver)
    c.verb("POST").prefix("foo", "bar").suffix("baz").timeout(1).body(b"abcd" * 1000).do_raw(context.background())
    assert count[0] == 4
    assert bodies == [b"abcd" * 1000] * 5


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.name == "test clock stepper"]
    assert leaked == []
