"""Port of k8s.io/apimachinery/pkg/util/httpstream (since 1.37 k8s.io/streaming/pkg/httpstream): what the streaming
clients share, whether they upgrade an HTTP connection to SPDY (``httpstream.spdy``) or to a WebSocket
(``kubernetes_py.transport.websocket``).

``UpgradeFailureError`` is what an upgrade that the server refused becomes (a non-101 answer, or a 101 with a
subprotocol the client did not ask for); ``is_upgrade_failure`` and ``is_https_proxy_error`` are the checks client-go's
fallback executors and dialers use to retry over the older protocol. Unlike Go's, the error's ``unwrap()`` gives its
cause, so ``errors.is_forbidden(err)`` sees the ``StatusError`` of a 403 answer inside it.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional, Protocol

__all__ = [
    "HeaderAcceptedProtocolVersions",
    "HeaderConnection",
    "HeaderProtocolVersion",
    "HeaderUpgrade",
    "Connection",
    "Stream",
    "UpgradeFailureError",
    "is_https_proxy_error",
    "is_upgrade_failure",
    "is_upgrade_request",
]

HeaderConnection = "Connection"
HeaderUpgrade = "Upgrade"
HeaderProtocolVersion = "X-Stream-Protocol-Version"
HeaderAcceptedProtocolVersions = "X-Accepted-Stream-Protocol-Versions"


class Stream(Protocol):
    """One bidirectional channel of an upgraded connection (Go's httpstream.Stream)."""

    def read(self, n: int = -1) -> bytes: ...

    def write(self, data: bytes) -> int: ...

    def close(self) -> None:
        """Half-close: this side will write no more."""

    def reset(self) -> None:
        """Close both directions."""

    def headers(self) -> Mapping[str, str]: ...

    def identifier(self) -> int: ...


class Connection(Protocol):
    """An upgraded connection carrying streams (Go's httpstream.Connection)."""

    def create_stream(self, headers: Mapping[str, str]) -> Stream: ...

    def close(self) -> None: ...

    def close_chan(self) -> Any:
        """A threading.Event set when the connection closed."""

    def set_idle_timeout(self, timeout: float) -> None: ...

    def remove_streams(self, *streams: Stream) -> None: ...


class UpgradeFailureError(Exception):
    """The server did not upgrade the connection; ``cause`` says why (often an ``errors.StatusError``)."""

    def __init__(self, cause: Optional[BaseException] = None):
        super().__init__(cause)
        self.cause = cause

    def __str__(self) -> str:
        return f"unable to upgrade streaming request: {'<nil>' if self.cause is None else self.cause}"

    def unwrap(self) -> Optional[BaseException]:
        return self.cause


def _chain(err: Optional[BaseException]):
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        yield err
        unwrap = getattr(err, "unwrap", None)
        err = unwrap() if callable(unwrap) else err.__cause__


def is_upgrade_failure(err: Optional[BaseException]) -> bool:
    """Whether err is, or wraps (``unwrap()``/``__cause__``), an UpgradeFailureError."""
    return any(isinstance(e, UpgradeFailureError) for e in _chain(err))


def is_https_proxy_error(err: Optional[BaseException]) -> bool:
    """Whether err is the WebSocket dialer's refusal of an https:// proxy (kubernetes/kubernetes#126134)."""
    return err is not None and "proxy: unknown scheme: https" in str(err)


def is_upgrade_request(headers: Mapping[str, Any]) -> bool:
    """Whether a request's headers ask for a connection upgrade (a Connection value containing "upgrade")."""
    getlist = getattr(headers, "getlist", None)
    if getlist is not None:
        values = getlist(HeaderConnection)
    else:
        values = [v for k, v in headers.items() if k.lower() == HeaderConnection.lower()]
        values = [x for v in values for x in (v if isinstance(v, (list, tuple)) else [v])]
    return any(HeaderUpgrade.lower() in v.lower() for v in values)
