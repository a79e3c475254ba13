"""rest.http_client_for against the real kube-apiserver: who the server says we are, per credential kind."""

from __future__ import annotations

import json
import stat
import sys

from kubernetes_py import rest
from kubernetes_py.tools.clientcmd import api as clientcmdapi

REVIEW = "/apis/authentication.k8s.io/v1/selfsubjectreviews"
BODY = json.dumps({"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"})


def _whoami(config: rest.Config) -> dict:
    client = rest.http_client_for(config)
    r = client.post(
        config.host + REVIEW, data=BODY, headers={"Content-Type": "application/json", "Accept": "application/json"}
    )
    assert r.status_code == 201, r.text
    return r.json()["status"]["userInfo"]


def test_client_certificate(apiserver):
    cert = apiserver.mint_client_cert("alice", ("devs", "ops"))
    info = _whoami(
        rest.Config(
            host=apiserver.url,
            ca_file=str(apiserver.ca_file),
            cert_file=str(cert.cert_file),
            key_file=str(cert.key_file),
        )
    )
    assert info["username"] == "alice"
    assert {"devs", "ops"} <= set(info["groups"])


def test_client_certificate_as_inline_data(apiserver):
    cert = apiserver.mint_client_cert("carol")
    info = _whoami(
        rest.Config(
            host=apiserver.url,
            ca_data=apiserver.ca_file.read_bytes(),
            cert_data=cert.cert_file.read_bytes(),
            key_data=cert.key_file.read_bytes(),
        )
    )
    assert info["username"] == "carol"


def test_impersonation_headers_are_honoured(apiserver):
    imp = rest.ImpersonationConfig(
        user_name="bob", uid="uid-7", groups=["g1", "g2"], extra={"scopes.example.com/x y": ["a", "b"]}
    )
    info = _whoami(
        rest.Config(
            host=apiserver.url, ca_file=str(apiserver.ca_file), bearer_token=apiserver.admin_token, impersonate=imp
        )
    )
    assert info["username"] == "bob"
    assert info["uid"] == "uid-7"
    assert {"g1", "g2"} <= set(info["groups"])
    assert info["extra"] == {"scopes.example.com/x y": ["a", "b"]}


def test_token_file(apiserver, tmp_path):
    tok = tmp_path / "token"
    tok.write_text(apiserver.admin_token + "\n")
    tok.chmod(0o600)
    info = _whoami(rest.Config(host=apiserver.url, ca_file=str(apiserver.ca_file), bearer_token_file=str(tok)))
    assert info["username"]


def test_exec_plugin_token(apiserver, tmp_path):
    plugin = tmp_path / "plugin"
    plugin.write_text(
        f"#!{sys.executable}\nimport json\nprint(json.dumps({{'kind': 'ExecCredential', "
        f"'apiVersion': 'client.authentication.k8s.io/v1', 'status': {{'token': "
        f"{apiserver.admin_token!r}}}}}))\n"
    )
    plugin.chmod(plugin.stat().st_mode | stat.S_IXUSR)
    exec_cfg = clientcmdapi.ExecConfig(
        command=str(plugin), api_version="client.authentication.k8s.io/v1", interactive_mode="Never"
    )
    info = _whoami(rest.Config(host=apiserver.url, ca_file=str(apiserver.ca_file), exec_provider=exec_cfg))
    assert info["username"]


def test_wrong_ca_is_refused(apiserver, tmp_path):
    import pytest
    import requests

    cert = apiserver.mint_client_cert("dave")
    with pytest.raises(requests.exceptions.SSLError):
        _whoami(
            rest.Config(host=apiserver.url, ca_data=cert.cert_file.read_bytes(), bearer_token=apiserver.admin_token)
        )


def test_client_certificate_rotation(apiserver, tmp_path, monkeypatch):
    import shutil

    from kubernetes_py.transport import tls

    monkeypatch.setattr(tls, "CERT_FILE_CACHE_SECONDS", 0.0)
    alice, erin = apiserver.mint_client_cert("alice"), apiserver.mint_client_cert("erin")
    cert, key = tmp_path / "tls.crt", tmp_path / "tls.key"
    shutil.copy(alice.cert_file, cert)
    shutil.copy(alice.key_file, key)
    cfg = rest.Config(host=apiserver.url, ca_file=str(apiserver.ca_file), cert_file=str(cert), key_file=str(key))
    client = rest.http_client_for(cfg)

    def whoami():
        r = client.post(apiserver.url + REVIEW, data=BODY, headers={"Content-Type": "application/json"})
        return r.json()["status"]["userInfo"]["username"]

    assert whoami() == "alice"
    shutil.copy(erin.cert_file, cert)
    shutil.copy(erin.key_file, key)
    assert whoami() == "erin"  # pooled connections were dropped; the new handshake presents the new pair
