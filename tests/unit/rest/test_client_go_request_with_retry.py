"""client-go rest/request_test.go: TestRequestMaxRetries and TestRequestWithRetry (names of the Go tests in each
docstring)."""

from __future__ import annotations

import io
import re

import pytest
import requests
from werkzeug.wrappers import Response

from kubernetes_py import context, rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake
from kubernetes_py.rest.with_retry import retry_after_response

V1 = schema.GroupVersion(version="v1")


class _NoSleepBackOff(rest.NoBackoff):
    def sleep_with_context(self, ctx, d):
        pass


def _content() -> rest.ClientContentConfig:
    return rest.ClientContentConfig(
        content_type="application/json",
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )


@pytest.mark.parametrize("max_retries,expect_error", [(0, True), (1, False), (5, False)])
def test_request_max_retries(httpserver, max_retries, expect_error):
    """TestRequestMaxRetries: one 429 with Retry-After 1, then 200; no retry fails, one retry or more works (the
    one-second wait is skipped)."""
    calls = [0]

    def handler(request):
        calls[0] += 1
        if calls[0] > 1:
            return Response(b"", status=200)
        return Response(b"", status=429, headers={"Retry-After": "1"})

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    r = rest.new_request_with_client(httpserver.url_for("/"), "", _content(), requests.Session())
    r.verb("get").max_retries(max_retries).abs_path("/foo")
    r._backoff = _NoSleepBackOff()
    if expect_error:
        with pytest.raises(Exception):
            r.do_raw(context.todo())
    else:
        assert r.do_raw(context.todo()) == b""


class _Opaque(io.RawIOBase):
    """readSeeker{}: a streamed body (reads as its end), which a retry cannot replay."""

    def readable(self):
        return True

    def readinto(self, b):
        return 0

    def seek(self, *args):
        raise io.UnsupportedOperation("seek")


_UNEXPECTED_EOF = EOFError("unexpected EOF")


@pytest.mark.parametrize(
    "name,body,returns,err_expected,transform_expected,round_trips_expected",
    [
        ("retry-after response, no request body, retry goes ahead", None, retry_after_response, None, 1, 2),
        ("retry-after response, bytes request body, retry goes ahead", b"", retry_after_response, None, 1, 2),
        ("retry-after response, opaque request body, retry aborted", _Opaque, retry_after_response, None, 1, 1),
        ("retryable err, no request body, retry goes ahead", None, _UNEXPECTED_EOF, _UNEXPECTED_EOF, 0, 2),
        ("retryable err, bytes request body, retry goes ahead", b"", _UNEXPECTED_EOF, _UNEXPECTED_EOF, 0, 2),
        ("retryable err, opaque request body, retry aborted", _Opaque, _UNEXPECTED_EOF, _UNEXPECTED_EOF, 0, 1),
    ],
)
def test_request_with_retry(name, body, returns, err_expected, transform_expected, round_trips_expected):
    """TestRequestWithRetry: a GET with max retries 1; a streamed body is never sent twice."""
    round_trips = [0]

    def rt(req):
        round_trips[0] += 1
        if isinstance(returns, BaseException):
            raise returns
        return returns()

    r = rest.new_request_with_client("http://localhost", "", rest.ClientContentConfig(), fake.create_http_client(rt))
    r.verb("GET").max_retries(1)
    r._backoff = _NoSleepBackOff()
    if body is not None:
        r.body(body() if callable(body) else body)
    transforms = [0]

    def fn(req, resp):  # Go's func(*http.Request, *http.Response)
        transforms[0] += 1

    if err_expected is None:
        r.request(context.background(), fn)
    else:
        with pytest.raises(Exception) as info:
            r.request(context.background(), fn)
        err = info.value
        while err is not err_expected and err.__cause__ is not None:  # Go's unWrap of the url.Error
            err = err.__cause__
        assert err is err_expected
    assert round_trips[0] == round_trips_expected
    assert transforms[0] == transform_expected
