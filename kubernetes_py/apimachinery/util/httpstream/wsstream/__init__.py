"""Port of the client side of k8s.io/apimachinery/pkg/util/httpstream/wsstream (k8s.io/streaming's wsstream): the
WebSocket subprotocol header and the channel protocols' names.

"channel.k8s.io" and its versions prefix each binary message with one byte naming the channel (0 stdin, 1 stdout,
2 stderr, 3 error, 4 resize); v5 adds a close signal, the message ``[255, channel]``, that half-closes a channel.
"""

from __future__ import annotations

__all__ = ["Base64ChannelWebSocketProtocol", "ChannelWebSocketProtocol", "WebSocketProtocolHeader"]

# Go canonicalizes the header name this way (net/http.CanonicalHeaderKey).
WebSocketProtocolHeader = "Sec-Websocket-Protocol"
ChannelWebSocketProtocol = "channel.k8s.io"
Base64ChannelWebSocketProtocol = "base64.channel.k8s.io"
