"""Server URL defaulting (client-go rest/url_utils.go)."""

from __future__ import annotations

import urllib.parse
from typing import Any

from kubernetes_py._go import path as _gopath
from kubernetes_py.apimachinery.runtime import schema

__all__ = ["default_server_url", "default_versioned_api_path", "default_server_url_for"]


def _parse(raw: str) -> urllib.parse.SplitResult:
    try:
        u = urllib.parse.urlsplit(raw)
        u.port  # noqa: B018 - validates the port like Go's url.Parse
    except ValueError as err:
        raise ValueError(f'parse "{raw}": {err}') from None
    return u


def default_server_url(
    host: str, api_path: str, group_version: Any, default_tls: bool
) -> tuple[urllib.parse.SplitResult, str]:
    """Split a host ("https://h:6443", "h:6443", "h") into a base URL and the versioned API path.

    A host without a scheme gets https:// when ``default_tls`` else http://. Raises ValueError.
    """
    if host == "":
        raise ValueError("host must be a URL or a host:port pair")
    base = host
    try:
        host_url = _parse(base)
        ok = bool(host_url.scheme) and bool(host_url.netloc)
    except ValueError:
        ok = False
    if not ok:
        scheme = "https://" if default_tls else "http://"
        host_url = _parse(scheme + base)
        if host_url.path not in ("", "/"):
            raise ValueError(f'host must be a URL or a host:port pair: "{base}"')
    return host_url, default_versioned_api_path(api_path, group_version)


def default_versioned_api_path(api_path: str, group_version: Any) -> str:
    """ "/api" + "v1" -> "/api/v1"; "/apis" + apps/v1 -> "/apis/apps/v1"."""
    versioned = _gopath.join("/", api_path)
    group = getattr(group_version, "group", "") if group_version is not None else ""
    version = getattr(group_version, "version", "") if group_version is not None else ""
    if group:
        return _gopath.join(versioned, group, version)
    return _gopath.join(versioned, version)


def default_server_url_for(config: Any) -> tuple[urllib.parse.SplitResult, str]:
    """The base URL and versioned API path of a rest.Config (TLS by default when it has CA, cert or insecure)."""
    tls = config.tls_client_config
    has_ca = bool(tls.ca_file) or bool(tls.ca_data)
    has_cert = bool(tls.cert_file) or bool(tls.cert_data)
    default_tls = has_ca or has_cert or bool(tls.insecure)
    host = config.host or "localhost"
    gv = config.group_version if config.group_version is not None else schema.GroupVersion()
    return default_server_url(host, config.api_path, gv, default_tls)
