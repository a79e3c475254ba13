"""client-go tools/portforward: forward local ports to a pod (see ``portforward`` for the forwarder's threads).

Dialers, as kubectl port-forward builds them: the WebSocket tunnel first, SPDY when the server cannot upgrade to a
WebSocket (or an https proxy is in the way)::

    tunneling = portforward.new_spdy_over_websocket_dialer(url, config)
    rt, upgrader = spdy.round_tripper_for(config)                      # kubernetes_py.transport.spdy
    upgrading = spdy.new_dialer(upgrader, rest.HTTPClient(rt), "POST", url)
    dialer = portforward.new_fallback_dialer(
        tunneling, upgrading, lambda err: httpstream.is_upgrade_failure(err) or httpstream.is_https_proxy_error(err))
"""

from .fallback_dialer import FallbackDialer, new_fallback_dialer
from .portforward import (
    ErrLostConnectionToPod,
    ForwardedPort,
    PortForwarder,
    PortForwardProtocolV1Name,
    new,
    new_on_addresses,
    new_on_addresses_with_context,
    parse_addresses,
    parse_ports,
)
from .tunneling import PingPeriod, TunnelingConnection, new_spdy_over_websocket_dialer, new_tunneling_connection

__all__ = [
    "ErrLostConnectionToPod",
    "FallbackDialer",
    "ForwardedPort",
    "PingPeriod",
    "PortForwardProtocolV1Name",
    "PortForwarder",
    "TunnelingConnection",
    "new",
    "new_fallback_dialer",
    "new_on_addresses",
    "new_on_addresses_with_context",
    "new_spdy_over_websocket_dialer",
    "new_tunneling_connection",
    "parse_addresses",
    "parse_ports",
]
