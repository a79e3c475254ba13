"""client-go rest/with_retry_test.go: TestIsNextRetry (every case) and TestWrapPreviousError (names of the Go tests in
each docstring)."""

from __future__ import annotations

import pytest
from requests.structures import CaseInsensitiveDict

from kubernetes_py import context, rest
from kubernetes_py.rest import with_retry

FAKE = RuntimeError("fake error")
ALWAYS_RETRY_ERROR = rest.IsRetryableErrorFunc(lambda request, err: True)  # Go's alwaysRetryError


class _Resp:
    def __init__(self, code, headers=None):
        self.status_code = code
        self.headers = CaseInsensitiveDict(headers or {})


class _HTTPReq:
    method = ""


def _retry_after_response():
    return _Resp(500, {"Retry-After": "1"})


def _reason(n):
    return f"retries: {n}, retry-after: 1s - retry-reason: due to retryable error, error: fake error"


@pytest.mark.parametrize(
    "max_retries,attempts,response,err,retryable,retry_expected,retry_after_expected",
    [
        (2, 1, None, None, None, [False], [None]),  # bad input, response and err are nil
        (0, 1, _retry_after_response(), None, None, [False], [(1, 0.0, "")]),  # zero maximum retry
        (3, 1, None, FAKE, lambda r, e: e is FAKE, [True], [(1, 1.0, _reason(1))]),  # a retryable error
        (
            3,
            1,
            _Resp(429, {"Retry-After": "2", "X-Kubernetes-Pf-Flowschema-Uid": "fs-1"}),
            None,
            None,
            [True],
            [
                (
                    1,
                    2.0,
                    'retries: 1, retry-after: 2s - retry-reason: due to server-side throttling, FlowSchema UID: "fs-1"',
                )
            ],
        ),
        (
            3,
            1,
            _Resp(503, {"Retry-After": "3"}),
            None,
            None,
            [True],
            [(1, 3.0, "retries: 1, retry-after: 3s - retry-reason: 503")],
        ),
        (1, 1, _Resp(429), None, None, [False], [(1, 0.0, "")]),  # no Retry-After header
        (1, 1, _retry_after_response(), FAKE, lambda r, e: e is FAKE, [True], [(1, 1.0, _reason(1))]),  # err first
        (
            3,
            4,
            None,
            FAKE,
            ALWAYS_RETRY_ERROR,
            [True, True, True, False],
            [(1, 1.0, _reason(1)), (2, 1.0, _reason(2)), (3, 1.0, _reason(3)), (4, 0.0, "")],
        ),  # all retries are exhausted
    ],
)
def test_is_next_retry(max_retries, attempts, response, err, retryable, retry_expected, retry_after_expected):
    """TestIsNextRetry."""
    rest_req = rest.new_request_with_client("", "", rest.ClientContentConfig(), None).body(b"")
    r = rest.WithRetry(max_retries)
    got, after = [], []
    for _ in range(attempts):
        got.append(r.is_next_retry(context.todo(), rest_req, _HTTPReq(), response, err, retryable))
        ra = r.retry_after
        after.append(None if ra is None else (ra.attempt, ra.wait, ra.reason))
    assert got == retry_expected
    assert after == retry_after_expected


EOF_ERR = EOFError("EOF")
PREFIX = " - error from a previous attempt: "


@pytest.mark.parametrize(
    "previous,current,wrapped,text",
    [
        (None, None, False, None),
        (RuntimeError("error from a previous attempt"), None, False, None),
        (None, EOF_ERR, False, "EOF"),
        (EOFError("EOF"), EOF_ERR, False, "EOF"),  # the same error
        (RuntimeError("unknown error"), EOF_ERR, True, "EOF" + PREFIX + "unknown error"),
        (EOFError("EOF"), context.Canceled(), True, "context canceled" + PREFIX + "EOF"),
        (EOFError("EOF"), context.DeadlineExceeded(), True, "context deadline exceeded" + PREFIX + "EOF"),
        (
            RuntimeError("should be included in error message - EOF"),
            EOF_ERR,
            True,
            "EOF" + PREFIX + "should be included in error message - EOF",
        ),
    ],
)
def test_wrap_previous_error(previous, current, wrapped, text):
    """TestWrapPreviousError: the final error names the previous attempt's when they differ (unwrap() gives the
    final one)."""
    r = rest.WithRetry(0)
    r._previous_err = previous
    err = r.wrap_previous_error(current)
    if text is None:
        assert err is None
        return
    assert str(err) == text
    assert (err.unwrap() if wrapped else err) is current


def test_before_tracks_the_previous_error():
    """TestWrapPreviousError's "Before should track previous error": a done context's error becomes the current
    one, the one before it the previous."""
    r = rest.WithRetry(0)
    r._current_err = EOF_ERR
    ctx, cancel = context.with_cancel(context.background())
    cancel()
    with pytest.raises(context.Canceled) as info:
        r.before(ctx, rest.new_request_with_client("", "", rest.ClientContentConfig(), None))
    assert r._current_err is info.value
    assert r._previous_err is EOF_ERR
    assert isinstance(r.wrap_previous_error(info.value), with_retry._WrapPreviousError)


def test_is_retryable_error_func():
    """IsRetryableErrorFunc: a function made one, called directly or through is_error_retryable."""
    f = rest.IsRetryableErrorFunc(lambda request, err: err is FAKE)
    assert f(None, FAKE) and f.is_error_retryable(None, FAKE)
    assert not f(None, RuntimeError("other")) and not f.is_error_retryable(None, RuntimeError("other"))
