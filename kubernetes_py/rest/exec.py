"""rest.Config <-> the Cluster an exec credential plugin is told about (client-go rest/exec.go)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubernetes_py._go import url as _gourl
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.pkg.apis.clientauthentication import Cluster
from kubernetes_py.transport.tls import data_from_slice_or_file

if TYPE_CHECKING:
    from kubernetes_py.rest.config import Config


def config_to_exec_cluster(config: Any) -> Cluster:
    """The Cluster (server, CA data, TLS server name, insecure, proxy URL, extension) for a rest.Config."""
    try:
        ca_data = data_from_slice_or_file(config.ca_data, config.ca_file)
    except OSError as e:
        raise ValueError(f"failed to load CA bundle for execProvider: {e}") from None
    proxy_url = ""
    proxy = config.proxy
    if isinstance(proxy, str):
        proxy_url = proxy
    elif callable(proxy):
        import requests

        # Go's http.NewRequest: the host as url.Parse takes it (a relative "some-host" too, which requests'
        # preparation refuses); only what url.Parse refuses fails.
        problem = _gourl.parse_error(config.host)
        if problem is not None:
            raise ValueError(
                f"failed to create proxy URL request for execProvider: parse {go_quote(config.host)}: {problem}"
            )
        req = requests.PreparedRequest()
        req.method, req.url, req.headers = "GET", config.host, requests.structures.CaseInsensitiveDict()
        try:
            proxy_url = proxy(req) or ""
        except Exception as e:  # noqa: BLE001
            raise ValueError(f"failed to get proxy URL for execProvider: {e}") from None
    return Cluster(
        server=config.host,
        tls_server_name=config.server_name,
        insecure_skip_tls_verify=config.insecure,
        certificate_authority_data=ca_data,
        proxy_url=proxy_url,
        disable_compression=config.disable_compression,
        config=config.exec_provider.config if config.exec_provider is not None else None,
    )


def exec_cluster_to_config(cluster: Cluster) -> Config:
    """A rest.Config reaching the cluster a plugin was told about (for plugins written in Python); ValueError
    "cannot parse proxy URL: ..." with url.Parse's words for a proxy URL Go refuses."""
    from kubernetes_py.rest.config import Config

    proxy_url = cluster.proxy_url
    if proxy_url:
        problem = _gourl.parse_error(proxy_url)
        if problem is not None:
            raise ValueError(f"cannot parse proxy URL: parse {go_quote(proxy_url)}: {problem}")
        proxy_url = _gourl.url_string(proxy_url)
    return Config(
        host=cluster.server,
        insecure=cluster.insecure_skip_tls_verify,
        server_name=cluster.tls_server_name,
        ca_data=cluster.certificate_authority_data,
        proxy=proxy_url or None,
        disable_compression=cluster.disable_compression,
    )


__all__ = ["config_to_exec_cluster", "exec_cluster_to_config"]
