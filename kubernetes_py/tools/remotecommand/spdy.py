"""The SPDY executor (client-go tools/remotecommand/spdy.go): each channel is a SPDY stream of one upgraded
connection (``transport.spdy``, ``apimachinery.util.httpstream.spdy``), the protocol negotiated with
X-Stream-Protocol-Version among v5 down to v1. The upgrade request never follows a redirect (transport.spdy's
negotiate), so client-go's NewSPDYExecutorRejectRedirects has no counterpart: every executor rejects them."""

from __future__ import annotations

import logging
import threading
from typing import Any

import requests

from kubernetes_py import context
from kubernetes_py.apimachinery.util import remotecommand as rc
from kubernetes_py.rest.transport import HTTPClient
from kubernetes_py.transport import _conn
from kubernetes_py.transport import spdy as transportspdy

from .protocols import Threads, new_stream_protocol
from .remotecommand import StreamOptions
from .websocket import _join, _run_stream

__all__ = ["new_spdy_executor", "new_spdy_executor_for_protocols", "new_spdy_executor_for_transports"]

log = logging.getLogger("kubernetes_py.tools.remotecommand")


class _SPDYStreamExecutor:
    def __init__(self, transport: Any, upgrader: Any, method: str, url: str, protocols: list[str]):
        self.transport = transport
        self.upgrader = upgrader
        self.method = method
        self.url = str(url)
        self.protocols = protocols

    def stream(self, options: StreamOptions) -> None:
        self.stream_with_context(context.background(), options)

    def new_connection_and_stream(self, ctx: Any, options: StreamOptions) -> tuple[Any, Any]:
        """The upgraded connection and the stream protocol handler for the negotiated protocol."""
        client = HTTPClient(self.transport)
        with _conn.exchange_for(ctx):
            try:
                conn, protocol = transportspdy.negotiate(
                    self.upgrader, client, requests.Request(self.method, self.url), *self.protocols
                )
            except BaseException as exc:
                err = ctx.err()
                if err is not None:
                    raise err from exc
                raise
        return conn, new_stream_protocol(protocol, options)

    def stream_with_context(self, ctx: Any, options: StreamOptions) -> None:
        ctx = ctx if ctx is not None else context.background()
        err = ctx.err()
        if err is not None:
            raise err
        conn, streamer = self.new_connection_and_stream(ctx, options)
        threads = Threads()
        try:
            _run_stream(ctx, threads, lambda: streamer.stream(conn, None, threads), threading.Event())
        finally:
            conn.close()
            _join(threads)


def new_spdy_executor(config: Any, method: str, url: Any) -> _SPDYStreamExecutor:
    """An Executor over SPDY/3.1 for a rest.Config, asking for v5 down to v1."""
    transport, upgrader = transportspdy.round_tripper_for(config)
    return new_spdy_executor_for_transports(transport, upgrader, method, url)


def new_spdy_executor_for_transports(transport: Any, upgrader: Any, method: str, url: Any) -> _SPDYStreamExecutor:
    return new_spdy_executor_for_protocols(
        transport,
        upgrader,
        method,
        url,
        rc.StreamProtocolV5Name,
        rc.StreamProtocolV4Name,
        rc.StreamProtocolV3Name,
        rc.StreamProtocolV2Name,
        rc.StreamProtocolV1Name,
    )


def new_spdy_executor_for_protocols(
    transport: Any, upgrader: Any, method: str, url: Any, *protocols: str
) -> _SPDYStreamExecutor:
    return _SPDYStreamExecutor(transport, upgrader, method, url, list(protocols))
