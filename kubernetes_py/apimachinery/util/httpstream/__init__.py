"""Port of k8s.io/apimachinery/pkg/util/httpstream (since 1.37 k8s.io/streaming/pkg/httpstream): what the streaming
clients share, whether they upgrade an HTTP connection to SPDY (``httpstream.spdy``) or to a WebSocket
(``kubernetes_py.transport.websocket``).

``UpgradeFailureError`` is what an upgrade that the server refused becomes (a non-101 answer, or a 101 with a
subprotocol the client did not ask for); ``is_upgrade_failure`` and ``is_https_proxy_error`` are the checks client-go's
fallback executors and dialers use to retry over the older protocol. Unlike Go's, the error's ``unwrap()`` gives its
cause, so ``errors.is_forbidden(err)`` sees the ``StatusError`` of a 403 answer inside it.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Iterator, Mapping, Optional, Protocol

from urllib3 import HTTPHeaderDict

__all__ = [
    "HeaderAcceptedProtocolVersions",
    "HeaderConnection",
    "HeaderProtocolVersion",
    "HeaderUpgrade",
    "Connection",
    "Dialer",
    "HandshakeError",
    "NewStreamHandler",
    "Stream",
    "UpgradeRoundTripper",
    "handshake",
    "no_op_new_stream_handler",
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


class Dialer(Protocol):
    """Opens an upgraded connection speaking one of protocols: ``dial(*protocols) -> (Connection, protocol)``."""

    def dial(self, *protocols: str) -> tuple[Connection, str]: ...


class UpgradeRoundTripper(Protocol):
    """A round tripper (requests adapter) whose answered upgrade becomes a Connection."""

    def send(self, request: Any, **kwargs: Any) -> Any: ...

    def new_connection(self, resp: Any) -> Connection: ...


# NewStreamHandler(stream, reply_sent: threading.Event): the server side's hook for each stream the client opens;
# raising rejects the stream.
NewStreamHandler = Callable[[Any, threading.Event], None]


def no_op_new_stream_handler(stream: Any, reply_sent: threading.Event) -> None:
    """Accepts every stream."""


class UpgradeFailureError(Exception):
    """The server did not upgrade the connection; ``cause`` says why (often an ``errors.StatusError``)."""

    def __init__(self, cause: Optional[BaseException] = None):
        super().__init__(cause)
        self.cause = cause

    def __str__(self) -> str:
        return f"unable to upgrade streaming request: {'<nil>' if self.cause is None else self.cause}"

    def unwrap(self) -> Optional[BaseException]:
        return self.cause


def _chain(err: Optional[BaseException]) -> Iterator[BaseException]:
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


def _negotiate_protocol(client_protocols: list[str], server_protocols: list[str]) -> str:
    for c in client_protocols:
        if c in server_protocols:
            return c
    return ""


def _comma_separated_header_values(values: list[str]) -> list[str]:
    out = []
    for value in values:
        for proto in value.split(","):
            proto = proto.strip(" ")
            if proto:
                out.append(proto)
    return out


class HandshakeError(Exception):
    """The client's protocols did not fit: ``status`` is the HTTP status the server answers with, ``headers``
    the headers it adds (the accepted versions)."""

    def __init__(self, message: str, status: int, headers: Optional[HTTPHeaderDict] = None):
        super().__init__(message)
        self.status = status
        self.headers = headers if headers is not None else HTTPHeaderDict()


def handshake(request_headers: HTTPHeaderDict, server_protocols: list[str]) -> str:
    """The server side of the version negotiation: the protocol to answer in X-Stream-Protocol-Version, or
    HandshakeError with the answer's status (400 or 403) and message, as Go's httpstream.Handshake writes them."""
    if not server_protocols:
        raise ValueError("unable to upgrade: serverProtocols is required")
    values = request_headers.getlist(HeaderProtocolVersion)
    if HeaderProtocolVersion not in request_headers:
        raise HandshakeError(
            f"unable to upgrade: header {HeaderProtocolVersion} does not exist in request with "
            f"{len(request_headers)} headers",
            400,
        )
    if not values:
        raise HandshakeError(f"unable to upgrade: header {HeaderProtocolVersion} is empty", 400)
    client_protocols = _comma_separated_header_values(values)
    if not client_protocols:
        raise HandshakeError(
            f"unable to upgrade: header {HeaderProtocolVersion} contains [{' '.join(values)}], but no valid protocols",
            400,
        )
    negotiated = _negotiate_protocol(client_protocols, server_protocols)
    if not negotiated:
        headers = HTTPHeaderDict()
        for p in server_protocols:
            headers.add(HeaderAcceptedProtocolVersions, p)
        raise HandshakeError(
            f"unable to upgrade: unable to negotiate protocol: client supports "
            f"[{' '.join(client_protocols)}], server accepts [{' '.join(server_protocols)}]",
            403,
            headers,
        )
    return negotiated
