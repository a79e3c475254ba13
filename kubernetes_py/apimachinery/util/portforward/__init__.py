"""k8s.io/apimachinery/pkg/util/portforward: the port-forward protocol's names."""

from __future__ import annotations

__all__ = [
    "KubernetesSuffix",
    "PortForwardV1Name",
    "WebsocketsSPDYTunnelingPortForwardV1",
    "WebsocketsSPDYTunnelingPrefix",
]

PortForwardV1Name = "portforward.k8s.io"
WebsocketsSPDYTunnelingPrefix = "SPDY/3.1+"
KubernetesSuffix = ".k8s.io"
WebsocketsSPDYTunnelingPortForwardV1 = WebsocketsSPDYTunnelingPrefix + PortForwardV1Name
