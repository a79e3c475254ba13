"""Round trippers that add authentication and identity headers, and the debugging round tripper.

Each is a ``requests`` adapter wrapping another (``delegate``), the way Go's round trippers wrap an
``http.RoundTripper``; a wrapper never changes the caller's request: it sends a copy.

``direct_transport(rt, headers)`` is the chain's shortcut for a request whose headers are already a private copy: when
every layer above the base transport is one of the header-setting ones here (User-Agent, basic or bearer auth,
impersonation) or the debugging one with nothing to log, it sets every layer's headers in that copy, in the chain's
order, and returns the base transport to send it, without a copy per layer (Go's layers each clone the request).
"""

from __future__ import annotations

import base64
import logging
import time
from typing import Any, Callable, Iterable, Mapping, Optional, Protocol

from requests import PreparedRequest, Response
from requests.adapters import BaseAdapter
from urllib3 import HTTPHeaderDict

from kubernetes_py._go.strconv import go_quote
from kubernetes_py._internals.requests import set_request_headers
from kubernetes_py._internals.urllib3 import copy_headers, header_container, header_value
from .config import Config, ImpersonationConfig

log = logging.getLogger("kubernetes_py.transport")

ImpersonateUserHeader = "Impersonate-User"
ImpersonateUIDHeader = "Impersonate-Uid"
ImpersonateGroupHeader = "Impersonate-Group"
ImpersonateUserExtraHeaderPrefix = "Impersonate-Extra-"


class Sender(Protocol):
    """What a round tripper wraps: a requests adapter (``send(request, **kwargs)`` -> Response)."""

    def send(self, request: PreparedRequest, **kwargs: Any) -> Response: ...

    def close(self) -> None: ...


class _TokenSource(Protocol):
    def token(self) -> Any: ...


def verbosity_level(v: int) -> int:
    """The Python logging level that stands for klog's -v=v: V(6) is DEBUG, each step above one lower."""
    return logging.DEBUG - (v - 6)


class RoundTripper(BaseAdapter):
    """Base of the wrapping round trippers: ``round_trip(request, **send_kwargs)`` on a copy of the request."""

    def __init__(self, delegate: Any):
        super().__init__()
        if delegate is None:
            raise ValueError(f"{type(self).__name__} needs a delegate round tripper")
        self.delegate: Sender = delegate

    def wrapped_round_tripper(self) -> Sender:
        return self.delegate

    # requests calls send() with its keyword arguments; each layer passes on exactly those it was given.
    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:  # type: ignore[override]
        return self.round_trip(request, **kwargs)

    def round_trip(self, request: PreparedRequest, **kwargs: Any) -> Response:
        return self.delegate.send(request, **kwargs)

    def close(self) -> None:
        self.delegate.close()


def clone_request(request: PreparedRequest) -> PreparedRequest:
    """A copy of a prepared request whose headers can hold repeated values (one header copy, no cookie jar)."""
    req = PreparedRequest.__new__(PreparedRequest)  # its __init__ would set what follows to defaults first
    req.__dict__.update(request.__dict__)  # method, url, body, hooks, and requests' cookie and body-position marks
    set_request_headers(req, copy_headers(request.headers))
    return req


def _header(headers: Any, lower_name: str) -> str:
    if type(headers) is HTTPHeaderDict:
        return header_value(headers, lower_name) or ""
    if headers is None:  # a request made without headers, as Go's &http.Request{}
        return ""
    return headers.get(lower_name) or ""


class _HeaderRoundTripper(RoundTripper):
    """A layer that sets headers on a request without ``guard`` (lowercased), and leaves one with it as it is."""

    guard = ""

    def set_headers(self, headers: HTTPHeaderDict) -> None:
        raise NotImplementedError

    def fixed_header(self) -> Optional[tuple[str, str]]:
        """(name, value) when set_headers sets just that one header, always the same value; else None."""
        return None

    def round_trip(self, request: PreparedRequest, **kwargs: Any) -> Response:
        if _header(request.headers, self.guard):
            return self.delegate.send(request, **kwargs)
        req = clone_request(request)
        self.set_headers(req.headers)  # type: ignore[arg-type]  # clone_request's headers are an HTTPHeaderDict
        return self.delegate.send(req, **kwargs)


class UserAgentRoundTripper(_HeaderRoundTripper):
    guard = "user-agent"

    def __init__(self, agent: str, delegate: Any):
        super().__init__(delegate)
        self.agent = agent

    def set_headers(self, headers: HTTPHeaderDict) -> None:
        headers["User-Agent"] = self.agent

    def fixed_header(self) -> Optional[tuple[str, str]]:
        return "User-Agent", self.agent


class BasicAuthRoundTripper(_HeaderRoundTripper):
    guard = "authorization"

    def __init__(self, username: str, password: str, delegate: Any):
        super().__init__(delegate)
        self._username = username
        self._password = password
        userpass = f"{username}:{password}".encode("utf-8")
        self._header = "Basic " + base64.b64encode(userpass).decode("ascii")

    def set_headers(self, headers: HTTPHeaderDict) -> None:
        headers["Authorization"] = self._header

    def fixed_header(self) -> Optional[tuple[str, str]]:
        return "Authorization", self._header

    def __repr__(self) -> str:
        return f"BasicAuthRoundTripper(username={self._username!r}, password=<redacted>)"


class BearerAuthRoundTripper(_HeaderRoundTripper):
    """Sets ``Authorization: Bearer <token>``; with a token source its current token wins when it has one."""

    guard = "authorization"

    def __init__(self, bearer: str, delegate: Any, source: Optional[_TokenSource] = None):
        super().__init__(delegate)
        self._bearer = bearer
        self._source = source

    def fixed_header(self) -> Optional[tuple[str, str]]:
        return None if self._source is not None else ("Authorization", "Bearer " + self._bearer)

    def set_headers(self, headers: HTTPHeaderDict) -> None:
        token = self._bearer
        if self._source is not None:
            try:
                token = self._source.token().access_token
            except Exception:  # noqa: BLE001 - as in Go, keep the last good token
                pass
        headers["Authorization"] = "Bearer " + token

    def __repr__(self) -> str:
        return "BearerAuthRoundTripper(token=<redacted>)"


def new_user_agent_round_tripper(agent: str, rt: Any) -> RoundTripper:
    return UserAgentRoundTripper(agent, rt)


def new_basic_auth_round_tripper(username: str, password: str, rt: Any) -> RoundTripper:
    return BasicAuthRoundTripper(username, password, rt)


def new_bearer_auth_round_tripper(bearer: str, rt: Any) -> RoundTripper:
    return BearerAuthRoundTripper(bearer, rt)


def new_bearer_auth_with_refresh_round_tripper(bearer: str, token_file: str, rt: Any) -> RoundTripper:
    """Bearer auth whose token is re-read from token_file (cached for a minute) when a file is named."""
    if not token_file:
        return BearerAuthRoundTripper(bearer, rt)
    from .token_source import new_cached_file_token_source

    source = new_cached_file_token_source(token_file)
    if not bearer:
        bearer = source.token().access_token
    return BearerAuthRoundTripper(bearer, rt, source)


_LEGAL_HEADER_KEY_BYTES = frozenset(b"%!#$&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def header_key_escape(key: str) -> str:
    """Percent-encode every byte of key that may not appear in a header name, and '%' itself."""
    out = []
    for b in key.encode("utf-8"):
        if b in _LEGAL_HEADER_KEY_BYTES and b != ord("%"):
            out.append(chr(b))
        else:
            out.append(f"%{b:02X}")
    return "".join(out)


def canonical_mime_header_key(key: str) -> str:
    """Go's textproto.CanonicalMIMEHeaderKey: 'impersonate-extra-scopes' -> 'Impersonate-Extra-Scopes'."""
    raw = key.encode("utf-8")
    if any(b not in _LEGAL_HEADER_KEY_BYTES for b in raw):
        return key
    out = []
    upper = True
    for ch in key:
        out.append(ch.upper() if upper else ch.lower())
        upper = ch == "-"
    return "".join(out)


class ImpersonatingRoundTripper(_HeaderRoundTripper):
    guard = ImpersonateUserHeader.lower()

    def __init__(self, impersonate: ImpersonationConfig, delegate: Any):
        super().__init__(delegate)
        self.impersonate = impersonate

    def set_headers(self, headers: HTTPHeaderDict) -> None:
        imp = self.impersonate
        headers[ImpersonateUserHeader] = imp.user_name
        if imp.uid:
            headers[ImpersonateUIDHeader] = imp.uid
        for group in imp.groups or ():
            headers.add(ImpersonateGroupHeader, group)
        for k, vv in (imp.extra or {}).items():
            for v in vv:
                headers.add(canonical_mime_header_key(ImpersonateUserExtraHeaderPrefix + header_key_escape(k)), v)


def new_impersonating_round_tripper(impersonate: ImpersonationConfig, rt: Any) -> RoundTripper:
    return ImpersonatingRoundTripper(impersonate, rt)


class AuthProxyRoundTripper(RoundTripper):
    """Sets the X-Remote-* headers an authenticating front proxy passes on."""

    def __init__(
        self,
        username: str,
        uid: str,
        groups: Optional[Iterable[str]],
        extra: Optional[Mapping[str, Iterable[str]]],
        delegate: Any,
    ):
        super().__init__(delegate)
        self.username, self.uid, self.groups, self.extra = username, uid, list(groups or ()), dict(extra or {})

    def round_trip(self, request: PreparedRequest, **kwargs: Any) -> Response:
        req = clone_request(request)
        set_auth_proxy_headers(req, self.username, self.uid, self.groups, self.extra)
        return self.delegate.send(req, **kwargs)


def new_auth_proxy_round_tripper(
    username: str,
    uid: str,
    groups: Optional[Iterable[str]],
    extra: Optional[Mapping[str, Iterable[str]]],
    rt: Any,
) -> RoundTripper:
    return AuthProxyRoundTripper(username, uid, groups, extra, rt)


def set_auth_proxy_headers(
    req: PreparedRequest,
    username: str,
    uid: str,
    groups: Optional[Iterable[str]],
    extra: Optional[Mapping[str, Iterable[str]]],
) -> None:
    h: Any = req.headers
    if not isinstance(h, HTTPHeaderDict):
        h = HTTPHeaderDict(h)
        set_request_headers(req, h)
    for name in [
        k
        for k in h.keys()
        if k.lower() in ("x-remote-user", "x-remote-uid", "x-remote-group") or k.lower().startswith("x-remote-extra-")
    ]:
        h.discard(name)
    h["X-Remote-User"] = username
    if uid:
        h["X-Remote-Uid"] = uid
    for g in groups or ():
        h.add("X-Remote-Group", g)
    for k, vv in (extra or {}).items():
        for v in vv:
            h.add(canonical_mime_header_key("X-Remote-Extra-" + header_key_escape(k)), v)


# --- debugging ---------------------------------------------------------------------------------------

DebugJustURL = 0
DebugURLTiming = 1
DebugCurlCommand = 2
DebugRequestHeaders = 3
DebugResponseStatus = 4
DebugResponseHeaders = 5
DebugDetailedTiming = 6
DebugByContext = 7

_BY_CONTEXT = 1 << DebugByContext
_LEVELS_V6 = 1 << DebugURLTiming
_LEVELS_V7 = (1 << DebugJustURL) | (1 << DebugRequestHeaders) | (1 << DebugResponseStatus)
_LEVELS_V8 = _LEVELS_V7 | (1 << DebugResponseHeaders)
_LEVELS_V9 = (1 << DebugCurlCommand) | (1 << DebugURLTiming) | (1 << DebugDetailedTiming) | (1 << DebugResponseHeaders)

_KNOWN_AUTH_TYPES = {"bearer", "basic", "negotiate"}
# Headers whose values are credentials however they are spelled; Go masks only Authorization,
# this port also keeps proxy credentials and the exec plugin's cookie-style secrets out of logs.
_SECRET_HEADERS = {"authorization", "proxy-authorization"}


def mask_value(key: str, value: str) -> str:
    """The header value as it may be logged: credentials become '<masked>' ("Bearer <masked>")."""
    if key.lower() not in _SECRET_HEADERS:
        return value
    if not value:
        return ""
    i = value.find(" ")
    auth_type = value[:i] if i > 0 else value
    if auth_type.lower() not in _KNOWN_AUTH_TYPES:
        return "<masked>"
    if len(value) > len(auth_type) + 1:
        return auth_type + " <masked>"
    return auth_type


def _header_items(headers: Any) -> list[tuple[str, str]]:
    if headers is None:
        return []
    if hasattr(headers, "getlist"):
        return [(k, v) for k in headers.keys() for v in headers.getlist(k)]
    if hasattr(headers, "items"):
        return list(headers.items())
    return []


def headers_map(headers: Any) -> dict[str, list[str]]:
    """{name: [masked values]} for logging."""
    out: dict[str, list[str]] = {}
    for k, v in _header_items(headers):
        out.setdefault(k, []).append(mask_value(k, v))
    return out


def to_curl(method: str, url: str, headers: Any) -> str:
    hs = "".join(f" -H {go_quote(f'{k}: {mask_value(k, v)}')}" for k, v in _header_items(headers))
    return f"curl -v -X{method} {hs} '{url}'\n"


def _kv(pairs: Iterable[tuple[str, Any]]) -> str:
    out = []
    for k, v in pairs:
        if isinstance(v, str):
            out.append(f"{k}={go_quote(v)}")
        elif isinstance(v, dict):
            inner = ",".join(f"{go_quote(h)}:[{','.join(go_quote(x) for x in vs)}]" for h, vs in sorted(v.items()))
            out.append(f"{k}={{{inner}}}")
        else:
            out.append(f"{k}={v}")
    return " ".join(out)


class DebuggingRoundTripper(RoundTripper):
    """Logs requests and responses by verbosity, as client-go's debugging round tripper does at -v=6..9.

    V(6): verb, URL, status, milliseconds.  V(7): plus request headers.  V(8): plus response headers.
    V(9): a curl command and connection timing.  Credentials are masked in every line.
    """

    def __init__(self, delegate: Any, *levels: int, logger: Optional[logging.Logger] = None):
        super().__init__(delegate)
        self.levels = 0
        for v in levels:
            self.levels |= 1 << v
        self.logger = logger or log

    def logged_levels(self) -> tuple[int, int]:
        """(what is logged as a bit set of the Debug* levels, the logging level): 0 when nothing is.

        Levels given explicitly are logged at klog's V(0) (INFO), as Go's are; by context, at the verbosity that
        enabled them."""
        levels = self.levels
        level = logging.INFO
        if levels == (1 << DebugByContext) and not self.logger.isEnabledFor(logging.DEBUG):
            return 0, level  # the usual case: V(6), the least verbose level that logs, is off
        if levels & (1 << DebugByContext):
            for v, extra in ((9, _LEVELS_V9), (8, _LEVELS_V8), (7, _LEVELS_V7), (6, _LEVELS_V6)):
                if self.logger.isEnabledFor(verbosity_level(v)):
                    levels |= extra
                    level = verbosity_level(v)
                    break
        if levels == (1 << DebugByContext):
            return 0, level
        return levels, level

    def round_trip(self, request: PreparedRequest, **kwargs: Any) -> Response:
        logger = self.logger
        levels, level = self.logged_levels()
        if levels == 0:
            return self.delegate.send(request, **kwargs)
        method, url = request.method or "", request.url or ""
        kvs: list[tuple[str, Any]] = []
        if levels & (1 << DebugJustURL):
            kvs += [("verb", method), ("url", url)]
        if levels & (1 << DebugCurlCommand):
            kvs.append(("curlCommand", to_curl(method, url, request.headers)))
        if levels & (1 << DebugRequestHeaders):
            kvs.append(("headers", headers_map(request.headers)))
        if kvs:
            logger.log(level, '"Request" %s', _kv(kvs))
        start = time.monotonic()
        err = None
        resp = None
        try:
            resp = self.delegate.send(request, **kwargs)
            return resp
        except Exception as e:
            err = e
            raise
        finally:
            ms = int((time.monotonic() - start) * 1000)
            kvs = []
            if levels & (1 << DebugURLTiming):
                kvs += [("verb", method), ("url", url)]
            if levels & ((1 << DebugURLTiming) | (1 << DebugResponseStatus)):
                status = "" if resp is None else f"{resp.status_code} {resp.reason or ''}".rstrip()
                kvs.append(("status", status))
            if levels & (1 << DebugResponseHeaders):
                kvs.append(
                    (
                        "headers",
                        headers_map(
                            None
                            if resp is None
                            else resp.raw.headers
                            if getattr(resp, "raw", None) is not None
                            else resp.headers
                        ),
                    )
                )
            if levels & ((1 << DebugURLTiming) | (1 << DebugDetailedTiming) | (1 << DebugResponseStatus)):
                kvs.append(("milliseconds", ms))
            if err is not None:
                kvs.append(("err", type(err).__name__))
            if kvs:
                logger.log(level, '"Response" %s', _kv(kvs))


def new_debugging_round_tripper(rt: Any, *levels: int) -> RoundTripper:
    return DebuggingRoundTripper(rt, *levels)


def debug_wrappers(rt: Any) -> RoundTripper:
    """Add the by-verbosity debugging round tripper (it checks the logger's level on every request)."""
    return DebuggingRoundTripper(rt, DebugByContext)


class _ContextCanceller(RoundTripper):
    def __init__(self, ctx: Any, err: BaseException, delegate: Any):
        super().__init__(delegate)
        self.ctx = ctx
        self.err = err

    def round_trip(self, request: PreparedRequest, **kwargs: Any) -> Response:
        if self.ctx.done().is_set():
            raise self.err
        return self.delegate.send(request, **kwargs)


def context_canceller(ctx: Any, err: BaseException) -> Callable[[Any], RoundTripper]:
    """A wrapper func whose round tripper raises err instead of sending once ctx is done."""
    return lambda rt: _ContextCanceller(ctx, err, rt)


def http_wrappers_for_config(config: Config, rt: Any) -> Any:
    """Layer wrap_transport, debugging, authentication, User-Agent and impersonation over rt."""
    if config.wrap_transport is not None:
        rt = config.wrap_transport(rt)
    rt = debug_wrappers(rt)
    if config.has_basic_auth() and config.has_token_auth():
        raise ValueError("username/password or bearer token may be set, but not both")
    if config.has_token_auth():
        rt = new_bearer_auth_with_refresh_round_tripper(config.bearer_token, config.bearer_token_file, rt)
    elif config.has_basic_auth():
        rt = new_basic_auth_round_tripper(config.username, config.password, rt)
    if config.user_agent:
        rt = new_user_agent_round_tripper(config.user_agent, rt)
    imp = config.impersonate
    if imp.user_name or imp.uid or imp.groups or imp.extra:
        rt = new_impersonating_round_tripper(imp, rt)
    return rt


_HEADER_LAYERS = frozenset(
    (UserAgentRoundTripper, BasicAuthRoundTripper, BearerAuthRoundTripper, ImpersonatingRoundTripper)
)


def direct_transport(rt: Any, headers: HTTPHeaderDict) -> Any:
    """The base transport under rt's layers, after setting their headers in headers (a private copy, changed in
    place), when every layer is a header-setting one of this module or a debugging one with nothing to log; else
    None, and headers may be partly set (send the request through rt then, from a fresh copy).

    A layer that always sets one header to one value (User-Agent, basic auth, a bearer token without a source) puts
    it straight into the headers' storage, as HTTPHeaderDict's item assignment does."""
    stored = header_container(headers)
    while True:
        kind = type(rt)
        if kind in _HEADER_LAYERS:
            if rt.guard not in stored or not header_value(headers, rt.guard):
                fixed = rt.fixed_header()
                if fixed is None:
                    rt.set_headers(headers)
                else:
                    stored[rt.guard] = [fixed[0], fixed[1]]
        elif kind is DebuggingRoundTripper:
            if rt.levels != _BY_CONTEXT or rt.logger.isEnabledFor(logging.DEBUG):
                if rt.logged_levels()[0]:
                    return None
        else:
            return rt
        rt = rt.delegate
