"""Sending one HTTP request under a Go-style context, following redirects as Go's http.Client does.

Go cancels an in-flight ``http.Request`` through its context and bounds a whole exchange with
``http.Client.Timeout``. Here each request is an ``Exchange`` (kubernetes_py.transport._conn): the connection it uses
attaches to it, and when the context ends, or the client's timeout passes, that connection's socket is shut down,
which wakes a blocked connect, handshake or read. Socket timeouts derived from the deadline bound each wait too. The
exchange lasts until its body is read or closed (``watch_context``'s stop, ``shutdown_response``).

Requests through the client's own round-tripper chain (``rest.HTTPClient``) skip requests' Session machinery
(cookies, hooks, environment merging), which client-go does not have; any other ``requests.Session`` is used as it is,
with redirects still followed by Go's rules.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
from typing import Any, Callable, Optional

import requests
from requests.structures import CaseInsensitiveDict
from urllib3 import HTTPHeaderDict

from kubernetes_py import context
from kubernetes_py._go import url as _gourl
from kubernetes_py._internals.requests import set_request_headers
from kubernetes_py._internals.urllib3 import copy_headers, header_container, response_socket
from kubernetes_py._internals.urllib3 import header_value as header_container_value
from kubernetes_py.transport import _conn
from kubernetes_py.transport.http_transport import HTTPTransport
from kubernetes_py.transport.round_trippers import direct_transport

__all__ = [
    "HTTPRequest",
    "ClientTimeout",
    "send",
    "close_response",
    "drain_and_close",
    "shutdown_response",
    "watch_context",
    "body_error",
    "header_value",
    "header_values",
]

# Go's defaultCheckRedirect: the 11th request is refused.
MAX_REDIRECTS = 10
# What Go reads of an unwanted body so that its connection can serve the next request (net/http's redirect and
# client-go's readAndCloseResponseBody share it): a body of unknown length or of at most this many bytes.
MAX_BODY_SLURP_SIZE = 2 << 10
_SENSITIVE_ON_REDIRECT = (
    "Authorization",
    "Www-Authenticate",
    "Cookie",
    "Cookie2",
    "Proxy-Authorization",
    "Proxy-Authenticate",
)
_BODY_HEADERS = ("Content-Encoding", "Content-Language", "Content-Location", "Content-Type")


class HTTPRequest:
    """What Go's ``*http.Request`` is to the retry logic: method, URL, headers and body of one attempt."""

    __slots__ = ("method", "url", "headers", "body")

    def __init__(self, method: str, url: str, headers: dict[str, str], body: Any):
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body

    def __repr__(self) -> str:
        return f"HTTPRequest({self.method} {_gourl.redacted(self.url)})"


class ClientTimeout(requests.exceptions.Timeout, context.DeadlineExceeded):
    """The client's timeout (rest.Config.timeout, Go's http.Client.Timeout) passed before the exchange ended."""


class RedirectError(requests.exceptions.TooManyRedirects):
    """A redirect that could not be followed (Go's CheckRedirect error or an unparsable Location)."""


def _url_error(method: str, url: str, msg: str) -> str:
    """Go's url.Error text: `Get "https://host/path": msg`."""
    from kubernetes_py._go.strconv import go_quote

    return f"{method[:1].upper()}{method[1:].lower()} {go_quote(_gourl.redacted(url))}: {msg}"


_NEVER_DONE = context.background().done()  # the done() of a context that never ends (Background's, TODO's)


def _socket_timeout(ctx: context.Context) -> tuple[float, Optional[float]]:
    """Socket timeouts for one attempt, (connect, read) as requests takes them: Go's 30 s dial timeout, and no wait
    beyond the context's deadline."""
    dl = context.deadline_monotonic(ctx)
    if dl is None:
        return _conn.DIAL_TIMEOUT, None
    remaining = dl - time.monotonic()
    if remaining <= 0:
        raise context.DeadlineExceeded()
    return min(_conn.DIAL_TIMEOUT, remaining), remaining


def _prepare(req: HTTPRequest) -> requests.PreparedRequest:
    """The PreparedRequest for an already escaped URL, without requests' generic preparation."""
    p = requests.PreparedRequest.__new__(requests.PreparedRequest)  # its __init__ sets what follows to defaults
    headers = copy_headers(req.headers)
    vars(p).update(
        method=req.method,
        url=req.url,
        headers=headers,
        body=None,
        hooks={"response": []},
        _cookies=None,
        _body_position=None,
    )
    body = req.body
    if isinstance(body, (bytes, bytearray, memoryview)):
        p.body = bytes(body)
        headers["Content-Length"] = str(len(p.body))
    elif body is not None:
        p.prepare_body(body, None)
    elif req.method not in ("GET", "HEAD"):
        headers["Content-Length"] = "0"
    return p


def _prepare_for_session(session: Any, req: HTTPRequest) -> requests.PreparedRequest:
    """For a plain requests.Session: its default headers, auth and response hooks apply; no cookies are sent."""
    p = _prepare(req)
    headers = CaseInsensitiveDict(session.headers)
    headers.update(p.headers)
    set_request_headers(p, HTTPHeaderDict({k: v for k, v in headers.items() if v is not None}))
    p.hooks = {"response": list(session.hooks.get("response", ()))}
    vars(p)["_cookies"] = requests.cookies.RequestsCookieJar()  # requests' Session.send reads it; Go sends none
    if session.auth is not None:
        p.prepare_auth(session.auth, req.url)
    return p


def _round_trip(session: Any, req: HTTPRequest, ctx: context.Context, forever: bool) -> requests.Response:
    # A context that never ends has no deadline either: _socket_timeout's answer without asking it.
    timeout = (_conn.DIAL_TIMEOUT, None) if forever else _socket_timeout(ctx)
    if type(session) is _http_client_class or _attaches(session):
        prepared = _prepare(req)
        # The round trippers' headers set once in this copy, sent by the base transport (see direct_transport).
        base = direct_transport(session.transport, prepared.headers)  # type: ignore[arg-type]  # _prepare's
        if base is not None and type(base) is HTTPTransport:
            return base.send(prepared, stream=True, timeout=timeout)
        resp: requests.Response = session.transport.send(_prepare(req), stream=True, timeout=timeout)
        return resp
    if not isinstance(session, requests.Session):
        resp = session.request(
            req.method, req.url, headers=req.headers, data=req.body, stream=True, timeout=timeout, allow_redirects=False
        )
        return resp
    prepared = _prepare_for_session(session, req)
    settings: dict[str, Any] = {}
    if session.trust_env:
        settings = dict(session.merge_environment_settings(req.url, {}, True, None, None))
        settings.pop("stream", None)
    return session.send(prepared, stream=True, timeout=timeout, allow_redirects=False, **settings)


_REDIRECTS = frozenset((301, 302, 303, 307, 308))  # the codes Go's redirectBehavior follows


def _redirect_behavior(method: str, code: int, req: HTTPRequest) -> tuple[str, bool, bool]:
    """Go's redirectBehavior: (method of the next request, follow, resend the body)."""
    if code in (301, 302, 303):
        return (method if method in ("GET", "HEAD") else "GET"), True, False
    if code in (307, 308):
        rewindable = req.body is None or isinstance(req.body, (bytes, bytearray, memoryview))
        return method, rewindable, True
    return method, False, False


def _domain_or_subdomain(sub: str, parent: str) -> bool:
    """Go's isDomainOrSubdomain (an IPv6 address is never a subdomain)."""
    if sub == parent:
        return True
    if ":" in sub or "%" in sub:
        return False
    return sub.endswith("." + parent)


def _redirect_headers(
    first: HTTPRequest, previous: HTTPRequest, new_url: str, strip: bool, include_body: bool
) -> dict[str, str]:
    """Go's copyHeaders: the first request's headers, less credentials for another host and body headers when the
    body is dropped, plus the Referer."""
    headers = {
        k: v
        for k, v in first.headers.items()
        if not (strip and k.title() in _SENSITIVE_ON_REDIRECT) and not (not include_body and k.title() in _BODY_HEADERS)
    }
    if not (previous.url.startswith("https:") and new_url.startswith("http:")):
        referer = first.headers.get("Referer") or _without_userinfo(previous.url)
        headers["Referer"] = referer
    return headers


def _without_userinfo(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def drain_and_close(resp: Any) -> None:
    """Close an unwanted response, first reading away at most MAX_BODY_SLURP_SIZE bytes of a body of unknown length
    or no longer than that, so that its connection can be reused; nothing to do for None."""
    if resp is None:
        return
    try:
        if not getattr(resp, "_content_consumed", False):  # requests' mark of a body read to its end
            length = resp.headers.get("Content-Length")
            if length is None or (length.isdigit() and int(length) <= MAX_BODY_SLURP_SIZE):
                resp.raw.read(MAX_BODY_SLURP_SIZE)
    except Exception:  # noqa: BLE001 - only so that the connection can be reused
        pass
    close_response(resp)


def _follow_redirects(session: Any, req: HTTPRequest, ctx: context.Context, forever: bool) -> requests.Response:
    """forever: ctx never ends (Background, TODO)."""
    first = current = req
    sent = 0
    strip = False
    while True:
        resp = _round_trip(session, current, ctx, forever)
        if resp.status_code not in _REDIRECTS:
            return resp
        sent += 1
        method, follow, include_body = _redirect_behavior(current.method, resp.status_code, first)
        location = resp.headers.get("Location") if follow else None
        if not location:
            return resp
        try:
            new_url = urllib.parse.urljoin(current.url, location)
            dest = urllib.parse.urlsplit(new_url)
            dest.port  # noqa: B018 - validates the port as Go's url.Parse does
        except ValueError as err:
            resp.close()
            raise RedirectError(
                _url_error(first.method, current.url, f"failed to parse Location header {location!r}: {err}")
            ) from None
        origin = urllib.parse.urlsplit(first.url)
        if not strip and origin.netloc != dest.netloc:
            strip = not _domain_or_subdomain((dest.hostname or "").lower(), (origin.hostname or "").lower())
        if sent >= MAX_REDIRECTS:
            drain_and_close(resp)
            raise RedirectError(_url_error(first.method, new_url, f"stopped after {MAX_REDIRECTS} redirects"))
        drain_and_close(resp)
        current = HTTPRequest(
            method,
            new_url,
            _redirect_headers(first, current, new_url, strip, include_body),
            first.body if include_body else None,
        )


def send(session: Any, req: HTTPRequest, ctx: context.Context) -> requests.Response:
    """Send ``req`` and return the streaming response once its headers arrived; raises the transport's error,
    the context's error when the context ended first, or ClientTimeout when the client's timeout passed."""
    err = ctx.err()
    if err is not None:
        raise err
    timeout = getattr(session, "timeout", 0.0) or 0.0
    caller_ctx = ctx
    cancel = None
    if isinstance(timeout, (int, float)) and timeout > 0:
        ctx, cancel = context.with_timeout(ctx, timeout)
    exchange = _conn.Exchange(ctx)
    if cancel is not None:
        exchange.client_timeout = ctx
        exchange.on_release(cancel)
    forever = ctx.done() is _NEVER_DONE
    if not forever:
        exchange.on_release(context.after_func(ctx, exchange.abort))
    before = _conn.set_current_exchange(exchange)
    try:
        if forever or _attaches(session):
            resp = _follow_redirects(session, req, ctx, forever)
        else:
            resp = _follow_redirects_in_thread(session, req, ctx)
    except BaseException as exc:
        exchange.release()
        failure = _context_error(caller_ctx, exchange, req, exc, "awaiting headers")
        if failure is not None:
            raise failure from exc
        raise
    finally:
        _conn.set_current_exchange(before)
    if exchange.conn is None:  # a session with other connection classes: cut the socket that answered
        sock = _response_socket(resp)
        if sock is not None:
            exchange.attach_socket(sock)
    tagged: Any = resp  # the exchange rides on the response (rest reads it back with getattr)
    try:
        tagged.kpy_exchange = exchange
    except AttributeError:  # a custom session's response type; its context is no longer watched
        exchange.release()
    return resp


def _response_socket(resp: Any) -> Any:
    """The socket under another session's urllib3 response."""
    return response_socket(getattr(resp, "raw", None))


def close_response(resp: Any) -> None:
    """Close a response and end its exchange (the connection goes back to the pool if its body was read)."""
    exchange = getattr(resp, "kpy_exchange", None)
    if exchange is not None:
        exchange.release()
    resp.close()


_http_client_class: Any = None  # rest.HTTPClient, once _attaches imported it


def _attaches(session: Any) -> bool:
    """Whether the session is the client's own (rest.HTTPClient), whose connections attach to the exchange."""
    global _http_client_class
    if _http_client_class is None:
        from kubernetes_py.rest.transport import HTTPClient  # rest.transport imports this module

        _http_client_class = HTTPClient
    return isinstance(session, _http_client_class)


def _follow_redirects_in_thread(session: Any, req: HTTPRequest, ctx: context.Context) -> requests.Response:
    """For another session, whose connections cannot be cut: wait in the caller for the answer or the context.

    The request goes on in a helper thread whose socket timeouts end at the context's deadline; a late answer is
    closed there.
    """
    box: dict[str, Any] = {}
    lock = threading.Lock()
    finished = threading.Event()

    def run() -> None:
        try:
            resp = _follow_redirects(session, req, ctx, False)
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
            resp: requests.Response = box["resp"]
            return resp
        if "err" in box:
            raise box["err"]
        box["abandoned"] = True
    raise ctx.err() or context.Canceled()


def _context_error(
    ctx: context.Context | None, exchange: _conn.Exchange, req: HTTPRequest, exc: BaseException, phase: str
) -> Optional[BaseException]:
    """The error to raise instead of exc when the caller's context or the client's timeout cut the exchange."""
    ctx_err = ctx.err() if ctx is not None else None
    dl = context.deadline_monotonic(ctx)
    if (
        ctx_err is None
        and dl is not None
        and time.monotonic() >= dl
        and isinstance(exc, (requests.Timeout, socket.timeout, requests.ConnectionError))
    ):
        ctx_err = context.DeadlineExceeded()  # a socket timeout from the deadline fired before the context's timer
    if ctx_err is not None:
        return ctx_err
    client = exchange.client_timeout
    if client is not None and client.err() is not None:
        if phase == "awaiting headers":
            msg = "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
        else:
            msg = "context deadline exceeded (Client.Timeout or context cancellation while reading body)"
        return ClientTimeout(_url_error(req.method, req.url, msg))
    return None


def body_error(resp: Any, ctx: context.Context | None, err: BaseException) -> Optional[BaseException]:
    """The error to raise instead of err when reading resp's body failed because its context or timeout ended."""
    exchange = getattr(resp, "kpy_exchange", None)
    if exchange is None:
        ctx_err = ctx.err() if ctx is not None else None
        return ctx_err
    req = getattr(resp, "request", None)
    method = getattr(req, "method", "GET") or "GET"
    url = getattr(req, "url", "") or ""
    return _context_error(ctx, exchange, HTTPRequest(method, url, {}, None), err, "reading body")


def shutdown_response(resp: Any) -> None:
    """Cut the connection under a streaming response so that a blocked read returns at once; then close it."""
    exchange = getattr(resp, "kpy_exchange", None)
    if exchange is not None:
        exchange.abort()
        exchange.release()
    try:
        resp.close()
    except Exception:  # noqa: BLE001 - closing a broken connection may fail; nothing more to do
        pass


def watch_context(ctx: context.Context, resp: Any) -> Callable[[], Any]:
    """The stop() to call once resp's body is no longer read: the exchange stops watching its context and timeout."""
    exchange: Optional[_conn.Exchange] = getattr(resp, "kpy_exchange", None)
    if exchange is not None:
        return exchange.release
    return lambda: False


def header_value(resp: Any, name: str) -> str:
    """A response header's value, its lines joined by ", " ("" when it has none)."""
    headers = resp.headers
    if type(headers) is HTTPHeaderDict:  # the transport's own: read from its storage
        value: str = header_container_value(headers, name.lower(), "")
        return value
    return headers.get(name) or ""


def header_values(resp: Any, name: str) -> list[str]:
    """Every value of a response header, one per header line (requests joins them with commas)."""
    raw_headers = getattr(getattr(resp, "raw", None), "headers", None)
    if type(raw_headers) is HTTPHeaderDict:  # the transport's own: its storage keeps the lines
        entry = header_container(raw_headers).get(name.lower())
        return entry[1:] if entry is not None else []
    getlist = getattr(raw_headers, "getlist", None)
    if getlist is not None:
        return list(getlist(name))
    value = resp.headers.get(name)
    return [value] if value else []
