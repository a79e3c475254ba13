"""From rest.Config to a configured HTTP client (client-go rest/transport.go).

``http_client_for(config)`` returns an ``HTTPClient``: a ``requests.Session`` whose adapter chain is
``transport_for(config)`` and whose ``timeout`` is the config's (Go's http.Client.Timeout, seconds).
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any, Optional

import requests

from kubernetes_py import transport as _transport
from kubernetes_py.tools import metrics

if TYPE_CHECKING:
    from kubernetes_py.rest.config import Config


class HTTPClient(requests.Session):
    """A requests.Session wired to a client-go transport chain (Go's *http.Client).

    Nothing of the environment leaks in except proxies chosen by the transport: no ~/.netrc credentials,
    no REQUESTS_CA_BUNDLE; default headers are only what Go's client sends.
    """

    def __init__(self, round_tripper: Any, timeout: float = 0.0):
        super().__init__()
        self.trust_env = False
        self.headers.clear()
        self.timeout = float(timeout or 0.0)
        self.transport = round_tripper
        self.mount("https://", round_tripper)
        self.mount("http://", round_tripper)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        if kwargs.get("timeout") is None and self.timeout > 0:
            kwargs["timeout"] = self.timeout
        return super().request(method, url, *args, **kwargs)

    def close_idle_connections(self) -> None:
        rt = self.transport
        while rt is not None:
            if hasattr(rt, "close_idle_connections"):
                rt.close_idle_connections()
                return
            rt = getattr(rt, "delegate", None)

    def __repr__(self) -> str:
        return f"rest.HTTPClient(transport={type(self.transport).__name__}, timeout={self.timeout})"


def transport_config_for(config: Config) -> _transport.Config:
    """The transport.Config for a rest.Config, with exec and auth-provider plugins applied (Go's
    Config.TransportConfig)."""
    metrics.ensure_registered()
    tls = config.tls_client_config
    imp = config.impersonate
    conf = _transport.Config(
        user_agent=config.user_agent,
        transport=config.transport,
        wrap_transport=config.wrap_transport,
        disable_compression=config.disable_compression,
        tls=_transport.TLSConfig(
            insecure=tls.insecure,
            server_name=tls.server_name,
            ca_file=tls.ca_file,
            ca_data=tls.ca_data,
            cert_file=tls.cert_file,
            cert_data=tls.cert_data,
            key_file=tls.key_file,
            key_data=tls.key_data,
            next_protos=tls.next_protos,
        ),
        username=config.username,
        password=config.password,
        bearer_token=config.bearer_token,
        bearer_token_file=config.bearer_token_file,
        impersonate=_transport.ImpersonationConfig(
            user_name=imp.user_name, uid=imp.uid, groups=imp.groups, extra=imp.extra
        ),
        proxy=config.proxy,
    )
    if config.dial is not None:
        conf.dial_holder = _transport.DialHolder(dial=config.dial)
    if config.exec_provider is not None and config.auth_provider is not None:
        raise ValueError("execProvider and authProvider cannot be used in combination")
    if config.exec_provider is not None:
        from kubernetes_py.plugin.pkg.client.auth import exec as _exec
        from kubernetes_py.rest.exec import config_to_exec_cluster

        cluster = None
        if getattr(config.exec_provider, "provide_cluster_info", False):
            cluster = config_to_exec_cluster(config)
        authenticator = _exec.get_authenticator(config.exec_provider, cluster)
        authenticator.update_transport_config(conf)
    if config.auth_provider is not None:
        from kubernetes_py.rest.plugin import get_auth_provider

        provider = get_auth_provider(config.host, config.auth_provider, config.auth_config_persister)
        conf.wrap(provider.wrap_transport)
    return conf


def tls_config_for(config: Config) -> Optional[ssl.SSLContext]:
    """The ssl.SSLContext for a rest.Config, or None when it sets no TLS options."""
    return _transport.tls_config_for(transport_config_for(config))


def transport_for(config: Config) -> Any:
    """The round tripper (requests adapter chain) for a rest.Config."""
    return _transport.new(transport_config_for(config))


def http_wrappers_for_config(config: Config, rt: Any) -> Any:
    """Layer the rest.Config's authentication, User-Agent and impersonation wrappers over rt."""
    return _transport.http_wrappers_for_config(transport_config_for(config), rt)


def http_client_for(config: Config) -> HTTPClient:
    """A configured HTTP client (requests.Session) for a rest.Config: Go's rest.HTTPClientFor."""
    return HTTPClient(transport_for(config), getattr(config, "timeout", 0.0) or 0.0)


__all__ = [
    "HTTPClient",
    "http_client_for",
    "http_wrappers_for_config",
    "tls_config_for",
    "transport_config_for",
    "transport_for",
]
