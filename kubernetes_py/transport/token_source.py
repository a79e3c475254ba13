"""Token sources (golang.org/x/oauth2's TokenSource as client-go uses it) and the round trippers over them."""

from __future__ import annotations

import abc
import dataclasses
import datetime as _dt
import logging
import threading
import time
from typing import Any, Callable, Optional, Protocol

from requests import PreparedRequest, Response

from kubernetes_py._go import os as goos
from kubernetes_py._go.strconv import go_quote

from .round_trippers import RoundTripper, _header, clone_request

log = logging.getLogger("kubernetes_py.transport")

# oauth2 treats a token as expired this long before its expiry.
EXPIRY_DELTA = 10.0


@dataclasses.dataclass
class Token:
    """An OAuth2 access token; ``expiry`` is a time.time() value, None for never."""

    access_token: str = ""
    token_type: str = ""
    refresh_token: str = ""
    expiry: Optional[float] = None

    def type(self) -> str:
        t = self.token_type
        if t.lower() == "bearer":
            return "Bearer"
        if t.lower() == "mac":
            return "MAC"
        if t.lower() == "basic":
            return "Basic"
        return t or "Bearer"

    def valid(self) -> bool:
        return bool(self.access_token) and (self.expiry is None or self.expiry - EXPIRY_DELTA > time.time())

    def __repr__(self) -> str:
        exp = "never" if self.expiry is None else _dt.datetime.fromtimestamp(self.expiry, _dt.timezone.utc).isoformat()
        return f"Token(access_token=<redacted>, token_type={self.token_type!r}, expiry={exp})"


class TokenSource(Protocol):
    @abc.abstractmethod
    def token(self) -> Token:
        """A valid token, or raise."""


class ResettableTokenSource(TokenSource, Protocol):
    @abc.abstractmethod
    def reset_token_older_than(self, t: float) -> None:
        """Forget a cached token obtained before t (time.time())."""


class _FileTokenSource(TokenSource):
    def __init__(self, path: str, period: float, now: Callable[[], float] = time.time):
        self.path = path
        self.period = period
        self.now = now

    def token(self) -> Token:
        try:
            data = goos.read_file(self.path)
        except OSError as e:
            raise OSError(f"failed to read token file {go_quote(self.path)}: {e}") from None
        tok = data.decode("utf-8", "replace").strip()
        if not tok:
            raise ValueError(f"read empty token from file {go_quote(self.path)}")
        return Token(access_token=tok, expiry=self.now() + self.period)


class CachingTokenSource(ResettableTokenSource):
    """Caches base's token until ``leeway`` before its expiry; on refresh errors keeps the last good token.

    ``tok`` is the cached token and ``t`` when it was obtained (0.0 for one given to the constructor), as the Go
    fields are. As in Go, a token without an expiry is fetched again on every call."""

    def __init__(
        self,
        base: TokenSource,
        leeway: float = 0.0,
        now: Callable[[], float] = time.time,
        tok: Optional[Token] = None,
    ):
        self.base = base
        self.leeway = leeway
        self.now = now
        self._lock = threading.Lock()
        self.tok: Optional[Token] = tok
        self.t = 0.0

    def _fresh(self, tok: Optional[Token], now: float) -> bool:
        # A token without an expiry is Go's zero time, long past: never served from the cache.
        return tok is not None and tok.expiry is not None and tok.expiry - self.leeway > now

    def token(self) -> Token:
        now = self.now()
        tok = self.tok
        if tok is not None and self._fresh(tok, now):
            return tok
        with self._lock:
            if self.tok is not None and self._fresh(self.tok, now):
                return self.tok
            try:
                tok = self.base.token()
            except Exception as e:
                if self.tok is None:
                    raise
                log.error("Unable to rotate token: %s", e)
                return self.tok
            self.t = self.now()
            self.tok = tok
            return tok

    def reset_token_older_than(self, t: float) -> None:
        with self._lock:
            if self.t < t:
                self.tok = None
                self.t = 0.0


def new_cached_file_token_source(path: str) -> CachingTokenSource:
    """Reads a bearer token from path, re-reading it every minute (10 s leeway), as client-go does."""
    return CachingTokenSource(_FileTokenSource(path, 60.0), leeway=10.0)


def new_cached_token_source(ts: TokenSource) -> CachingTokenSource:
    return CachingTokenSource(ts)


class ReuseTokenSource(TokenSource):
    """oauth2.ReuseTokenSource: keeps a token while valid() (10 s before expiry)."""

    def __init__(self, src: TokenSource, tok: Optional[Token] = None):
        self._src = src
        self._lock = threading.Lock()
        self._tok: Optional[Token] = tok

    def token(self) -> Token:
        with self._lock:
            if self._tok is not None and self._tok.valid():
                return self._tok
            self._tok = self._src.token()
            return self._tok


class TokenSourceTransport(RoundTripper):
    """Sets ``Authorization: <type> <token>`` from a token source unless the request already has one.

    With a resettable source, a 401 answer drops the cached token so the next request fetches a new one.
    """

    def __init__(self, delegate: Any, source: TokenSource, resettable: Optional[ResettableTokenSource] = None):
        super().__init__(delegate)
        self.source = source
        self.resettable = resettable

    def round_trip(self, request: PreparedRequest, **kwargs: Any) -> Response:
        if _header(request.headers, "authorization"):
            return self.delegate.send(request, **kwargs)
        start = time.time()
        tok = self.source.token()
        req = clone_request(request)
        req.headers["Authorization"] = f"{tok.type()} {tok.access_token}"
        resp = self.delegate.send(req, **kwargs)
        if resp is not None and resp.status_code == 401 and self.resettable is not None:
            self.resettable.reset_token_older_than(start)
        return resp


def token_source_wrap_transport(ts: TokenSource) -> Callable[[Any], TokenSourceTransport]:
    """A wrapper func authenticating requests with tokens from ts."""
    return lambda rt: TokenSourceTransport(rt, ts)


def resettable_token_source_wrap_transport(ts: ResettableTokenSource) -> Callable[[Any], TokenSourceTransport]:
    return lambda rt: TokenSourceTransport(rt, ts, ts)
