"""The oidc auth provider against a fake issuer (pytest-httpserver)."""

from __future__ import annotations

import base64
import json
import time

import pytest
from werkzeug import Response

from kubernetes_py import rest
from kubernetes_py.plugin.pkg.client.auth import oidc
from kubernetes_py.tools.clientcmd import api as clientcmdapi


def _jwt(exp) -> str:
    def seg(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{seg({'alg': 'RS256'})}.{seg({'iss': 'x', 'exp': exp})}.c2ln"


class Persister:
    def __init__(self):
        self.saved = []

    def persist(self, cfg):
        self.saved.append(dict(cfg))


def _issuer(httpserver, token_answer=None, status=200):
    issuer = httpserver.url_for("/issuer")
    httpserver.expect_request("/issuer/.well-known/openid-configuration").respond_with_json(
        {"issuer": issuer, "token_endpoint": httpserver.url_for("/token")}
    )
    calls = []

    def token(req):
        calls.append({"form": dict(req.form), "auth": req.headers.get("Authorization", "")})
        return Response(json.dumps(token_answer), status=status, content_type="application/json")

    httpserver.expect_request("/token", method="POST").respond_with_handler(token)
    httpserver.expect_request("/api").respond_with_handler(lambda req: Response(req.headers.get("Authorization", "")))
    return issuer, calls


def _client(httpserver, cfg, persister):
    apc = clientcmdapi.AuthProviderConfig(name="oidc", config=cfg)
    return rest.http_client_for(
        rest.Config(host=httpserver.url_for(f"/{id(cfg)}"), auth_provider=apc, auth_config_persister=persister)
    )


def test_valid_id_token_is_used_without_refresh(httpserver):
    issuer, calls = _issuer(httpserver)
    tok = _jwt(int(time.time()) + 3600)
    p = Persister()
    client = _client(
        httpserver, {"idp-issuer-url": issuer, "client-id": "kube", "id-token": tok, "refresh-token": "rt"}, p
    )
    assert client.get(httpserver.url_for("/api")).text == f"Bearer {tok}"
    assert calls == [] and p.saved == []


def test_expired_id_token_is_refreshed_and_persisted(httpserver):
    new_tok = _jwt(int(time.time()) + 3600)
    issuer, calls = _issuer(
        httpserver,
        {
            "access_token": "at",
            "token_type": "Bearer",
            "id_token": new_tok,
            "refresh_token": "rt-2",
            "expires_in": 3600,
        },
    )
    p = Persister()
    cfg = {
        "idp-issuer-url": issuer,
        "client-id": "kube",
        "client-secret": "s3cret",
        "id-token": _jwt(int(time.time()) + 5),
        "refresh-token": "rt-1",
    }  # within the 10 s delta: expired
    client = _client(httpserver, cfg, p)
    assert client.get(httpserver.url_for("/api")).text == f"Bearer {new_tok}"
    assert client.get(httpserver.url_for("/api")).text == f"Bearer {new_tok}"
    assert len(calls) == 1
    assert calls[0]["form"] == {"grant_type": "refresh_token", "refresh_token": "rt-1"}
    assert calls[0]["auth"] == "Basic " + base64.b64encode(b"kube:s3cret").decode()
    assert p.saved == [{**cfg, "id-token": new_tok, "refresh-token": "rt-2"}]


def test_refresh_errors(httpserver):
    issuer, _ = _issuer(httpserver, {"error": "invalid_grant", "error_description": "token revoked"}, status=400)
    client = _client(httpserver, {"idp-issuer-url": issuer, "client-id": "a", "refresh-token": "r"}, Persister())
    with pytest.raises(oidc.OIDCError, match='^failed to refresh token: oauth2: "invalid_grant" "token revoked"$'):
        client.get(httpserver.url_for("/api"))


def test_refresh_without_id_token_in_answer(httpserver):
    issuer, _ = _issuer(httpserver, {"access_token": "at", "token_type": "Bearer"})
    client = _client(httpserver, {"idp-issuer-url": issuer, "client-id": "b", "refresh-token": "r"}, Persister())
    with pytest.raises(oidc.OIDCError, match="^token response did not contain an id_token"):
        client.get(httpserver.url_for("/api"))


def test_no_refresh_token(httpserver):
    issuer, _ = _issuer(httpserver)
    client = _client(httpserver, {"idp-issuer-url": issuer, "client-id": "c", "id-token": _jwt(1)}, Persister())
    with pytest.raises(oidc.OIDCError, match="^No valid id-token, and cannot refresh without refresh-token$"):
        client.get(httpserver.url_for("/api"))


def test_metadata_errors(httpserver):
    httpserver.expect_request("/bad/.well-known/openid-configuration").respond_with_data("x" * 100, status=404)
    httpserver.expect_request("/empty/.well-known/openid-configuration").respond_with_json({"issuer": "e"})
    c = rest.http_client_for(rest.Config())
    with pytest.raises(oidc.OIDCError, match=r'^oidc: failed to query metadata endpoint 404 NOT FOUND: "x{80}\.\.\."$'):
        oidc.token_endpoint(c, httpserver.url_for("/bad/"))
    with pytest.raises(oidc.OIDCError, match="^oidc: discovery object doesn't contain a token_endpoint$"):
        oidc.token_endpoint(c, httpserver.url_for("/empty"))


def test_config_validation_and_jwt_parsing():
    with pytest.raises(ValueError, match="^Must provide idp-issuer-url$"):
        oidc.new_oidc_auth_provider("h", {"client-id": "x"}, None)
    with pytest.raises(ValueError, match="^Must provide client-id$"):
        oidc.new_oidc_auth_provider("h", {"idp-issuer-url": "https://i"}, None)
    with pytest.raises(oidc.OIDCError, match="^ID Token is not a valid JWT$"):
        oidc.id_token_expired(time.time, "a.b")
    assert oidc.id_token_expired(lambda: 1000.0, _jwt(1011)) is True
    assert oidc.id_token_expired(lambda: 1000.0, _jwt(1010)) is False
    assert oidc.id_token_expired(lambda: 1000.0, _jwt(1011.9)) is True


def test_providers_are_shared_per_cluster_issuer_and_client():
    a = oidc.new_oidc_auth_provider("https://c1", {"idp-issuer-url": "https://i", "client-id": "shared"}, None)
    b = oidc.new_oidc_auth_provider("https://c1", {"idp-issuer-url": "https://i", "client-id": "shared"}, None)
    c = oidc.new_oidc_auth_provider("https://c2", {"idp-issuer-url": "https://i", "client-id": "shared"}, None)
    assert a is b and a is not c


def test_unknown_provider_and_double_registration():
    with pytest.raises(ValueError, match='^no Auth Provider found for name "nope"$'):
        rest.transport_for(rest.Config(auth_provider=clientcmdapi.AuthProviderConfig(name="nope")))
    with pytest.raises(ValueError, match='^auth Provider Plugin "oidc" was registered twice$'):
        rest.register_auth_provider_plugin("oidc", oidc.new_oidc_auth_provider)


def test_application_plugins_take_precedence_over_bundled_names(monkeypatch):
    from kubernetes_py.rest import plugin

    monkeypatch.setattr(plugin, "_plugins", {})
    monkeypatch.setattr(plugin, "_builtins_loaded", False)
    made = []

    class Mine(plugin.AuthProvider):
        def wrap_transport(self, rt):
            return rt

        def login(self):
            return None

    rest.register_auth_provider_plugin("oidc", lambda addr, cfg, p: made.append(cfg) or Mine())
    assert isinstance(
        rest.get_auth_provider("h", clientcmdapi.AuthProviderConfig(name="oidc", config={"a": "b"}), None), Mine
    )
    assert made == [{"a": "b"}]


# --- client-go's oidc_test.go -----------------------------------------------------------------------------------
def _encode_jwt(header: str, payload: str, sig: str) -> str:
    def e(s: str) -> str:
        return base64.urlsafe_b64encode(s.encode()).rstrip(b"=").decode()

    return f"{e(header)}.{e(payload)}.{e(sig)}"


def test_json_time():
    """TestJSONTime: an exp claim as an integer and as a float in exponent notation is the same Unix second."""
    assert oidc.oidc._expiry(b'{"exp": 1493851263}') == 1493851263
    assert oidc.oidc._expiry(b'{"exp": 1.493851263e9}') == 1493851263


@pytest.mark.parametrize(
    "name,payload,want_err,want_expired",
    [
        ("valid", lambda now: '{"exp":%d}' % (now + 3600), False, False),
        ("expired", lambda now: '{"exp":%d}' % (now - 3600), False, True),
        ("bad exp claim", lambda now: '{"exp":"foobar"}', True, False),
        ("not an id token", None, True, False),
    ],
)
def test_expired(name, payload, want_err, want_expired):
    now = time.time()
    token = "notanidtoken" if payload is None else _encode_jwt("{}", payload(int(now)), "blah")
    if want_err:
        with pytest.raises(oidc.OIDCError):
            oidc.id_token_expired(lambda: now, token)
        return
    valid = oidc.id_token_expired(lambda: now, token)
    assert valid is not want_expired


def test_client_cache():
    """TestClientCache: one provider per (cluster, issuer, client id); the first one set stays."""
    cache = oidc.new_client_cache()
    assert cache.get_client("cluster1", "issuer1", "id1") == (None, False)
    assert len(cache.cache) == 0
    cli1, cli2, cli3 = oidc.OIDCAuthProvider(), oidc.OIDCAuthProvider(), oidc.OIDCAuthProvider()
    assert cache.set_client("cluster1", "issuer1", "id1", cli1) is cli1
    assert len(cache.cache) == 1
    assert cache.set_client("cluster1", "issuer1", "id1", cli2) is cli1
    assert len(cache.cache) == 1
    assert cache.set_client("cluster2", "issuer1", "id1", cli3) is cli3
    assert len(cache.cache) == 2
    assert cache.get_client("cluster1", "issuer1", "id1") == (cli1, True)
