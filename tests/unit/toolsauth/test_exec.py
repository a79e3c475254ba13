"""client-go tools/auth/exec exec_test.go (TestLoadExecCredential, every case), and more inputs whose results were
taken from client-go v0.37.1's LoadExecCredential on the same bytes (errors word for word)."""

import json

import pytest

from kubernetes_py import rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import RawExtension
from kubernetes_py.pkg.apis.clientauthentication import v1, v1beta1
from kubernetes_py.tools.auth import exec as authexec

PLUGIN_CONFIG = b'{"apiVersion":"group/v1","kind":"PluginConfig","spec":{"names":["marshmallow","zelda"]}}'


def marshal(api_version, cluster=None, extra=""):
    """What Go's runtime.Encode(codecs.LegacyCodec(gv), obj) writes for an ExecCredential."""
    spec = "{" + (f'"cluster":{cluster},' if cluster is not None else "") + '"interactive":false}'
    return f'{{"kind":"ExecCredential","apiVersion":"{api_version}","spec":{spec}{extra}}}\n'.encode()


FULL_CLUSTER = (
    '{"server":"https://some-server/some/path","tls-server-name":"some-server-name",'
    '"insecure-skip-tls-verify":true,"certificate-authority-data":"c29tZS1jYS1kYXRh",'
    '"proxy-url":"https://some-proxy-url:12345"'
)


def _want(types, api_version, config):
    return types.ExecCredential(
        kind="ExecCredential",
        api_version=api_version,
        spec=types.ExecCredentialSpec(
            cluster=types.Cluster(
                server="https://some-server/some/path",
                tls_server_name="some-server-name",
                insecure_skip_tls_verify=True,
                certificate_authority_data=b"some-ca-data",
                proxy_url="https://some-proxy-url:12345",
                config=config,
            )
        ),
    )


V1 = "client.authentication.k8s.io/v1"
V1BETA1 = "client.authentication.k8s.io/v1beta1"


@pytest.mark.parametrize(
    "name,data,want",
    [
        (
            "v1 happy path",
            marshal(V1, FULL_CLUSTER + f',"config":{PLUGIN_CONFIG.decode()}}}'),
            _want(v1, V1, RawExtension(raw=PLUGIN_CONFIG)),
        ),
        (
            "v1beta1 happy path",
            marshal(V1BETA1, FULL_CLUSTER + f',"config":{PLUGIN_CONFIG.decode()}}}'),
            _want(v1beta1, V1BETA1, RawExtension(raw=PLUGIN_CONFIG)),
        ),
        ("v1 nil config", marshal(V1, FULL_CLUSTER + ',"config":null}'), _want(v1, V1, None)),
        ("v1beta1 nil config", marshal(V1BETA1, FULL_CLUSTER + ',"config":null}'), _want(v1beta1, V1BETA1, None)),
    ],
)
def test_load_exec_credential(name, data, want):
    exec_credential, config = authexec.load_exec_credential(data)
    assert exec_credential == want
    assert type(exec_credential.spec.cluster) is type(want.spec.cluster)
    assert config.host == "https://some-server/some/path"
    assert config.tls_client_config == rest.TLSClientConfig(
        insecure=True, server_name="some-server-name", ca_data=b"some-ca-data"
    )
    assert config.proxy == "https://some-proxy-url:12345"
    assert (config.bearer_token, config.username, config.exec_provider) == ("", "", None)  # anonymous


@pytest.mark.parametrize(
    "name,data,error",
    [
        (
            "v1 invalid cluster",
            marshal(V1, '{"server":"","proxy-url":"invalid- url\\n","config":null}'),
            'cannot create rest.Config: cannot parse proxy URL: parse "invalid- url\\n": '
            "net/url: invalid control character in URL",
        ),
        (
            "v1beta1 invalid cluster",
            marshal(V1BETA1, '{"server":"","proxy-url":"invalid- url\\n","config":null}'),
            'cannot create rest.Config: cannot parse proxy URL: parse "invalid- url\\n": '
            "net/url: invalid control character in URL",
        ),
        ("v1 nil cluster", marshal(V1), "ExecCredential does not contain cluster information"),
        ("v1beta1 nil cluster", marshal(V1BETA1), "ExecCredential does not contain cluster information"),
        (
            "invalid object kind",
            b'{"kind":"Status","apiVersion":"v1","metadata":{}}\n',
            "invalid group/kind: wanted ExecCredential.client.authentication.k8s.io, got Status",
        ),
        (
            "bad data",
            b"bad data",
            "decode: couldn't get version/kind; json parse error: json: cannot unmarshal string into Go value of "
            'type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string '
            '"json:\\"kind,omitempty\\"" }',
        ),
        # more inputs, with client-go's answers
        ("empty", b"", "decode: Object 'Kind' is missing in ''"),
        ("no kind", b"{}", "decode: Object 'Kind' is missing in '{}'"),
        (
            "no apiVersion (YAML)",
            b"kind: ExecCredential\n",
            "decode: Object 'apiVersion' is missing in 'kind: ExecCredential\n'",
        ),
        (
            "unregistered version",
            b'{"apiVersion":"client.authentication.k8s.io/v1alpha1","kind":"ExecCredential"}',
            'decode: no kind "ExecCredential" is registered for version "client.authentication.k8s.io/v1alpha1" '
            'in scheme "pkg/runtime/scheme.go:111"',
        ),
        (
            "unregistered kind",
            b'{"apiVersion":"client.authentication.k8s.io/v1","kind":"Foo"}',
            'decode: no kind "Foo" is registered for version "client.authentication.k8s.io/v1" in scheme '
            '"pkg/runtime/scheme.go:111"',
        ),
        (
            "another kind of the group",
            b'{"apiVersion":"client.authentication.k8s.io/v1","kind":"WatchEvent"}',
            "invalid group/kind: wanted ExecCredential.client.authentication.k8s.io, got "
            "WatchEvent.client.authentication.k8s.io",
        ),
        (
            "an unversioned kind under any version",
            b'{"apiVersion":"foo/v9","kind":"APIGroup"}',
            "invalid group/kind: wanted ExecCredential.client.authentication.k8s.io, got APIGroup.foo",
        ),
        (
            "trailing data",
            b'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"} trailing',
            "decode: couldn't get version/kind; json parse error: invalid character 't' after top-level value",
        ),
        ("bad YAML", b"a: b: c", "decode: yaml: mapping values are not allowed in this context"),
        (
            "wrong type in the cluster",
            marshal(V1, '{"server":1,"tls-server-name":2}'),
            "decode: json: cannot unmarshal number into Go struct field Cluster.spec.cluster.server of type string",
        ),
        (
            "spec not an object",
            b'{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":"x"}',
            "decode: json: cannot unmarshal string into Go struct field ExecCredential.spec of type "
            "v1beta1.ExecCredentialSpec",
        ),
        (
            "status not an object",
            marshal(V1, '{"server":"s"}', ',"status":"x"'),
            "decode: json: cannot unmarshal string into Go struct field ExecCredential.status of type "
            "v1.ExecCredentialStatus",
        ),
        (
            "bad expiration time",
            marshal(V1, '{"server":"s"}', ',"status":{"expirationTimestamp":"bad"}'),
            'decode: parsing time "bad" as "2006-01-02T15:04:05Z07:00": cannot parse "bad" as "2006"',
        ),
        (
            "bad CA data",
            marshal(V1, '{"certificate-authority-data":"!!"}'),
            "decode: illegal base64 data at input byte 0",
        ),
        (
            "proxy URL without scheme",
            marshal(V1, '{"proxy-url":":bad"}'),
            'cannot create rest.Config: cannot parse proxy URL: parse ":bad": missing protocol scheme',
        ),
        (
            "proxy URL with a bad port",
            marshal(V1, '{"proxy-url":"http://h:port"}'),
            'cannot create rest.Config: cannot parse proxy URL: parse "http://h:port": invalid port ":port" after host',
        ),
        (
            "proxy URL with a bad escape",
            marshal(V1, '{"proxy-url":"h%zz"}'),
            'cannot create rest.Config: cannot parse proxy URL: parse "h%zz": invalid URL escape "%zz"',
        ),
        (
            "proxy URL with a colon in its first segment",
            marshal(V1, '{"proxy-url":"1a:b"}'),
            'cannot create rest.Config: cannot parse proxy URL: parse "1a:b": '
            "first path segment in URL cannot contain colon",
        ),
    ],
)
def test_load_exec_credential_errors(name, data, error):
    with pytest.raises(ValueError) as info:
        authexec.load_exec_credential(data)
    assert str(info.value) == error


@pytest.mark.parametrize(
    "data,error",
    [  # client-go's answers on the same bytes
        (
            marshal(V1, '{"certificate-authority-data":[1e2]}'),
            "decode: json: cannot unmarshal number 1e2 into Go struct field Cluster.spec.cluster."
            "certificate-authority-data of type uint8",
        ),
        (
            marshal(V1, '{"certificate-authority-data":[2.0]}'),
            "decode: json: cannot unmarshal number 2.0 into Go struct field Cluster.spec.cluster."
            "certificate-authority-data of type uint8",
        ),
        (
            marshal(V1, '{"certificate-authority-data":["a", null, 2]}'),
            "decode: json: cannot unmarshal string into Go struct field Cluster.spec.cluster."
            "certificate-authority-data of type uint8",
        ),
        # a type error is saved and decoding goes on, but what metav1.Time's UnmarshalJSON returns ends it at once
        (
            marshal(V1, '{"proxy-url":true}', ',"status":{"expirationTimestamp":5}'),
            "decode: json: cannot unmarshal number into Go struct field ExecCredentialStatus.status."
            "expirationTimestamp of type string",
        ),
        (
            marshal(V1, '{"proxy-url":true}', ',"status":{"token":1}'),
            "decode: json: cannot unmarshal bool into Go struct field Cluster.spec.cluster.proxy-url of type string",
        ),
    ],
)
def test_decode_error_precedence(data, error):
    with pytest.raises(ValueError) as info:
        authexec.load_exec_credential(data)
    assert str(info.value) == error


@pytest.mark.parametrize(
    "proxy_url,want",
    [  # url.URL.String() of what url.Parse read, as client-go's rest.Config.Proxy returns it
        ("a b", "a%20b"),
        ("http://h/a b", "http://h/a%20b"),
        ("http://h/%41", "http://h/%41"),
        ("HTTP://u:p@h:1/x y?q=a b#f g", "http://u:p@h:1/x%20y?q=a b#f%20g"),
        ("p/a%2Fb", "p/a%2Fb"),
        ("http://h/\u00e9", "http://h/%C3%A9"),
        ('http://h/a"b', "http://h/a%22b"),
        ("mailto:x y", "mailto:x y"),
        ("http://h/a;b=c,d", "http://h/a;b=c,d"),
    ],
)
def test_proxy_url_as_go_prints_it(proxy_url, want):
    cluster = json.dumps({"server": "s", "proxy-url": proxy_url})
    _, config = authexec.load_exec_credential(marshal(V1, cluster))
    assert config.proxy == want
    assert config.bearer_token == "" and config.tls_client_config == rest.TLSClientConfig()


def test_byte_array_is_bytes():
    """encoding/json reads a []byte from an array of numbers too."""
    exec_credential, _ = authexec.load_exec_credential(marshal(V1, '{"certificate-authority-data":[1, 2,255]}'))
    assert exec_credential.spec.cluster.certificate_authority_data == b"\x01\x02\xff"


def test_decoding_follows_encoding_json():
    # keys match exactly (unknown and differently-cased ones are ignored), a repeated key decodes again over the
    # first, null leaves a value alone, and the extension keeps its text as it stands in the input
    data = (
        b'  {"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"cluster":'
        b'{"server":"s","config":{ "b" : 1 ,"a":[1, 2] },"Server":"x","bogus":1},'
        b'"cluster":{"server":"t","proxy-url":"HTTP://p:80","certificate-authority-data":"YWJj\\nZGVm"}},'
        b'"status":{"token":"s3cr3t-tok","expirationTimestamp":"2020-01-01T00:00:00Z","clientKeyData":null}}'
    )
    exec_credential, config = authexec.load_exec_credential(data)
    assert exec_credential == v1.ExecCredential(
        kind="ExecCredential",
        api_version="client.authentication.k8s.io/v1",
        spec=v1.ExecCredentialSpec(
            cluster=v1.Cluster(
                server="t",
                proxy_url="HTTP://p:80",
                certificate_authority_data=b"abcdef",
                config=RawExtension(raw=b'{ "b" : 1 ,"a":[1, 2] }'),
            )
        ),
        status=v1.ExecCredentialStatus(token="s3cr3t-tok", expiration_timestamp=metav1.Time(seconds=1577836800)),
    )
    assert (config.host, config.proxy) == ("t", "http://p:80")  # url.URL.String() lowers the scheme
    assert "s3cr3t" not in repr(exec_credential)


def test_yaml_input_and_its_extension_as_json():
    data = (
        b"apiVersion: client.authentication.k8s.io/v1beta1\nkind: ExecCredential\nspec:\n  cluster:\n"
        b"    server: https://y\n    disable-compression: true\n    config: {b: 1, a: [1, 2]}\n---\nkind: Other\n"
    )
    exec_credential, config = authexec.load_exec_credential(data)
    assert isinstance(exec_credential, v1beta1.ExecCredential)
    assert exec_credential.spec.cluster.config == RawExtension(raw=b'{"a":[1,2],"b":1}')
    assert (config.host, config.disable_compression, config.proxy) == ("https://y", True, None)


def test_load_exec_credential_from_env(monkeypatch):
    monkeypatch.delenv("KUBERNETES_EXEC_INFO", raising=False)
    with pytest.raises(ValueError) as info:
        authexec.load_exec_credential_from_env()
    assert str(info.value) == "KUBERNETES_EXEC_INFO env var is unset or empty"
    monkeypatch.setenv("KUBERNETES_EXEC_INFO", "")
    with pytest.raises(ValueError):
        authexec.load_exec_credential_from_env()
    monkeypatch.setenv("KUBERNETES_EXEC_INFO", marshal(V1, '{"server":"https://env"}').decode())
    exec_credential, config = authexec.load_exec_credential_from_env()
    assert exec_credential.spec.cluster == v1.Cluster(server="https://env")
    assert config.host == "https://env"


def test_round_trip_with_what_the_exec_plugin_sends():
    """What kubernetes_py's exec authenticator puts in KUBERNETES_EXEC_INFO decodes back to the same cluster."""
    from kubernetes_py.pkg.apis.clientauthentication import Cluster, encode_exec_credential_request

    sent = Cluster(
        server="https://h:6443",
        tls_server_name="sni",
        certificate_authority_data=b"CA",
        proxy_url="socks5://p:1080",
        config={"audience": "x"},
    )
    exec_credential, config = authexec.load_exec_credential(encode_exec_credential_request(V1, True, sent))
    cluster = exec_credential.spec.cluster
    assert (cluster.server, cluster.tls_server_name, cluster.certificate_authority_data) == (
        "https://h:6443",
        "sni",
        b"CA",
    )
    assert json.loads(cluster.config.raw) == {"audience": "x"} and exec_credential.spec.interactive is True
    assert (config.host, config.server_name, config.ca_data, config.proxy) == (
        "https://h:6443",
        "sni",
        b"CA",
        "socks5://p:1080",
    )


@pytest.mark.parametrize("cluster_type", [v1beta1.Cluster, v1.Cluster])
def test_client_authentication_cluster_types_are_synced(cluster_type):
    """types_test.go: the exec Cluster offers the knobs of the kubeconfig's Cluster, field for field and type for
    type (Config is the exec Cluster's own; CertificateAuthority, Extensions and the in-memory LocationOfOrigin
    are the kubeconfig's)."""
    import dataclasses

    from kubernetes_py.tools.clientcmd import api

    exec_fields = {f.name: f.type for f in dataclasses.fields(cluster_type) if f.name != "config"}
    skipped = {"certificate_authority", "extensions", "location_of_origin"}
    clientcmd_fields = {f.name: f.type for f in dataclasses.fields(api.Cluster) if f.name not in skipped}
    assert exec_fields == clientcmd_fields


def test_all_cluster_types_are_synced():
    """types_test.go TestAllClusterTypesAreSynced: a new ExecCredential version needs the test above."""
    from kubernetes_py.tools.auth.exec import _VERSIONS

    assert set(_VERSIONS) == {"v1", "v1beta1"}
