"""client-go rest/exec_test.go: TestConfigToExecCluster (every case), and the two round trips on chosen configs
(TestConfigToExecClusterRoundtrip, TestExecClusterToConfigRoundtrip fill theirs at random)."""

from __future__ import annotations

import pytest

from kubernetes_py import rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.pkg.apis.clientauthentication import Cluster
from kubernetes_py.tools.clientcmd import api as clientcmdapi

PROXY_URL = "https://some-proxy-url.com/tuna/fish"


def _proxy(req):
    return PROXY_URL


def _bad_proxy(req):
    raise ValueError("some proxy error")


def _stuff():
    return runtime.Unknown(raw=b"stuff")


@pytest.fixture
def ca_file(tmp_path):
    f = tmp_path / "ca.pem"
    f.write_bytes(b"a CA bundle lives here")
    return str(f)


def _config(ca_file, **kw):
    exec_config = kw.pop("exec_config", {"config": _stuff()})
    tls = kw.pop("tls", {})
    if tls.get("ca_file") == "CA":
        tls["ca_file"] = ca_file
    return rest.Config(
        exec_provider=clientcmdapi.ExecConfig(provide_cluster_info=True, **exec_config),
        tls_client_config=rest.TLSClientConfig(**tls),
        **kw,
    )


_TLS_FILE = {"server_name": "some-server-name", "insecure": True, "ca_file": "CA"}
_CLUSTER = {"server": "some-host", "tls_server_name": "some-server-name", "insecure_skip_tls_verify": True}


@pytest.mark.parametrize(
    "name,kw,want,error_prefix",
    [
        (
            "CA data from memory",
            {
                "host": "some-host",
                "tls": {"server_name": "some-server-name", "insecure": True, "ca_data": b"some-ca-data"},
                "proxy": _proxy,
            },
            Cluster(certificate_authority_data=b"some-ca-data", proxy_url=PROXY_URL, config=_stuff(), **_CLUSTER),
            "",
        ),
        (
            "CA data from file",
            {"host": "some-host", "tls": dict(_TLS_FILE), "proxy": _proxy},
            Cluster(
                certificate_authority_data=b"a CA bundle lives here", proxy_url=PROXY_URL, config=_stuff(), **_CLUSTER
            ),
            "",
        ),
        (
            "no CA data",
            {"exec_config": {}, "tls": {"ca_file": "this-file-does-not-exist"}},
            None,
            "failed to load CA bundle for execProvider: ",
        ),
        (
            "nil proxy",
            {"host": "some-host", "tls": dict(_TLS_FILE)},
            Cluster(certificate_authority_data=b"a CA bundle lives here", config=_stuff(), **_CLUSTER),
            "",
        ),
        (
            "bad proxy",
            {"exec_config": {}, "proxy": _bad_proxy},
            None,
            "failed to get proxy URL for execProvider: some proxy error",
        ),
        (
            "proxy returns nil",
            {"exec_config": {}, "proxy": lambda req: None, "host": "some-host", "tls": dict(_TLS_FILE)},
            Cluster(certificate_authority_data=b"a CA bundle lives here", **_CLUSTER),
            "",
        ),
        (
            "invalid config host",
            {"exec_config": {}, "proxy": lambda req: None, "host": "invalid-config-host\n"},
            None,
            "failed to create proxy URL request for execProvider: ",
        ),
    ],
)
def test_config_to_exec_cluster(ca_file, name, kw, want, error_prefix):
    """TestConfigToExecCluster."""
    config = _config(ca_file, **kw)
    if error_prefix:
        with pytest.raises(ValueError) as info:
            rest.config_to_exec_cluster(config)
        assert str(info.value).startswith(error_prefix)
        return
    assert rest.config_to_exec_cluster(config) == want


def test_the_proxy_function_gets_the_host_as_its_request_url(ca_file):
    """TestConfigToExecCluster's proxy function is called with a request for the host, a relative one too (as Go's
    http.NewRequest makes it)."""
    seen = []
    config = _config(ca_file, host="some-host", proxy=lambda req: seen.append((req.method, req.url)) or PROXY_URL)
    assert rest.config_to_exec_cluster(config).proxy_url == PROXY_URL
    assert seen == [("GET", "some-host")]


def test_exec_cluster_to_config_roundtrip():
    """TestExecClusterToConfigRoundtrip on a filled Cluster: what ExecClusterToConfig keeps comes back (the
    extension does not)."""
    expected = Cluster(
        server="https://some-server-url.com/tuna/fish",
        tls_server_name="name",
        insecure_skip_tls_verify=True,
        certificate_authority_data=b"ca",
        proxy_url="https://some-proxy-url.com/tuna/fish",
        disable_compression=True,
    )
    config = rest.exec_cluster_to_config(expected)
    config.exec_provider = clientcmdapi.ExecConfig()
    assert rest.config_to_exec_cluster(config) == expected
    empty = rest.exec_cluster_to_config(Cluster())
    empty.exec_provider = clientcmdapi.ExecConfig()
    assert rest.config_to_exec_cluster(empty) == Cluster()
