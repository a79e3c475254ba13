"""Port of k8s.io/apimachinery/pkg/util/remotecommand: the remote command subprotocols and their channels."""

from __future__ import annotations

__all__ = [
    "DefaultStreamCreationTimeout",
    "ExitCodeCauseType",
    "NonZeroExitCodeReason",
    "StreamClose",
    "StreamErr",
    "StreamProtocolV1Name",
    "StreamProtocolV2Name",
    "StreamProtocolV3Name",
    "StreamProtocolV4Name",
    "StreamProtocolV5Name",
    "StreamResize",
    "StreamStdErr",
    "StreamStdIn",
    "StreamStdOut",
    "SupportedStreamingProtocols",
]

DefaultStreamCreationTimeout = 30.0

# The unversioned first protocol (known bugs: kubernetes#13394, #13395).
StreamProtocolV1Name = "channel.k8s.io"
# Fixes v1's issues.
StreamProtocolV2Name = "v2.channel.k8s.io"
# Adds terminal resizing.
StreamProtocolV3Name = "v3.channel.k8s.io"
# Adds exit codes (the error channel carries a metav1.Status).
StreamProtocolV4Name = "v4.channel.k8s.io"
# Adds the close signal (half-close of a channel, e.g. stdin).
StreamProtocolV5Name = "v5.channel.k8s.io"

NonZeroExitCodeReason = "NonZeroExitCode"
ExitCodeCauseType = "ExitCode"

# Channel identifiers: stdin, stdout and stderr are their file descriptors.
StreamStdIn = 0
StreamStdOut = 1
StreamStdErr = 2
StreamErr = 3
StreamResize = 4
StreamClose = 255

SupportedStreamingProtocols = [StreamProtocolV4Name, StreamProtocolV3Name, StreamProtocolV2Name, StreamProtocolV1Name]
