"""clientcmd/api helpers: minify, shorten, flatten, redact, path helpers (client-go api/helpers.go).

Go tests here (api/helpers_test.go): TestMinifySuccess, TestMinifyMissingContext, TestMinifyMissingCluster,
TestMinifyMissingAuthInfo, TestFlattenSuccess, TestShortenSuccess, TestRedactSecrets, and Example_minifyAndShorten's
DATA+OMITTED.
"""

import base64
import dataclasses

import pytest

from kubernetes_py.tools.clientcmd import api


def _config():
    config = api.new_config()
    config.clusters["c"] = api.Cluster(server="https://c", certificate_authority_data=b"ca")
    config.clusters["other"] = api.Cluster(server="https://o")
    config.auth_infos["u"] = api.AuthInfo(
        token="s3cr3t-token", client_key_data=b"key-bytes", client_certificate_data=b"cert-bytes", password="s3cr3t-pw"
    )
    config.auth_infos["v"] = api.AuthInfo()
    config.contexts["x"] = api.Context(cluster="c", auth_info="u")
    config.contexts["y"] = api.Context(cluster="other", auth_info="v")
    config.current_context = "x"
    return config


def test_minify_keeps_only_the_current_context():
    config = _config()
    api.minify_config(config)
    assert set(config.contexts) == {"x"} and set(config.clusters) == {"c"} and set(config.auth_infos) == {"u"}


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda c: setattr(c, "current_context", ""), "current-context must exist in order to minify"),
        (lambda c: setattr(c, "current_context", "zzz"), "cannot locate context zzz"),
        (lambda c: c.clusters.pop("c"), "cannot locate cluster c"),
        (lambda c: c.auth_infos.pop("u"), "cannot locate user u"),
    ],
)
def test_minify_errors(mutate, message):
    config = _config()
    mutate(config)
    with pytest.raises(ValueError) as info:
        api.minify_config(config)
    assert str(info.value) == message


def test_minify_context_without_cluster_or_user():
    config = _config()
    config.contexts["x"] = api.Context()
    api.minify_config(config)
    assert config.clusters == {} and config.auth_infos == {} and set(config.contexts) == {"x"}


def test_shorten_config():
    config = _config()
    api.shorten_config(config)
    u = config.auth_infos["u"]
    assert base64.b64encode(u.client_key_data) == b"DATA+OMITTED"
    assert base64.b64encode(u.client_certificate_data) == b"DATA+OMITTED"
    assert base64.b64encode(config.clusters["c"].certificate_authority_data) == b"DATA+OMITTED"
    assert u.token == "REDACTED" and u.password == "s3cr3t-pw"
    assert config.auth_infos["v"] == api.AuthInfo()


def test_redact_secrets():
    config = _config()
    api.redact_secrets(config)
    u = config.auth_infos["u"]
    assert (u.token, u.password, u.client_key_data) == ("REDACTED", "REDACTED", b"REDACTED")
    assert u.client_certificate_data == b"cert-bytes"  # not a secret
    assert config.auth_infos["v"] == api.AuthInfo()  # empty values stay empty


def test_flatten_reads_files_relative_to_their_origin(tmp_path):
    (tmp_path / "ca.crt").write_bytes(b"CA")
    (tmp_path / "c.crt").write_bytes(b"CERT")
    config = api.new_config()
    config.clusters["c"] = api.Cluster(certificate_authority="ca.crt", location_of_origin=str(tmp_path / "config"))
    config.auth_infos["u"] = api.AuthInfo(
        client_certificate=str(tmp_path / "c.crt"), location_of_origin=str(tmp_path / "config")
    )
    api.flatten_config(config)
    assert (config.clusters["c"].certificate_authority, config.clusters["c"].certificate_authority_data) == ("", b"CA")
    assert (config.auth_infos["u"].client_certificate, config.auth_infos["u"].client_certificate_data) == ("", b"CERT")


def test_flatten_errors(tmp_path):
    with pytest.raises(ValueError, match="cannot have values for both path and contents"):
        api.flatten_content("a", b"x", str(tmp_path))
    with pytest.raises(FileNotFoundError):
        api.flatten_content("missing", None, str(tmp_path))
    assert api.flatten_content("", b"keep", str(tmp_path)) == ("", b"keep")


@pytest.mark.parametrize(
    "path,base,expected",
    [
        ("", "/b", ""),
        ("/abs", "/b", "/abs"),
        ("rel", "/b", "/b/rel"),
        ("../x", "/b/c", "/b/x"),
        ("a//b/", "/b", "/b/a/b"),
    ],
)
def test_resolve_path(path, base, expected):
    assert api.resolve_path(path, base) == expected


def test_make_abs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert api.make_abs("/x", "") == "/x"
    assert api.make_abs("x", "") == str(tmp_path / "x")
    assert api.make_abs("x", "/base") == "/base/x"


def test_is_config_empty():
    assert api.is_config_empty(api.new_config())
    assert api.is_config_empty(api.Config())
    assert not api.is_config_empty(api.Config(current_context="x"))
    assert not api.is_config_empty(api.Config(preferences=api.Preferences(colors=True)))


def test_new_constructors_give_empty_maps():
    assert api.new_auth_info() == api.AuthInfo(extensions={}, impersonate_user_extra={})
    assert api.new_cluster().extensions == {} and api.new_context().extensions == {}
    assert api.new_preferences() == api.Preferences(extensions={})
    assert api.new_config() != api.Config()  # nil and empty maps differ, as in Go's DeepEqual


def test_reprs_hide_credentials():
    config = _config()
    text = repr(config)
    for secret in ("s3cr3t", "key-bytes", "cert-bytes"):
        assert secret not in text
    assert "token='--- REDACTED ---'" in text and "client_key_data=b'--- REDACTED ---'" in text
    assert repr(api.ExecEnvVar("A", "secret")) == "api.ExecEnvVar(name='A', value='--- REDACTED ---')"
    assert repr(api.AuthProviderConfig(name="gcp")) == 'api.AuthProviderConfig(name="gcp", config={<nil>})'


def _new_merged_config(tmp_path, cert="cert", key="key", ca="ca"):
    """helpers_test.go newMergedConfig: red-user/cow-cluster embed their data, blue-user/chicken-cluster use files."""
    cert_file, key_file, ca_file = tmp_path / "cert", tmp_path / "key", tmp_path / "ca"
    cert_file.write_text(cert)
    key_file.write_text(key)
    ca_file.write_text(ca)
    return api.Config(
        auth_infos={
            "red-user": api.AuthInfo(
                token="red-token", client_certificate_data=cert.encode(), client_key_data=key.encode()
            ),
            "blue-user": api.AuthInfo(token="blue-token", client_certificate=str(cert_file), client_key=str(key_file)),
        },
        clusters={
            "cow-cluster": api.Cluster(server="http://cow.org:8080", certificate_authority_data=ca.encode()),
            "chicken-cluster": api.Cluster(server="http://chicken.org:8080", certificate_authority=str(ca_file)),
        },
        contexts={
            "federal-context": api.Context(auth_info="red-user", cluster="cow-cluster"),
            "shaker-context": api.Context(auth_info="blue-user", cluster="chicken-cluster"),
        },
        current_context="federal-context",
    )


def test_minify_success_and_missing_entries(tmp_path):
    """TestMinifySuccess, TestMinifyMissingContext, TestMinifyMissingCluster, TestMinifyMissingAuthInfo."""
    config = _new_merged_config(tmp_path)
    api.minify_config(config)
    assert (set(config.contexts), set(config.clusters), set(config.auth_infos)) == (
        {"federal-context"},
        {"cow-cluster"},
        {"red-user"},
    )
    for mutate, message in (
        (lambda c: setattr(c, "current_context", "missing"), "cannot locate context missing"),
        (lambda c: c.clusters.pop("cow-cluster"), "cannot locate cluster cow-cluster"),
        (lambda c: c.auth_infos.pop("red-user"), "cannot locate user red-user"),
    ):
        config = _new_merged_config(tmp_path)
        mutate(config)
        with pytest.raises(ValueError) as info:
            api.minify_config(config)
        assert str(info.value) == message


def test_flatten_success(tmp_path):
    starting = _new_merged_config(tmp_path)
    config = api.deep_copy(starting)
    api.flatten_config(config)
    assert config.contexts == starting.contexts
    assert config.clusters["cow-cluster"] == starting.clusters["cow-cluster"]
    assert config.auth_infos["red-user"] == starting.auth_infos["red-user"]
    chicken, blue = config.clusters["chicken-cluster"], config.auth_infos["blue-user"]
    assert (chicken.certificate_authority, chicken.certificate_authority_data) == ("", b"ca")
    assert (blue.client_certificate, blue.client_certificate_data) == ("", b"cert")
    assert (blue.client_key, blue.client_key_data) == ("", b"key")


def test_shorten_success(tmp_path):
    starting = _new_merged_config(tmp_path)
    config = api.deep_copy(starting)
    api.shorten_config(config)
    assert config.contexts == starting.contexts
    assert config.clusters["chicken-cluster"] == starting.clusters["chicken-cluster"]
    # file references stay; every token is redacted (Go's test compares the shared *AuthInfo with itself)
    assert config.auth_infos["blue-user"] == dataclasses.replace(starting.auth_infos["blue-user"], token="REDACTED")
    red = config.auth_infos["red-user"]
    assert config.clusters["cow-cluster"].certificate_authority_data == api.DataOmitted
    assert (red.client_certificate_data, red.client_key_data, red.token) == (
        api.DataOmitted,
        api.DataOmitted,
        "REDACTED",
    )
    # written out, the omitted bytes read DATA+OMITTED, as in Example_minifyAndShorten
    from kubernetes_py.tools import clientcmd

    api.minify_config(config)
    text = clientcmd.write(config).decode()
    assert "certificate-authority-data: DATA+OMITTED" in text and "client-key-data: DATA+OMITTED" in text


def test_redact_secrets_success(tmp_path):
    starting = _new_merged_config(tmp_path)
    config = api.deep_copy(starting)
    api.redact_secrets(config)
    assert config.contexts == starting.contexts
    assert config.clusters == starting.clusters
    blue = config.auth_infos["blue-user"]
    assert blue == dataclasses.replace(starting.auth_infos["blue-user"], token="REDACTED")
    red = config.auth_infos["red-user"]
    assert (red.token, red.client_key_data, red.client_certificate_data) == ("REDACTED", b"REDACTED", b"cert")
