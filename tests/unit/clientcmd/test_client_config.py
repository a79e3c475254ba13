"""Ports of client-go's clientcmd client_config_test.go: from a kubeconfig to a rest.Config.

Go tests here: TestMergeSemantics (test_merge_semantics, test_merge_semantics_table), TestDisableCompression,
TestInsecureOverridesCA, TestCAOverridesCAData, TestTLSServerName, TestTLSServerNameClearsWhenServerNameSet,
TestFullImpersonateConfig, TestMergeContext and TestNamespaceOverride (test_merge_context_namespace,
test_namespace_override_without_any_config), TestCertificateData, TestProxyURL, TestBasicAuthData,
TestBasicTokenFile (test_token_file), TestPrecedenceTokenFile (test_token_beats_token_file), TestCreateClean,
TestCreateCleanWithPrefix, TestCreateCleanDefault and TestCreateCleanDefaultCluster (test_create_clean_default),
TestCreateMissingContext and ...NoDefault (test_create_missing_context), TestCreateAuthConfigExecInstallHintCleanup,
TestInClusterClientConfigPrecedence, TestAuthConfigMerge, TestCleanANSIEscapeCodes, TestMergeRawConfigDoOverride,
TestClientCertOverrideData (test_client_cert_override_with_files/_data). TestModifyContext is in test_config.py.
"""

import dataclasses
import logging
from typing import Optional

import pytest

from kubernetes_py import rest
from kubernetes_py.tools import clientcmd
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.tools.clientcmd.client_config import _clean_ansi_escape_codes
from kubernetes_py.tools.clientcmd.merge import merge


# ---- merge semantics ----------------------------------------------------------------------


@dataclasses.dataclass
class U:
    a: str = ""
    b: int = 0


@dataclasses.dataclass
class T:
    s: Optional[list] = None
    x: str = ""
    y: int = 0
    u: U = dataclasses.field(default_factory=U)
    string_ptr: Optional[str] = None
    struct_ptr: Optional[U] = None


@pytest.mark.parametrize(
    "dst,src,expected",
    [
        (T(x="one"), T(x="two"), T(x="two")),
        (T(x="one", y=5, u=U("four", 6)), T(x="two", u=U("three", 4)), T(x="two", y=5, u=U("three", 4))),
        (T(s=["test3", "test4", "test5"]), T(s=["test1", "test2", "test3"]), T(s=["test1", "test2", "test3"])),
        (T(), T(string_ptr="a", struct_ptr=U("a", 1)), T(string_ptr="a", struct_ptr=U("a", 1))),
        (T(string_ptr="a", struct_ptr=U("a", 1)), T(), T(string_ptr="a", struct_ptr=U("a", 1))),
        # a struct reference is replaced whole, so its zero b wins
        (
            T(string_ptr="a", struct_ptr=U("a", 1)),
            T(string_ptr="b", struct_ptr=U("b", 0)),
            T(string_ptr="b", struct_ptr=U("b", 0)),
        ),
    ],
)
def test_merge_semantics(dst, src, expected):
    merge(dst, src)
    assert dst == expected


@dataclasses.dataclass
class S:
    string: str = ""
    int_: int = 0
    bool_: bool = False
    slice_: Optional[list] = None
    map_: Optional[dict] = None


@dataclasses.dataclass
class T2:
    string: str = ""
    map_: Optional[dict] = None
    struct: S = dataclasses.field(default_factory=S)
    struct_p: Optional[S] = None


def test_merge_maps_merge_and_struct_values_merge_field_by_field():
    dst = T2(
        map_={"a": "1", "shared": "1"},
        struct=S(string="a", int_=1, map_={"a": "1", "shared": "1"}),
        struct_p=S(string="a", int_=1, map_={"a": "1"}),
    )
    src = T2(map_={"b": "1"}, struct=S(string="b", int_=0, map_={"b": "1"}), struct_p=S(string="b", map_={"b": "1"}))
    merge(dst, src)
    assert dst == T2(
        map_={"a": "1", "shared": "1", "b": "1"},
        struct=S(string="b", int_=1, map_={"a": "1", "shared": "1", "b": "1"}),
        struct_p=S(string="b", int_=0, map_={"b": "1"}),
    )


@dataclasses.dataclass
class Inner:
    string: str = ""
    string_p: Optional[str] = None
    int_: int = 0
    bool_: bool = False
    bool_p: Optional[bool] = None
    slice_: Optional[list] = None
    map_: Optional[dict] = None


@dataclasses.dataclass
class Outer:
    string: str = ""
    string_p: Optional[str] = None
    int_: int = 0
    bool_: bool = False
    bool_p: Optional[bool] = None
    slice_: Optional[list] = None
    map_: Optional[dict] = None
    struct: Inner = dataclasses.field(default_factory=Inner)
    struct_p: Optional[Inner] = None


def _filled(v):
    fields = dict(string=v, string_p=v, int_=1, bool_=True, bool_p=True, slice_=[v], map_={v: "1"})
    return Outer(**fields, struct=Inner(**fields), struct_p=Inner(**fields))


@pytest.mark.parametrize(
    "name,dst,src,expected",
    [
        ("zero noop", Outer(), Outer(), Outer()),
        ("override zero dst", Outer(), _filled("a"), _filled("a")),
        ("noop zero src", _filled("a"), Outer(), _filled("a")),
        (
            "overwrite non-zero values, merge maps",
            _filled("a"),
            _filled("b"),
            dataclasses.replace(
                _filled("b"),
                map_={"a": "1", "b": "1"},
                struct=dataclasses.replace(_filled("b").struct, map_={"a": "1", "b": "1"}),
            ),
        ),
        (
            "value structs merge field by field, struct references are replaced",
            Outer(
                struct=Inner(string="a", int_=1, map_={"a": "1", "shared": "1"}),
                struct_p=Inner(string="a", int_=1, map_={"a": "1", "shared": "1"}),
            ),
            Outer(struct=Inner(string="b", int_=0, map_={"b": "1"}), struct_p=Inner(string="b", map_={"b": "1"})),
            Outer(
                struct=Inner(string="b", int_=1, map_={"a": "1", "b": "1", "shared": "1"}),
                struct_p=Inner(string="b", int_=0, map_={"b": "1"}),
            ),
        ),
        (
            "a map merges key by key",
            Outer(map_={"rsc": 6543, "r": 2138, "prt": 22}),
            Outer(map_={"rsc": 3711, "r": 2138}),
            Outer(map_={"rsc": 3711, "r": 2138, "prt": 22}),
        ),
    ],
)
def test_merge_semantics_table(name, dst, src, expected):
    """client_config_test.go TestMergeSemantics' second and third tables (Go pointers are Optional fields)."""
    merge(dst, src)
    assert dst == expected


def test_merge_empty_map_creates_map_but_empty_list_does_not_replace():
    dst = S(slice_=["keep"])
    merge(dst, S(slice_=[], map_={}))
    assert dst.slice_ == ["keep"] and dst.map_ == {}


def test_merge_errors():
    with pytest.raises(ValueError, match="cannot merge into nil pointer"):
        merge(None, S())
    with pytest.raises(TypeError, match=r"cannot merge mismatched types \(S, U\) at "):
        merge(S(), U())
    merge(S(), None)  # nothing to do


# ---- DirectClientConfig -------------------------------------------------------------------


def valid_config() -> api.Config:
    config = api.new_config()
    config.clusters["clean"] = api.Cluster(server="https://anything.com:8080")
    config.auth_infos["clean"] = api.AuthInfo(token="the-token")
    config.contexts["clean"] = api.Context(cluster="clean", auth_info="clean")
    config.current_context = "clean"
    return config


def ca_valid_config() -> api.Config:
    config = valid_config()
    config.clusters["clean"].certificate_authority_data = b"\x00\x00"
    return config


def client_config(config, overrides=None, context="clean"):
    return clientcmd.new_non_interactive_client_config(config, context, overrides or clientcmd.ConfigOverrides())


def test_disable_compression():
    cfg = client_config(
        valid_config(), clientcmd.ConfigOverrides(cluster_info=api.Cluster(disable_compression=True))
    ).client_config()
    assert cfg.disable_compression is True


def test_insecure_overrides_ca():
    cfg = client_config(
        ca_valid_config(), clientcmd.ConfigOverrides(cluster_info=api.Cluster(insecure_skip_tls_verify=True))
    ).client_config()
    assert cfg.insecure is True and cfg.ca_file == "" and cfg.ca_data is None


def test_ca_overrides_ca_data(tmp_path):
    ca = tmp_path / "my.ca"
    ca.write_text("")
    cfg = client_config(
        ca_valid_config(), clientcmd.ConfigOverrides(cluster_info=api.Cluster(certificate_authority=str(ca)))
    ).client_config()
    assert cfg.insecure is False and cfg.ca_file == str(ca) and cfg.ca_data is None


def test_tls_server_name():
    cfg = client_config(
        valid_config(), clientcmd.ConfigOverrides(cluster_info=api.Cluster(tls_server_name="overridden-server-name"))
    ).client_config()
    assert cfg.server_name == "overridden-server-name" and cfg.ca_file == "" and cfg.ca_data is None


def test_tls_server_name_cleared_when_server_set():
    config = valid_config()
    config.clusters["clean"].tls_server_name = "from-config"
    cfg = client_config(
        config, clientcmd.ConfigOverrides(cluster_info=api.Cluster(server="https://something"))
    ).client_config()
    assert cfg.server_name == "" and cfg.host == "https://something"


def test_full_impersonate_config():
    config = valid_config()
    config.clusters["clean"] = api.Cluster(server="https://localhost:8443")
    config.auth_infos["clean"] = api.AuthInfo(
        impersonate="alice",
        impersonate_uid="abc123",
        impersonate_groups=["group-1"],
        impersonate_user_extra={"some-key": ["some-value"]},
    )
    cfg = client_config(
        config, clientcmd.ConfigOverrides(cluster_info=api.Cluster(server="http://something"))
    ).client_config()
    assert cfg.impersonate == rest.ImpersonationConfig(
        user_name="alice", uid="abc123", groups=["group-1"], extra={"some-key": ["some-value"]}
    )
    assert cfg.bearer_token == ""  # plain http: credentials are not attached


def test_merge_context_namespace():
    assert client_config(valid_config()).namespace() == ("default", False)
    overrides = clientcmd.ConfigOverrides(context=api.Context(namespace="overridden-namespace"))
    assert client_config(valid_config(), overrides).namespace() == ("overridden-namespace", True)


def test_namespace_override_without_any_config():
    cc = clientcmd.DirectClientConfig(
        api.Config(), overrides=clientcmd.ConfigOverrides(context=api.Context(namespace="foo"))
    )
    assert cc.namespace() == ("foo", True)


def test_certificate_data():
    config = api.new_config()
    config.clusters["clean"] = api.Cluster(server="https://localhost:8443", certificate_authority_data=b"ca-data")
    config.auth_infos["clean"] = api.AuthInfo(client_certificate_data=b"cert-data", client_key_data=b"key-data")
    config.contexts["clean"] = api.Context(cluster="clean", auth_info="clean")
    config.current_context = "clean"
    cfg = client_config(config).client_config()
    assert (cfg.ca_data, cfg.cert_data, cfg.key_data) == (b"ca-data", b"cert-data", b"key-data")


@pytest.mark.parametrize(
    "proxy_url,error",
    [
        ("", None),
        ("socks5://example.com", None),
        ("https://example.com", None),
        ("http://example.com", None),
        ("socks6://example.com", 'unsupported scheme "socks6", must be http, https, or socks5'),
        ("example.com", 'unsupported scheme "", must be http, https, or socks5'),
        ("chewbacca@example.com", 'unsupported scheme "", must be http, https, or socks5'),
    ],
)
def test_proxy_url(proxy_url, error):
    config = api.new_config()
    config.clusters["clean"] = api.Cluster(server="https://localhost:8443", proxy_url=proxy_url)
    config.auth_infos["clean"] = api.AuthInfo()
    config.contexts["clean"] = api.Context(cluster="clean", auth_info="clean")
    config.current_context = "clean"
    if error:
        with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
            client_config(config).client_config()
        assert str(info.value) == (
            f'invalid configuration: invalid \'proxy-url\' "{proxy_url}" for cluster "clean": {error}'
        )
        return
    cfg = client_config(config).client_config()
    assert cfg.proxy == (proxy_url or None)


@pytest.mark.parametrize(
    "proxy_url,proxy",
    [  # what client-go's rest.Config.Proxy returns, printed: url.URL.String() of the parsed proxy-url
        ("HTTP://p:3128", "http://p:3128"),
        ("http://p:3128/a b", "http://p:3128/a%20b"),
        ("http://p:1/x#f g", "http://p:1/x#f%20g"),
        ("http://p:1/%41", "http://p:1/%41"),
    ],
)
def test_proxy_url_is_printed_as_go_prints_it(proxy_url, proxy):
    config = valid_config()
    config.clusters["clean"].proxy_url = proxy_url
    assert client_config(config).client_config().proxy == proxy


def test_basic_auth_data():
    config = valid_config()
    config.clusters["clean"].server = "https://localhost:8443"
    config.auth_infos["clean"] = api.AuthInfo(username="myuser", password="mypass")
    cfg = client_config(config).client_config()
    assert (cfg.username, cfg.password) == ("myuser", "mypass")
    assert "mypass" not in repr(cfg) and "mypass" not in str(cfg)


def test_token_file(tmp_path):
    token = tmp_path / "tokenfile"
    token.write_text("exampletoken")
    config = valid_config()
    config.auth_infos["clean"] = api.AuthInfo(token_file=str(token))
    cfg = client_config(config).client_config()
    assert (cfg.bearer_token, cfg.bearer_token_file) == ("exampletoken", str(token))


def test_token_beats_token_file(tmp_path):
    token = tmp_path / "tokenfile"
    token.write_text("exampletoken")
    config = valid_config()
    config.auth_infos["clean"] = api.AuthInfo(token="expected", token_file=str(token))
    cfg = client_config(config).client_config()
    assert (cfg.bearer_token, cfg.bearer_token_file) == ("expected", str(token))


def test_missing_token_file_is_go_error(tmp_path):
    config = valid_config()
    config.auth_infos["clean"] = api.AuthInfo(token_file=str(tmp_path / "nope"))
    with pytest.raises(FileNotFoundError) as info:
        client_config(config).client_config()
    assert str(info.value) == f"open {tmp_path / 'nope'}: no such file or directory"


def test_create_clean():
    cfg = client_config(valid_config()).client_config()
    assert (cfg.host, cfg.api_path, cfg.insecure, cfg.bearer_token, cfg.server_name) == (
        "https://anything.com:8080",
        "",
        False,
        "the-token",
        "",
    )


@pytest.mark.parametrize(
    "server,host",
    [
        ("https://anything.com:8080/foo/bar", "https://anything.com:8080/foo/bar"),
        ("http://anything.com:8080/foo/bar", "http://anything.com:8080/foo/bar"),
        ("http://anything.com:8080/foo/bar/", "http://anything.com:8080/foo/bar/"),
        ("http://anything.com:8080/", "http://anything.com:8080/"),
        ("http://anything.com:8080//", "http://anything.com:8080//"),
        ("anything.com:8080/foo/bar", "anything.com:8080/foo/bar"),
        ("anything.com:8080", "anything.com:8080"),
        ("anything.com", "anything.com"),
        ("anything", "anything"),
        ("", "http://localhost:8080"),
        ("HTTPS://h/p?q=1#f", "https://h/p"),
        ("https://h/p#frag", "https://h/p%23frag"),
        ("https://h/a b", "https://h/a%20b"),
        ("https://h/keep%20this!", "https://h/keep%20this!"),
        ("https://h/p?", "https://h/p?"),
        ("https://h/?x", "https://h/?x"),
        ("/just/a/path?x", "/just/a/path"),
    ],
)
def test_create_clean_with_prefix(server, host):
    config = valid_config()
    config.clusters["clean"].server = server
    cfg = client_config(
        config, clientcmd.ConfigOverrides(cluster_defaults=api.Cluster(server="http://localhost:8080"))
    ).client_config()
    assert cfg.host == host


def test_create_clean_default(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    for overrides in (
        clientcmd.ConfigOverrides(),
        clientcmd.ConfigOverrides(cluster_defaults=api.Cluster(server="http://localhost:8080")),
    ):
        cfg = clientcmd.new_default_client_config(valid_config(), overrides).client_config()
        assert (cfg.host, cfg.bearer_token) == ("https://anything.com:8080", "the-token")


def test_create_missing_context():
    with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
        client_config(valid_config(), context="not-present").client_config()
    assert str(info.value) == (
        "invalid configuration: [context was not found for specified context: not-present, "
        "cluster has no server defined]"
    )
    with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
        client_config(
            valid_config(),
            clientcmd.ConfigOverrides(cluster_defaults=api.Cluster(server="http://localhost:8080")),
            context="not-present",
        ).client_config()
    assert "context was not found for specified context: not-present" in str(info.value)


def test_override_to_missing_context_user_cluster():
    for overrides, message in (
        (clientcmd.ConfigOverrides(current_context="nope"), 'context "nope" does not exist'),
        (clientcmd.ConfigOverrides(context=api.Context(auth_info="nobody")), 'auth info "nobody" does not exist'),
        (clientcmd.ConfigOverrides(context=api.Context(cluster="nowhere")), 'cluster "nowhere" does not exist'),
    ):
        with pytest.raises(ValueError) as info:
            client_config(valid_config(), overrides).client_config()
        assert str(info.value) == message


def test_exec_install_hint_cleanup_and_cluster_extension():
    config = valid_config()
    config.clusters["clean"].extensions = {"client.authentication.k8s.io/exec": {"audience": "foo"}}
    overrides = clientcmd.ConfigOverrides(
        auth_info=api.AuthInfo(
            exec=api.ExecConfig(
                api_version="client.authentication.k8s.io/v1alpha1",
                command="some-command",
                install_hint="some install hint with \x1b[1mcontrol chars\x1b[0m\nand a newline",
                interactive_mode=api.IfAvailableExecInteractiveMode,
            )
        )
    )
    cfg = client_config(config, overrides).client_config()
    assert cfg.exec_provider.install_hint == "some install hint with U+001B[1mcontrol charsU+001B[0m\nand a newline"
    assert cfg.exec_provider.config == {"audience": "foo"}


def test_auth_config_merge_from_file(tmp_path):
    path = tmp_path / "kubeconfig"
    path.write_text("""
apiVersion: v1
clusters:
- cluster:
    server: https://localhost:8080
    extensions:
    - name: client.authentication.k8s.io/exec
      extension:
        audience: foo
        other: bar
  name: foo-cluster
contexts:
- context:
    cluster: foo-cluster
    user: foo-user
    namespace: bar
  name: foo-context
current-context: foo-context
kind: Config
users:
- name: foo-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1alpha1
      args:
      - arg-1
      - arg-2
      command: foo-command
      provideClusterInfo: true
""")
    cfg = clientcmd.build_config_from_flags("", str(path))
    assert cfg.exec_provider.args == ["arg-1", "arg-2"]
    assert cfg.exec_provider.provide_cluster_info is True
    # as in client-go: a runtime.Unknown holding the extension's JSON
    assert cfg.exec_provider.config.raw == b'{"audience":"foo","other":"bar"}'
    assert cfg.exec_provider.config.contentType == "application/json"
    assert cfg.exec_provider.interactive_mode == "IfAvailable"
    assert "arg-1" not in repr(cfg.exec_provider)


@pytest.mark.parametrize(
    "text,out",
    [
        (
            "\x1b[1mbold tuna\x1b[0m, fish, \x1b[1mbold marlin\x1b[0m",
            "U+001B[1mbold tunaU+001B[0m, fish, U+001B[1mbold marlinU+001B[0m",
        ),
        ("\x1b[2Aup up, \x1b[2Cright right", "U+001B[2Aup up, U+001B[2Cright right"),
        ("clear: \x1b[2J", "clear: U+001B[2J"),
        ("tuna\nfish\r\nmarlin\t\r\ntuna\vfish\fmarlin", None),
        ("alpha: \u03b1, beta: \u03b2, gamma: \u03b3", None),
        ("tu\u0301na, fi\u0302sh, ma\u030arlin", None),
        ("t1na, f2sh, m3rlin, t12a", None),
        ('"here\'s a sentence; with! some...punctuation ;)"', None),
        ("\u222b\u2081\u207f f(x) dx \u2248 \u2211\u2090\u208c\u2081\u207f f(x), a \u2208 \u2115", None),
        ("here is a paragraph separator\u2029and here\u2003are\u2003some\u2003em\u2003spaces", None),
    ],
)
def test_clean_ansi_escape_codes(text, out):
    assert _clean_ansi_escape_codes(text) == (out if out is not None else text)


def test_merged_raw_config_does_override():
    config = valid_config()
    config.clusters["modify"] = api.Cluster(server="https://anything.com:8080")
    config.auth_infos["modify"] = api.AuthInfo(token="the-token")
    config.contexts["modify"] = api.Context(cluster="modify", auth_info="modify", namespace="modify")
    overrides = clientcmd.ConfigOverrides(
        cluster_info=api.Cluster(server="http://localhost:8081"),
        context=api.Context(namespace="foobar", cluster="modify", auth_info="modify"),
        auth_info=api.AuthInfo(token="modified-token"),
        current_context="modify",
    )
    act = clientcmd.new_default_client_config(config, overrides).merged_raw_config()
    assert act.current_context == "modify"
    assert act.clusters["modify"].server == "http://localhost:8081"
    assert act.contexts["modify"].namespace == "foobar"
    assert act.auth_infos["modify"].token == "modified-token"
    assert act.clusters["clean"].server == config.clusters["clean"].server
    assert act.contexts["clean"].namespace == config.contexts["clean"].namespace
    assert config.clusters["modify"].server == "https://anything.com:8080"  # the input is not modified


def _cert_config(auth_info):
    return api.Config(
        clusters={
            "test-cluster": api.Cluster(server="https://example.com:6443", certificate_authority_data=b"fake-ca-data")
        },
        auth_infos={"test-user": auth_info},
        contexts={"test-context": api.Context(cluster="test-cluster", auth_info="test-user")},
        current_context="test-context",
    )


def test_client_cert_override_with_files(tmp_path):
    cert, key = tmp_path / "c.crt", tmp_path / "c.key"
    cert.write_text("dummy-cert-content")
    key.write_text("dummy-key-content")
    config = _cert_config(api.AuthInfo(client_certificate_data=b"base-cert-data", client_key_data=b"base-key-data"))
    overrides = clientcmd.ConfigOverrides(auth_info=api.AuthInfo(client_certificate=str(cert), client_key=str(key)))
    merged = clientcmd.new_non_interactive_client_config(config, "test-context", overrides).merged_raw_config()
    auth = merged.auth_infos["test-user"]
    assert (auth.client_certificate, auth.client_key) == (str(cert), str(key))
    assert auth.client_certificate_data is None and auth.client_key_data is None


def test_client_cert_override_with_data():
    config = _cert_config(api.AuthInfo(client_certificate="/path/to/base-cert.pem", client_key="/path/to/base-key.pem"))
    overrides = clientcmd.ConfigOverrides(
        auth_info=api.AuthInfo(client_certificate_data=b"override-cert-data", client_key_data=b"override-key-data")
    )
    merged = clientcmd.new_non_interactive_client_config(config, "test-context", overrides).merged_raw_config()
    auth = merged.auth_infos["test-user"]
    assert (auth.client_certificate, auth.client_key) == ("", "")
    assert (auth.client_certificate_data, auth.client_key_data) == (b"override-cert-data", b"override-key-data")


# ---- in-cluster -----------------------------------------------------------------------------


def _icc_config():
    return rest.Config(
        host="https://host-from-cluster.com",
        bearer_token="token-from-cluster",
        bearer_token_file="tokenfile-from-cluster",
        tls_client_config=rest.TLSClientConfig(ca_file="/path/to/ca-from-cluster.crt"),
    )


@pytest.mark.parametrize(
    "cluster_info,auth_info",
    [
        (api.Cluster(server="https://host-from-overrides.com"), api.AuthInfo()),
        (api.Cluster(), api.AuthInfo(token="https://host-from-overrides.com")),
        (api.Cluster(certificate_authority="/path/to/ca-from-overrides.crt"), api.AuthInfo()),
        (api.Cluster(server="https://host-from-overrides.com"), api.AuthInfo(token="t")),
        (api.Cluster(server="https://h", certificate_authority="/ca"), api.AuthInfo()),
        (api.Cluster(certificate_authority="/ca"), api.AuthInfo(token="t")),
        (api.Cluster(server="https://h", certificate_authority="/ca"), api.AuthInfo(token="t", token_file="tf")),
        (api.Cluster(server="https://h", certificate_authority="/ca"), api.AuthInfo(token="", token_file="tf")),
        (api.Cluster(), api.AuthInfo()),
    ],
)
def test_in_cluster_client_config_precedence(cluster_info, auth_info):
    overrides = clientcmd.ConfigOverrides(cluster_info=cluster_info, auth_info=auth_info)
    icc = clientcmd.InClusterClientConfig(overrides=overrides, in_cluster_config_provider=_icc_config)
    cfg = icc.client_config()
    assert cfg.host == (cluster_info.server or "https://host-from-cluster.com")
    if auth_info.token or auth_info.token_file:
        assert (cfg.bearer_token, cfg.bearer_token_file) == (auth_info.token, auth_info.token_file)
    else:
        assert (cfg.bearer_token, cfg.bearer_token_file) == ("token-from-cluster", "tokenfile-from-cluster")
    assert cfg.ca_file == (cluster_info.certificate_authority or "/path/to/ca-from-cluster.crt")


def test_in_cluster_raw_config_and_namespace(monkeypatch, tmp_path):
    icc = clientcmd.InClusterClientConfig()
    with pytest.raises(ValueError, match="inCluster environment config doesn't support multiple clusters"):
        icc.raw_config()
    monkeypatch.setattr(clientcmd.client_config, "NAMESPACE_FILE", str(tmp_path / "namespace"))
    monkeypatch.delenv("POD_NAMESPACE", raising=False)
    assert icc.namespace() == ("default", False)
    (tmp_path / "namespace").write_text("  from-file\n")
    assert icc.namespace() == ("from-file", False)
    monkeypatch.setenv("POD_NAMESPACE", "from-env")
    assert icc.namespace() == ("from-env", False)


def test_in_cluster_possible(monkeypatch, tmp_path):
    from kubernetes_py.rest import config as rest_config

    token = tmp_path / "token"
    monkeypatch.setattr(rest_config, "TOKEN_FILE", str(token))
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "443")
    icc = clientcmd.InClusterClientConfig()
    assert not icc.possible()
    token.write_text("t")
    assert icc.possible()
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "")
    assert not icc.possible()


# ---- build_config_from_flags ------------------------------------------------------------------


def test_build_config_from_flags_master_only(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    cfg = clientcmd.build_config_from_flags("https://master.example:6443", "")
    assert cfg.host == "https://master.example:6443"
    assert cfg.bearer_token == ""


def test_build_config_from_flags_falls_back_with_warnings(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    with caplog.at_level(logging.WARNING, logger="kubernetes_py.tools.clientcmd"):
        with pytest.raises(clientcmd.ConfigurationInvalidError) as info:
            clientcmd.build_config_from_flags("", "")
    assert clientcmd.is_empty_config(info.value)
    assert caplog.messages == [
        "Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.",
        "error creating inClusterConfig, falling back to default config: unable to load in-cluster configuration, "
        "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined",
    ]


def test_build_config_from_flags_in_cluster(monkeypatch, tmp_path):
    from kubernetes_py.rest import config as rest_config

    (tmp_path / "token").write_text("sa-token")
    monkeypatch.setattr(rest_config, "TOKEN_FILE", str(tmp_path / "token"))
    monkeypatch.setattr(rest_config, "ROOT_CA_FILE", str(tmp_path / "ca.crt"))
    monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1")
    monkeypatch.setenv("KUBERNETES_SERVICE_PORT", "443")
    cfg = clientcmd.build_config_from_flags("", "")
    assert (cfg.host, cfg.bearer_token) == ("https://10.0.0.1:443", "sa-token")


def test_build_config_from_kubeconfig_getter():
    cfg = clientcmd.build_config_from_kubeconfig_getter("https://override:1", valid_config)
    assert (cfg.host, cfg.bearer_token) == ("https://override:1", "the-token")


def test_rest_config_from_kube_config_bytes():
    data = clientcmd.write(valid_config())
    cfg = clientcmd.rest_config_from_kube_config(data)
    assert (cfg.host, cfg.bearer_token) == ("https://anything.com:8080", "the-token")
    assert clientcmd.new_client_config_from_bytes(data).config_access() is None
