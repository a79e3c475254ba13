"""The fallback executor (client-go tools/remotecommand/fallback.go): try one executor, and another when the first
failed in a way should_fallback accepts (kubectl: ``httpstream.is_upgrade_failure`` or
``httpstream.is_https_proxy_error`` of the WebSocket executor, then SPDY)."""

from __future__ import annotations

import logging
from typing import Any, Callable

from kubernetes_py import context

from .remotecommand import Executor, StreamOptions

__all__ = ["FallbackExecutor", "new_fallback_executor"]

log = logging.getLogger("kubernetes_py.tools.remotecommand")


class FallbackExecutor:
    def __init__(self, primary: Executor, secondary: Executor, should_fallback: Callable[[BaseException], bool]):
        self.primary = primary
        self.secondary = secondary
        self.should_fallback = should_fallback

    def stream(self, options: StreamOptions) -> None:
        self.stream_with_context(context.background(), options)

    def stream_with_context(self, ctx: Any, options: StreamOptions) -> None:
        try:
            self.primary.stream_with_context(ctx, options)
        except Exception as err:
            if not self.should_fallback(err):
                raise
            log.debug("RemoteCommand fallback err=%s", err)
            self.secondary.stream_with_context(ctx, options)


def new_fallback_executor(
    primary: Executor, secondary: Executor, should_fallback: Callable[[BaseException], bool]
) -> FallbackExecutor:
    return FallbackExecutor(primary, secondary, should_fallback)
