"""client-go rest/client_test.go against a local HTTP server: TestSerializer, TestDoRequestSuccess,
TestDoRequestFailed, TestDoRawRequestFailed, TestDoRequestCreated, TestDoRequestNotCreated,
TestDoRequestAcceptedNoContentReturned, TestBadRequest, TestHTTPMethods, TestHTTPProxy, TestCreateBackoffManager."""

from __future__ import annotations

import base64
import http.server
import threading

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import context, rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import client as restclient

V1 = schema.GroupVersion(version="v1")


def test_serializer():
    """TestSerializer: a metav1.Status always decodes, whatever the client's group version."""
    gv = schema.GroupVersion(group="batch", version="v1beta1")
    d = runtime.new_client_negotiator(scheme.Codecs.without_conversion(), gv).decoder("application/json", None)
    obj = runtime.decode(d, b'{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success"}')
    assert isinstance(obj, metav1.Status) and obj.status == "Success"


def _success_status() -> metav1.Status:
    return metav1.Status(apiVersion="v1", kind="Status", metadata=metav1.ListMeta(), status="Success")


def _encode(obj) -> bytes:
    return bytes(runtime.encode(scheme.Codecs.legacy_codec(V1), obj))


class _FakeHandler:
    """utiltesting.FakeHandler: answers with one status and body, records each request."""

    def __init__(self, status_code: int, body: bytes):
        self.status_code = status_code
        self.body = body
        self.requests = []

    def __call__(self, request):
        self.requests.append((request.method, request.path, request.get_data(), request.headers.get("Authorization")))
        return Response(self.body, status=self.status_code, content_type="application/json")


def _server(httpserver, status_code: int, body: bytes = None) -> _FakeHandler:
    handler = _FakeHandler(status_code, _encode(_success_status()) if body is None else body)
    httpserver.expect_request("/v1/test").respond_with_handler(handler)
    httpserver.expect_request("/v1").respond_with_handler(handler)
    return handler


def _rest_client(url: str, **kw) -> rest.RESTClient:
    config = rest.Config(
        host=url,
        group_version=V1,
        negotiated_serializer=scheme.Codecs.without_conversion(),
        username="user",
        password="pass",
        **kw,
    )
    return rest.rest_client_for(config)


_BASIC = "Basic " + base64.b64encode(b"user:pass").decode()


@pytest.mark.parametrize(
    "status_code,expecting_error,created,body_is_status",
    [
        (200, False, False, True),  # TestDoRequestSuccess
        (201, False, True, True),  # TestDoRequestCreated
        (202, False, False, True),  # TestDoRequestNotCreated
        (204, False, False, False),  # TestDoRequestAcceptedNoContentReturned
        (400, True, False, True),  # TestBadRequest
    ],
)
def test_do_request(httpserver, status_code, expecting_error, created, body_is_status):
    """TestDoRequestSuccess, TestDoRequestCreated, TestDoRequestNotCreated, TestDoRequestAcceptedNoContentReturned,
    TestBadRequest: GET /v1/test with basic auth; the body is the server's Status (none for 204)."""
    handler = _server(httpserver, status_code)
    with _rest_client(httpserver.url_for("/")) as c:
        result = c.get().prefix("test").do(context.background())
    assert result.was_created() is created
    if expecting_error:
        with pytest.raises(errors.StatusError):
            result.raw()
        body = result._body
    else:
        body = result.raw()
    if body_is_status:
        assert runtime.decode(scheme.Codecs.universal_deserializer(), body) == _success_status()
    else:
        assert body == b""
    assert handler.requests == [("GET", "/v1/test", b"", _BASIC)]


def test_do_request_failed(httpserver):
    """TestDoRequestFailed: a 404 with a Status is that Status as the error."""
    status = metav1.Status(
        code=404, status="Failure", reason="NotFound", message=' "" not found', details=metav1.StatusDetails()
    )
    _server(httpserver, 404, _encode(status))
    with _rest_client(httpserver.url_for("/")) as c:
        with pytest.raises(errors.StatusError) as info:
            c.get().do(context.background()).error()
    assert info.value.status() == status


def test_do_raw_request_failed(httpserver):
    """TestDoRawRequestFailed: raw() keeps the generic error of the 404 (not the Status), with the body."""
    status = metav1.Status(
        code=404,
        status="Failure",
        reason="NotFound",
        message="the server could not find the requested resource",
        details=metav1.StatusDetails(causes=[metav1.StatusCause(reason="UnexpectedServerResponse", message="unknown")]),
    )
    _server(httpserver, 404, _encode(metav1.Status(code=404, status="Failure", reason="NotFound")))
    with _rest_client(httpserver.url_for("/")) as c:
        result = c.get().do(context.background())
    with pytest.raises(errors.StatusError) as info:
        result.raw()
    assert result._body
    assert info.value.status() == status


def test_http_methods(httpserver):
    """TestHTTPMethods."""
    with _rest_client(httpserver.url_for("/")) as c:
        for r in (c.post(), c.get(), c.put(), c.delete(), c.patch("application/json-patch+json")):
            assert isinstance(r, rest.Request)


class _Proxy(http.server.BaseHTTPRequestHandler):
    """A forward proxy writing "proxied: " before the backend's answer (httputil's reverse proxy in Go's test)."""

    def do_GET(self):  # noqa: N802 - http.server's name
        import urllib.request

        with urllib.request.urlopen(urllib.request.Request(self.path, headers=dict(self.headers))) as resp:
            data = resp.read()
        out = b"proxied: " + data
        self.send_response(200)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


def test_http_proxy(httpserver):
    """TestHTTPProxy: Config.proxy sends the request through the proxy."""
    _server(httpserver, 200, b"backend data")
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    t = threading.Thread(target=proxy.serve_forever, name="test proxy")
    t.start()
    try:
        proxy_url = f"http://127.0.0.1:{proxy.server_address[1]}"
        with _rest_client(httpserver.url_for("/").rstrip("/"), proxy=proxy_url) as c:
            assert c.get().do_raw(context.background()) == b"proxied: backend data"
    finally:
        proxy.shutdown()
        proxy.server_close()
        t.join(10)
    assert not t.is_alive()


def test_create_backoff_manager(monkeypatch):
    """TestCreateBackoffManager: KUBE_CLIENT_BACKOFF_BASE/DURATION make an exponential back-off; a zero duration or
    no environment none."""
    ctx = context.background()
    url = "http://localhost"
    monkeypatch.setenv(restclient.ENV_BACKOFF_BASE, "1")
    monkeypatch.setenv(restclient.ENV_BACKOFF_DURATION, "2")
    backoff = restclient.read_exp_backoff_config()
    backoff.update_backoff_with_context(ctx, url, None, 500)
    backoff.update_backoff_with_context(ctx, url, None, 500)
    assert int(backoff.calculate_backoff_with_context(ctx, url)) == 2

    monkeypatch.setenv(restclient.ENV_BACKOFF_DURATION, "0")
    backoff.update_backoff_with_context(ctx, url, None, 500)
    backoff.update_backoff_with_context(ctx, url, None, 500)
    backoff = restclient.read_exp_backoff_config()
    assert int(backoff.calculate_backoff_with_context(ctx, url)) == 0

    monkeypatch.setenv(restclient.ENV_BACKOFF_BASE, "")
    monkeypatch.setenv(restclient.ENV_BACKOFF_DURATION, "")
    backoff = restclient.read_exp_backoff_config()
    assert isinstance(backoff, rest.NoBackoff)
    for bad in (" 1", "1_0"):  # strconv.ParseInt refuses what int() takes
        monkeypatch.setenv(restclient.ENV_BACKOFF_BASE, bad)
        monkeypatch.setenv(restclient.ENV_BACKOFF_DURATION, "2")
        assert isinstance(restclient.read_exp_backoff_config(), rest.NoBackoff)
