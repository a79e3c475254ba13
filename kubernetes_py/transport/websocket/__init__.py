"""Port of k8s.io/client-go/transport/websocket: a WebSocket to the API server, through the same transport
configuration as every other request.

Use::

    from kubernetes_py.transport import websocket

    rt, holder = websocket.round_tripper_for(config)             # config: rest.Config
    req = requests.Request("POST", url).prepare()                # the method is not sent: a WebSocket opens with GET
    conn = websocket.negotiate(rt, holder, req, "v5.channel.k8s.io", "v4.channel.k8s.io", ctx=ctx)
    conn.subprotocol()                                           # the protocol the server chose
    conn.write_message(websocket.BinaryMessage, b"\\x00data")
    kind, data = conn.read_message()                             # CloseError when the server closed
    conn.close()

``round_tripper_for`` layers the config's authentication (bearer token or file, basic auth, exec plugin, auth
provider), User-Agent, impersonation and ``wrap_transport`` over ``RoundTripper``, which dials through the base
transport of ``transport.new`` (``HTTPTransport.upgrade``): its TLS context (CA, client certificate, rotation,
insecure only when the config says so), server name, custom dial and proxy (a CONNECT tunnel). ``negotiate`` sends the
opening handshake asking for the given subprotocols; the request's context (``ctx``) cuts the connect and the
handshake. A refused upgrade raises ``httpstream.UpgradeFailureError`` as client-go's does: its cause is the
server's ``metav1.Status`` as an ``errors.StatusError`` when the answer's body holds one (``errors.is_forbidden``
sees it through the wrapper), else "websocket: bad handshake (403 Forbidden): <body>"; a 101 with a subprotocol
that was not asked for is one too ("invalid protocol, expected one of [...], got ...").
"""

from .conn import (
    BinaryMessage,
    CloseAbnormalClosure,
    CloseError,
    CloseGoingAway,
    CloseInternalServerErr,
    CloseMessage,
    CloseNoStatusReceived,
    CloseNormalClosure,
    Conn,
    PingMessage,
    PongMessage,
    TCPAddr,
    TextMessage,
)
from .roundtripper import ConnectionHolder, RoundTripper, negotiate, round_tripper_for

__all__ = [
    "BinaryMessage",
    "CloseAbnormalClosure",
    "CloseError",
    "CloseGoingAway",
    "CloseInternalServerErr",
    "CloseMessage",
    "CloseNoStatusReceived",
    "CloseNormalClosure",
    "Conn",
    "ConnectionHolder",
    "PingMessage",
    "PongMessage",
    "RoundTripper",
    "TCPAddr",
    "TextMessage",
    "negotiate",
    "round_tripper_for",
]
