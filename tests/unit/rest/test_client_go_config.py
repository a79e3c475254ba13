"""client-go rest/config_test.go: TestIsConfigTransportTLS, TestSetKubernetesDefaultsUserAgent, TestAdjustVersion,
TestAdjustCommit, TestAdjustCommand, TestBuildUserAgent, TestDefaultKubernetesUserAgent, TestRESTClientRequires,
TestConfigStringer, TestConfigWarningHandler, TestCopyConfig, TestAnonymousAuthConfig (names of the Go tests in each
docstring)."""

from __future__ import annotations

import dataclasses
import os

import pytest

from kubernetes_py import context, rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools.clientcmd import api as clientcmdapi

V1 = schema.GroupVersion(version="v1")


@pytest.mark.parametrize(
    "host,tls,transport_tls",
    [
        ("", {}, False),
        ("https://localhost", {}, True),
        ("localhost", {"cert_file": "foo"}, True),
        ("///:://localhost", {"cert_file": "foo"}, False),
        ("1.2.3.4:567", {"insecure": True}, True),
    ],
)
def test_is_config_transport_tls(host, tls, transport_tls):
    """TestIsConfigTransportTLS."""
    config = rest.Config(host=host, tls_client_config=rest.TLSClientConfig(**tls))
    rest.set_kubernetes_defaults(config)
    assert rest.is_config_transport_tls(config) is transport_tls


def test_set_kubernetes_defaults_user_agent():
    """TestSetKubernetesDefaultsUserAgent, TestDefaultKubernetesUserAgent."""
    config = rest.Config()
    rest.set_kubernetes_defaults(config)
    assert "kubernetes/" in config.user_agent
    assert "kubernetes" in rest.default_kubernetes_user_agent()


def test_adjust_version_commit_command_and_build_user_agent():
    """TestAdjustVersion, TestAdjustCommit, TestAdjustCommand, TestBuildUserAgent."""
    assert [rest.adjust_version(v) for v in ("1.2.3-alpha4", "1.2.3-alpha", "1.2.3", "")] == [
        "1.2.3",
        "1.2.3",
        "1.2.3",
        "unknown",
    ]
    assert [rest.adjust_commit(c) for c in ("1234567890", "123456", "")] == ["1234567", "123456", "unknown"]
    commands = (os.path.join("home", "bob", "Downloads", "beans"), os.path.join(".", "beans"), "beans", "")
    assert [rest.adjust_command(c) for c in commands] == ["beans", "beans", "beans", "unknown"]
    assert (
        rest.build_user_agent("lynx", "nicest", "beos", "itanium", "baaaaaaaaad")
        == "lynx/nicest (beos/itanium) kubernetes/baaaaaaaaad"
    )


def test_rest_client_requires():
    """TestRESTClientRequires: RESTClientFor needs a GroupVersion and a NegotiatedSerializer."""
    with pytest.raises(Exception):
        rest.rest_client_for(rest.Config(host="127.0.0.1", negotiated_serializer=scheme.Codecs))
    with pytest.raises(Exception):
        rest.rest_client_for(rest.Config(host="127.0.0.1", group_version=V1))
    with rest.rest_client_for(rest.Config(host="127.0.0.1", group_version=V1, negotiated_serializer=scheme.Codecs)):
        pass


def test_config_stringer():
    """TestConfigStringer: credentials never in a Config's text; file names and user names are."""
    text = str(rest.Config(host="localhost:8080", api_path="v1", user_agent="gobot"))
    assert all(s in text for s in ("localhost:8080", "v1", "gobot"))
    config = rest.Config(
        host="localhost:8080",
        username="gopher",
        password="g0ph3r",
        bearer_token="1234567890",
        tls_client_config=rest.TLSClientConfig(
            cert_file="a.crt", key_file="a.key", cert_data=b"fake cert", key_data=b"fake key"
        ),
        auth_provider=clientcmdapi.AuthProviderConfig(config={"secret": "s3cr3t"}),
        exec_provider=clientcmdapi.ExecConfig(
            args=["secret"],
            env=[clientcmdapi.ExecEnvVar(name="secret", value="s3cr3t")],
            config=runtime.Unknown(raw=b"here is some config data"),
        ),
    )
    for text in (str(config), repr(config), f"{config}", f"{config!r}"):
        for expect in ("localhost:8080", "gopher", "a.crt", "a.key", "--- REDACTED ---", "--- TRUNCATED ---"):
            assert expect in text
        for prohibit in ("g0ph3r", "1234567890", "fake cert", "fake key", "secret", "s3cr3t", "here is some config"):
            assert prohibit not in text


class _Handler:
    def __init__(self):
        self.messages = []

    def handle_warning_header(self, code, agent, text):
        self.messages.append(text)


class _HandlerWithContext:
    def handle_warning_header_with_context(self, ctx, code, agent, text):
        pass


def test_config_warning_handler():
    """TestConfigWarningHandler: none, a context-free handler (wrapped), a context handler, and both (the context
    handler wins)."""
    base = rest.Config(group_version=schema.GroupVersion(), negotiated_serializer=scheme.Codecs)
    with rest.rest_client_for_config_and_client(base, None) as c:
        assert c._warning_handler is None

    config = rest.copy_config(base)
    handler = _Handler()
    config.warning_handler = handler
    with rest.rest_client_for_config_and_client(config, None) as c:
        c._warning_handler.handle_warning_header_with_context(context.background(), 0, "", "message")
    assert handler.messages == ["message"]

    with_ctx = _HandlerWithContext()
    config = rest.copy_config(base)
    config.warning_handler_with_context = with_ctx
    with rest.rest_client_for_config_and_client(config, None) as c:
        assert c._warning_handler is with_ctx

    config = rest.copy_config(base)
    config.warning_handler = _Handler()
    config.warning_handler_with_context = with_ctx
    with rest.rest_client_for_config_and_client(config, None) as c:
        assert c._warning_handler is with_ctx


class _Persister:
    def persist(self, config):
        raise ValueError("fakeAuthProviderConfigPersisterError")


def _filled_config() -> rest.Config:
    """What randfill gives Go's tests: every field of Config set (NilChance 0)."""
    return rest.Config(
        host="h",
        api_path="/p",
        content_config=rest.ContentConfig(
            accept_content_types="a", content_type="c", group_version=V1, negotiated_serializer=scheme.Codecs
        ),
        username="u",
        password="pw",
        bearer_token="t",
        bearer_token_file="tf",
        impersonate=rest.ImpersonationConfig(user_name="n", uid="i", groups=["g"], extra={"k": ["v"]}),
        auth_provider=clientcmdapi.AuthProviderConfig(name="ap", config={}),
        auth_config_persister=_Persister(),
        exec_provider=clientcmdapi.ExecConfig(command="cmd"),
        tls_client_config=rest.TLSClientConfig(
            insecure=True,
            server_name="sn",
            cert_file="cf",
            key_file="kf",
            ca_file="caf",
            cert_data=b"cd",
            key_data=b"kd",
            ca_data=b"cad",
            next_protos=["h2"],
        ),
        user_agent="ua",
        disable_compression=True,
        transport=object(),
        wrap_transport=lambda rt: rt,
        qps=1.5,
        burst=3,
        rate_limiter=object(),
        warning_handler=_Handler(),
        warning_handler_with_context=_HandlerWithContext(),
        timeout=2.0,
        dial=lambda *a: None,
        proxy=lambda req: None,
    )


def test_copy_config():
    """TestCopyConfig: every field is kept (functions and objects by identity)."""
    original = _filled_config()
    actual = rest.copy_config(original)
    assert actual == original
    for field in dataclasses.fields(rest.Config):
        assert getattr(actual, field.name) == getattr(original, field.name), field.name


def test_anonymous_auth_config():
    """TestAnonymousAuthConfig: exactly the credentials are dropped, every other field is kept."""
    original = _filled_config()
    actual = rest.anonymous_client_config(original)
    expected = rest.copy_config(original)
    expected.impersonate = rest.ImpersonationConfig()
    expected.bearer_token = ""
    expected.bearer_token_file = ""
    expected.username = ""
    expected.password = ""
    expected.auth_provider = None
    expected.auth_config_persister = None
    expected.exec_provider = None
    expected.tls_client_config.cert_data = None
    expected.tls_client_config.cert_file = ""
    expected.tls_client_config.key_data = None
    expected.tls_client_config.key_file = ""
    expected.transport = None
    expected.wrap_transport = None
    for field in dataclasses.fields(rest.Config):
        assert getattr(actual, field.name) == getattr(expected, field.name), field.name


def test_codec_factory_for_generated_client():
    """CodecFactoryForGeneratedClient: with ClientsAllowCBOR off (the default), the given factory itself."""
    assert rest.codec_factory_for_generated_client(scheme.Scheme, scheme.Codecs) is scheme.Codecs
