"""Sending one HTTP request with ``requests`` under a Go-style context, and reading its body.

Go cancels an in-flight ``http.Request`` through its context. ``requests`` has no such hook, so:

* with a context that can never end (``background()``), the request is sent directly;
* otherwise it is sent from a helper thread while the caller waits for the answer or for the context to
  end (then the context's error is raised and the late answer, if any, is closed); the socket timeout is
  the time left before the context's deadline, so the helper thread never outlives the deadline by much;
* while a body is read, ``context.after_func`` shuts the socket down when the context ends, which wakes a
  blocked read (``Stream``, ``Watch`` and long ``Do`` answers).
"""
from __future__ import annotations

import functools
import socket
import threading
import time
from typing import Any, Callable, Optional

import requests
from requests.structures import CaseInsensitiveDict

from kubernetes_py import context

__all__ = ["HTTPRequest", "send", "shutdown_response", "watch_context", "parse_media_type", "header_values", "redacted_url"]


class HTTPRequest:
    """What Go's ``*http.Request`` is to the retry logic: method, URL, headers and body of one attempt."""

    __slots__ = ("method", "url", "headers", "body")

    def __init__(self, method: str, url: str, headers: dict[str, str], body: Any):
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body

    def __repr__(self) -> str:
        return f"HTTPRequest({self.method} {self.url})"


def _never_ends(ctx: Any) -> bool:
    return ctx.done() is context.background().done()


def _timeout_for(ctx: Any) -> Optional[float]:
    dl = context.deadline_monotonic(ctx)
    if dl is None:
        return None
    remaining = dl - time.monotonic()
    if remaining <= 0:
        raise context.DeadlineExceeded()
    return remaining


def _deadline_passed(ctx: Any) -> bool:
    dl = context.deadline_monotonic(ctx)
    return dl is not None and time.monotonic() >= dl


def _prepare(session: Any, req: HTTPRequest) -> requests.PreparedRequest:
    """The PreparedRequest for an already escaped URL, built without ``Session.request``'s generic merging.

    ``Session.request`` re-parses the URL, merges cookies and settings through several generic helpers and
    costs more than the rest of a request's client-side work. The URL here is final, and, like Go's client
    without a cookie jar, no cookies are sent; session headers, auth and response hooks still apply.
    """
    p = requests.PreparedRequest()
    p.method = req.method
    p.url = req.url
    headers = CaseInsensitiveDict(session.headers)
    headers.update(req.headers)
    if None in headers.values():  # a session header set to None means "do not send it"
        headers = CaseInsensitiveDict((k, v) for k, v in headers.items() if v is not None)
    p.headers = headers
    p.hooks = {"response": list(session.hooks.get("response", ()))}
    if req.body is not None:
        p.prepare_body(req.body, None)
    elif req.method not in ("GET", "HEAD"):
        p.headers["Content-Length"] = "0"
    if session.auth is not None:
        p.prepare_auth(session.auth, req.url)
    return p


def _do(session: Any, req: HTTPRequest, timeout: Optional[float]) -> requests.Response:
    if timeout is None:
        timeout = getattr(session, "timeout", None) or None  # Go's http.Client.Timeout
    if not isinstance(session, requests.Session):
        return session.request(req.method, req.url, headers=req.headers, data=req.body, stream=True,
                               timeout=timeout)
    prepared = _prepare(session, req)
    settings = {}
    if session.trust_env:
        settings = session.merge_environment_settings(req.url, {}, True, None, None)
        settings.pop("stream", None)
    settings["stream"] = True
    return session.send(prepared, timeout=timeout, **settings)


def send(session: Any, req: HTTPRequest, ctx: Any) -> requests.Response:
    """Send ``req`` and return the streaming response once its headers arrived; raises the transport's error,
    or the context's error when the context ended first."""
    err = ctx.err()
    if err is not None:
        raise err
    if _never_ends(ctx):
        return _do(session, req, None)
    timeout = _timeout_for(ctx)
    box: dict[str, Any] = {}
    lock = threading.Lock()
    finished = threading.Event()

    def run() -> None:
        try:
            resp = _do(session, req, timeout)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
            with lock:
                box["err"] = exc
        else:
            with lock:
                if box.get("abandoned"):
                    resp.close()
                    return
                box["resp"] = resp
        finally:
            finished.set()

    threading.Thread(target=run, name="rest-request", daemon=True).start()
    stop = context.after_func(ctx, finished.set)
    try:
        finished.wait()
    finally:
        stop()
    with lock:
        if "resp" in box:
            return box["resp"]
        if "err" in box:
            exc = box["err"]
            ctx_err = ctx.err()
            if ctx_err is None and isinstance(exc, requests.Timeout) and _deadline_passed(ctx):
                # The read timeout derived from the deadline fired before the context's timer did.
                ctx_err = context.DeadlineExceeded()
            if ctx_err is not None:
                raise ctx_err from exc
            raise exc
        box["abandoned"] = True
    raise ctx.err()


def shutdown_response(resp: Any) -> None:
    """Shut down the socket under a streaming response so that a blocked read returns at once; then close it."""
    raw = getattr(resp, "raw", None)
    sock = getattr(getattr(raw, "_connection", None), "sock", None)
    if sock is None:
        fp = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(fp, "raw", None), "_sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    try:
        resp.close()
    except Exception:  # noqa: BLE001 - closing a broken connection may fail; nothing more to do
        pass


def watch_context(ctx: Any, resp: Any) -> Callable[[], bool]:
    """Shut the response down when ctx ends; returns stop() to call once the body is no longer read."""
    if ctx is None or _never_ends(ctx):
        return lambda: False
    return context.after_func(ctx, lambda: shutdown_response(resp))


def redacted_url(url: str) -> str:
    """The URL with any password in it replaced by "xxxxx" (Go's url.URL.Redacted), for logs."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, tail = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:xxxxx@{host}{slash}{tail}"


def header_values(resp: Any, name: str) -> list[str]:
    """Every value of a response header, one per header line (requests joins them with commas)."""
    raw_headers = getattr(getattr(resp, "raw", None), "headers", None)
    getlist = getattr(raw_headers, "getlist", None)
    if getlist is not None:
        return list(getlist(name))
    value = resp.headers.get(name)
    return [value] if value else []


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
