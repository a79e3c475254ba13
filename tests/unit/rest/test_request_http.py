"""Executing requests against a local HTTP server: exact requests, retries, throttling, warnings, contexts."""

from __future__ import annotations

import gzip
import io
import logging
import threading
import time

import pytest
import requests
from werkzeug.wrappers import Response

from kubernetes_py import context, rest
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.util import net
from kubernetes_py.util import flowcontrol


def _client(httpserver, limiter=None, api_path="/api/v1") -> rest.RESTClient:
    return rest.new_rest_client(
        httpserver.url_for("/"), api_path, rest.ClientContentConfig(), limiter, requests.Session()
    )


class _Counter:
    """A handler answering from a list of (status, headers, body), counting calls and recording requests."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def __call__(self, request):
        self.requests.append((request.method, request.full_path, dict(request.headers), request.get_data()))
        status, headers, body = self.answers[min(len(self.requests), len(self.answers)) - 1]
        return Response(body, status=status, headers=headers)


def test_do_raw_sends_the_exact_request(httpserver):
    httpserver.expect_request(
        "/api/v1/namespaces/ns/configmaps",
        method="POST",
        query_string={"fieldManager": "me", "dryRun": "All"},
        headers={"Accept": "application/json, */*", "Content-Type": "application/json", "X-Extra": "1"},
        data=b'{"kind":"ConfigMap"}',
    ).respond_with_data(b'{"ok":true}', status=201, content_type="application/json")
    body = (
        _client(httpserver)
        .post()
        .namespace("ns")
        .resource("configmaps")
        .param("fieldManager", "me")
        .param("dryRun", "All")
        .set_header("Content-Type", "application/json")
        .set_header("X-Extra", "1")
        .body(b'{"kind":"ConfigMap"}')
        .do_raw(context.background())
    )
    assert body == b'{"ok":true}'
    httpserver.check_assertions()


def test_do_raw_decodes_gzip(httpserver):
    payload = b'{"items":[]}' * 100
    httpserver.expect_request("/api/v1/pods").respond_with_data(
        gzip.compress(payload), headers={"Content-Encoding": "gzip"}, content_type="application/json"
    )
    assert _client(httpserver).get().resource("pods").do_raw() == payload


def test_429_with_retry_after_is_retried_until_success(httpserver):
    h = _Counter((429, {"Retry-After": "0"}, b""), (429, {"Retry-After": "0"}, b""), (200, {}, b"done"))
    httpserver.expect_request("/api/v1/pods").respond_with_handler(h)
    assert _client(httpserver).get().resource("pods").do_raw() == b"done"
    assert len(h.requests) == 3


def test_5xx_without_retry_after_is_not_retried(httpserver):
    h = _Counter((500, {"Retry-After": "soon"}, b"disk full"), (200, {}, b"done"))
    httpserver.expect_request("/api/v1/pods").respond_with_handler(h)
    with pytest.raises(errors.StatusError) as info:
        _client(httpserver).get().resource("pods").do_raw()
    assert len(h.requests) == 1
    assert (
        str(info.value) == 'an error on the server ("disk full") has prevented the request from succeeding (get pods)'
    )
    assert errors.is_internal_error(info.value)


def test_4xx_other_than_429_is_not_retried_even_with_retry_after(httpserver):
    h = _Counter((409, {"Retry-After": "0"}, b""), (200, {}, b"done"))
    httpserver.expect_request("/api/v1/pods").respond_with_handler(h)
    with pytest.raises(errors.StatusError) as info:
        _client(httpserver).get().resource("pods").do_raw()
    assert len(h.requests) == 1
    assert str(info.value) == "the server reported a conflict (get pods)"
    assert errors.is_conflict(info.value)


def test_max_retries_bounds_the_attempts(httpserver):
    h = _Counter((503, {"Retry-After": "0"}, b""))
    httpserver.expect_request("/api/v1/pods").respond_with_handler(h)
    with pytest.raises(errors.StatusError) as info:
        _client(httpserver).get().resource("pods").max_retries(2).do_raw()
    assert len(h.requests) == 3
    assert str(info.value) == "the server is currently unable to handle the request (get pods)"
    assert errors.is_service_unavailable(info.value)
    h.requests.clear()
    with pytest.raises(Exception):
        _client(httpserver).get().resource("pods").do_raw()
    assert len(h.requests) == 11  # the default: 10 retries after the first attempt


def test_streamed_body_is_never_retried(httpserver):
    h = _Counter((429, {"Retry-After": "0"}, b""), (200, {}, b"done"))
    httpserver.expect_request("/api/v1/pods").respond_with_handler(h)
    with pytest.raises(Exception):
        _client(httpserver).post().resource("pods").body(io.BytesIO(b"data")).do_raw()
    assert len(h.requests) == 1
    assert h.requests[0][3] == b"data"


def test_retried_request_resends_the_same_body(httpserver):
    h = _Counter((429, {"Retry-After": "0"}, b""), (201, {}, b"ok"))
    httpserver.expect_request("/api/v1/pods").respond_with_handler(h)
    assert _client(httpserver).post().resource("pods").body(b"data").do_raw() == b"ok"
    assert [r[3] for r in h.requests] == [b"data", b"data"]


class _RecordingLimiter:
    def __init__(self, delay=0.0):
        self.waits = 0
        self.delay = delay

    def wait(self, ctx):
        self.waits += 1
        time.sleep(self.delay)


def test_every_attempt_waits_for_the_rate_limiter(httpserver):
    h = _Counter((429, {"Retry-After": "0"}, b""), (200, {}, b"done"))
    httpserver.expect_request("/api/v1/pods").respond_with_handler(h)
    limiter = _RecordingLimiter()
    _client(httpserver, limiter).get().resource("pods").do_raw()
    assert limiter.waits == 2


def test_throttle_replaces_the_client_limiter(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"x")
    client_limiter, own = _RecordingLimiter(), _RecordingLimiter()
    _client(httpserver, client_limiter).get().resource("pods").throttle(own).do_raw()
    assert (client_limiter.waits, own.waits) == (0, 1)


def test_long_throttle_wait_is_logged(httpserver, caplog):
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"x")
    caplog.set_level(logging.DEBUG, logger="kubernetes_py.rest")
    _client(httpserver, _RecordingLimiter(0.06)).get().resource("pods").do_raw()
    msgs = [r.getMessage() for r in caplog.records if "Waited before sending request" in r.getMessage()]
    assert len(msgs) == 1
    assert msgs[0].startswith('Waited before sending request delay="6')
    assert msgs[0].endswith(
        'reason="client-side throttling, not priority and fairness" verb="GET" '
        f'URL="{httpserver.url_for("/api/v1/pods")}"'
    )


def test_short_throttle_wait_is_not_logged(httpserver, caplog):
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"x")
    caplog.set_level(logging.DEBUG, logger="kubernetes_py.rest")
    _client(httpserver, _RecordingLimiter(0.0)).get().resource("pods").do_raw()
    assert not [r for r in caplog.records if "Waited" in r.getMessage()]


def test_rate_limiter_failure_is_wrapped(httpserver):
    class Failing:
        def wait(self, ctx):
            raise flowcontrol.RateLimiterWaitError("rate: Wait(n=1) would exceed context deadline")

    with pytest.raises(Exception) as info:
        _client(httpserver, Failing()).get().resource("pods").do_raw()
    assert str(info.value) == (
        "client rate limiter Wait returned an error: rate: Wait(n=1) would exceed context deadline"
    )


def test_context_deadline_stops_the_rate_limiter_wait(httpserver):
    limiter = flowcontrol.new_token_bucket_rate_limiter(0.1, 1)
    c = _client(httpserver, limiter)
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"x")
    c.get().resource("pods").do_raw()
    ctx, cancel = context.with_timeout(context.background(), 0.2)
    try:
        with pytest.raises(Exception) as info:
            c.get().resource("pods").do_raw(ctx)
    finally:
        cancel()
    assert "would exceed context deadline" in str(info.value) or isinstance(info.value, context.DeadlineExceeded)


@pytest.fixture
def slow_server(httpserver):
    """The server answers /api/v1/pods only after the test ends (it is released then, not left sleeping)."""
    release = threading.Event()
    httpserver.arrived = []

    def slow(request):
        httpserver.arrived.append(request.query_string)
        release.wait(5)
        return Response(b"late")

    httpserver.expect_request("/api/v1/pods").respond_with_handler(slow)
    yield httpserver
    release.set()
    # Let the server log the released answer now, not in the middle of a later test.
    deadline = time.monotonic() + 5
    while len(httpserver.log) < len(httpserver.arrived) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_context_deadline_aborts_a_hanging_request(slow_server):
    ctx, cancel = context.with_timeout(context.background(), 0.2)
    start = time.monotonic()
    try:
        with pytest.raises(context.DeadlineExceeded):
            _client(slow_server).get().resource("pods").do_raw(ctx)
    finally:
        cancel()
    assert time.monotonic() - start < 1.5


def test_cancel_aborts_a_hanging_request(slow_server):
    ctx, cancel = context.with_cancel(context.background())
    threading.Timer(0.2, cancel).start()
    start = time.monotonic()
    with pytest.raises(context.Canceled):
        _client(slow_server).get().resource("pods").do_raw(ctx)
    assert time.monotonic() - start < 1.5


def test_request_timeout_is_sent_and_enforced(slow_server):
    start = time.monotonic()
    with pytest.raises(context.DeadlineExceeded):
        _client(slow_server).get().resource("pods").timeout(0.2).do_raw()
    assert time.monotonic() - start < 1.5
    assert slow_server.arrived == [b"timeout=200ms"]


def test_a_done_context_sends_nothing(httpserver):
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    with pytest.raises(context.Canceled):
        _client(httpserver).get().resource("never-sent").do_raw(ctx)
    assert [r for r, _ in httpserver.log if "never-sent" in r.path] == []


def test_builder_error_is_raised_by_do_raw_and_do_result(httpserver):
    r = _client(httpserver).get().resource("builder-pods").name("a/b")
    with pytest.raises(Exception) as info:
        r.do_raw()
    assert str(info.value) == "invalid resource name \"a/b\": [may not contain '/']"
    result = _client(httpserver).get().resource("builder-pods").name("").do()
    with pytest.raises(Exception) as info:
        result.raw()
    assert str(info.value) == "resource name may not be empty"
    assert [r for r, _ in httpserver.log if "builder-pods" in r.path] == []


class _Recorder:
    def __init__(self):
        self.seen = []

    def handle_warning_header(self, code, agent, text):
        self.seen.append((code, agent, text))


def _warning_response():
    r = Response(b"ok", status=200)
    r.headers.add("Warning", '299 - "first warning"')
    r.headers.add("Warning", '299 kube-apiserver "second, with comma" "Mon, 01 Jan 2024 00:00:00 GMT", 199 - "misc"')
    r.headers.add("Warning", "garbage")
    return r


def test_warnings_go_to_the_request_handler(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_response(_warning_response())
    rec = _Recorder()
    _client(httpserver).get().resource("pods").warning_handler(rec).stream().close()
    assert rec.seen == [(299, "-", "first warning"), (299, "kube-apiserver", "second, with comma"), (199, "-", "misc")]


def test_default_warning_handler_logs_299_only(httpserver, caplog):
    httpserver.expect_request("/api/v1/pods").respond_with_response(_warning_response())
    caplog.set_level(logging.INFO, logger="kubernetes_py.rest")
    _client(httpserver).get().resource("pods").stream().close()
    assert [r.getMessage() for r in caplog.records if r.name == "kubernetes_py.rest"] == [
        "Warning: first warning",
        "Warning: second, with comma",
    ]


def test_set_default_warning_handler(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_response(_warning_response())
    rec = _Recorder()
    rest.set_default_warning_handler(rec)
    try:
        _client(httpserver).get().resource("pods").stream().close()
    finally:
        rest.set_default_warning_handler(rest.WarningLogger())
    assert len(rec.seen) == 3


def test_no_warnings_handler_drops_them(httpserver, caplog):
    httpserver.expect_request("/api/v1/pods").respond_with_response(_warning_response())
    caplog.set_level(logging.INFO, logger="kubernetes_py.rest")
    _client(httpserver).get().resource("pods").warning_handler(rest.NoWarnings()).stream().close()
    assert [r for r in caplog.records if r.name == "kubernetes_py.rest"] == []


def test_warning_writer_deduplicates_and_colors():
    out = io.StringIO()
    w = rest.new_warning_writer(out, rest.WarningWriterOptions(deduplicate=True))
    for code, text in [(299, "a"), (299, "a"), (199, "b"), (299, ""), (299, "c")]:
        w.handle_warning_header(code, "-", text)
    assert out.getvalue() == "Warning: a\nWarning: c\n"
    assert w.warning_count() == 2
    out = io.StringIO()
    w = rest.new_warning_writer(out, rest.WarningWriterOptions(color=True))
    w.handle_warning_header(299, "-", "a")
    w.handle_warning_header(299, "-", "a")
    assert out.getvalue() == "\x1b[33;1mWarning:\x1b[0m a\n" * 2
    assert w.warning_count() == 2


def test_stream_returns_the_body_as_it_arrives(httpserver):
    httpserver.expect_request("/api/v1/namespaces/ns/pods/p/log", query_string="follow=true").respond_with_data(
        b"line 1\nline 2\n", content_type="text/plain"
    )
    r = _client(httpserver).get().namespace("ns").resource("pods").name("p").sub_resource("log")
    with r.param("follow", "true").stream() as body:
        assert list(body) == [b"line 1\n", b"line 2\n"]


def test_stream_retries_429_and_then_streams(httpserver):
    h = _Counter((429, {"Retry-After": "0"}, b""), (200, {}, b"streamed"))
    httpserver.expect_request("/logs").respond_with_handler(h)
    with _client(httpserver).get().abs_path("/logs").stream() as body:
        assert body.read() == b"streamed"
    assert len(h.requests) == 2


def test_warning_header_parser_errors():
    results, errs = net.parse_warning_headers(['299 - "unterminated', '2999 - "x"', '299  "x"', '299 - "a" x'])
    assert results == []
    assert [str(e) for e in errs] == [
        "invalid warning header: invalid quoted string: missing closing quote",
        "invalid warning header: code segment is not 3 digits between 100-299",
        "invalid warning header: empty agent segment",
        "invalid warning header: unexpected token after warn-date",
    ]
    assert net.new_warning_header(299, "", 'say "hi"') == '299 - "say \\"hi\\""'
    with pytest.raises(ValueError, match="code must be between 0 and 999"):
        net.new_warning_header(1000, "", "x")


def test_session_headers_and_auth_apply_and_cookies_are_not_sent(httpserver):
    httpserver.expect_request("/api/v1/pods", method="POST").respond_with_data(
        b"ok", headers={"Set-Cookie": "session=abc"}
    )
    s = requests.Session()
    s.headers.update({"User-Agent": "my-agent/1.0", "X-Session": "yes"})
    s.auth = ("user", "pass")
    c = rest.new_rest_client(httpserver.url_for("/"), "/api/v1", rest.ClientContentConfig(), None, s)
    c.post().resource("pods").do_raw()
    c.post().resource("pods").set_header("X-Session", "request").do_raw()
    first, second = (r for r, _ in httpserver.log[-2:])
    assert first.headers["User-Agent"] == "my-agent/1.0"
    assert first.headers["X-Session"] == "yes"
    assert first.headers["Authorization"] == "Basic dXNlcjpwYXNz"
    assert first.headers["Content-Length"] == "0"
    assert "Cookie" not in second.headers  # like Go's client without a cookie jar
    assert second.headers["X-Session"] == "request"


def test_result_carries_status_code_content_type_and_warnings(httpserver):
    r = Response(b"{}", status=201, content_type="application/json")
    r.headers.add("Warning", '299 - "deprecated"')
    httpserver.expect_request("/api/v1/pods").respond_with_response(r)
    result = _client(httpserver).post().resource("pods").warning_handler(rest.NoWarnings()).do()
    assert result.status_code() == 201
    assert result.was_created()
    assert result.content_type() == "application/json"
    assert [(w.code, w.agent, w.text) for w in result.warnings()] == [(299, "-", "deprecated")]
    assert result.raw() == b"{}"
    result.error()  # no error: returns None


def test_throttled_logger_logs_at_most_once_per_interval(caplog):
    from kubernetes_py.rest.request import throttledLogger

    caplog.set_level(logging.INFO, logger="kubernetes_py.rest")
    tl = throttledLogger()
    for _ in range(5):
        tl.info("Waited %s", "x")
    assert [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "kubernetes_py.rest"] == [
        (logging.INFO, "Waited x")
    ]
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="kubernetes_py.rest")
    tl = throttledLogger()
    tl.info("Waited %s", "y")
    tl.info("Waited %s", "y")
    assert [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "kubernetes_py.rest"] == [
        (logging.DEBUG, "Waited y")
    ]


def test_logged_urls_hide_passwords():
    from kubernetes_py._go.url import redacted as redacted_url

    assert redacted_url("https://admin:s3cret@h:6443/api/v1?x=1") == "https://admin:xxxxx@h:6443/api/v1?x=1"
    assert redacted_url("https://token@h/api") == "https://token@h/api"
    assert redacted_url("https://h/api/a:b@c") == "https://h/api/a:b@c"
    assert redacted_url("/relative") == "/relative"
