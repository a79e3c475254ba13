"""client-go rest/request_test.go: TestRequestSetsHeaders, TestRequestVersionedParams,
TestRequestVersionedParamsFromListOptions, TestRequestVersionedParamsWithInvalidScheme, and over plain HTTP
TestReuseRequest, TestHTTP1DoNotReuseRequestAfterTimeout and TestTransportConcurrency (their HTTP1 halves; the
Python client speaks HTTP/1.1 only)."""

from __future__ import annotations

import http.server
import queue
import threading
import urllib.parse

import pytest

from kubernetes_py import context, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake

V1 = schema.GroupVersion(version="v1")


def _content(content_type: str = "application/json") -> rest.ClientContentConfig:
    return rest.ClientContentConfig(
        content_type=content_type,
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )


def test_request_sets_headers():
    """TestRequestSetsHeaders: Do, Watch and Stream all send the Accept header of the content type."""
    accepts = []

    def rt(req):
        accepts.append(req.headers.get("Accept"))
        return fake.new_response(403)

    client = fake.create_http_client(rt)
    for call in ("do", "watch", "stream"):
        r = rest.new_request_with_client("http://localhost/path", "", _content("application/other"), client)
        r.verb("get")
        try:
            getattr(r, call)(context.background())
        except Exception:
            pass
    assert accepts == ["application/other, */*"] * 3


def _req() -> rest.Request:
    return rest.new_request_with_client("", "", rest.ClientContentConfig(group_version=V1), None)


def test_request_versioned_params():
    """TestRequestVersionedParams: an options object's fields join the parameters already set."""
    r = _req().param("foo", "a")
    assert r._params == {"foo": ["a"]}
    r.versioned_params(corev1.PodLogOptions(follow=True, container="bar"), scheme.ParameterCodec)
    assert r._params == {"foo": ["a"], "container": ["bar"], "follow": ["true"]}


def test_request_versioned_params_from_list_options():
    """TestRequestVersionedParamsFromListOptions: values of one name accumulate."""
    r = _req()
    r.versioned_params(metav1.ListOptions(resourceVersion="1"), scheme.ParameterCodec)
    assert r._params == {"resourceVersion": ["1"]}
    r.versioned_params(metav1.ListOptions(resourceVersion="2", timeoutSeconds=10), scheme.ParameterCodec)
    assert r._params == {"resourceVersion": ["1", "2"], "timeoutSeconds": ["10"]}
    assert r._err is None


def test_request_versioned_params_with_invalid_scheme():
    """TestRequestVersionedParamsWithInvalidScheme: a scheme without the type records an error."""
    r = _req()
    r.versioned_params(
        corev1.PodExecOptions(stdin=False, stdout=True), runtime.new_parameter_codec(runtime.new_scheme())
    )
    with pytest.raises(Exception) as info:
        r.error()
    assert "no kind is registered for the type v1.PodExecOptions" in str(info.value)


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers with the client's address (the connection used), or the "echo" parameter; /hang waits."""

    protocol_version = "HTTP/1.1"
    release: threading.Event

    def do_GET(self):  # noqa: N802 - http.server's name
        u = urllib.parse.urlsplit(self.path)
        if u.path.endswith("/hang"):
            self.release.wait(10)
        echo = urllib.parse.parse_qs(u.query).get("echo")
        body = (echo[0] if echo else f"{self.client_address[0]}:{self.client_address[1]}").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    release = threading.Event()
    handler = type("Handler", (_Handler,), {"release": release})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = False  # server_close() joins the handler threads
    t = threading.Thread(target=httpd.serve_forever, args=(0.05,), name="test server")
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    release.set()
    httpd.shutdown()
    httpd.server_close()
    t.join(10)
    assert not t.is_alive()


def _client(host: str, timeout: float = 0) -> rest.RESTClient:
    return rest.rest_client_for(
        rest.Config(
            host=host, timeout=timeout, group_version=schema.GroupVersion(), negotiated_serializer=scheme.Codecs
        )
    )


def test_reuse_request(server):
    """TestReuseRequest: two requests in a row go over the same connection."""
    with _client(server) as c:
        first = c.verb("GET").prefix("foo").do_raw(context.background())
        second = c.verb("GET").prefix("foo").do_raw(context.background())
    assert first == second


def test_http1_do_not_reuse_request_after_timeout(server):
    """TestHTTP1DoNotReuseRequestAfterTimeout: after a request timed out, the next one opens a new connection."""
    with _client(server, timeout=0.3) as c:
        first = c.verb("GET").prefix("foo").do_raw(context.background())
        with pytest.raises(Exception):
            c.verb("GET").prefix("/hang").do_raw(context.background())
        second = c.verb("GET").prefix("foo").do_raw(context.background())
    assert first != second


def test_transport_concurrency(server):
    """TestTransportConcurrency: 10 requests from 4 threads sharing the client, each answered with its own echo."""
    failures = []
    reqs: queue.Queue = queue.Queue()
    with _client(server) as c:

        def work():
            while True:
                req = reqs.get()
                if req is None:
                    return
                try:
                    res = c.get().param("echo", req).do_raw(context.background())
                    if res != req.encode():
                        failures.append((req, res))
                except Exception as err:
                    failures.append((req, repr(err)))

        workers = [threading.Thread(target=work, name=f"test worker {i}") for i in range(4)]
        for w in workers:
            w.start()
        for i in range(10):
            reqs.put(f"request-{i}")
        for _ in workers:
            reqs.put(None)
        for w in workers:
            w.join(30)
    assert not any(w.is_alive() for w in workers)
    assert failures == []
