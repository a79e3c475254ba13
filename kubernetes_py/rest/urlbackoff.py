"""Per-host back-off between requests (client-go rest/urlbackoff.go).

A back-off manager has ``update_backoff_with_context(ctx, url, err, response_code)``,
``calculate_backoff_with_context(ctx, url) -> seconds`` and ``sleep_with_context(ctx, seconds)``
(Go's BackoffManagerWithContext); the older context-free form (``update_backoff``, ``calculate_backoff``,
``sleep``) is accepted by ``Request.back_off``. URLs are strings; durations are seconds.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.parse
from typing import Any, Optional, Protocol
from kubernetes_py import context

__all__ = ["BackoffManager", "BackoffManagerWithContext", "NoBackoff", "URLBackoff"]

log = logging.getLogger("kubernetes_py.rest")

_SERVER_IS_OVERLOADED = frozenset({429})
_MAX_RESPONSE_CODE = 499


class BackoffManager(Protocol):
    """Interface without contexts (deprecated in Go: its sleep ignores cancellation)."""

    def update_backoff(self, actual_url: str, err: Optional[BaseException], response_code: int) -> None:
        raise TypeError(f"{type(self).__name__} must implement update_backoff")

    def calculate_backoff(self, actual_url: str) -> float:
        raise TypeError(f"{type(self).__name__} must implement calculate_backoff")

    def sleep(self, d: float) -> None:
        raise TypeError(f"{type(self).__name__} must implement sleep")


class BackoffManagerWithContext(Protocol):
    """Interface: record outcomes per URL, compute the delay before the next request, sleep it."""

    def update_backoff_with_context(
        self, ctx: context.Context | None, actual_url: str, err: Optional[BaseException], response_code: int
    ) -> None:
        raise TypeError(f"{type(self).__name__} must implement update_backoff_with_context")

    def calculate_backoff_with_context(self, ctx: context.Context | None, actual_url: str) -> float:
        raise TypeError(f"{type(self).__name__} must implement calculate_backoff_with_context")

    def sleep_with_context(self, ctx: context.Context | None, d: float) -> None:
        raise TypeError(f"{type(self).__name__} must implement sleep_with_context")


def _sleep_ctx(ctx: context.Context | None, d: float) -> None:
    if d <= 0:
        return
    d = min(d, threading.TIMEOUT_MAX)  # longer than any process lives, and what a wait accepts
    if ctx is None:
        time.sleep(d)
    else:
        ctx.done().wait(d)


class NoBackoff(BackoffManager, BackoffManagerWithContext):
    """Never delays; sleep() still sleeps what it is asked to."""

    def update_backoff(self, actual_url: str, err: Optional[BaseException], response_code: int) -> None:
        return None

    def update_backoff_with_context(
        self, ctx: context.Context | None, actual_url: str, err: Optional[BaseException], response_code: int
    ) -> None:
        return None

    def calculate_backoff(self, actual_url: str) -> float:
        return 0.0

    def calculate_backoff_with_context(self, ctx: context.Context | None, actual_url: str) -> float:
        return 0.0

    def sleep(self, d: float) -> None:
        _sleep_ctx(None, d)

    def sleep_with_context(self, ctx: context.Context | None, d: float) -> None:
        _sleep_ctx(ctx, d)


class URLBackoff(BackoffManager, BackoffManagerWithContext):
    """Exponential back-off per host: grows on 429 and 5xx, resets on any other answer.

    ``backoff`` is a ``util.flowcontrol.Backoff`` (``new_back_off(initial, max)``).
    """

    def __init__(self, backoff: Any):
        self.backoff = backoff

    def disable(self) -> None:
        """Replace the back-off with one that never waits."""
        from kubernetes_py.util import flowcontrol

        self.backoff = flowcontrol.new_back_off(0, 0)

    @staticmethod
    def base_url_key(raw_url: str) -> str:
        return urllib.parse.urlsplit(str(raw_url)).netloc

    def update_backoff(self, actual_url: str, err: Optional[BaseException], response_code: int) -> None:
        self.update_backoff_with_context(None, actual_url, err, response_code)

    def update_backoff_with_context(
        self, ctx: context.Context | None, actual_url: str, err: Optional[BaseException], response_code: int
    ) -> None:
        key = self.base_url_key(actual_url)
        if response_code > _MAX_RESPONSE_CODE or response_code in _SERVER_IS_OVERLOADED:
            self.backoff.next(key, self.backoff.clock.now())
            return
        if response_code >= 300 or err is not None:
            log.debug("Client is returning errors code=%d err=%s", response_code, err)
        self.backoff.reset(key)

    def calculate_backoff(self, actual_url: str) -> float:
        return float(self.backoff.get(self.base_url_key(actual_url)))

    def calculate_backoff_with_context(self, ctx: context.Context | None, actual_url: str) -> float:
        return self.calculate_backoff(actual_url)

    def sleep(self, d: float) -> None:
        self.backoff.clock.sleep(d)

    def sleep_with_context(self, ctx: context.Context | None, d: float) -> None:
        """Wait d on the back-off's clock (a fake one in tests, through its timer, as Go's does), or until ctx ends."""
        from kubernetes_py.utils.clock import RealClock

        clock = self.backoff.clock
        if d <= 0 or isinstance(clock, RealClock):
            _sleep_ctx(ctx, d)
            return
        timer = clock.new_timer(d)
        done = ctx.done() if ctx is not None else None
        try:
            fired = timer.c()
            while done is None or not done.is_set():
                try:
                    fired.recv(timeout=0.01)
                    return
                except TimeoutError:
                    continue
        finally:
            timer.stop()


class backoffManagerNopContext(BackoffManagerWithContext):  # noqa: N801 - client-go's (unexported) type name
    """Adapts a context-free BackoffManager."""

    def __init__(self, manager: Any):
        self.manager = manager

    def update_backoff_with_context(
        self, ctx: context.Context | None, actual_url: str, err: Optional[BaseException], response_code: int
    ) -> None:
        self.manager.update_backoff(actual_url, err, response_code)

    def calculate_backoff_with_context(self, ctx: context.Context | None, actual_url: str) -> float:
        return float(self.manager.calculate_backoff(actual_url))

    def sleep_with_context(self, ctx: context.Context | None, d: float) -> None:
        self.manager.sleep(d)
