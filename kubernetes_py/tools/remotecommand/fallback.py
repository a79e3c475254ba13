"""The fallback executor (client-go tools/remotecommand/fallback.go): try one executor, and another when the first
failed in a way should_fallback accepts (kubectl: ``httpstream.is_upgrade_failure`` or
``httpstream.is_https_proxy_error`` of the WebSocket executor, then SPDY).

As in client-go, should_fallback is asked about the primary's outcome whatever it was: with the error it raised, or
with None when it succeeded (a predicate that says True to None runs the secondary after a successful primary)."""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from kubernetes_py import context

from .remotecommand import Executor, StreamOptions

__all__ = ["FallbackExecutor", "new_fallback_executor"]

log = logging.getLogger("kubernetes_py.tools.remotecommand")


class FallbackExecutor:
    def __init__(
        self, primary: Executor, secondary: Executor, should_fallback: Callable[[Optional[BaseException]], bool]
    ):
        self.primary = primary
        self.secondary = secondary
        self.should_fallback = should_fallback

    def stream(self, options: StreamOptions) -> None:
        self.stream_with_context(context.background(), options)

    def stream_with_context(self, ctx: Any, options: StreamOptions) -> None:
        err: Optional[Exception] = None
        try:
            self.primary.stream_with_context(ctx, options)
        except Exception as e:  # noqa: BLE001 - every error is the predicate's to judge, as in client-go
            err = e
        if self.should_fallback(err):
            log.debug("RemoteCommand fallback err=%s", err)
            self.secondary.stream_with_context(ctx, options)
        elif err is not None:
            raise err


def new_fallback_executor(
    primary: Executor, secondary: Executor, should_fallback: Callable[[Optional[BaseException]], bool]
) -> FallbackExecutor:
    return FallbackExecutor(primary, secondary, should_fallback)
