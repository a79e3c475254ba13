"""client-go rest/request_test.go's tables of what the server (a round tripper) returns, attempt by attempt:
TestRequestWatch, TestRequestStream, TestRequestDo (names of the Go tests in each docstring)."""

from __future__ import annotations

import io

import pytest

from kubernetes_py import context, rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake
from kubernetes_py.rest.with_retry import retry_after_response

V1 = schema.GroupVersion(version="v1")


class _NoSleepBackOff(rest.NoBackoff):
    """noSleepBackOff: a NoBackoff that does not even sleep for a Retry-After."""

    def sleep(self, d):
        pass

    def sleep_with_context(self, ctx, d):
        pass


def _content() -> rest.ClientContentConfig:
    return rest.ClientContentConfig(
        content_type="application/json",
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )


class _Server:
    """clientForFunc over a list of (response, error): each attempt takes the next."""

    def __init__(self, returns):
        self.returns = returns
        self.attempts = 0

    def __call__(self, req):
        assert self.attempts < len(self.returns), "the server does not know what to return"
        response, err = self.returns[self.attempts]
        self.attempts += 1
        if err is not None:
            raise err
        return response() if callable(response) else response


def _status(**kw) -> bytes:
    return bytes(runtime.encode(scheme.Codecs.legacy_codec(V1), metav1.Status(**kw)))


def _request(server: _Server, max_retries: int, build_error: bool = False, body=None) -> rest.Request:
    r = rest.new_request_with_client("http://localhost", "", _content(), fake.create_http_client(server))
    if build_error:
        r.name("")  # Request{err: errors.New("bail")}
    if body is not None:
        r.body(body)
    r._backoff = _NoSleepBackOff()
    return r.max_retries(max_retries)


def _ok(body: bytes = b""):
    return lambda: fake.new_response(200, body)


_FORBIDDEN_JSON = (
    lambda: fake.new_response(
        403,
        _status(status="Failure", message="secrets is forbidden", reason="Forbidden", code=403),
        {"Content-Type": "application/json"},
    ),
    None,
)
_UNAUTHORIZED_STATUS = (lambda: fake.new_response(401, _status(status="Failure", reason="Unauthorized")), None)


@pytest.mark.parametrize(
    "name,build_error,max_retries,returns,attempts,is_err,err_fn,empty",
    [
        ("Request has error", True, 0, [], 0, True, None, False),
        ("error is not retryable", False, 0, [(None, RuntimeError("err"))], 1, True, None, False),
        (
            "server returns forbidden with json content",
            False,
            0,
            [_FORBIDDEN_JSON],
            1,
            True,
            lambda err: str(err) == "secrets is forbidden" and errors.is_forbidden(err),
            False,
        ),
        (
            "server returns forbidden without content",
            False,
            0,
            [(lambda: fake.new_response(403), None)],
            1,
            True,
            errors.is_forbidden,
            False,
        ),
        (
            "server returns unauthorized",
            False,
            0,
            [(lambda: fake.new_response(401), None)],
            1,
            True,
            errors.is_unauthorized,
            False,
        ),
        (
            "server returns unauthorized with a Status",
            False,
            0,
            [_UNAUTHORIZED_STATUS],
            1,
            True,
            errors.is_unauthorized,
            False,
        ),
        ("server returns EOF error", False, 0, [(None, EOFError())], 1, False, None, True),
        (
            "server returns can't write HTTP request on broken connection error",
            False,
            0,
            [(None, RuntimeError("http: can't write HTTP request on broken connection"))],
            1,
            False,
            None,
            True,
        ),
        (
            "server returns connection reset by peer",
            False,
            0,
            [(None, RuntimeError("foo: connection reset by peer"))],
            1,
            False,
            None,
            True,
        ),
        ("max retries 2, server always returns EOF error", False, 2, [(None, EOFError())] * 3, 3, False, None, True),
        (
            "max retries 2, server always returns a response with Retry-After header",
            False,
            2,
            [(retry_after_response, None)] * 3,
            3,
            True,
            errors.is_internal_error,
            False,
        ),
    ],
)
def test_request_watch(name, build_error, max_retries, returns, attempts, is_err, err_fn, empty):
    """TestRequestWatch: attempts made, error or watch, and an empty watch for a connection the server ended."""
    server = _Server(returns)
    r = _request(server, max_retries, build_error)
    if is_err:
        with pytest.raises(Exception) as info:
            r.watch(context.background())
        assert server.attempts == attempts
        if err_fn is not None:
            assert err_fn(info.value), repr(info.value)
        return
    w = r.watch(context.background())
    assert server.attempts == attempts
    try:
        if empty:
            assert list(w.result_chan()) == []
    finally:
        w.stop()


class _ReadSeeker(io.RawIOBase):
    """readSeeker: a streamed body that reads as its end at once and cannot seek."""

    def readable(self):
        return True

    def readinto(self, b):
        return 0

    def seek(self, *args):
        raise io.UnsupportedOperation("seek")


_CONTAINER_NAME = (
    "a container name must be specified for pod kube-dns-v20-mz5cv, choose one of: [kubedns dnsmasq healthz]"
)


@pytest.mark.parametrize(
    "name,build_error,max_retries,body,returns,attempts,err_fn",
    [
        ("request has error", True, 0, None, [], 0, lambda err: True),
        ("server returns an error", False, 0, None, [(None, RuntimeError("err"))], 1, lambda err: True),
        ("unauthorized", False, 0, None, [_UNAUTHORIZED_STATUS], 1, lambda err: True),
        (
            "bad request with a Status",
            False,
            0,
            None,
            [
                (
                    lambda: fake.new_response(
                        400,
                        b'{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"'
                        + _CONTAINER_NAME.encode()
                        + b'","reason":"BadRequest","code":400}',
                    ),
                    None,
                )
            ],
            1,
            lambda err: str(err) == _CONTAINER_NAME,
        ),
        (
            "max retries 1, server returns a retry-after response, non-bytes request, no retry",
            False,
            1,
            _ReadSeeker(),
            [(retry_after_response, None)],
            1,
            lambda err: True,
        ),
        (
            "max retries 2, server always returns a response with Retry-After header",
            False,
            2,
            None,
            [(retry_after_response, None)] * 3,
            3,
            errors.is_internal_error,
        ),
        (
            "server returns EOF after attempt 1, retry aborted",
            False,
            2,
            None,
            [(retry_after_response, None), (None, EOFError())],
            2,
            lambda err: isinstance(err, EOFError) or isinstance(err.__cause__, EOFError),
        ),
        (
            "max retries 2, server returns success on the final attempt",
            False,
            2,
            None,
            [(retry_after_response, None), (retry_after_response, None), (_ok(), None)],
            3,
            None,
        ),
    ],
)
def test_request_stream(name, build_error, max_retries, body, returns, attempts, err_fn):
    """TestRequestStream: attempts made, and the error or the body."""
    server = _Server(returns)
    r = _request(server, max_retries, build_error, body)
    if err_fn is None:
        with r.stream(context.background()) as stream:
            assert stream.read() == b""
        assert server.attempts == attempts
        return
    with pytest.raises(Exception) as info:
        r.stream(context.background())
    assert server.attempts == attempts
    assert err_fn(info.value), repr(info.value)


def test_request_do():
    """TestRequestDo: a builder error and a transport error are errors, with no body."""
    for r in (
        _request(_Server([]), 0, build_error=True),
        _request(_Server([(None, RuntimeError("err"))]), 0),
    ):
        result = r.do(context.background())
        with pytest.raises(Exception):
            result.raw()
        assert result._body in (b"", None)
