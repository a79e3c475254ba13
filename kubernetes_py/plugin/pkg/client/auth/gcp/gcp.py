"""gcp auth provider implementation (see the package docstring)."""

from __future__ import annotations

import datetime as _dt
import logging
import threading
from typing import TYPE_CHECKING, Any, Callable, Optional

from requests import PreparedRequest, Response
from requests.adapters import BaseAdapter

from kubernetes_py import transport as _transport
from kubernetes_py._go import time as _gotime
from kubernetes_py.rest import plugin as _plugin

if TYPE_CHECKING:
    from kubernetes_py.rest.config import AuthProviderConfigPersister

log = logging.getLogger("kubernetes_py.plugin.pkg.client.auth.gcp")

DEFAULT_SCOPES = ["https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/userinfo.email"]


def _google_default(scopes: list[str]) -> Any:  # google.auth.credentials.Credentials
    import google.auth

    creds, _project = google.auth.default(scopes=scopes)
    return creds


def _google_request() -> Any:  # google.auth.transport.requests.Request
    import google.auth.transport.requests

    return google.auth.transport.requests.Request()


# Replaceable for tests: (scopes) -> google.auth credentials, () -> google.auth transport request.
default_credentials: Callable[[list[str]], Any] = _google_default
new_request: Callable[[], Any] = _google_request


def _parse_expiry(s: str) -> Optional[float]:
    """time.Parse(time.RFC3339Nano, s) in Unix seconds; None (Go's zero time) when it fails."""
    try:
        seconds, nanos = _gotime.parse_rfc3339(s)
    except _gotime.TimeParseError:
        return None
    return seconds + nanos / 1e9


def _format_expiry(ts: float) -> str:
    """Go's expiry.Format(time.RFC3339Nano) of Unix seconds, in UTC."""
    seconds, micros = divmod(round(ts * 1_000_000), 1_000_000)
    return _gotime.format_rfc3339_nano(seconds, micros * 1000)


class _ADCTokenSource(_transport.TokenSource):
    def __init__(self, scopes: list[str]):
        self._scopes = scopes
        self._creds: Any = None  # google.auth credentials, made on first use

    def token(self) -> _transport.Token:
        if self._creds is None:
            self._creds = default_credentials(self._scopes)
        self._creds.refresh(new_request())
        expiry = self._creds.expiry
        if expiry is not None:
            if expiry.tzinfo is None:  # google-auth keeps naive UTC datetimes
                expiry = expiry.replace(tzinfo=_dt.timezone.utc)
            expiry = expiry.timestamp()
        return _transport.Token(access_token=self._creds.token, token_type="Bearer", expiry=expiry)


class _CachedTokenSource(_transport.TokenSource):
    """The token cached in the kubeconfig while valid; new tokens are persisted back into it."""

    def __init__(
        self, source: _transport.TokenSource, cfg: dict[str, str], persister: Optional[AuthProviderConfigPersister]
    ):
        self._source = source
        self._persister = persister
        self._lock = threading.Lock()
        self._cfg = dict(cfg)
        tok = cfg.get("access-token", "")
        self._tok = (
            _transport.Token(access_token=tok, token_type="Bearer", expiry=_parse_expiry(cfg.get("expiry", "")) or 0.0)
            if tok
            else None
        )

    def token(self) -> _transport.Token:
        with self._lock:
            if self._tok is not None and self._tok.valid():
                return self._tok
            tok = self._source.token()
            cfg = dict(self._cfg)
            cfg["access-token"] = tok.access_token
            cfg["expiry"] = _format_expiry(tok.expiry) if tok.expiry else ""
            if self._persister is not None:
                try:
                    self._persister.persist(cfg)
                except Exception as e:  # noqa: BLE001 - the token is still usable
                    log.error("Failed to persist token: %s", e)
            self._cfg = cfg
            self._tok = tok
            return tok

    def reset(self) -> None:
        with self._lock:
            self._tok = None
            cfg = dict(self._cfg)
            cfg.pop("access-token", None)
            cfg.pop("expiry", None)
            self._cfg = cfg
            if self._persister is not None:
                try:
                    self._persister.persist(cfg)
                except Exception as e:  # noqa: BLE001
                    log.error("Failed to persist token: %s", e)


class GCPAuthProvider(_plugin.AuthProvider):
    def __init__(self, token_source: _CachedTokenSource):
        self.token_source = token_source

    def wrap_transport(self, rt: BaseAdapter) -> BaseAdapter:
        return _GCPRoundTripper(self.token_source, rt)

    def login(self) -> None:
        return None

    def __repr__(self) -> str:
        return "gcp.GCPAuthProvider()"


class _GCPRoundTripper(_transport.RoundTripper):
    """Bearer token from the source; a 401 drops the cached token so the next request gets a new one."""

    def __init__(self, source: _CachedTokenSource, delegate: BaseAdapter):
        super().__init__(delegate)
        self.source = source

    def round_trip(self, request: PreparedRequest, **kwargs: Any) -> Response:
        if request.headers.get("Authorization"):
            return self.delegate.send(request, **kwargs)
        tok = self.source.token()
        req = _transport.clone_request(request)
        req.headers["Authorization"] = f"{tok.type()} {tok.access_token}"
        resp = self.delegate.send(req, **kwargs)
        if resp.status_code == 401:
            log.log(
                _transport.verbosity_level(4), "The credentials that were supplied are invalid for the target cluster"
            )
            self.source.reset()
        return resp


def new_gcp_auth_provider(
    cluster_address: str, cfg: dict[str, str], persister: Optional[AuthProviderConfigPersister]
) -> GCPAuthProvider:
    """The factory registered as "gcp"."""
    if cfg.get("cmd-path"):
        raise ValueError(
            'the gcp auth provider\'s "cmd-path" (gcloud command) mode is not supported; use the '
            '"gke-gcloud-auth-plugin" exec credential plugin instead'
        )
    scopes = [s for s in cfg.get("scopes", "").split(",") if s] or list(DEFAULT_SCOPES)
    return GCPAuthProvider(_CachedTokenSource(_ADCTokenSource(scopes), cfg, persister))


_plugin.register_builtin_auth_provider_plugin("gcp", new_gcp_auth_provider)
