"""Choosing the proxy for a request: Go's http.ProxyFromEnvironment rules, or the config's own proxy."""

from __future__ import annotations

import ipaddress
import os
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

SUPPORTED_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def _env(*names: str) -> str:
    for n in names:
        v = os.environ.get(n)
        if v:
            return v
    return ""


def _no_proxy_matches(host: str, port: str, no_proxy: str) -> bool:
    ip = None
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        pass
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        if "/" in entry:
            try:
                if ip is not None and ip in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                pass
            continue
        try:
            if ip is not None and ip == ipaddress.ip_address(entry.strip("[]")):
                return True
            ipaddress.ip_address(entry.strip("[]"))
            continue
        except ValueError:
            pass
        entry_port = ""
        if entry.rfind(":") > entry.rfind("]"):
            entry, entry_port = entry.rsplit(":", 1)
        if entry_port and entry_port != port:
            continue
        if entry.startswith("*."):
            entry = entry[1:]
        if entry.startswith("."):
            if host.endswith(entry):
                return True
        elif host == entry or host.endswith("." + entry):
            return True
    return False


def proxy_from_environment(url: str) -> Optional[str]:
    """The proxy URL for url per HTTPS_PROXY/HTTP_PROXY/NO_PROXY (upper case first), None for a direct connection.

    As in Go: localhost and loopback addresses are never proxied, a proxy without a scheme means http://,
    and HTTP_PROXY is ignored when REQUEST_METHOD is set (CGI). Reads the environment now; transports use
    ``environment_proxy_func``, which reads it once.
    """
    return environment_proxy_func()(url)


def no_proxy_from_environment(url: str) -> Optional[str]:
    """environment_proxy_func's answer when the environment names no proxy."""
    return None


def environment_proxy_func() -> Callable[[str], Optional[str]]:
    """proxy_from_environment with the environment read once, now, and the answer kept per scheme and host.

    A transport takes it when it is built, as Go's http.ProxyFromEnvironment reads the environment once.
    """
    https_proxy, http_proxy, no_proxy = environment_proxy_settings()
    if not https_proxy and not http_proxy:
        return no_proxy_from_environment
    decided: dict[tuple[str, str], Optional[str]] = {}

    def for_url(url: str) -> Optional[str]:
        scheme, _, rest = url.partition("://")
        key = (scheme, rest.split("/", 1)[0])
        if key not in decided:
            if len(decided) > 1024:
                decided.clear()
            decided[key] = _decide(url, https_proxy, http_proxy, no_proxy)
        return decided[key]

    return for_url


def environment_proxy_settings() -> tuple[str, str, str]:
    """(HTTPS proxy, HTTP proxy, no-proxy list) as the environment sets them now."""
    http_proxy = "" if os.environ.get("REQUEST_METHOD") else _env("HTTP_PROXY", "http_proxy")
    return _env("HTTPS_PROXY", "https_proxy"), http_proxy, _env("NO_PROXY", "no_proxy")


def _decide(url: str, https_proxy: str, http_proxy: str, no_proxy: str) -> Optional[str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    scheme = parts.scheme.lower()
    port = str(parts.port) if parts.port else ("443" if scheme == "https" else "80")
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    if _no_proxy_matches(host, port, no_proxy):
        return None
    proxy = https_proxy if scheme == "https" else http_proxy if scheme == "http" else ""
    return normalize_proxy_url(proxy) if proxy else None


def normalize_proxy_url(proxy: str) -> str:
    """Add http:// to a bare host:port and check the scheme is one this transport can use."""
    if "://" not in proxy:
        proxy = "http://" + proxy
    parts = urlsplit(proxy)
    if not parts.hostname:
        raise ValueError(f"invalid proxy address {proxy!r}: missing host")
    scheme = parts.scheme.lower()
    if scheme not in SUPPORTED_PROXY_SCHEMES:
        raise ValueError(f"invalid proxy address {proxy!r}: unsupported scheme {scheme!r}")
    if scheme.startswith("socks"):
        check_socks_support(proxy)
    return proxy


def check_socks_support(proxy: str) -> None:
    """SOCKS proxies need the optional PySocks package, which this project does not depend on."""
    try:
        import socks  # type: ignore[import-untyped]  # noqa: F401 - optional, has no stubs
    except ImportError:
        raise ValueError(
            f"proxy {redact_proxy_url(proxy)!r} uses SOCKS, which needs the PySocks package "
            "(requests[socks]); kubernetes_py does not install it"
        ) from None


def redact_proxy_url(proxy: str) -> str:
    """The proxy URL with any user:password replaced, for messages."""
    parts = urlsplit(proxy)
    if parts.username is None and parts.password is None:
        return proxy
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return parts._replace(netloc=f"<redacted>@{host}").geturl()


def resolve_proxy(
    proxy: Any, request: Any, from_environment: Optional[Callable[[str], Optional[str]]] = None
) -> Optional[str]:
    """The proxy for one prepared request: config.proxy (URL string or callable) or the environment's choice."""
    if proxy is None:
        return (from_environment or proxy_from_environment)(request.url)
    if callable(proxy):
        chosen = proxy(request)
        return normalize_proxy_url(chosen) if chosen else None
    if isinstance(proxy, str):
        return normalize_proxy_url(proxy) if proxy else None
    raise TypeError(f"proxy must be None, a URL string or a callable, not {type(proxy).__name__}")
