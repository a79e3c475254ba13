"""client-go rest/transport_test.go: TestTransportForThreadSafe, transports made for five kinds of config from many
threads at once."""

from __future__ import annotations

import threading

from kubernetes_py import rest
from kubernetes_py.rest import plugin as restplugin
from kubernetes_py.tools.clientcmd import api as clientcmdapi

ROOT_CA_CERT = b"""-----BEGIN CERTIFICATE-----
MIIC4DCCAcqgAwIBAgIBATALBgkqhkiG9w0BAQswIzEhMB8GA1UEAwwYMTAuMTMu
MTI5LjEwNkAxNDIxMzU5MDU4MB4XDTE1MDExNTIxNTczN1oXDTE2MDExNTIxNTcz
OFowIzEhMB8GA1UEAwwYMTAuMTMuMTI5LjEwNkAxNDIxMzU5MDU4MIIBIjANBgkq
hkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAunDRXGwsiYWGFDlWH6kjGun+PshDGeZX
xtx9lUnL8pIRWH3wX6f13PO9sktaOWW0T0mlo6k2bMlSLlSZgG9H6og0W6gLS3vq
s4VavZ6DbXIwemZG2vbRwsvR+t4G6Nbwelm6F8RFnA1Fwt428pavmNQ/wgYzo+T1
1eS+HiN4ACnSoDSx3QRWcgBkB1g6VReofVjx63i0J+w8Q/41L9GUuLqquFxu6ZnH
60vTB55lHgFiDLjA1FkEz2dGvGh/wtnFlRvjaPC54JH2K1mPYAUXTreoeJtLJKX0
ycoiyB24+zGCniUmgIsmQWRPaOPircexCp1BOeze82BT1LCZNTVaxQIDAQABoyMw
ITAOBgNVHQ8BAf8EBAMCAKQwDwYDVR0TAQH/BAUwAwEB/zALBgkqhkiG9w0BAQsD
ggEBADMxsUuAFlsYDpF4fRCzXXwrhbtj4oQwcHpbu+rnOPHCZupiafzZpDu+rw4x
YGPnCb594bRTQn4pAu3Ac18NbLD5pV3uioAkv8oPkgr8aUhXqiv7KdDiaWm6sbAL
EHiXVBBAFvQws10HMqMoKtO8f1XDNAUkWduakR/U6yMgvOPwS7xl0eUTqyRB6zGb
K55q2dejiFWaFqB/y78txzvz6UlOZKE44g2JAVoJVM6kGaxh33q8/FmrL4kuN3ut
W+MmJCVDvd4eEqPwbp7146ZWTqpIJ8lvA6wuChtqV8lhAPka2hD/LMqY8iXNmfXD
uml0obOEy+ON91k+SWTJ3ggmF/U=
-----END CERTIFICATE-----"""
AUTH_PLUGIN_NAME = "cgt-auth-plugin-tr"


class _PluginA:
    def wrap_transport(self, rt):
        return rt

    def login(self):
        pass


def test_transport_for_thread_safe():
    """TestTransportForThreadSafe: TransportFor from 5 x 20 threads at once, no error (Go runs 5 x 50)."""
    try:
        restplugin.register_auth_provider_plugin(AUTH_PLUGIN_NAME, lambda a, c, p: _PluginA())
    except ValueError as err:
        assert "was registered twice" in str(err)

    def base(**kw):
        return rest.Config(host="localhost:8080", username="gopher", password="g0ph3r", **kw)

    configurations = {
        "simple config": base(),
        "not cacheable config": base(dial=lambda ctx, network, address: None),
        "with TLS config": base(tls_client_config=rest.TLSClientConfig(ca_data=ROOT_CA_CERT)),
        "with auth provider": base(
            tls_client_config=rest.TLSClientConfig(ca_data=ROOT_CA_CERT),
            auth_provider=clientcmdapi.AuthProviderConfig(name=AUTH_PLUGIN_NAME, config={"secret": "s3cr3t"}),
        ),
        "with exec provider": base(
            tls_client_config=rest.TLSClientConfig(ca_data=ROOT_CA_CERT),
            exec_provider=clientcmdapi.ExecConfig(
                args=["secret"],
                env=[clientcmdapi.ExecEnvVar(name="secret", value="s3cr3t")],
                api_version="client.authentication.k8s.io/v1beta1",
            ),
        ),
    }
    failures = []
    start = threading.Barrier(len(configurations) * 20)

    def make(name, config):
        start.wait(30)
        try:
            rest.transport_for(config)
        except Exception as err:
            failures.append((name, repr(err)))

    threads = [
        threading.Thread(target=make, args=(name, config), name=f"transport_for {name} {i}")
        for name, config in configurations.items()
        for i in range(20)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not [t for t in threads if t.is_alive()]
    assert failures == []
