"""rest.Config: embedded-field promotion, copies, redaction, in-cluster configuration (client-go rest/config.go)."""

import logging

import pytest

from kubernetes_py import rest
from kubernetes_py.rest import config as rest_config
from kubernetes_py.tools.clientcmd import api


def test_constants():
    assert rest.DefaultQPS == 5.0 and rest.DefaultBurst == 10


def test_embedded_fields_are_promoted():
    c = rest.Config(host="https://h", content_type="application/json", ca_file="/ca", insecure=True)
    assert c.content_config.content_type == "application/json"
    assert c.tls_client_config.ca_file == "/ca" and c.tls_client_config.insecure is True
    c.content_config.accept_content_types = "application/vnd.kubernetes.protobuf"
    assert c.accept_content_types == "application/vnd.kubernetes.protobuf"
    c.key_data = b"k"
    assert c.tls_client_config.key_data == b"k"


def test_unknown_field_is_rejected():
    with pytest.raises(TypeError, match="rest.Config has no field 'hostname'"):
        rest.Config(hostname="x")


def test_repr_redacts_like_client_go():
    class Persister(rest.AuthProviderConfigPersister):
        def persist(self, config):
            pass

    c = rest.Config(
        host="https://h",
        username="u",
        password="hunter2",
        bearer_token="tok3n",
        tls_client_config=rest.TLSClientConfig(cert_data=b"CERTBYTES", key_data=b"KEYBYTES", ca_data=b"CABYTES"),
        auth_provider=api.AuthProviderConfig(name="oidc", config={"id-token": "idtok"}),
        auth_config_persister=Persister(),
        exec_provider=api.ExecConfig(
            command="plugin", args=["--secret=s3"], env=[api.ExecEnvVar("TOKEN", "envsecret")], config={"k": "v"}
        ),
    )
    for text in (repr(c), str(c)):
        for secret in ("hunter2", "tok3n", "KEYBYTES", "CERTBYTES", "idtok", "s3", "envsecret"):
            assert secret not in text
        assert "password='--- REDACTED ---'" in text
        assert "bearer_token='--- REDACTED ---'" in text
        assert "cert_data=b'--- TRUNCATED ---'" in text
        assert "key_data=b'--- REDACTED ---'" in text
        assert "ca_data=b'CABYTES'" in text
        assert "rest.AuthProviderConfigPersister(--- REDACTED ---)" in text
        assert 'api.AuthProviderConfig(name="oidc", config={--- REDACTED ---})' in text
        assert (
            "api.ExecConfig(command=\"plugin\", args=['--- REDACTED ---'], env=[--- REDACTED ---], "
            'api_version="", provide_cluster_info=False, config=runtime.Object(--- REDACTED ---), '
            "stdin_unavailable=False)"
        ) in text
    empty = repr(rest.Config())
    assert "password=''" in empty and "cert_data=None" in empty


def test_copy_config_copies_every_field():
    def wrap(rt):
        return rt

    c = rest.Config(
        host="h",
        api_path="/api",
        username="u",
        password="p",
        bearer_token="t",
        bearer_token_file="f",
        impersonate=rest.ImpersonationConfig(user_name="n", uid="1", groups=["g"], extra={"k": ["v"]}),
        auth_provider=api.AuthProviderConfig(name="p"),
        exec_provider=api.ExecConfig(config={"a": 1}),
        user_agent="ua",
        disable_compression=True,
        wrap_transport=wrap,
        qps=1.5,
        burst=3,
        timeout=2.0,
        proxy="http://p",
        content_type="application/json",
        ca_file="/ca",
        next_protos=["h2"],
    )
    d = rest.copy_config(c)
    assert d == c
    assert d.tls_client_config is not c.tls_client_config and d.content_config is not c.content_config
    d.impersonate.groups.append("other")
    d.next_protos.append("http/1.1")
    assert c.impersonate.groups == ["g"] and c.next_protos == ["h2"]
    assert d.wrap_transport is wrap and d.auth_provider is c.auth_provider
    assert d.exec_provider.config == {"a": 1} and d.exec_provider.config is not c.exec_provider.config


def test_anonymous_client_config_drops_credentials():
    c = rest.Config(
        host="h",
        api_path="/api",
        username="u",
        password="p",
        bearer_token="t",
        bearer_token_file="f",
        impersonate=rest.ImpersonationConfig(user_name="n"),
        auth_provider=api.AuthProviderConfig(name="p"),
        exec_provider=api.ExecConfig(),
        transport=object(),
        wrap_transport=lambda rt: rt,
        user_agent="ua",
        qps=1.5,
        burst=3,
        timeout=2.0,
        proxy="http://p",
        tls_client_config=rest.TLSClientConfig(
            insecure=True,
            server_name="sni",
            cert_file="c",
            key_file="k",
            ca_file="ca",
            cert_data=b"c",
            key_data=b"k",
            ca_data=b"ca",
            next_protos=["h2"],
        ),
    )
    a = rest.anonymous_client_config(c)
    assert a == rest.Config(
        host="h",
        api_path="/api",
        user_agent="ua",
        qps=1.5,
        burst=3,
        timeout=2.0,
        proxy="http://p",
        tls_client_config=rest.TLSClientConfig(
            insecure=True, server_name="sni", ca_file="ca", ca_data=b"ca", next_protos=["h2"]
        ),
    )


def test_wrap_chains_transport_wrappers():
    c = rest.Config()
    c.wrap(lambda rt: rt + ["first"])
    c.wrap(lambda rt: rt + ["second"])
    assert c.wrap_transport([]) == ["first", "second"]


@pytest.mark.parametrize(
    "host,kw,tls",
    [
        ("https://h", {}, True),
        ("http://h", {}, False),
        ("h:443", {}, False),
        ("h", {"ca_file": "/ca"}, True),
        ("h", {"insecure": True}, True),
        ("", {}, False),
        ("h/path", {}, False),
    ],
)
def test_is_config_transport_tls(host, kw, tls):
    assert rest.is_config_transport_tls(rest.Config(host=host, **kw)) is tls


def test_load_tls_files(tmp_path):
    (tmp_path / "ca").write_bytes(b"CA")
    (tmp_path / "cert").write_bytes(b"CERT")
    c = rest.Config(ca_file=str(tmp_path / "ca"), cert_file=str(tmp_path / "cert"), key_data=b"KEY")
    rest.load_tls_files(c)
    assert (c.ca_data, c.cert_data, c.key_data) == (b"CA", b"CERT", b"KEY")
    with pytest.raises(FileNotFoundError):
        rest.load_tls_files(rest.Config(key_file=str(tmp_path / "missing")))


@pytest.fixture
def service_account(tmp_path, monkeypatch):
    monkeypatch.setattr(rest_config, "TOKEN_FILE", str(tmp_path / "token"))
    monkeypatch.setattr(rest_config, "ROOT_CA_FILE", str(tmp_path / "ca.crt"))
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "443")
    (tmp_path / "token").write_text("sa-token")
    return tmp_path


@pytest.mark.parametrize("host,port", [("", "443"), ("10.0.0.1", ""), ("", "")])
def test_in_cluster_config_requires_service_env(monkeypatch, host, port):
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", host)
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", port)
    with pytest.raises(rest.ErrNotInCluster) as info:
        rest.in_cluster_config()
    assert str(info.value) == (
        "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined"
    )


def test_in_cluster_config_without_usable_ca_logs_and_leaves_it_out(service_account, caplog):
    with caplog.at_level(logging.ERROR, logger="kubernetes_py.rest"):
        c = rest.in_cluster_config()
    assert c == rest.Config(
        host="https://10.96.0.1:443", bearer_token="sa-token", bearer_token_file=str(service_account / "token")
    )
    assert caplog.messages[0].startswith(
        f"Expected to load root CA config from {service_account / 'ca.crt'}, but got err: "
    )
    (service_account / "ca.crt").write_text("not a certificate")
    assert rest.in_cluster_config().ca_file == ""


def test_in_cluster_config_with_ca_and_ipv6(service_account, monkeypatch):
    import ssl

    bundle = ssl.get_default_verify_paths().cafile
    if not bundle:
        pytest.skip("no system CA bundle to use as a valid certificate file")
    with open(bundle, "rb") as fh:
        (service_account / "ca.crt").write_bytes(fh.read())
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "fd00::1")
    c = rest.in_cluster_config()
    assert c.host == "https://[fd00::1]:443"
    assert c.ca_file == str(service_account / "ca.crt")


def test_in_cluster_config_missing_token(service_account):
    (service_account / "token").unlink()
    with pytest.raises(FileNotFoundError):
        rest.in_cluster_config()
