"""Small parsers clientcmd shares (client-go tools/clientcmd/helpers.go)."""

from __future__ import annotations

import re
import urllib.parse

from kubernetes_py._go import time as _gotime, url as _gourl

__all__ = ["parse_timeout", "parse_duration", "parse_proxy_url"]

_MAX_NS = (1 << 63) - 1


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration ("1h2m", "1.5s", "300ms", "-2s") in seconds. Raises ValueError."""
    return _gotime.parse_duration_seconds(text)


def parse_timeout(duration: str) -> float:
    """A request timeout in seconds from "5" (seconds) or a Go duration ("1m", "2s"). Raises ValueError."""
    if re.fullmatch(r"[+-]?[0-9]+", duration) and 0 <= int(duration) <= _MAX_NS:
        return float(int(duration))
    try:
        return parse_duration(duration)
    except ValueError:
        raise ValueError(
            "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed "
            "by a corresponding time unit (e.g. 1s | 2m | 3h)"
        ) from None


def parse_proxy_url(proxy_url: str) -> str:
    """Validate a cluster's proxy-url (http, https or socks5) and return it as Go's url.URL prints it.

    Raises ValueError("could not parse: ...") or ValueError('unsupported scheme "x", must be ...').
    """
    if proxy_url.startswith(":") or any(ord(c) < 0x20 or ord(c) == 0x7F for c in proxy_url):
        raise ValueError(f"could not parse: {proxy_url}")
    m = _gourl.SCHEME.match(proxy_url)
    scheme = m.group(1).lower() if m else ""
    if m:
        rest = proxy_url[m.end() :]
        if rest.startswith("//"):
            authority = rest[2:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
            hostport = authority.rsplit("@", 1)[-1]
            if hostport.startswith("["):
                close = hostport.find("]")
                if close < 0:
                    raise ValueError(f"could not parse: {proxy_url}")
                port = hostport[close + 1 :]
                if port and (not port.startswith(":") or not port[1:].isdigit() and port != ":"):
                    raise ValueError(f"could not parse: {proxy_url}")
            elif ":" in hostport:
                port = hostport.rsplit(":", 1)[1]
                if port and not port.isdigit():
                    raise ValueError(f"could not parse: {proxy_url}")
        try:
            urllib.parse.urlsplit(proxy_url)
        except ValueError:
            raise ValueError(f"could not parse: {proxy_url}") from None
    if scheme not in ("http", "https", "socks5"):
        raise ValueError(f'unsupported scheme "{scheme}", must be http, https, or socks5')
    return _gourl.url_string(proxy_url)
