"""Go's ``mime.ParseMediaType`` for HTTP content types (what the REST client and discovery negotiate with)."""

from __future__ import annotations

import functools

__all__ = ["parse_media_type"]

_TSPECIALS = set('()<>@,;:\\"/[]?=')


def _is_token(s: str) -> bool:
    return bool(s) and all(33 <= ord(c) < 127 and c not in _TSPECIALS for c in s)


def parse_media_type(value: str) -> tuple[str, dict[str, str]]:
    """Go's ``mime.ParseMediaType`` for HTTP content types: ("type/subtype" lower-cased, params).

    As in Go a lone token ("foobar") is accepted. Raises ValueError with Go's message.
    """
    media, params = _parse_media_type_cached(value)
    return media, dict(params)


@functools.lru_cache(maxsize=256)
def _parse_media_type_cached(value: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    media, params = _parse_media_type(value)
    return media, tuple(params.items())


def _parse_media_type(value: str) -> tuple[str, dict[str, str]]:
    head, _, rest = value.partition(";")
    media = head.strip().lower()
    _check_media_type(media)
    params: dict[str, str] = {}
    while rest.strip():
        piece, _, rest = _split_param(rest)
        key, eq, val = piece.partition("=")
        key = key.strip().lower()
        val = val.strip()
        if not eq or not _is_token(key):
            raise ValueError("mime: invalid media parameter")
        if len(val) >= 2 and val[0] == '"' and val[-1] == '"':
            val = val[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        if key in params:
            raise ValueError("mime: duplicate parameter name")
        params[key] = val
    return media, params


def _consume_token(s: str) -> tuple[str, str]:
    i = 0
    while i < len(s) and 33 <= ord(s[i]) < 127 and s[i] not in _TSPECIALS:
        i += 1
    return s[:i], s[i:]


def _check_media_type(s: str) -> None:
    typ, rest = _consume_token(s)
    if not typ:
        raise ValueError("mime: no media type")
    if not rest:
        return
    if not rest.startswith("/"):
        raise ValueError("mime: expected slash after first token")
    subtype, rest = _consume_token(rest[1:])
    if not subtype:
        raise ValueError("mime: expected token after slash")
    if rest:
        raise ValueError("mime: unexpected content after media subtype")


def _split_param(s: str) -> tuple[str, str, str]:
    quoted = False
    for i, c in enumerate(s):
        if c == '"':
            quoted = not quoted
        elif c == ";" and not quoted:
            return s[:i], ";", s[i + 1 :]
    return s, "", ""
