"""Small parsers clientcmd shares (client-go tools/clientcmd/helpers.go)."""
from __future__ import annotations

import re
import urllib.parse

__all__ = ["parse_timeout", "parse_duration", "parse_proxy_url"]

_UNITS = {"ns": 1e-9, "us": 1e-6, "\u00b5s": 1e-6, "\u03bcs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)([a-zA-Z\u00b5\u03bc]+)")
_MAX_NS = (1 << 63) - 1


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration ("1h2m", "1.5s", "300ms", "-2s") in seconds. Raises ValueError."""
    original = text
    if text in ("0", "+0", "-0"):
        return 0.0
    sign = 1
    if text[:1] in "+-" and text:
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    if not text:
        raise ValueError(f'time: invalid duration "{original}"')
    total_ns = 0
    pos = 0
    while pos < len(text):
        m = _DURATION_PART.match(text, pos)
        if not m or m.group(1) in ("", "."):
            raise ValueError(f'time: invalid duration "{original}"')
        unit = m.group(2)
        if unit not in _UNITS:
            raise ValueError(f'time: unknown unit "{unit}" in duration "{original}"')
        whole, _, frac = m.group(1).partition(".")
        unit_ns = int(round(_UNITS[unit] * 1e9))
        value_ns = int(whole or "0") * unit_ns
        if frac:
            value_ns += int(frac) * unit_ns // (10 ** len(frac))
        total_ns += value_ns
        if total_ns > _MAX_NS:
            raise ValueError(f'time: invalid duration "{original}"')
        pos = m.end()
    return sign * total_ns / 1e9


def parse_timeout(duration: str) -> float:
    """A request timeout in seconds from "5" (seconds) or a Go duration ("1m", "2s"). Raises ValueError."""
    if re.fullmatch(r"[+-]?[0-9]+", duration) and 0 <= int(duration) <= _MAX_NS:
        return float(int(duration))
    try:
        return parse_duration(duration)
    except ValueError:
        raise ValueError(
            "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed "
            "by a corresponding time unit (e.g. 1s | 2m | 3h)") from None


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def parse_proxy_url(proxy_url: str) -> str:
    """Validate a cluster's proxy-url (http, https or socks5) and return it as Go's url.URL prints it.

    Raises ValueError("could not parse: ...") or ValueError('unsupported scheme "x", must be ...').
    """
    if proxy_url.startswith(":") or any(ord(c) < 0x20 or ord(c) == 0x7F for c in proxy_url):
        raise ValueError(f"could not parse: {proxy_url}")
    m = _SCHEME.match(proxy_url)
    scheme = m.group(1).lower() if m else ""
    if m:
        rest = proxy_url[m.end():]
        if rest.startswith("//"):
            authority = rest[2:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
            hostport = authority.rsplit("@", 1)[-1]
            if hostport.startswith("["):
                close = hostport.find("]")
                if close < 0:
                    raise ValueError(f"could not parse: {proxy_url}")
                port = hostport[close + 1:]
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
    return scheme + proxy_url[len(scheme):]
