"""client-go transport/spdy: SPDY/3.1 connections to the API server from a rest.Config.

    transport, upgrader = spdy.round_tripper_for(config)
    dialer = spdy.new_dialer(upgrader, rest.HTTPClient(transport), "POST", url)
    conn, protocol = dialer.dial("portforward.k8s.io")

``round_tripper_for`` puts the config's authentication, User-Agent and impersonation round trippers over a
``SpdyRoundTripper`` whose connection is made by the config's base transport (the shared ``HTTPTransport``: its TLS
context, certificate rotation, dial and proxy), so no TLS setting is built anywhere else. Connections ping the server
every 5 s, as client-go's do.
"""

from __future__ import annotations

from typing import Any, Protocol

import requests

from kubernetes_py import transport as _transport
from kubernetes_py.apimachinery.util import httpstream
from kubernetes_py.apimachinery.util.httpstream import spdy as httpstreamspdy
from kubernetes_py.transport.transport import tls_cache

__all__ = ["PING_PERIOD", "Upgrader", "new_dialer", "negotiate", "round_tripper_for"]

PING_PERIOD = 5.0


class Upgrader(Protocol):
    def new_connection(self, resp: Any) -> httpstream.Connection: ...


def round_tripper_for(config: Any) -> tuple[Any, httpstreamspdy.SpdyRoundTripper]:
    """(the round tripper to send the upgrade request through, the upgrader making its answer a Connection)."""
    from kubernetes_py.rest import transport as resttransport

    tconf = resttransport.transport_config_for(config)
    base = tls_cache.get(tconf)
    upgrader = httpstreamspdy.SpdyRoundTripper(base, ping_period=PING_PERIOD)
    return _transport.http_wrappers_for_config(tconf, upgrader), upgrader


class _Dialer:
    def __init__(self, upgrader: Upgrader, client: Any, method: str, url: str):
        self.upgrader = upgrader
        self.client = client
        self.method = method
        self.url = url

    def dial(self, *protocols: str) -> tuple[httpstream.Connection, str]:
        return negotiate(self.upgrader, self.client, requests.Request(self.method, str(self.url)), *protocols)


def new_dialer(upgrader: Upgrader, client: Any, method: str, url: Any) -> httpstream.Dialer:
    """A Dialer sending method url through client (a ``rest.HTTPClient`` over round_tripper_for's transport)."""
    return _Dialer(upgrader, client, method, url)


def negotiate(
    upgrader: Upgrader, client: Any, req: requests.Request, *protocols: str
) -> tuple[httpstream.Connection, str]:
    """Send req asking for protocols (X-Stream-Protocol-Version) and upgrade its answer: (connection, the protocol
    the server chose, "" when it named none)."""
    headers = (
        req.headers
        if isinstance(req.headers, requests.structures.CaseInsensitiveDict)
        else requests.structures.CaseInsensitiveDict(req.headers or {})
    )
    req.headers = headers
    prepared = client.prepare_request(req)
    prepared.headers = _with_protocols(prepared.headers, protocols)
    try:
        resp = client.send(prepared, stream=True, allow_redirects=False)
    except requests.exceptions.RequestException as e:
        raise ConnectionError(f"error sending request: {e}") from e
    conn = upgrader.new_connection(resp)
    return conn, resp.headers.get(httpstream.HeaderProtocolVersion, "")


def _with_protocols(headers: Any, protocols: tuple[str, ...]) -> Any:
    from urllib3 import HTTPHeaderDict

    out = HTTPHeaderDict()
    for k, v in headers.items():
        out.add(k, v)
    for p in protocols:
        out.add(httpstream.HeaderProtocolVersion, p)
    return out
