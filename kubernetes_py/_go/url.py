"""Go's ``net/url`` where texts depend on it: the scheme of a URL (``getScheme``) and ``URL.Redacted`` (what logs
and error messages show of a URL)."""

from __future__ import annotations

import re

__all__ = ["SCHEME", "redacted"]

_SCHEME_TEXT = r"[A-Za-z][A-Za-z0-9+.\-]*"
# A URL's scheme and its colon, as Go's getScheme finds them (group 1: the scheme).
SCHEME = re.compile(rf"^({_SCHEME_TEXT}):")
_AUTHORITY_START = re.compile(rf"(?:{_SCHEME_TEXT}:)?//")


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
