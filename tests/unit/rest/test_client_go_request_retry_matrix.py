"""client-go rest/request_test.go's testRequestWithRetry over Do, DoRaw, Stream and Watch: TestRequestDoWithRetry,
TestRequestDoRawWithRetry, TestRequestStreamWithRetry, TestRequestWatchWithRetry (attempts made, and how many answer
bodies were closed)."""

from __future__ import annotations

import io

import pytest

from kubernetes_py import context, rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake

V1 = schema.GroupVersion(version="v1")


class _NoSleepBackOff(rest.NoBackoff):
    def sleep_with_context(self, ctx, d):
        pass


class _TrackedBody(io.BytesIO):
    def __init__(self, closed_bodies):
        super().__init__(b"")
        self._closed_bodies = closed_bodies

    def close(self):
        if not self.closed:
            self._closed_bodies.append(self)
        super().close()


def _do(r):
    r.do(context.background())


def _do_raw(r):
    try:
        r.do_raw(context.background())
    except Exception:
        pass


def _stream(r):
    try:
        r.stream(context.background()).close()
    except Exception:
        pass


def _watch(r):
    try:
        w = r.watch(context.background())
    except Exception:
        return
    list(w.result_chan())  # the empty body ends the watch, which closes it
    w.stop()


RETRY_AFTER = (500, {"Retry-After": "1"})
OK = (200, {})
EOF_ = EOFError("EOF")

# name, answers, expectations by key: (attempts, response bodies closed)
CASES = [
    (
        "server always returns retry-after response",
        [RETRY_AFTER, RETRY_AFTER, RETRY_AFTER],
        {"Do": (3, 3), "Watch": (3, 3), "Stream": (3, 3)},
    ),
    (
        "server always returns retryable error",
        [EOF_, EOF_, EOF_],
        {"Do": (3, 0), "Watch": (3, 0), "Stream": (1, 0)},  # Stream never retries an error
    ),
    (
        "server returns success on the final retry",
        [RETRY_AFTER, EOF_, OK],
        {"Do": (3, 2), "Watch": (3, 2), "Stream": (2, 1)},  # Watch: the last body closed by the watch's end
    ),
]


@pytest.mark.parametrize(
    "key,do",
    [("Do", _do), ("Do", _do_raw), ("Stream", _stream), ("Watch", _watch)],
    ids=[
        "TestRequestDoWithRetry",
        "TestRequestDoRawWithRetry",
        "TestRequestStreamWithRetry",
        "TestRequestWatchWithRetry",
    ],
)
@pytest.mark.parametrize("name,answers,expectations", CASES, ids=[c[0] for c in CASES])
def test_request_with_retry(key, do, name, answers, expectations):
    """testRequestWithRetry: a GET with max retries 2 and a bytes body."""
    attempts = [0]
    closed_bodies = []

    def rt(req):
        answer = answers[attempts[0]]
        attempts[0] += 1
        if isinstance(answer, BaseException):
            raise answer
        status, headers = answer
        resp = fake.new_response(status, b"", headers)
        resp.raw._fp = _TrackedBody(closed_bodies)
        return resp

    content = rest.ClientContentConfig(
        content_type="application/json",
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )
    r = rest.new_request_with_client("http://localhost", "", content, fake.create_http_client(rt))
    r.verb("GET").body(b"").max_retries(2)
    r._backoff = _NoSleepBackOff()
    do(r)
    want_attempts, want_closes = expectations[key]
    assert attempts[0] == want_attempts
    assert len(closed_bodies) == want_closes
