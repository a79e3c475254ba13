"""client-go rest/request_test.go: TestTruncateBody, TestRequestLogging, TestRequestPreflightCheck, TestAbsPath,
TestVerbs, TestUnacceptableParamNames, TestBody, TestRequestWarningHandler, TestTryThrottleWithInfoContextDeadline
(names of the Go tests in each docstring)."""

from __future__ import annotations

import io
import logging

import pytest

from kubernetes_py import context, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake, request
from kubernetes_py.transport import verbosity_level
from kubernetes_py.util import flowcontrol

V1 = schema.GroupVersion(version="v1")


def _content() -> rest.ClientContentConfig:
    return rest.ClientContentConfig(
        content_type="application/json",
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )


def _build_string(n: int) -> str:
    return "a" * n


@pytest.mark.parametrize(
    "body,level,want",
    [
        ("Completely truncated below 8", 0, " [truncated 28 chars]"),
        ("Small body never gets truncated", 10, "Small body never gets truncated"),
        ("Small body never gets truncated", 8, "Small body never gets truncated"),
        (_build_string(2000), 8, _build_string(1024) + " [truncated 976 chars]"),
        (_build_string(20000), 9, _build_string(10240) + " [truncated 9760 chars]"),
        (_build_string(20000), 10, _build_string(20000)),
        (_build_string(20000), 11, _build_string(20000)),
    ],
)
def test_truncate_body(body, level, want):
    """TestTruncateBody: the logger's verbosity decides how much of a body is kept."""
    logger = logging.getLogger("kubernetes_py.tests.truncate")
    logger.setLevel(logging.INFO if level == 0 else verbosity_level(level))
    try:
        assert request.truncate_body(logger, body) == want
    finally:
        logger.setLevel(logging.NOTSET)


def _answer(body: bytes, headers=None):
    return fake.create_http_client(lambda req: fake.new_response(200, body, headers))


@pytest.mark.parametrize(
    "v,body,expected",
    [
        (7, b"ping", []),
        (8, b"ping", ['"Request Body" body="ping"', '"Response Body" body="pong"']),
        (8, io.BytesIO(b"ping"), ['"Response Body" body="pong"']),  # a stream's body cannot be logged
        (
            8,
            b"a" * 2000,
            ['"Request Body" body="' + "a" * 1024 + ' [truncated 976 chars]"', '"Response Body" body="pong"'],
        ),
    ],
)
def test_request_logging(caplog, v, body, expected):
    """TestRequestLogging: request and response bodies are logged at -v=8, truncated."""
    caplog.set_level(verbosity_level(v), logger="kubernetes_py.rest")
    req = rest.new_request_with_client("http://localhost", "", _content(), _answer(b"pong")).body(body)
    req.do(context.background()).error()
    got = [r.getMessage() for r in caplog.records if r.name == "kubernetes_py.rest" and "Body" in r.getMessage()]
    assert got == expected


def test_request_logging_with_warnings(caplog):
    """TestRequestLogging's "warnings" case: bodies, then the 299 warnings through the default handler."""
    caplog.set_level(verbosity_level(8))
    warnings = [
        '299 request-test "warning 1"',
        '299 request-test-2 "warning 2"',
        '300 request-test-3 "ignore code 300"',
    ]
    client = _answer(b"pong", {"Warning": warnings})
    rest.new_request_with_client("http://localhost", "", _content(), client).body(b"ping").do().error()
    got = [r.getMessage() for r in caplog.records if "Body" in r.getMessage() or "Warning" in r.getMessage()]
    assert got == [
        '"Request Body" body="ping"',
        '"Response Body" body="pong"',
        "Warning: warning 1",
        "Warning: warning 2",
    ]


def test_log_body_dumps_binary_bodies_in_hex(caplog):
    """logBody: a body with a control byte below newline is logged as Go's hex.Dump writes it."""
    caplog.set_level(verbosity_level(8), logger="kubernetes_py.rest")
    request.log_body(logging.getLogger("kubernetes_py.rest"), "Response Body", b"k8s\x00\x0a\x02hello world!!")
    dump = (
        "00000000  6b 38 73 00 0a 02 68 65  6c 6c 6f 20 77 6f 72 6c  |k8s...hello worl|\n"
        "00000010  64 21 21                                          |d!!|\n"
    )
    assert [r.getMessage() for r in caplog.records] == ['"Response Body" body=' + repr(dump).replace("'", '"')]


@pytest.mark.parametrize(
    "verbs,namespace,resource_name,namespace_set,expects_err",
    [
        (["GET", "PUT", "DELETE", "POST"], "", "", False, False),
        (["GET", "PUT", "DELETE"], "", "", True, False),
        (["GET", "PUT", "DELETE"], "", "ResourceName", True, True),
        (["POST"], "", "", True, True),
        (["GET", "PUT", "DELETE", "POST"], "Namespace", "ResourceName", True, False),
    ],
)
def test_request_preflight_check(verbs, namespace, resource_name, namespace_set, expects_err):
    """TestRequestPreflightCheck."""
    for verb in verbs:
        r = rest.new_request_with_client("http://localhost", "", rest.ClientContentConfig(), None).verb(verb)
        if namespace_set:
            r.namespace(namespace)
        if resource_name:
            r.name(resource_name)
        if expects_err:
            with pytest.raises(Exception):
                r._preflight_check()
        else:
            r._preflight_check()


@pytest.mark.parametrize(
    "config_prefix,resource_prefix,abs_path,wants",
    [
        ("/", "", "", "/"),
        ("", "", "/", "/"),
        ("", "", "/api", "/api"),
        ("", "", "/api/", "/api/"),
        ("", "", "/apis", "/apis"),
        ("", "/foo", "/bar/foo", "/bar/foo"),
        ("", "/api/foo/123", "/bar/foo", "/bar/foo"),
        ("/p1", "", "", "/p1"),
        ("/p1", "", "/", "/p1/"),
        ("/p1", "", "/api", "/p1/api"),
        ("/p1", "", "/apis", "/p1/apis"),
        ("/p1", "/r1", "/apis", "/p1/apis"),
        ("/p1", "/api/r1", "/apis", "/p1/apis"),
        ("/p1/api/p2", "", "", "/p1/api/p2"),
        ("/p1/api/p2", "", "/", "/p1/api/p2/"),
        ("/p1/api/p2", "", "/api", "/p1/api/p2/api"),
        ("/p1/api/p2", "", "/api/", "/p1/api/p2/api/"),
        ("/p1/api/p2", "/r1", "/api/", "/p1/api/p2/api/"),
        ("/p1/api/p2", "/api/r1", "/api/", "/p1/api/p2/api/"),
    ],
)
def test_abs_path(config_prefix, resource_prefix, abs_path, wants):
    """TestAbsPath, all 19 cases."""
    content = rest.ClientContentConfig(group_version=schema.GroupVersion(group="test"))
    r = rest.new_request_with_client("http://localhost:123" + config_prefix, "", content, None)
    assert r.verb("POST").prefix(resource_prefix).abs_path(abs_path)._path_prefix == wants


def _client() -> rest.RESTClient:
    return rest.new_rest_client("http://localhost", "/api/v1", _content(), None, None)


def test_verbs():
    """TestVerbs."""
    c = _client()
    assert (c.post()._verb, c.put()._verb, c.get()._verb, c.delete()._verb) == ("POST", "PUT", "GET", "DELETE")


def test_unacceptable_param_names():
    """TestUnacceptableParamNames: timeout is no longer protected."""
    r = _client().get()._set_param("timeout", "42")
    assert r._err is None and r._params == {"timeout": ["42"]}


def test_body(tmp_path):
    """TestBody: bytes, a file name, a reader and an object make the request's body (an object with its content
    type); None makes none."""
    data = b"test payload"
    pod = corev1.Pod(metadata=metav1.ObjectMeta(name="foo"))
    expected = runtime.encode(scheme.Codecs.legacy_codec(V1), pod)
    f = tmp_path / "test_body"
    f.write_bytes(data)
    for body, want, content_type in [
        (data, data, None),
        (str(f), data, None),
        (io.BytesIO(data), data, None),
        (pod, expected, "application/json"),
        (None, b"", None),
    ]:
        r = _client().post().body(body)
        assert r._err is None
        if content_type is not None:
            assert r._headers["Content-Type"] == [content_type]
        req = r._new_http_request()
        got = req.body.read() if hasattr(req.body, "read") else (req.body or b"")
        assert got == want


class _Handler:
    def __init__(self):
        self.messages = []

    def handle_warning_header(self, code, agent, text):
        self.messages.append(text)


class _HandlerWithContext:
    def handle_warning_header_with_context(self, ctx, code, agent, text):
        pass


def test_request_warning_handler():
    """TestRequestWarningHandler: a context-free handler is wrapped, a context handler kept as is, None clears."""
    r = _client().get()
    handler = _Handler()
    assert r.warning_handler(handler) is r
    r._warning_handler.handle_warning_header_with_context(context.background(), 0, "", "message")
    assert handler.messages == ["message"]
    with_ctx = _HandlerWithContext()
    assert r.warning_handler_with_context(with_ctx) is r
    assert r._warning_handler is with_ctx
    r = _client().get().warning_handler_with_context(_HandlerWithContext())
    assert r.warning_handler(None)._warning_handler is None
    r = _client().get().warning_handler_with_context(_HandlerWithContext())
    assert r.warning_handler_with_context(None)._warning_handler is None


def test_try_throttle_with_info_context_deadline():
    """TestTryThrottleWithInfoContextDeadline: a cancelled context's error comes back as is, not as a rate limiter
    failure."""
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    r = rest.new_request_with_client("/", "", rest.ClientContentConfig(), None)
    r.throttle(flowcontrol.new_token_bucket_rate_limiter(1, 1))
    with pytest.raises(Exception) as info:
        r._try_throttle_with_info(ctx, "")
    assert isinstance(info.value, context.Canceled)
    assert "client rate limiter" not in str(info.value)


def test_throttled_logger(caplog, monkeypatch):
    """TestThrottledLogger: 10 threads try to log every (fake) second; with V(2) off, the V(0) setting lets one
    message through every 10 seconds (Go runs 1000 seconds, 200 here)."""
    import threading

    from kubernetes_py.utils.clock.testing import FakeClock

    caplog.set_level(logging.INFO, logger="kubernetes_py.rest")
    clock = FakeClock(1_000_000.0)
    monkeypatch.setattr(request.globalThrottledLogger, "clock", clock)
    for setting in request.globalThrottledLogger.settings:
        monkeypatch.setattr(setting, "last_log_time", None)
    seconds, logged = 200, []
    lock = threading.Lock()
    barrier = threading.Barrier(11)

    def attempt():
        for _ in range(seconds):
            barrier.wait(10)
            _, ok = request.globalThrottledLogger.attempt_to_log(logging.getLogger("kubernetes_py.rest"))
            if ok:
                with lock:
                    logged.append(1)
            barrier.wait(10)

    threads = [threading.Thread(target=attempt, name=f"test logger {i}") for i in range(10)]
    for t in threads:
        t.start()
    for _ in range(seconds):
        barrier.wait(10)
        barrier.wait(10)
        clock.step(1)
    for t in threads:
        t.join(10)
    assert not any(t.is_alive() for t in threads)
    assert len(logged) == seconds // 10
