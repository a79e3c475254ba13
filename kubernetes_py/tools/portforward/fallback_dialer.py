"""client-go tools/portforward FallbackDialer: the primary dialer, else the secondary when should_fallback(error)."""

from __future__ import annotations

import logging
from typing import Callable

from kubernetes_py.apimachinery.util import httpstream

log = logging.getLogger("kubernetes_py.tools.portforward")


class FallbackDialer:
    def __init__(
        self, primary: httpstream.Dialer, secondary: httpstream.Dialer, should_fallback: Callable[[BaseException], bool]
    ):
        self.primary = primary
        self.secondary = secondary
        self.should_fallback = should_fallback

    def dial(self, *protocols: str) -> tuple[httpstream.Connection, str]:
        try:
            return self.primary.dial(*protocols)
        except Exception as e:
            if not self.should_fallback(e):
                raise
            log.debug("fallback to secondary dialer from primary dialer err: %s", e)
        return self.secondary.dial(*protocols)


def new_fallback_dialer(
    primary: httpstream.Dialer, secondary: httpstream.Dialer, should_fallback: Callable[[BaseException], bool]
) -> FallbackDialer:
    return FallbackDialer(primary, secondary, should_fallback)
