"""client-go rest/request_test.go's testRequestWithRetry over Do, DoRaw, Stream and Watch: TestRequestDoWithRetry,
TestRequestDoRawWithRetry, TestRequestStreamWithRetry, TestRequestWatchWithRetry (attempts made, and how many answer
bodies were closed)."""

from __future__ import annotations

import io

import pytest

from kubernetes_py import rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake

from ._request_calls import NoSleepBackOff, do, do_raw, stream, watch

V1 = schema.GroupVersion(version="v1")


class _TrackedBody(io.BytesIO):
    def __init__(self, closed_bodies):
        super().__init__(b"")
        self._closed_bodies = closed_bodies

    def close(self):
        if not self.closed:
            self._closed_bodies.append(self)
        super().close()


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
    [("Do", do), ("Do", do_raw), ("Stream", stream), ("Watch", watch)],
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
    r._backoff = NoSleepBackOff()
    do(r)
    want_attempts, want_closes = expectations[key]
    assert attempts[0] == want_attempts
    assert len(closed_bodies) == want_closes
