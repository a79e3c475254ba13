"""Port of k8s.io/apimachinery/pkg/util/net: Warning headers and classification of connection errors.

Go's error checks (``IsProbableEOF``, ``IsConnectionReset``...) look at ``net``/``syscall`` errors; here the
same questions are asked of the Python exceptions that ``requests``/``urllib3``/``http.client`` raise. The whole
chain of an exception (``__cause__``, ``__context__`` and the ``reason``/``args`` that urllib3 and requests wrap
around the original socket error) is inspected.
"""

from __future__ import annotations

import dataclasses
import email.header
import errno
import http.client
import re
import socket
import unicodedata
from typing import Iterable, Iterator

__all__ = [
    "WarningHeader",
    "parse_warning_headers",
    "parse_warning_header",
    "new_warning_header",
    "is_probable_eof",
    "is_connection_reset",
    "is_connection_refused",
    "is_timeout",
    "is_http2_connection_lost",
    "join_scheme_name_port",
]


@dataclasses.dataclass(frozen=True)
class WarningHeader:
    """One RFC 7234 warning: ``code`` (299 for Kubernetes warnings), ``agent`` and the unquoted ``text``."""

    code: int
    agent: str
    text: str


_CODE = re.compile(r"^[0-9]{3}$")
_RFC2047_WORD = re.compile(r"=\?[^?]+\?[bBqQ]\?[^?]*\?=")


def _has_control(s: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in s)


def _decode_rfc2047(text: str) -> str:
    """Decode RFC 2047 encoded-words as Go's mime.WordDecoder.DecodeHeader does; the text unchanged otherwise."""
    if not _RFC2047_WORD.search(text):
        return text
    try:
        parts = email.header.decode_header(text)
    except Exception:  # noqa: BLE001 - a malformed encoded word leaves the text as it was, like Go
        return text
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        try:
            out.append(chunk.decode(charset or "ascii"))
        except (LookupError, UnicodeDecodeError):
            return text
    return "".join(out)


def _parse_quoted_string(quoted: str) -> tuple[str, str]:
    if not quoted:
        raise ValueError("invalid quoted string: 0-length")
    if quoted[0] != '"':
        raise ValueError("invalid quoted string: missing initial quote")
    quoted = quoted[1:]
    result = []
    escaping = False
    for i, ch in enumerate(quoted):
        if ch == '"':
            if escaping:
                result.append(ch)
                escaping = False
            else:
                return "".join(result), quoted[i + 1 :].strip()
        elif ch == "\\":
            if escaping:
                result.append(ch)
                escaping = False
            else:
                escaping = True
        else:
            result.append(ch)
            escaping = False
    raise ValueError("invalid quoted string: missing closing quote")


def parse_warning_header(header: str) -> tuple[WarningHeader, str]:
    """Parse the first warning of ``header``; returns it with the rest of the header. Raises ValueError."""
    header = header.strip()
    parts = header.split(" ", 2)
    if len(parts) != 3:
        raise ValueError("invalid warning header: fewer than 3 segments")
    code, agent, text_date_remainder = parts
    if not _CODE.match(code):
        raise ValueError("invalid warning header: code segment is not 3 digits between 100-299")
    if not agent:
        raise ValueError("invalid warning header: empty agent segment")
    if _has_control(agent):
        raise ValueError("invalid warning header: invalid agent")
    if not text_date_remainder:
        raise ValueError("invalid warning header: empty text segment")
    try:
        text, date_and_remainder = _parse_quoted_string(text_date_remainder)
    except ValueError as err:
        raise ValueError(f"invalid warning header: {err}") from None
    text = _decode_rfc2047(text)
    if _has_control(text):
        raise ValueError("invalid warning header: invalid text")
    result = WarningHeader(code=int(code), agent=agent, text=text)

    remainder = ""
    if date_and_remainder:
        if date_and_remainder[0] == '"':
            end = date_and_remainder.find('"', 1)
            if end < 0:
                raise ValueError("invalid warning header: unterminated date segment")
            remainder = date_and_remainder[end + 1 :].strip()
        else:
            remainder = date_and_remainder
    if remainder:
        if remainder[0] != ",":
            raise ValueError("invalid warning header: unexpected token after warn-date")
        remainder = remainder[1:].strip()
    return result, remainder


def parse_warning_headers(headers: Iterable[str]) -> tuple[list[WarningHeader], list[ValueError]]:
    """Parse every warning in a list of ``Warning`` header values (several per value, comma separated).

    As in Go, an error stops the parsing of that one header value only; returns (warnings, errors).
    """
    results: list[WarningHeader] = []
    errs: list[ValueError] = []
    for header in headers:
        while header:
            try:
                result, header = parse_warning_header(header)
            except ValueError as err:
                errs.append(err)
                break
            results.append(result)
    return results, errs


def new_warning_header(code: int, agent: str, text: str) -> str:
    """Format a ``Warning`` header value; an empty agent becomes ``-``. Raises ValueError on bad input."""
    if code < 0 or code > 999:
        raise ValueError("code must be between 0 and 999")
    if not agent:
        agent = "-"
    elif any(c in agent for c in '\\"') or any(c.isspace() for c in agent) or _has_control(agent):
        raise ValueError(
            "agent must be valid UTF-8 and must not contain spaces, quotes, backslashes, or control characters"
        )
    if _has_control(text):
        raise ValueError("text must be valid UTF-8 and must not contain control characters")
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'{code:03d} {agent} "{quoted}"'


def _chain(err: BaseException | None) -> Iterator[BaseException]:
    """The exception and everything it wraps, each once."""
    seen: set[int] = set()
    stack = [err]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen or not isinstance(e, BaseException):
            continue
        seen.add(id(e))
        yield e
        stack.append(e.__cause__)
        stack.append(e.__context__)
        stack.append(getattr(e, "reason", None))  # urllib3 MaxRetryError / ProtocolError wrappers
        stack.extend(a for a in e.args if isinstance(a, BaseException))


def is_probable_eof(err: BaseException | None) -> bool:
    """True when the error looks like the peer ended the connection (Go: io.EOF, unexpected EOF, reset...)."""
    for e in _chain(err):
        if isinstance(e, (http.client.RemoteDisconnected, http.client.IncompleteRead, EOFError)):
            return True
        if isinstance(e, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return True
        if type(e).__name__ in ("IncompleteRead", "ProtocolError") and "IncompleteRead" in str(e):
            return True
        msg = str(e).lower()
        if "connection reset by peer" in msg or "use of closed network connection" in msg:
            return True
        if str(e) == "http: can't write HTTP request on broken connection":  # Go's net/http errors, as Go tests them
            return True
        if "http2: server sent GOAWAY and closed the connection" in str(e):
            return True
    return False


def is_connection_reset(err: BaseException | None) -> bool:
    """True when the error is ECONNRESET somewhere in its chain."""
    return any(
        isinstance(e, ConnectionResetError) or (isinstance(e, OSError) and e.errno == errno.ECONNRESET)
        for e in _chain(err)
    )


def is_connection_refused(err: BaseException | None) -> bool:
    """True when the error is ECONNREFUSED somewhere in its chain."""
    return any(
        isinstance(e, ConnectionRefusedError) or (isinstance(e, OSError) and e.errno == errno.ECONNREFUSED)
        for e in _chain(err)
    )


def is_timeout(err: BaseException | None) -> bool:
    """True when the error is a network timeout (socket timeout, requests/urllib3 timeouts)."""
    for e in _chain(err):
        if isinstance(e, (socket.timeout, TimeoutError)):
            return True
        if type(e).__name__ in ("ReadTimeout", "ConnectTimeout", "Timeout", "ReadTimeoutError", "ConnectTimeoutError"):
            return True
    return False


def is_http2_connection_lost(err: BaseException | None) -> bool:
    """Go's HTTP/2 "client connection lost"; Python's HTTP/1.1 stack never produces it, kept for parity."""
    return err is not None and "http2: client connection lost" in str(err)


def join_scheme_name_port(scheme: str, name: str, port: str) -> str:
    """The proxy name segment "scheme:name:port", "name:port" or "name" (Go's JoinSchemeNamePort)."""
    if scheme:
        return f"{scheme}:{name}:{port}"  # a scheme needs all three segments to be read back
    if port:
        return f"{name}:{port}"
    return name
