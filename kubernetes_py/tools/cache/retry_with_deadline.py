"""RetryWithDeadline (client-go tools/cache/retry_with_deadline.go): retry errors of one kind for a while.

``after(err)`` records a retryable error (the first of a streak, and the last); a gap of ``min_reset_period``
since the last one starts a new streak. ``should_retry()`` is true while the streak is no older than
``max_retry_duration`` (never when that is <= 0).
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Protocol

__all__ = ["RetryWithDeadline", "new_retry_with_deadline"]


class RetryWithDeadline(Protocol):
    def after(self, err: Optional[BaseException]) -> None: ...

    def should_retry(self) -> bool: ...


class _RetryWithDeadline:
    def __init__(
        self,
        max_retry_duration: float,
        min_reset_period: float,
        is_retryable: Callable[[Optional[BaseException]], bool],
        clock: Any,
    ):
        self._first_error_time: Optional[float] = None
        self._last_error_time: Optional[float] = None
        self._max_retry_duration = max_retry_duration
        self._min_reset_period = min_reset_period
        self._is_retryable = is_retryable
        self._clock = clock

    def _reset(self) -> None:
        self._first_error_time = None
        self._last_error_time = None

    def after(self, err: Optional[BaseException]) -> None:
        if not self._is_retryable(err):
            return
        now = self._clock.now()
        # A zero Go time is long ago: the first error always starts a streak.
        if self._last_error_time is None or now - self._last_error_time >= self._min_reset_period:
            self._reset()
        if self._first_error_time is None:
            self._first_error_time = now
        self._last_error_time = now

    def should_retry(self) -> bool:
        if self._max_retry_duration <= 0:
            return False
        first = self._first_error_time
        if first is not None and self._clock.now() - first <= self._max_retry_duration:
            return True
        self._reset()
        return False


def new_retry_with_deadline(
    max_retry_duration: float,
    min_reset_period: float,
    is_retryable: Callable[[Optional[BaseException]], bool],
    clock: Any,
) -> RetryWithDeadline:
    return _RetryWithDeadline(max_retry_duration, min_reset_period, is_retryable, clock)
