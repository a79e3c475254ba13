"""client-go rest/request_test.go's generic retry tests over Do (DoRaw), Stream and Watch:
testRetryWithRateLimiterBackoffAndMetrics (TestRequest{Do,Stream,Watch}RetryWithRateLimiterBackoffAndMetrics),
testWithRetryInvokeOrder (TestRequest{Do,Stream,Watch}WithRetryInvokeOrder) and testWithWrapPreviousError
(TestRequestDoWithWrapPreviousError, TestRequestWatchWithWrapPreviousError)."""

from __future__ import annotations

import pytest

from kubernetes_py import context, rest
from kubernetes_py._go import time as gotime
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.rest import fake
from kubernetes_py.rest.with_retry import retry_after_response, retry_after_response_with_delay
from kubernetes_py.tools import metrics

V1 = schema.GroupVersion(version="v1")


class _NoSleepBackOff(rest.NoBackoff):
    def sleep_with_context(self, ctx, d):
        pass


class _AlwaysLimiter:
    """flowcontrol.NewFakeAlwaysRateLimiter: never waits."""

    def wait(self, ctx):
        pass


def _ok():
    return fake.new_response(200)


def _request(answers, on_do=None) -> tuple[rest.Request, list]:
    attempts = [0]

    def rt(req):
        answer = answers[attempts[0]]
        attempts[0] += 1
        if on_do is not None:
            on_do()
        if isinstance(answer, BaseException):
            raise answer
        return answer()

    content = rest.ClientContentConfig(
        content_type="application/json",
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )
    r = rest.new_request_with_client("http://foo.bar", "/api/v1", content, fake.create_http_client(rt))
    r.verb("GET").body(b"")
    return r, attempts


def _do(ctx, r):
    r.do_raw(ctx)


def _stream(ctx, r):
    r.stream(ctx).close()


def _watch(ctx, r):
    w = r.watch(ctx)
    list(w.result_chan())
    w.stop()


KEYS = [("Do", _do), ("Stream", _stream), ("Watch", _watch)]
IDS = ["Do", "Stream", "Watch"]

INVOKE_ORDER_WANT = [
    "RateLimiter.Wait",
    "BackoffManager.CalculateBackoff",
    "BackoffManager.Sleep",
    "Client.Do",
    "RequestResult.Increment",
    "BackoffManager.UpdateBackoff",
    "BackoffManager.CalculateBackoff",
    "BackoffManager.Sleep",
    "RateLimiter.Wait",
    "Client.Do",
    "RequestResult.Increment",
    "RequestRetry.IncrementRetry",
    "BackoffManager.UpdateBackoff",
]


class _Interceptor:
    """withRateLimiterBackoffManagerAndMetrics: rate limiter, back-off manager and result metrics in one, recording
    the order of the calls, the sleeps and the status codes."""

    def __init__(self, calculate_backoff_fn):
        self.calculate_backoff_fn = calculate_backoff_fn
        self.seq = 0
        self.order, self.sleeps, self.codes = [], [], []

    def wait(self, ctx):
        self.order.append("RateLimiter.Wait")

    def calculate_backoff_with_context(self, ctx, url):
        self.order.append("BackoffManager.CalculateBackoff")
        d = self.calculate_backoff_fn(self.seq)
        self.seq += 1
        return d

    def update_backoff_with_context(self, ctx, url, err, code):
        self.order.append("BackoffManager.UpdateBackoff")

    def sleep_with_context(self, ctx, d):
        self.order.append("BackoffManager.Sleep")
        self.sleeps.append(gotime.duration_string(d))

    def increment(self, ctx, code, method, host):
        self.order.append("RequestResult.Increment")
        self.codes.append(code)

    def increment_retry(self, ctx, code, method, host):
        self.order.append("RequestRetry.IncrementRetry")
        self.codes.append(code)

    def do(self):
        self.order.append("Client.Do")


@pytest.mark.parametrize("key,do", KEYS, ids=IDS)
@pytest.mark.parametrize(
    "delay,backoff_step,second_sleep",
    [("5", 1.0, "5s"), ("2", 4.0, "4s")],
    ids=["Retry-After > CalculateBackoff", "Retry-After < CalculateBackoff"],
)
def test_retry_with_rate_limiter_backoff_and_metrics(monkeypatch, key, do, delay, backoff_step, second_sleep):
    """testRetryWithRateLimiterBackoffAndMetrics: 500 with Retry-After, then 200; the rate limiter, back-off and
    metrics are called in client-go's order (a watch does not wait for the rate limiter before its first attempt),
    the second sleep the longer of Retry-After and the back-off."""
    interceptor = _Interceptor(lambda i: i * backoff_step)
    monkeypatch.setattr(metrics, "RequestResult", interceptor)
    monkeypatch.setattr(metrics, "RequestRetry", interceptor)
    r, attempts = _request([lambda: retry_after_response_with_delay(delay), _ok], interceptor.do)
    r.throttle(interceptor)
    r._backoff = interceptor
    r.max_retries(1)
    do(context.background(), r)
    assert attempts[0] == 2
    assert interceptor.order == (INVOKE_ORDER_WANT[1:] if key == "Watch" else INVOKE_ORDER_WANT)
    assert interceptor.sleeps == ["0s", second_sleep]
    assert interceptor.codes == ["500", "200", "200"]


class _RetryInterceptor(rest.WithRetry):
    """retryInterceptor: a WithRetry recording its calls."""

    def __init__(self, max_retries):
        super().__init__(max_retries)
        self.order = []

    def is_next_retry(self, *args):
        self.order.append("WithRetry.IsNextRetry")
        return super().is_next_retry(*args)

    def before(self, ctx, request):
        self.order.append("WithRetry.Before")
        return super().before(ctx, request)

    def after(self, ctx, request, resp, err):
        self.order.append("WithRetry.After")
        super().after(ctx, request, resp, err)


DEFAULT_INVOKE_ORDER = [
    "WithRetry.Before",
    "Client.Do",
    "WithRetry.After",
    "WithRetry.IsNextRetry",
    "WithRetry.Before",
    "Client.Do",
    "WithRetry.After",
    "WithRetry.IsNextRetry",
]


@pytest.mark.parametrize("key,do", KEYS, ids=IDS)
def test_with_retry_invoke_order(key, do):
    """testWithRetryInvokeOrder: Before, the exchange, After, IsNextRetry for each attempt; Watch and Stream return
    at the success without the last IsNextRetry."""
    interceptor = _RetryInterceptor(1)
    r, attempts = _request([retry_after_response, _ok], lambda: interceptor.order.append("Client.Do"))
    r.throttle(_AlwaysLimiter())
    r._backoff = _NoSleepBackOff()  # Go's NoBackoff sleeps the one-second Retry-After; skipped to stay fast
    r._retry_fn = lambda max_retries: interceptor
    do(context.background(), r)
    assert attempts[0] == 2
    assert interceptor.order == (DEFAULT_INVOKE_ORDER if key == "Do" else DEFAULT_INVOKE_ORDER[:-1])


NON_RETRYABLE = RuntimeError("non retryable error")
PREVIOUS = " - error from a previous attempt: "


def _eof():
    return EOFError("EOF")


def _unexpected_eof():
    return EOFError("unexpected EOF")


WRAP_CASES = [
    ("success at first attempt", 2, [_ok], 1, None, ""),
    ("success after a series of retry-after from the server", 2, [retry_after_response] * 2 + [_ok], 3, None, ""),
    ("success after a series of retryable errors", 2, [_eof, _eof, _ok], 3, None, ""),
    ("request errors out with a non retryable error", 2, [NON_RETRYABLE], 1, NON_RETRYABLE, "non retryable error"),
    (
        "request times out after retries, but no previous error",
        2,
        [retry_after_response, retry_after_response, context.Canceled],
        3,
        context.Canceled,
        "context canceled",
    ),
    (
        "request times out after retries, and we have a relevant previous error",
        3,
        [_eof, retry_after_response, retry_after_response, context.Canceled],
        4,
        context.Canceled,
        "context canceled" + PREVIOUS + "EOF",
    ),
    (
        "interleaved retry-after responses with retryable errors",
        8,
        [retry_after_response] * 2
        + [_unexpected_eof]
        + [retry_after_response] * 2
        + [_eof]
        + [retry_after_response] * 2
        + [context.Canceled],
        9,
        context.Canceled,
        "context canceled" + PREVIOUS + "EOF",
    ),
    (
        "request errors out with a retryable error, followed by a non-retryable one",
        3,
        [_eof, NON_RETRYABLE],
        2,
        NON_RETRYABLE,
        "non retryable error" + PREVIOUS + "EOF",
    ),
    (
        "use the most recent error",
        2,
        [_unexpected_eof, _eof, context.Canceled],
        3,
        context.Canceled,
        "context canceled" + PREVIOUS + "EOF",
    ),
]


@pytest.mark.parametrize("key,do", [("Do", _do), ("Watch", _watch)], ids=["Do", "Watch"])
@pytest.mark.parametrize(
    "name,max_retries,returns,attempts_expected,expected,text", WRAP_CASES, ids=[c[0] for c in WRAP_CASES]
)
def test_with_wrap_previous_error(key, do, name, max_retries, returns, attempts_expected, expected, text):
    """testWithWrapPreviousError: the final error names the last different error of the attempts before it."""
    answers = []
    for a in returns:
        if isinstance(a, type) and issubclass(a, BaseException):
            answers.append(a())
        elif a in (_eof, _unexpected_eof):
            answers.append(a())
        else:
            answers.append(a)
    r, attempts = _request(answers)
    r.throttle(_AlwaysLimiter())
    r._backoff = _NoSleepBackOff()
    r.max_retries(max_retries)
    if expected is None:
        do(context.background(), r)
        assert attempts[0] == attempts_expected
        return
    with pytest.raises(Exception) as info:
        do(context.background(), r)
    assert attempts[0] == attempts_expected
    assert str(info.value).endswith(text)
    err = info.value.unwrap() if PREVIOUS in text else info.value
    while not isinstance(err, type(expected) if isinstance(expected, BaseException) else expected) and err.__cause__:
        err = err.__cause__
    assert isinstance(err, type(expected) if isinstance(expected, BaseException) else expected)
