"""Exec credential plugins (client.authentication.k8s.io v1 and v1beta1) with scripted plugins."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from werkzeug import Response

from kubernetes_py import rest
from kubernetes_py.plugin.pkg.client.auth import exec as execplugin
from kubernetes_py.rest.exec import config_to_exec_cluster
from kubernetes_py.tools.clientcmd import api as clientcmdapi

from transport._pki import client_cn

V1 = "client.authentication.k8s.io/v1"
V1BETA1 = "client.authentication.k8s.io/v1beta1"


def _cred(api=V1, **status):
    return {"kind": "ExecCredential", "apiVersion": api, "status": status}


def _exec_config(plugin, api=V1, **kw):
    kw.setdefault("interactive_mode", "Never")
    return clientcmdapi.ExecConfig(command=str(plugin.path), api_version=api, **kw)


def _auth_header_server(httpserver):
    httpserver.expect_request("/api").respond_with_handler(lambda req: Response(req.headers.get("Authorization", "")))
    return httpserver.url_for("/api")


def test_v1_token_is_sent_and_cached(httpserver, plugin):
    url = _auth_header_server(httpserver)
    plugin.respond(_cred(token="tok-1"))
    cfg = rest.Config(
        host=httpserver.url_for("/"),
        exec_provider=_exec_config(
            plugin, args=["get-token", "--x"], env=[clientcmdapi.ExecEnvVar(name="PLUGIN_MODE", value="test")]
        ),
    )
    client = rest.http_client_for(cfg)
    assert plugin.calls() == []  # nothing runs before the first request
    assert client.get(url).text == "Bearer tok-1"
    assert client.get(url).text == "Bearer tok-1"
    calls = plugin.calls()
    assert len(calls) == 1
    assert calls[0]["argv"] == ["get-token", "--x"]
    assert calls[0]["env"] == {"PLUGIN_MODE": "test"}
    assert calls[0]["exec_info"] == '{"kind":"ExecCredential","apiVersion":"%s","spec":{"interactive":false}}\n' % V1
    assert calls[0]["stdin_is_devnull"] is True


def test_v1beta1_token(httpserver, plugin):
    url = _auth_header_server(httpserver)
    plugin.respond(_cred(api=V1BETA1, token="beta"))
    client = rest.http_client_for(rest.Config(exec_provider=_exec_config(plugin, api=V1BETA1)))
    assert client.get(url).text == "Bearer beta"
    assert json.loads(plugin.calls()[0]["exec_info"])["apiVersion"] == V1BETA1


def test_credentials_expire(httpserver, plugin):
    url = _auth_header_server(httpserver)
    exp = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    plugin.respond(_cred(token="first", expirationTimestamp="2030-01-01T00:00:00Z"), call=0)
    plugin.respond(_cred(token="second"), call=1)
    cfg = _exec_config(plugin)
    a = execplugin.get_authenticator(cfg, None)
    now = {"t": exp.timestamp() - 60}
    a.now = lambda: now["t"]
    client = rest.http_client_for(rest.Config(exec_provider=cfg))
    assert client.get(url).text == "Bearer first"
    now["t"] = exp.timestamp()  # not after the expiry yet
    assert client.get(url).text == "Bearer first"
    now["t"] = exp.timestamp() + 1
    assert client.get(url).text == "Bearer second"
    assert client.get(url).text == "Bearer second"  # no expiry: cached for good
    assert len(plugin.calls()) == 2


def test_401_runs_the_plugin_again(httpserver, plugin):
    answers = iter([401, 200])
    httpserver.expect_request("/api").respond_with_handler(
        lambda req: Response(req.headers["Authorization"], status=next(answers))
    )
    plugin.respond(_cred(token="stale"), call=0)
    plugin.respond(_cred(token="fresh"), call=1)
    client = rest.http_client_for(rest.Config(exec_provider=_exec_config(plugin)))
    r = client.get(httpserver.url_for("/api"))
    assert (r.status_code, r.text) == (401, "Bearer stale")  # the 401 itself is returned, as in Go
    assert len(plugin.calls()) == 2
    r = client.get(httpserver.url_for("/api"))
    assert (r.status_code, r.text) == (200, "Bearer fresh")
    assert len(plugin.calls()) == 2


def test_request_authorization_header_skips_the_plugin(httpserver, plugin):
    url = _auth_header_server(httpserver)
    client = rest.http_client_for(rest.Config(exec_provider=_exec_config(plugin)))
    assert client.get(url, headers={"Authorization": "Bearer mine"}).text == "Bearer mine"
    assert plugin.calls() == []


def test_static_token_in_config_wins(httpserver, plugin):
    url = _auth_header_server(httpserver)
    client = rest.http_client_for(rest.Config(bearer_token="static", exec_provider=_exec_config(plugin)))
    assert client.get(url).text == "Bearer static"
    assert plugin.calls() == []


def test_missing_binary_with_install_hint(tmp_path):
    cfg = clientcmdapi.ExecConfig(
        command=str(tmp_path / "no-such-plugin"),
        api_version=V1,
        interactive_mode="Never",
        install_hint="Install it with: brew install no-such",
    )
    client = rest.http_client_for(rest.Config(exec_provider=cfg))
    with pytest.raises(execplugin.ExecPluginError) as e:
        client.get("http://127.0.0.1:1/api")
    assert str(e.value) == (
        f"getting credentials: exec: executable {tmp_path / 'no-such-plugin'} not found\n\n"
        "It looks like you are trying to use a client-go credential plugin that is not installed.\n\n"
        "To learn more about this feature, consult the documentation available at:\n"
        "      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins"
        "\n\nInstall it with: brew install no-such"
    )


def test_install_hint_is_shown_ten_times_an_hour(tmp_path):
    cfg = clientcmdapi.ExecConfig(
        command="kubernetes-py-missing-plugin-xyz", api_version=V1, interactive_mode="Never", install_hint="hint"
    )
    a = execplugin.get_authenticator(cfg, None)
    msgs = []
    for _ in range(11):
        with pytest.raises(execplugin.ExecPluginError) as e:
            a.get_creds()
        msgs.append(str(e.value))
    assert all(m.endswith("\n\nhint") for m in msgs[:10])
    assert msgs[10] == "exec: executable kubernetes-py-missing-plugin-xyz not found"


def test_exit_code_failure(plugin):
    plugin.respond("")
    plugin.exit_code(3)
    a = execplugin.get_authenticator(_exec_config(plugin), None)
    with pytest.raises(execplugin.ExecPluginError, match=f"^exec: executable {plugin.path} failed with exit code 3$"):
        a.get_creds()


def test_provide_cluster_info(plugin, pki):
    plugin.respond(_cred(token="t"))
    ext = {"apiVersion": "group/v1", "kind": "PluginConfig", "spec": {"audience": "snorlax"}}
    cfg = rest.Config(
        host="https://kube.example:6443",
        ca_file=pki.path("ca.crt"),
        server_name="kube.internal",
        proxy="http://proxy.example:3128",
        exec_provider=_exec_config(plugin, provide_cluster_info=True, config=ext),
    )
    a_conf = rest.transport_config_for(cfg)
    assert a_conf.tls.get_cert_holder is not None
    cluster = config_to_exec_cluster(cfg)
    execplugin.get_authenticator(cfg.exec_provider, cluster).get_creds()
    ca_b64 = base64.b64encode(pki.read("ca.crt")).decode()
    assert plugin.calls()[0]["exec_info"] == (
        '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{'
        '"server":"https://kube.example:6443","tls-server-name":"kube.internal",'
        f'"certificate-authority-data":"{ca_b64}","proxy-url":"http://proxy.example:3128",'
        '"config":{"apiVersion":"group/v1","kind":"PluginConfig","spec":{"audience":"snorlax"}}},'
        '"interactive":false}}\n'
    )


def test_cluster_info_insecure_and_not_provided(plugin):
    plugin.respond(_cred(token="t"))
    cfg = rest.Config(
        host="https://h",
        insecure=True,
        disable_compression=True,
        exec_provider=_exec_config(plugin, provide_cluster_info=True),
    )
    cluster = config_to_exec_cluster(cfg)
    execplugin.get_authenticator(cfg.exec_provider, cluster).get_creds()
    spec = json.loads(plugin.calls()[0]["exec_info"])["spec"]
    assert spec == {
        "cluster": {"server": "https://h", "insecure-skip-tls-verify": True, "disable-compression": True},
        "interactive": False,
    }
    # The same cluster without provideClusterInfo is not sent.
    other = _exec_config(plugin, args=["other"])
    execplugin.get_authenticator(other, cluster).get_creds()
    assert json.loads(plugin.calls()[1]["exec_info"])["spec"] == {"interactive": False}


@pytest.mark.parametrize(
    "output,message",
    [
        ("not json", "decoding stdout: couldn't get version/kind; json parse error: Expecting value"),
        (json.dumps({"apiVersion": V1, "status": {"token": "x"}}), "decoding stdout: Object 'Kind' is missing"),
        (
            json.dumps(_cred(api="client.authentication.k8s.io/v1alpha1", token="x")),
            'decoding stdout: no kind "ExecCredential" is registered for version '
            '"client.authentication.k8s.io/v1alpha1"',
        ),
        (
            json.dumps(_cred(api=V1BETA1, token="x")),
            f"exec plugin is configured to use API version {V1}, plugin returned version {V1BETA1}",
        ),
        (json.dumps({"kind": "ExecCredential", "apiVersion": V1}), "exec plugin didn't return a status field"),
        (json.dumps(_cred()), "exec plugin didn't return a token or cert/key pair"),
        (json.dumps(_cred(clientCertificateData="abc")), "exec plugin returned only certificate or key, not both"),
        (
            json.dumps(_cred(clientCertificateData="bar", clientKeyData="foo")),
            "failed parsing client key/certificate: tls: failed to find any PEM data in certificate input",
        ),
        (
            json.dumps(_cred(token="x", expirationTimestamp="tomorrow")),
            'decoding stdout: parsing time "tomorrow" as RFC 3339 failed',
        ),
    ],
)
def test_malformed_output(plugin, output, message):
    plugin.respond(output)
    a = execplugin.get_authenticator(_exec_config(plugin), None)
    with pytest.raises(execplugin.ExecPluginError) as e:
        a.get_creds()
    assert str(e.value).startswith(message)
    assert 'token": "x' not in str(e.value)


def test_config_errors(plugin):
    with pytest.raises(ValueError, match='^exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1"$'):
        execplugin.get_authenticator(_exec_config(plugin, api="client.authentication.k8s.io/v1alpha1"), None)
    with pytest.raises(ValueError, match="^execProvider and authProvider cannot be used in combination$"):
        rest.transport_for(
            rest.Config(exec_provider=_exec_config(plugin), auth_provider=clientcmdapi.AuthProviderConfig(name="oidc"))
        )
    denied = _exec_config(plugin, plugin_policy=clientcmdapi.PluginPolicy(policy_type="DenyAll"))
    with pytest.raises(
        execplugin.ExecPluginError, match=f'^plugin "{plugin.path}" not allowed: policy set to "DenyAll"$'
    ):
        execplugin.get_authenticator(denied, None).get_creds()
    with pytest.raises(
        ValueError, match='^invalid plugin policy: credential plugin policy set to "Allowlist", but allowlist is empty'
    ):
        execplugin.get_authenticator(
            _exec_config(
                plugin, args=["p"], plugin_policy=clientcmdapi.PluginPolicy(policy_type="Allowlist", allowlist=[])
            ),
            None,
        )


def test_allowlist_policy(plugin):
    plugin.respond(_cred(token="ok"))
    allowed = _exec_config(
        plugin,
        plugin_policy=clientcmdapi.PluginPolicy(
            policy_type="Allowlist", allowlist=[clientcmdapi.AllowlistEntry(command=str(plugin.path))]
        ),
    )
    assert execplugin.get_authenticator(allowed, None).get_creds().token == "ok"
    other = _exec_config(
        plugin,
        args=["x"],
        plugin_policy=clientcmdapi.PluginPolicy(
            policy_type="Allowlist", allowlist=[clientcmdapi.AllowlistEntry(command="/usr/bin/true")]
        ),
    )
    with pytest.raises(
        execplugin.ExecPluginError,
        match=f'^plugin path "{plugin.path}" is not permitted by the credential plugin allowlist$',
    ):
        execplugin.get_authenticator(other, None).get_creds()


def test_interactive_modes(plugin, tmp_path):
    plugin.respond(_cred(token="t"))
    always = execplugin.get_authenticator(_exec_config(plugin, interactive_mode="Always"), None)
    always.is_terminal = lambda f: False
    with pytest.raises(
        execplugin.ExecPluginError,
        match="^exec plugin cannot support interactive mode: standard input is not a terminal$",
    ):
        always.get_creds()
    unavailable = execplugin.get_authenticator(
        _exec_config(
            plugin,
            args=["u"],
            interactive_mode="Always",
            stdin_unavailable=True,
            stdin_unavailable_message="used by kubectl apply -f -",
        ),
        None,
    )
    unavailable.is_terminal = lambda f: True
    with pytest.raises(execplugin.ExecPluginError, match="standard input is unavailable: used by kubectl apply -f -$"):
        unavailable.get_creds()
    if_available = execplugin.get_authenticator(_exec_config(plugin, args=["i"], interactive_mode="IfAvailable"), None)
    if_available.is_terminal = lambda f: True
    (tmp_path / "tty").write_text("")
    with open(tmp_path / "tty") as fake_tty:
        if_available.stdin = fake_tty
        if_available.get_creds()
    assert json.loads(plugin.calls()[-1]["exec_info"])["spec"] == {"interactive": True}
    assert plugin.calls()[-1]["stdin_is_devnull"] is False  # interactive plugins get our stdin
    unknown = execplugin.get_authenticator(_exec_config(plugin, args=["n"], interactive_mode=""), None)
    with pytest.raises(execplugin.ExecPluginError, match='unknown interactiveMode: ""$'):
        unknown.get_creds()


def test_client_certificate_from_plugin_is_used_for_tls(https_server, plugin, pki):
    https_server.expect_request("/whoami").respond_with_handler(lambda req: Response(client_cn(req.environ)))
    plugin.respond(
        _cred(
            clientCertificateData=pki.read("alice.crt").decode(),
            clientKeyData=pki.read("alice.key").decode(),
            expirationTimestamp="2030-01-01T00:00:00Z",
        ),
        call=0,
    )
    plugin.respond(
        _cred(clientCertificateData=pki.read("bob.crt").decode(), clientKeyData=pki.read("bob.key").decode()), call=1
    )
    cfg = _exec_config(plugin)
    now = {"t": dt.datetime(2029, 1, 1, tzinfo=dt.timezone.utc).timestamp()}
    execplugin.get_authenticator(cfg, None).now = lambda: now["t"]
    client = rest.http_client_for(rest.Config(ca_file=pki.path("ca.crt"), exec_provider=cfg))
    url = https_server.url_for("/whoami")
    assert client.get(url).text == "alice"
    assert client.get(url).text == "alice"
    now["t"] += 2 * 365 * 86400  # expired: the plugin runs again and the new certificate is presented
    assert client.get(url).text == "bob"
    assert client.get(url).text == "bob"
    assert len(plugin.calls()) == 2
    # Clients built from the same exec config share the authenticator and the base transport.
    again = rest.http_client_for(rest.Config(ca_file=pki.path("ca.crt"), exec_provider=cfg))
    assert _base(again.transport) is _base(client.transport)
    assert again.get(url).text == "bob" and len(plugin.calls()) == 2


def _base(rt):
    while hasattr(rt, "delegate"):
        rt = rt.delegate
    return rt


def test_no_credentials_in_reprs(plugin):
    plugin.respond(_cred(token="sup3r-secret"))
    a = execplugin.get_authenticator(_exec_config(plugin), None)
    creds = a.get_creds()
    assert "sup3r-secret" not in repr(creds) and "sup3r-secret" not in repr(a)


def test_expiration_timestamp_is_read_as_go_reads_rfc3339(plugin):
    """Go's time.Parse takes nine fractional digits (Python 3.10's fromisoformat did not) and refuses what is not
    RFC 3339 (fromisoformat took a space for the "T")."""
    plugin.respond(_cred(token="first", expirationTimestamp="2030-01-01T00:00:00.123456789Z"), call=0)
    plugin.respond(_cred(token="second"), call=1)
    a = execplugin.get_authenticator(_exec_config(plugin), None)
    exp = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc).timestamp()
    a.now = lambda: exp + 0.1234
    assert a.get_creds().token == "first"
    assert a.get_creds().token == "first"  # 0.1234 s past the second: not expired before 0.123456789 s
    a.now = lambda: exp + 0.1235
    assert a.get_creds().token == "second"
    plugin.respond(_cred(token="x", expirationTimestamp="2030-01-01 00:00:00Z"), call=2)
    b = execplugin.get_authenticator(_exec_config(plugin, args=["other"]), None)  # not the cached authenticator
    with pytest.raises(execplugin.ExecPluginError) as e:
        b.get_creds()
    assert str(e.value) == 'decoding stdout: parsing time "2030-01-01 00:00:00Z" as RFC 3339 failed'
