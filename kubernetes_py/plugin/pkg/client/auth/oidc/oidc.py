"""The oidc auth provider (client-go plugin/pkg/client/auth/oidc/oidc.go).

The kubeconfig's id-token is sent as the bearer token while its JWT ``exp`` claim is more than 10 s
away; otherwise the refresh-token is exchanged at the issuer's token endpoint (found through
``<issuer>/.well-known/openid-configuration``) and the new id-token (and refresh-token, when the issuer
rotated it) are saved through the persister.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import threading
import time
import urllib.parse
from typing import TYPE_CHECKING, Any, Callable, NoReturn, Optional

import requests
from requests.adapters import BaseAdapter

from kubernetes_py import transport as _transport
from kubernetes_py._go.json import go_json_kind, loads
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.rest import plugin as _plugin

if TYPE_CHECKING:
    from kubernetes_py.rest.config import AuthProviderConfigPersister

CFG_ISSUER_URL = "idp-issuer-url"
CFG_CLIENT_ID = "client-id"
CFG_CLIENT_SECRET = "client-secret"
CFG_CERTIFICATE_AUTHORITY = "idp-certificate-authority"
CFG_CERTIFICATE_AUTHORITY_DATA = "idp-certificate-authority-data"
CFG_ID_TOKEN = "id-token"
CFG_REFRESH_TOKEN = "refresh-token"
CFG_EXTRA_SCOPES = "extra-scopes"

EXPIRY_DELTA = 10.0


class OIDCError(Exception):
    """The id-token cannot be used or refreshed (messages as client-go words them)."""


class clientCache:  # noqa: N801 - client-go's name
    """The providers made so far, one per (cluster address, issuer URL, client id): every kubeconfig user of the same
    identity provider and client shares one, so one refreshes the token for all (Go's clientCache)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str, str], "OIDCAuthProvider"] = {}
        self._lock = threading.Lock()

    def get_client(
        self, cluster_address: str, issuer: str, client_id: str
    ) -> tuple[Optional["OIDCAuthProvider"], bool]:
        """(the provider, True) when one is cached, else (None, False)."""
        with self._lock:
            client = self.cache.get((cluster_address, issuer, client_id))
        return client, client is not None

    def set_client(
        self, cluster_address: str, issuer: str, client_id: str, client: "OIDCAuthProvider"
    ) -> "OIDCAuthProvider":
        """Cache client unless one is there already; the cached one either way."""
        with self._lock:
            return self.cache.setdefault((cluster_address, issuer, client_id), client)


def new_client_cache() -> clientCache:
    return clientCache()


_cache = new_client_cache()


def new_oidc_auth_provider(
    cluster_address: str, cfg: dict[str, str], persister: AuthProviderConfigPersister
) -> "OIDCAuthProvider":
    """The factory registered as "oidc"; providers are shared per (cluster, issuer, client-id)."""
    issuer = cfg.get(CFG_ISSUER_URL, "")
    if not issuer:
        raise ValueError(f"Must provide {CFG_ISSUER_URL}")
    client_id = cfg.get(CFG_CLIENT_ID, "")
    if not client_id:
        raise ValueError(f"Must provide {CFG_CLIENT_ID}")
    existing, ok = _cache.get_client(cluster_address, issuer, client_id)
    if ok and existing is not None:
        return existing
    ca_data = None
    if cfg.get(CFG_CERTIFICATE_AUTHORITY_DATA):
        try:
            ca_data = base64.b64decode(cfg[CFG_CERTIFICATE_AUTHORITY_DATA], validate=True)
        except (binascii.Error, ValueError) as e:
            raise ValueError(f"illegal base64 data in {CFG_CERTIFICATE_AUTHORITY_DATA}: {e}") from None
    from kubernetes_py.rest.config import Config
    from kubernetes_py.rest.transport import http_client_for

    client = http_client_for(Config(ca_file=cfg.get(CFG_CERTIFICATE_AUTHORITY, ""), ca_data=ca_data))
    provider = OIDCAuthProvider(client, dict(cfg), persister)
    return _cache.set_client(cluster_address, issuer, client_id, provider)


class OIDCAuthProvider(_plugin.AuthProvider):
    def __init__(
        self,
        client: Optional[requests.Session] = None,
        cfg: Optional[dict[str, str]] = None,
        persister: Optional[AuthProviderConfigPersister] = None,
    ):
        """``new_oidc_auth_provider`` makes them; with no arguments, Go's zero oidcAuthProvider (for a cache)."""
        self.client = client if client is not None else requests.Session()
        self.now: Callable[[], float] = time.time
        self._lock = threading.Lock()
        self._cfg = cfg if cfg is not None else {}
        self._persister = persister

    def __repr__(self) -> str:
        return f"oidc.OIDCAuthProvider(issuer={self._cfg.get(CFG_ISSUER_URL)!r})"

    def wrap_transport(self, rt: BaseAdapter) -> BaseAdapter:
        return _OIDCRoundTripper(self, rt)

    def login(self) -> None:
        raise OIDCError("not yet implemented")

    def id_token(self) -> str:
        """A usable id-token, refreshing (and persisting) it when it expires within 10 s."""
        with self._lock:
            tok = self._cfg.get(CFG_ID_TOKEN, "")
            if tok and id_token_expired(self.now, tok):
                return tok
            rt = self._cfg.get(CFG_REFRESH_TOKEN, "")
            if not rt:
                raise OIDCError("No valid id-token, and cannot refresh without refresh-token")
            token_url = token_endpoint(self.client, self._cfg.get(CFG_ISSUER_URL, ""))
            resp = _refresh(
                self.client, token_url, self._cfg.get(CFG_CLIENT_ID, ""), self._cfg.get(CFG_CLIENT_SECRET, ""), rt
            )
            id_token = resp.get("id_token")
            if not isinstance(id_token, str):
                raise OIDCError(
                    'token response did not contain an id_token, either the scope "openid" wasn\'t '
                    "requested upon login, or the provider doesn't support id_tokens as part of the "
                    "refresh response"
                )
            new_cfg = dict(self._cfg)
            new_rt = resp.get("refresh_token") or ""
            if new_rt and new_rt != rt:
                new_cfg[CFG_REFRESH_TOKEN] = new_rt
            new_cfg[CFG_ID_TOKEN] = id_token
            try:
                if self._persister is not None:  # none given: the new tokens live in memory only
                    self._persister.persist(new_cfg)
            except Exception as e:  # noqa: BLE001 - reported as Go reports it
                raise OIDCError(f"could not persist new tokens: {e}") from None
            self._cfg = new_cfg
            return id_token


def _refresh(
    client: requests.Session, token_url: str, client_id: str, client_secret: str, refresh_token: str
) -> dict[str, Any]:
    """x/oauth2's refresh-token grant: client credentials in a Basic header first, in the form if refused."""
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    basic = base64.b64encode(
        f"{urllib.parse.quote_plus(client_id)}:{urllib.parse.quote_plus(client_secret)}".encode()
    ).decode()
    attempts = [
        ({"Authorization": "Basic " + basic}, form),
        ({}, {**form, "client_id": client_id, **({"client_secret": client_secret} if client_secret else {})}),
    ]
    err: Optional[OIDCError] = None
    for headers, data in attempts:
        try:
            return _token_request(client, token_url, headers, data)
        except OIDCError as e:
            err = e
    raise OIDCError(f"failed to refresh token: {err}")


def _token_request(
    client: requests.Session, token_url: str, headers: dict[str, str], data: dict[str, str]
) -> dict[str, Any]:
    try:
        r = client.post(token_url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded", **headers})
    except Exception as e:  # noqa: BLE001
        raise OIDCError(f'Post "{token_url}": {type(e).__name__}') from None
    body = r.content[: 1 << 20]
    ctype = r.headers.get("Content-Type", "").split(";")[0].strip()
    vals: Any  # the decoded JSON response, or the form's values
    if ctype in ("application/x-www-form-urlencoded", "text/plain"):
        vals = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode("utf-8", "replace")).items()}
    else:
        try:
            vals = json.loads(body) if body else {}
        except ValueError:
            vals = {}
    if not 200 <= r.status_code < 300:
        code = vals.get("error") if isinstance(vals, dict) else None
        if code:
            msg = f'oauth2: "{code}"'
            if vals.get("error_description"):
                msg += f' "{vals["error_description"]}"'
            if vals.get("error_uri"):
                msg += f' "{vals["error_uri"]}"'
            raise OIDCError(msg)
        raise OIDCError(
            f"oauth2: cannot fetch token: {r.status_code} {r.reason}\nResponse: {body.decode('utf-8', 'replace')}"
        )
    if not isinstance(vals, dict) or not vals.get("access_token"):
        raise OIDCError("oauth2: server response missing access_token")
    return vals


def token_endpoint(client: requests.Session, issuer: str) -> str:
    """The token_endpoint of issuer's OpenID provider metadata."""
    well_known = issuer.rstrip("/") + "/.well-known/openid-configuration"
    r = client.get(well_known)
    body = r.content
    if r.status_code != 200:
        shown = body[:80] + b"..." if len(body) > 80 else body
        raise OIDCError(
            f"oidc: failed to query metadata endpoint {r.status_code} {r.reason}: "
            f"{json.dumps(shown.decode('utf-8', 'replace'))}"
        )
    try:
        metadata = json.loads(body)
        url = metadata.get("token_endpoint", "") if isinstance(metadata, dict) else ""
    except ValueError as e:
        raise OIDCError(f"oidc: failed to decode provider discovery object: {e}") from None
    if not url:
        raise OIDCError("oidc: discovery object doesn't contain a token_endpoint")
    return url


def id_token_expired(now: Callable[[], float], id_token: str) -> bool:
    """True while the JWT's exp claim is more than 10 s ahead (Go's idTokenExpired, despite its name)."""
    parts = id_token.split(".")
    if len(parts) != 3:
        raise OIDCError("ID Token is not a valid JWT")
    seg = parts[1]
    try:
        if "=" in seg:
            raise ValueError("padding")
        payload = base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4))
    except (binascii.Error, ValueError):
        raise OIDCError("ID Token payload is not valid base64url") from None
    try:
        unix = _expiry(payload)
    except ValueError as e:
        raise OIDCError(f"parsing claims: {e}") from None
    # Go's time.Unix(unix, 0) keeps seconds since year 1 in an int64: beyond that it wraps into the past.
    if unix > _MAX_INT64 - _UNIX_TO_INTERNAL:
        return False
    return now() + EXPIRY_DELTA < unix


_MAX_INT64 = (1 << 63) - 1
_UNIX_TO_INTERNAL = 62135596800
_INT64_LITERAL = re.compile(r"-?[0-9]+\Z")


class _Number(str):
    """The text of a JSON number (Go's json.Number)."""


def _reject_constant(name: str) -> NoReturn:
    if name.startswith("-"):
        raise ValueError(f"invalid character '{name[1]}' in numeric literal")
    raise ValueError(f"invalid character '{name[0]}' looking for beginning of value")


def _expiry(payload: bytes) -> int:
    """The exp claim as Go's jsonTime reads it: the Unix second of an integer, or of a float truncated."""
    claims = loads(payload, parse_int=_Number, parse_float=_Number, parse_constant=_reject_constant)
    if not isinstance(claims, dict):
        raise ValueError(
            f"json: cannot unmarshal {go_json_kind(claims)} into Go value of type "
            f'struct {{ Expiry oidc.jsonTime "json:\\"exp\\"" }}'
        )
    value = None
    for key, v in claims.items():  # encoding/json matches member names without regard to case; the last wins
        if key.lower() == "exp":
            value = v
    if value is None:
        return 0 - _UNIX_TO_INTERNAL  # the zero time.Time: always expired
    if isinstance(value, str) and not isinstance(value, _Number):
        if not _JSON_NUMBER.fullmatch(value):
            raise ValueError(
                f"json: invalid number literal, trying to unmarshal {go_quote(json.dumps(value))} into Number"
            )
    elif not isinstance(value, _Number):
        raise ValueError(f"json: cannot unmarshal {go_json_kind(value)} into Go value of type json.Number")
    if _INT64_LITERAL.match(value) and -_MAX_INT64 - 1 <= int(value) <= _MAX_INT64:
        return int(value)
    f = float(value)
    if math.isinf(f):
        raise ValueError(f"strconv.ParseFloat: parsing {go_quote(value)}: value out of range")
    if not -(2.0**63) <= f < 2.0**63:
        return -_MAX_INT64 - 1  # Go's int64(f) of a float out of range (amd64)
    return int(f)


_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


class _OIDCRoundTripper(_transport.RoundTripper):
    def __init__(self, provider: OIDCAuthProvider, delegate: BaseAdapter):
        super().__init__(delegate)
        self.provider = provider

    def round_trip(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if request.headers.get("Authorization"):
            return self.delegate.send(request, **kwargs)
        token = self.provider.id_token()
        req = _transport.clone_request(request)
        req.headers["Authorization"] = f"Bearer {token}"
        return self.delegate.send(req, **kwargs)


_plugin.register_builtin_auth_provider_plugin("oidc", new_oidc_auth_provider)
