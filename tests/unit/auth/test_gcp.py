"""The gcp auth provider (google-auth application default credentials), with fake credentials."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug import Response

from kubernetes_py import rest
from kubernetes_py.plugin.pkg.client.auth.gcp import gcp
from kubernetes_py.tools.clientcmd import api as clientcmdapi


class FakeCredentials:
    def __init__(self, scopes):
        self.scopes = scopes
        self.token = None
        self.expiry = None
        self.refreshes = 0

    def refresh(self, request):
        self.refreshes += 1
        self.token = f"ya29.token-{self.refreshes}"
        self.expiry = dt.datetime(2099, 1, 1)  # naive UTC, as google-auth keeps it


class Persister:
    def __init__(self):
        self.saved = []

    def persist(self, cfg):
        self.saved.append(dict(cfg))


@pytest.fixture
def fake_adc(monkeypatch):
    made = []

    def default(scopes):
        made.append(FakeCredentials(scopes))
        return made[-1]

    monkeypatch.setattr(gcp, "default_credentials", default)
    monkeypatch.setattr(gcp, "new_request", lambda: object())
    return made


def _client(cfg, persister):
    return rest.http_client_for(
        rest.Config(
            auth_provider=clientcmdapi.AuthProviderConfig(name="gcp", config=cfg), auth_config_persister=persister
        )
    )


def test_token_from_adc_cached_and_persisted(httpserver, fake_adc):
    httpserver.expect_request("/api").respond_with_handler(lambda req: Response(req.headers["Authorization"]))
    p = Persister()
    client = _client({}, p)
    assert client.get(httpserver.url_for("/api")).text == "Bearer ya29.token-1"
    assert client.get(httpserver.url_for("/api")).text == "Bearer ya29.token-1"
    assert fake_adc[0].scopes == gcp.DEFAULT_SCOPES and fake_adc[0].refreshes == 1
    assert p.saved == [{"access-token": "ya29.token-1", "expiry": "2099-01-01T00:00:00Z"}]


def test_cached_token_from_kubeconfig_is_used_until_expiry(httpserver, fake_adc):
    httpserver.expect_request("/api").respond_with_handler(lambda req: Response(req.headers["Authorization"]))
    fresh = _client({"access-token": "cached", "expiry": "2099-01-01T00:00:00Z", "scopes": "a,b"}, Persister())
    assert fresh.get(httpserver.url_for("/api")).text == "Bearer cached"
    assert fake_adc == []
    stale = _client({"access-token": "old", "expiry": "2000-01-01T00:00:00Z", "scopes": "a,b"}, Persister())
    assert stale.get(httpserver.url_for("/api")).text == "Bearer ya29.token-1"
    assert fake_adc[0].scopes == ["a", "b"]


def test_401_drops_the_cached_token(httpserver, fake_adc):
    answers = iter([401, 200])
    httpserver.expect_request("/api").respond_with_handler(
        lambda req: Response(req.headers["Authorization"], status=next(answers))
    )
    client = _client({"access-token": "revoked", "expiry": "2099-01-01T00:00:00Z"}, Persister())
    assert client.get(httpserver.url_for("/api")).status_code == 401
    r = client.get(httpserver.url_for("/api"))
    assert (r.status_code, r.text) == (200, "Bearer ya29.token-1")


def test_cmd_path_mode_is_refused():
    with pytest.raises(ValueError, match='"cmd-path" \\(gcloud command\\) mode is not supported'):
        gcp.new_gcp_auth_provider("h", {"cmd-path": "/usr/bin/gcloud"}, None)


def test_expiry_is_written_and_read_as_rfc3339nano(httpserver, fake_adc):
    """The cached expiry is Go's expiry.Format(time.RFC3339Nano) (no trailing zeros) and is read with
    time.Parse(time.RFC3339Nano): a time without a zone is Go's zero time, so the token is refreshed."""
    assert (
        gcp._format_expiry(dt.datetime(2099, 1, 1, 0, 0, 0, 100000, tzinfo=dt.timezone.utc).timestamp())
        == "2099-01-01T00:00:00.1Z"
    )
    assert gcp._parse_expiry("2099-01-01T00:00:00.123456789Z") == pytest.approx(4070908800.123456789)
    httpserver.expect_request("/api").respond_with_handler(lambda req: Response(req.headers["Authorization"]))
    zoneless = _client({"access-token": "cached", "expiry": "2099-01-01T00:00:00", "scopes": "a"}, Persister())
    assert zoneless.get(httpserver.url_for("/api")).text == "Bearer ya29.token-1"
