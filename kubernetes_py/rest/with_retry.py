"""Retry decisions for one request (client-go rest/with_retry.go).

A response is retried only when the server asked for it (429 or 5xx with a numeric ``Retry-After``) or when
the caller's ``is_err_retryable(http_request, err)`` accepts a transport error, which is then handled as a
500 with ``Retry-After: 1``. Requests whose body is a stream (file object) are never retried.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from requests.structures import CaseInsensitiveDict

from kubernetes_py._go import url as _gourl
from kubernetes_py.rest.urlbackoff import NoBackoff
from kubernetes_py.tools import metrics
from kubernetes_py import context

__all__ = ["WithRetry", "RetryAfter", "IsRetryableErrorFunc", "never_retry_error"]

log = logging.getLogger("kubernetes_py.rest")

_RetryableFunc = Callable[[Any, BaseException], bool]


class IsRetryableErrorFunc:
    """Go's IsRetryableErrorFunc: whether a request's error may be retried. Any function (request, err) -> bool
    serves where one is taken; this wraps one the way Go converts a func literal, callable and with
    is_error_retryable."""

    def __init__(self, fn: _RetryableFunc):
        self._fn = fn

    def __call__(self, request: Any, err: BaseException) -> bool:
        return self._fn(request, err)

    def is_error_retryable(self, request: Any, err: BaseException) -> bool:
        return self._fn(request, err)


def never_retry_error(request: Any, err: BaseException) -> bool:
    """An IsRetryableErrorFunc that retries nothing."""
    return False


class RetryAfter:
    """Why and how long to wait before the next attempt."""

    __slots__ = ("wait", "attempt", "reason")

    def __init__(self, wait: float = 0.0, attempt: int = 0, reason: str = ""):
        self.wait = wait
        self.attempt = attempt
        self.reason = reason

    def __repr__(self) -> str:
        return f"rest.RetryAfter(wait={self.wait}, attempt={self.attempt}, reason={self.reason!r})"


class _SyntheticResponse:
    """A response that exists only to drive the retry logic (a retryable transport error)."""

    def __init__(self, status_code: int, retry_after: str):
        self.status_code = status_code
        self.headers = CaseInsensitiveDict({"Retry-After": retry_after})


def retry_after_response() -> Any:
    """Go's retryAfterResponse: an empty 500 answer asking to retry after one second."""
    return retry_after_response_with_delay("1")


def retry_after_response_with_delay(delay: str) -> Any:
    """Go's retryAfterResponseWithDelay: an empty 500 answer with this Retry-After."""
    return retry_after_response_with_code_and_delay(500, delay)


def retry_after_response_with_code_and_delay(code: int, delay: str) -> Any:
    """Go's retryAfterResponseWithCodeAndDelay: an empty answer with this status and Retry-After (a
    requests.Response, as a round tripper returns)."""
    from kubernetes_py.rest.fake import new_response

    return new_response(code, b"", {"Retry-After": delay})


def retry_after_seconds(resp: Any) -> tuple[int, bool]:
    """The numeric ``Retry-After`` header of a response and True, else (0, False)."""
    value = resp.headers.get("Retry-After")
    if value:
        try:
            return _atoi(value), True
        except ValueError:
            pass
    return 0, False


_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _atoi(s: str) -> int:
    # Go's strconv.Atoi on a 64-bit machine: optional sign, ASCII digits, and a value that fits int64.
    body = s[1:] if s[:1] in "+-" else s
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError(s)
    n = int(s)
    if not _INT64_MIN <= n <= _INT64_MAX:
        raise ValueError(s)
    return n


def _seconds_as_duration(seconds: int) -> float:
    """Go's time.Duration(seconds) * time.Second, in seconds: the product wraps around int64 as Go's does."""
    ns = (seconds * 1_000_000_000 - _INT64_MIN) % (1 << 64) + _INT64_MIN
    return ns / 1e9


def _check_wait(resp: Any) -> tuple[int, bool]:
    code = resp.status_code
    if not (code == 429 or code >= 500):
        return 0, False
    return retry_after_seconds(resp)


def _retry_reason(retries: int, seconds: int, resp: Any, err: Optional[BaseException]) -> str:
    message = f"retries: {retries}, retry-after: {seconds}s"
    if resp.status_code == 429:
        uid = resp.headers.get("X-Kubernetes-PF-FlowSchema-UID", "")
        return f'{message} - retry-reason: due to server-side throttling, FlowSchema UID: "{uid}"'
    if err is not None:
        return f"{message} - retry-reason: due to retryable error, error: {err}"
    return f"{message} - retry-reason: {resp.status_code}"


class _WrapPreviousError(Exception):
    """The final error of a retried request together with the error of the attempt before it."""

    def __init__(self, current: BaseException, previous: BaseException):
        super().__init__(f"{current} - error from a previous attempt: {previous}")
        self.current_err = current
        self.previous_error = previous
        self.__cause__ = current

    def unwrap(self) -> BaseException:
        return self.current_err


class WithRetry:
    """Retry bookkeeping of one Request execution; ``max_retries`` bounds the attempts after the first."""

    def __init__(self, max_retries: int):
        self.max_retries = max_retries
        self.attempts = 0
        self.retry_after: Optional[RetryAfter] = None
        self._previous_err: Optional[BaseException] = None
        self._current_err: Optional[BaseException] = None

    def _track_previous_error(self, err: Optional[BaseException]) -> None:
        if self._current_err is not None:
            self._previous_err = self._current_err
        self._current_err = err

    def is_next_retry(
        self,
        ctx: context.Context,
        rest_req: Any,
        http_req: Any,
        resp: Any,
        err: Optional[BaseException],
        is_err_retryable: Optional[_RetryableFunc],
    ) -> bool:
        """Whether another attempt should follow this response or error (and prepare its wait)."""
        try:
            if http_req is None or (resp is None and err is None):
                return False
            if rest_req._body_stream is not None:
                return False
            self.attempts += 1
            self.retry_after = RetryAfter(attempt=self.attempts)
            if self.attempts > self.max_retries:
                return False
            retryable = False
            if is_err_retryable is not None and err is not None and is_err_retryable(http_req, err):
                retryable = True
                resp = _SyntheticResponse(500, "1")
            if err is not None and not retryable:
                return False
            seconds, wait = _check_wait(resp)
            if not wait:
                return False
            self.retry_after.wait = _seconds_as_duration(seconds)
            self.retry_after.reason = _retry_reason(self.attempts, seconds, resp, err)
            return True
        finally:
            self._track_previous_error(err)

    def before(self, ctx: context.Context, request: Any) -> None:
        """Wait (back-off, Retry-After, rate limiter) before an attempt; raises the context's error."""
        ctx_err = ctx.err()
        if ctx_err is not None:
            self._track_previous_error(ctx_err)
            raise ctx_err
        backoff = request._backoff
        if type(backoff) is NoBackoff:
            backoff = None  # never waits: skip building the URL for it
        if self.retry_after is None:
            if backoff is not None:
                backoff.sleep_with_context(ctx, backoff.calculate_backoff_with_context(ctx, request.url()))
            return
        delay = 0.0
        if backoff is not None:
            delay = backoff.calculate_backoff_with_context(ctx, request.url())
        if self.retry_after.wait > delay:
            delay = self.retry_after.wait
        if request._backoff is not None:
            request._backoff.sleep_with_context(ctx, delay)
        try:
            request._try_throttle_with_info(ctx, self.retry_after.reason)
        except BaseException:
            self._track_previous_error(ctx.err())
            raise
        log.debug(
            "Got a Retry-After response delay=%ss attempt=%d url=%s",
            self.retry_after.wait,
            self.retry_after.attempt,
            _gourl.redacted(request.url()),
        )

    def after(self, ctx: context.Context, request: Any, resp: Any, err: Optional[BaseException]) -> None:
        """Record an attempt's outcome in the request metrics and with the request's back-off manager."""
        is_retry = self.retry_after is not None
        self.retry_after = None
        # Every attempt counts as a request; every attempt after the first also as a retry.
        if not metrics.is_noop(metrics.RequestResult) or (is_retry and not metrics.is_noop(metrics.RequestRetry)):
            code = "<error>" if resp is None else str(resp.status_code)
            host = request._metrics_host()
            metrics.RequestResult.increment(ctx, code, request._verb, host)
            if is_retry:
                metrics.RequestRetry.increment_retry(ctx, code, request._verb, host)
        backoff = request._backoff
        if request._client._base is not None and backoff is not None and type(backoff) is not NoBackoff:
            status = 0 if err is not None or resp is None else resp.status_code
            backoff.update_backoff_with_context(ctx, request.url(), err, status)

    def wrap_previous_error(self, current: Optional[BaseException]) -> Optional[BaseException]:
        """The final error, annotated with the previous attempt's error when that differs."""
        if current is None or self._previous_err is None:
            return current
        if str(current) == str(self._previous_err):
            return current
        return _WrapPreviousError(current, self._previous_err)
