"""Go's ``net/url`` where texts depend on it: the scheme of a URL (``getScheme``), ``URL.Redacted`` (what logs
and error messages show of a URL), what ``url.Parse`` refuses and how ``URL.String()`` writes back what it took."""

from __future__ import annotations

import re
import urllib.parse
from typing import Optional

from kubernetes_py._go.strconv import go_quote

__all__ = ["SCHEME", "escaped_path", "parse_error", "redacted", "url_string"]

_SCHEME_TEXT = r"[A-Za-z][A-Za-z0-9+.\-]*"
# A URL's scheme and its colon, as Go's getScheme finds them (group 1: the scheme).
SCHEME = re.compile(rf"^({_SCHEME_TEXT}):")
_AUTHORITY_START = re.compile(rf"(?:{_SCHEME_TEXT}:)?//")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def redacted(url: str) -> str:
    """The URL with the password of its userinfo, if it has one, replaced by "xxxxx", as Go's ``URL.Redacted``
    shows it; the rest of the text is kept as it is. The authority is what follows "//" up to the first "/", "?"
    or "#", and its userinfo what precedes the last "@" in it, as Go's url.Parse reads them."""
    m = _AUTHORITY_START.match(url)
    if m is None:
        return url
    start = m.end()
    end = len(url)
    for sep in "/?#":
        i = url.find(sep, start)
        if 0 <= i < end:
            end = i
    at = url.rfind("@", start, end)
    colon = url.find(":", start, at)
    if at < 0 or colon < 0:
        return url
    return url[: colon + 1] + "xxxxx" + url[at:]


def parse_error(raw: str) -> Optional[str]:
    """What Go's url.Parse says about a proxy URL (the checks a proxy URL can fail), or None."""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in raw):
        return "net/url: invalid control character in URL"
    rest_part = raw.split("#", 1)[0]
    bad = _BAD_ESCAPE.search(rest_part)
    if bad:
        return f"invalid URL escape {go_quote(rest_part[bad.start() : bad.start() + 3])}"
    if rest_part.startswith(":"):
        return "missing protocol scheme"
    m = SCHEME.match(rest_part)
    rest_part = rest_part.split("?", 1)[0]
    if m is None:
        if ":" in rest_part.split("/", 1)[0]:
            return "first path segment in URL cannot contain colon"
        return None
    rest_part = rest_part[m.end() :]
    if not rest_part.startswith("//"):
        return None
    host = rest_part[2:].split("/", 1)[0].rsplit("@", 1)[-1]
    if host.startswith("["):
        close = host.find("]")
        if close < 0:
            return "missing ']' in host"
        port = host[close + 1 :]
        if port and (not port.startswith(":") or not port[1:].isdigit() and port != ":"):
            return f"invalid port {go_quote(port)} after host"
        return None
    if ":" in host:
        name, port = host.rsplit(":", 1)
        if port and not port.isdigit():
            return f"invalid port {go_quote(':' + port)} after host"
        host = name
    for ch in host:
        if ch in ' <>"`{}|\\^':
            return f"invalid character {go_quote(ch)} in host name"
    return None


# Go's url.URL escaping: what a path keeps as written (validEncoded), and what escaping leaves alone.
_PATH_SAFE = "/$&+,:;=@-._~"
_VALID_ENCODED = set("!$&'()*+,;=:@[]")
_FRAGMENT_VALID = set("-._~!$&'()*+,;=:@[]%/?")
_FRAGMENT_SAFE = "-._~$&+,/:;=?@!()*"


def _valid_encoded_path(s: str) -> bool:
    for ch in s:
        if ch.isascii() and (ch.isalnum() or ch in "-._~/%") or ch in _VALID_ENCODED:
            continue
        return False
    return True


def escaped_path(path: str) -> str:
    """URL.EscapedPath() of a path as written: kept when it is a valid escaping already, else escaped as Go does."""
    if _valid_encoded_path(path):
        return path
    return urllib.parse.quote(urllib.parse.unquote(path), safe=_PATH_SAFE)


def url_string(raw: str) -> str:
    """url.URL.String() of a URL url.Parse accepted: the scheme in lower case, the path and fragment as Go escapes
    them (each kept as written when it is validly escaped already)."""
    rest_part, hash_mark, fragment = raw.partition("#")
    rest_part, question, query = rest_part.partition("?")
    prefix = ""
    m = SCHEME.match(rest_part)
    if m:
        prefix = m.group(1).lower() + ":"
        rest_part = rest_part[m.end() :]
        if not rest_part.startswith("/"):  # opaque: written back as it is
            return prefix + rest_part + question + query + hash_mark + fragment
    if rest_part.startswith("//"):
        authority, slash, path = rest_part[2:].partition("/")
        prefix += "//" + authority
        rest_part = slash + path
    rest_part = escaped_path(rest_part)
    if not all(ch.isascii() and (ch.isalnum() or ch in _FRAGMENT_VALID) for ch in fragment):
        fragment = urllib.parse.quote(urllib.parse.unquote(fragment), safe=_FRAGMENT_SAFE)
    return prefix + rest_part + question + query + hash_mark + fragment
