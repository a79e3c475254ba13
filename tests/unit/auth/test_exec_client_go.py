"""client-go's plugin/pkg/client/auth/exec/exec_test.go and exec_cache_test.go, as client-go writes them: through the
authenticator's internals under their Go names (new_authenticator, new_cache, cache_key, refresh_creds_locked,
cached_creds, exp, environ, now, stderr, sometimes.clock) and a plugin that is client-go's testdata/test-plugin.sh
(KUBERNETES_EXEC_INFO to stderr, $TEST_OUTPUT to stdout, exit $TEST_EXIT_CODE)."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pytest_httpserver import HTTPServer
from werkzeug import Response

from kubernetes_py import rest
from kubernetes_py import transport as _transport
from kubernetes_py.pkg.apis.clientauthentication import Cluster
from kubernetes_py.rest.transport import transport_config_for
from kubernetes_py.plugin.pkg.client.auth import exec as execplugin
from kubernetes_py.tools.clientcmd import api
from kubernetes_py.utils.clock.testing import FakeClock

V1 = "client.authentication.k8s.io/v1"
V1BETA1 = "client.authentication.k8s.io/v1beta1"
PLUGIN_CONFIG = b'{"apiVersion":"group/v1","kind":"PluginConfig","spec":{"audience":"snorlax"}}'


class Unknown:
    """A runtime.Unknown holding the cluster's exec extension as raw JSON."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self.content_type = "application/json"


@pytest.fixture(scope="module")
def test_plugin(tmp_path_factory):
    path = tmp_path_factory.mktemp("testdata") / "test-plugin.sh"
    path.write_text(
        '#!/bin/bash -e\n>&2 echo "$KUBERNETES_EXEC_INFO"\necho "$TEST_OUTPUT"\nexit "${TEST_EXIT_CODE:-0}"\n'
    )
    path.chmod(0o755)
    return str(path)


def _cert_pair(not_before: dt.datetime, not_after: dt.datetime) -> tuple[bytes, bytes]:
    """A self-signed client certificate and its key, PEM (client-go's genClientCert)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Acme Co")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )


# client-go's certData/keyData expired in 2016: an expired certificate is still taken, as Go's tls.X509KeyPair takes it
CERT_DATA, KEY_DATA = _cert_pair(dt.datetime(2015, 1, 15), dt.datetime(2016, 1, 15))


# --- TestCacheKey ------------------------------------------------------------------------------------------------
def _config(env_names=("3", "5", "7"), api_version=V1BETA1, **kw):
    env = [api.ExecEnvVar(name=n, value=str(int(n) + 1)) for n in env_names]
    return api.ExecConfig(command="foo-bar", args=["1", "2"], env=env, api_version=api_version, **kw)


def _cluster(audience="snorlax"):
    raw = PLUGIN_CONFIG.replace(b"snorlax", audience.encode())
    return Cluster(server="foo", tls_server_name="bar", certificate_authority_data=b"baz", config=Unknown(raw))


def test_cache_key():
    key1 = execplugin.cache_key(_config(provide_cluster_info=True), _cluster())
    key2 = execplugin.cache_key(_config(provide_cluster_info=True), _cluster())
    key3 = execplugin.cache_key(_config(env_names=("3", "5")), _cluster())
    key4 = execplugin.cache_key(_config(env_names=("3", "5")), _cluster("panda"))
    key5 = execplugin.cache_key(_config(env_names=("3", "5"), provide_cluster_info=True), _cluster("panda"))
    key6 = execplugin.cache_key(
        _config(env_names=("3", "5"), api_version="client.authentication.k8s.io/v1betaa1"), None
    )
    key7 = execplugin.cache_key(_config(env_names=("3", "5"), stdin_unavailable=True), None)
    assert key1 == key2
    assert len({key1, key3, key4, key5, key6, key7}) == 6


# --- TestRefreshCreds ----------------------------------------------------------------------------------------------
def _request(api_version=V1BETA1, interactive=False, cluster=None) -> dict:
    spec: dict = {"interactive": interactive}
    if cluster is not None:
        spec["cluster"] = cluster
    return {"kind": "ExecCredential", "apiVersion": api_version, "spec": spec}


def _output(api_version=V1BETA1, **status) -> str:
    return json.dumps({"kind": "ExecCredential", "apiVersion": api_version, "status": status})


IF_AVAILABLE, NEVER, ALWAYS = "IfAvailable", "Never", "Always"
FOO_BAR = execplugin.credentials(token="foo-bar")

REFRESH_CASES = [
    # name, config kwargs, is_terminal, cluster, output, exit code, want input, want creds, want expiry, want error
    (
        "beta-with-TLS-credentials",
        dict(interactive_mode=IF_AVAILABLE),
        False,
        None,
        _output(clientKeyData=KEY_DATA.decode(), clientCertificateData=CERT_DATA.decode()),
        0,
        _request(),
        execplugin.credentials(cert=_transport.x509_key_pair(CERT_DATA, KEY_DATA)),
        None,
        None,
    ),
    (
        "beta-with-bad-TLS-credentials",
        dict(interactive_mode=IF_AVAILABLE),
        False,
        None,
        _output(clientKeyData="foo", clientCertificateData="bar"),
        0,
        None,
        None,
        None,
        "",
    ),
    (
        "beta-cert-but-no-key",
        dict(interactive_mode=IF_AVAILABLE),
        False,
        None,
        _output(clientCertificateData=CERT_DATA.decode()),
        0,
        None,
        None,
        None,
        "",
    ),
    (
        "beta-basic-request",
        dict(interactive_mode=IF_AVAILABLE),
        False,
        None,
        _output(token="foo-bar"),
        0,
        _request(),
        FOO_BAR,
        None,
        None,
    ),
    (
        "beta-basic-request-with-never-interactive-mode",
        dict(interactive_mode=NEVER),
        False,
        None,
        _output(token="foo-bar"),
        0,
        _request(),
        FOO_BAR,
        None,
        None,
    ),
    (
        "beta-basic-request-with-never-interactive-mode-and-stdin-unavailable",
        dict(interactive_mode=NEVER, stdin_unavailable=True),
        False,
        None,
        _output(token="foo-bar"),
        0,
        _request(),
        FOO_BAR,
        None,
        None,
    ),
    (
        "beta-basic-request-with-if-available-interactive-mode-and-stdin-unavailable",
        dict(interactive_mode=IF_AVAILABLE, stdin_unavailable=True),
        False,
        None,
        _output(token="foo-bar"),
        0,
        _request(),
        FOO_BAR,
        None,
        None,
    ),
    (
        "beta-basic-request-with-if-available-interactive-mode-and-terminal",
        dict(interactive_mode=IF_AVAILABLE),
        True,
        None,
        _output(token="foo-bar"),
        0,
        _request(interactive=True),
        FOO_BAR,
        None,
        None,
    ),
    (
        "beta-basic-request-with-if-available-interactive-mode-and-terminal-and-stdin-unavailable",
        dict(interactive_mode=IF_AVAILABLE, stdin_unavailable=True),
        True,
        None,
        _output(token="foo-bar"),
        0,
        _request(),
        FOO_BAR,
        None,
        None,
    ),
    (
        "beta-basic-request-with-always-interactive-mode",
        dict(interactive_mode=ALWAYS),
        False,
        None,
        "",
        0,
        None,
        None,
        None,
        "exec plugin cannot support interactive mode: standard input is not a terminal",
    ),
    (
        "beta-basic-request-with-always-interactive-mode-and-terminal-and-stdin-unavailable",
        dict(interactive_mode=ALWAYS, stdin_unavailable=True),
        True,
        None,
        "",
        0,
        None,
        None,
        None,
        "exec plugin cannot support interactive mode: standard input is unavailable",
    ),
    (
        "beta-basic-request-with-always-interactive-mode-and-terminal-and-stdin-unavailable-with-message",
        dict(interactive_mode=ALWAYS, stdin_unavailable=True, stdin_unavailable_message="some message"),
        True,
        None,
        "",
        0,
        None,
        None,
        None,
        "exec plugin cannot support interactive mode: standard input is unavailable: some message",
    ),
    (
        "beta-basic-request-with-always-interactive-mode-and-terminal",
        dict(interactive_mode=ALWAYS),
        True,
        None,
        _output(token="foo-bar"),
        0,
        _request(interactive=True),
        FOO_BAR,
        None,
        None,
    ),
    (
        "beta-expiry",
        dict(interactive_mode=IF_AVAILABLE),
        False,
        None,
        _output(token="foo-bar", expirationTimestamp="2006-01-02T15:04:05Z"),
        0,
        _request(),
        FOO_BAR,
        dt.datetime(2006, 1, 2, 15, 4, 5, tzinfo=dt.timezone.utc),
        None,
    ),
    (
        "beta-no-group-version",
        dict(interactive_mode=IF_AVAILABLE),
        False,
        None,
        json.dumps({"kind": "ExecCredential", "status": {"token": "foo-bar"}}),
        0,
        None,
        None,
        None,
        "",
    ),
    (
        "beta-no-status",
        dict(interactive_mode=IF_AVAILABLE),
        False,
        None,
        json.dumps({"kind": "ExecCredential", "apiVersion": V1BETA1}),
        0,
        None,
        None,
        None,
        "",
    ),
    ("beta-no-token", dict(interactive_mode=IF_AVAILABLE), False, None, _output(), 0, None, None, None, ""),
    (
        "unknown-binary",
        dict(interactive_mode=IF_AVAILABLE, command="does not exist", install_hint="some install hint"),
        False,
        None,
        "",
        0,
        None,
        None,
        None,
        "some install hint",
    ),
    ("binary-fails", dict(interactive_mode=IF_AVAILABLE), False, None, "", 73, None, None, None, "73"),
    (
        "beta-with-cluster-and-provide-cluster-info-is-serialized",
        dict(interactive_mode=IF_AVAILABLE, provide_cluster_info=True),
        False,
        _cluster(),
        _output(token="foo-bar"),
        0,
        _request(
            cluster={
                "server": "foo",
                "tls-server-name": "bar",
                "certificate-authority-data": "YmF6",
                "config": json.loads(PLUGIN_CONFIG),
            }
        ),
        FOO_BAR,
        None,
        None,
    ),
    (
        "beta-with-cluster-and-without-provide-cluster-info-is-not-serialized",
        dict(interactive_mode=IF_AVAILABLE),
        False,
        _cluster(),
        _output(token="foo-bar"),
        0,
        _request(),
        FOO_BAR,
        None,
        None,
    ),
    (
        "v1-basic-request",
        dict(interactive_mode=IF_AVAILABLE, api_version=V1),
        False,
        None,
        _output(api_version=V1, token="foo-bar"),
        0,
        _request(api_version=V1),
        FOO_BAR,
        None,
        None,
    ),
    (
        "v1-with-missing-interactive-mode",
        dict(api_version=V1, interactive_mode=""),
        False,
        None,
        "",
        0,
        None,
        None,
        None,
        'exec plugin cannot support interactive mode: unknown interactiveMode: ""',
    ),
]


@pytest.mark.parametrize(
    "name,config,is_terminal,cluster,output,exit_code,want_input,want_creds,want_expiry,want_err",
    REFRESH_CASES,
    ids=[c[0] for c in REFRESH_CASES],
)
def test_refresh_creds(
    test_plugin, name, config, is_terminal, cluster, output, exit_code, want_input, want_creds, want_expiry, want_err
):
    config = dict(config)
    config.setdefault("api_version", V1BETA1)
    if "command" not in config:
        config["command"] = test_plugin
        config["env"] = [
            api.ExecEnvVar(name="TEST_OUTPUT", value=output),
            api.ExecEnvVar(name="TEST_EXIT_CODE", value=str(exit_code)),
        ]
    c = api.ExecConfig(**config)
    a = execplugin.new_authenticator(execplugin.new_cache(), lambda _: is_terminal, c, cluster)
    stderr = io.BytesIO()
    a.stderr = stderr
    a.environ = lambda: []
    if want_err is not None:
        with pytest.raises(execplugin.ExecPluginError) as e:
            a.refresh_creds_locked()
        assert want_err in str(e.value)
        return
    a.refresh_creds_locked()
    assert a.cached_creds == want_creds
    assert a.exp == want_expiry
    assert json.loads(stderr.getvalue()) == want_input


# --- TestRoundTripper ------------------------------------------------------------------------------------------------
def test_round_tripper(test_plugin, httpserver: HTTPServer):
    want = {"token": ""}

    def handler(request):
        parts = request.headers.get("Authorization", "").split(" ")
        got = parts[1] if len(parts) > 1 and parts[0].lower() == "bearer" else ""
        if got != want["token"]:
            return Response("Unauthorized\n", status=401)
        return Response("ok\n")

    httpserver.expect_request("/").respond_with_handler(handler)
    n = [time.time()]
    env = [""]
    c = api.ExecConfig(command=test_plugin, api_version=V1BETA1, interactive_mode=IF_AVAILABLE)
    a = execplugin.new_authenticator(execplugin.new_cache(), lambda _: False, c, None)
    a.environ = lambda: list(env)
    a.now = lambda: n[0]
    a.stderr = io.BytesIO()
    tc = _transport.Config()
    a.update_transport_config(tc)
    client = rest.HTTPClient(tc.wrap_transport(_transport.new(_transport.Config())))

    def get(status):
        assert client.get(httpserver.url_for("/")).status_code == status

    def set_output(**status):
        env[0] = "TEST_OUTPUT=" + _output(**status)

    set_output(token="token1")
    want["token"] = "token1"
    get(200)
    set_output(token="token2")
    get(200)  # the previous token is cached
    want["token"] = "token2"
    get(401)  # the cached token is refused: it rotates
    get(200)
    set_output(token="token3", expirationTimestamp=_rfc3339(n[0] + 3600))
    want["token"] = "token3"
    get(401)
    get(200)
    n[0] += 2 * 3600  # token3 expired: refreshed before the request, no 401
    set_output(token="token4", expirationTimestamp=_rfc3339(n[0] + 3600))
    want["token"] = "token4"
    get(200)


def _rfc3339(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- TestAuthorizationHeaderPresentCancelsExecAction ----------------------------------------------------------------
@pytest.mark.parametrize(
    "name,set_config",
    [
        ("bearer token", lambda c: setattr(c, "bearer_token", "token1f")),
        ("basic auth", lambda c: (setattr(c, "username", "marshmallow"), setattr(c, "password", "zelda"))),
        ("cert auth", lambda c: (setattr(c.tls, "cert_data", b"some-cert-data"), setattr(c.tls, "key_data", b"k"))),
    ],
)
def test_authorization_header_present_cancels_exec_action(test_plugin, name, set_config):
    a = execplugin.new_authenticator(
        execplugin.new_cache(), lambda _: False, api.ExecConfig(command=test_plugin, api_version=V1BETA1), None
    )
    # a certificate callback is there already: without other credentials that is an error, with them exec stays out
    tc = _transport.Config()
    tc.tls.insecure = True
    tc.tls.get_cert_holder = _transport.GetCertHolder(get_cert=lambda: None)
    set_config(tc)
    a.update_transport_config(tc)
    assert tc.wrap_transport is None


def test_existing_cert_callback_without_credentials_is_an_error(test_plugin):
    a = execplugin.new_authenticator(
        execplugin.new_cache(), lambda _: False, api.ExecConfig(command=test_plugin, api_version=V1BETA1), None
    )
    tc = _transport.Config()
    tc.tls.get_cert_holder = _transport.GetCertHolder(get_cert=lambda: None)
    with pytest.raises(
        ValueError, match="^can't add TLS certificate callback: transport.Config.TLS.GetCert already set$"
    ):
        a.update_transport_config(tc)


# --- TestConcurrentUpdateTransportConfig ---------------------------------------------------------------------------
def test_concurrent_update_transport_config(test_plugin):
    c = api.ExecConfig(command=test_plugin, api_version=V1BETA1)
    a = execplugin.new_authenticator(execplugin.new_cache(), lambda _: False, c, None)
    a.environ = lambda: [""]
    a.stderr = io.BytesIO()
    stop = threading.Event()
    failures: list = []

    def update():
        while not stop.is_set():
            try:
                tc = _transport.Config()
                a.update_transport_config(tc)
                assert tc.tls.get_cert_holder is a.get_cert_holder
            except Exception as e:  # noqa: BLE001 - reported below
                failures.append(e)
                return

    threads = [threading.Thread(target=update, name=f"test update {i}") for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join(5)
    assert failures == []


# --- TestInstallHintRateLimit ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name,threshold,interval,calls,per_call_advance,want_install_hint",
    [
        ("print-up-to-threshold", 2, 1.0, 10, 0.0, 2),
        ("after-interval-threshold-resets", 2, 5.0, 10, 1.0, 4),
    ],
)
def test_install_hint_rate_limit(name, threshold, interval, calls, per_call_advance, want_install_hint):
    c = api.ExecConfig(
        command="does not exist", api_version=V1BETA1, install_hint="some install hint", interactive_mode=IF_AVAILABLE
    )
    a = execplugin.new_authenticator(execplugin.new_cache(), lambda _: False, c, None)
    a.sometimes.threshold = threshold
    a.sometimes.interval = interval
    clock = FakeClock(time.time())
    a.sometimes.clock = clock
    count = 0
    for _ in range(calls):
        with pytest.raises(execplugin.ExecPluginError) as e:
            a.refresh_creds_locked()
        if c.install_hint in str(e.value):
            count += 1
        clock.set_time(clock.now() + per_call_advance)
    assert count == want_install_hint


# --- TestExecTLSCache (exec_cache_test.go) ---------------------------------------------------------------------------
def test_exec_tls_cache(test_plugin):
    """Equal exec configs share one authenticator, hence one certificate callback (and TLS config); another
    argument makes another."""

    def config(*args):
        return rest.Config(
            host="https://localhost",
            exec_provider=api.ExecConfig(
                command=test_plugin, args=list(args), api_version=V1, interactive_mode=IF_AVAILABLE
            ),
        )

    holders = []
    for cfg in (config(), config(), config("make this exec auth different")):
        holders.append(transport_config_for(cfg).tls.get_cert_holder)
    assert holders[0] is not None and holders[0] is holders[1]
    assert holders[0] is not holders[2]


# --- TestPluginPolicy ----------------------------------------------------------------------------------------------
def _should_err(policy, allowlist, plugin_exists, entry_exists):
    """client-go's shouldErrFunc: (want an error, a substring of it)."""
    if policy in ("", "AllowAll"):
        if allowlist is not None:
            return True, "allowlist is non-nil"
        return (False, "") if plugin_exists else (True, "not found")
    if policy == "DenyAll":
        if allowlist is not None:
            return True, "allowlist is non-nil"
        return True, 'policy set to "DenyAll"'
    if policy == "Allowlist":
        if allowlist is None:
            return True, "allowlist is unspecified"
        if not allowlist:
            return True, 'allowlist is empty; use "DenyAll" policy instead'
        if plugin_exists and entry_exists:
            return False, ""
        if plugin_exists:
            return True, "is not permitted by the credential plugin allowlist"
        return True, ""  # the wording depends on relative or absolute paths: an error is what matters
    return True, "unknown plugin policy"


def test_plugin_policy(test_plugin, monkeypatch):
    """The whole matrix of client-go's TestPluginPolicy: plugin and allowlist entry existing or not, absolute or a
    basename found through PATH, allowlists nil, empty, of one and of three entries (shuffled), five policies."""
    import os
    import random

    testdata = os.path.dirname(test_plugin)
    basename = os.path.basename(test_plugin)
    monkeypatch.setenv("PATH", f"{testdata}:{os.environ['PATH']}")
    import shutil

    assert shutil.which(basename) == test_plugin
    rng = random.Random(7)
    failures = []
    count = 0
    for plugin_exists in (False, True):
        for entry_exists in (False, True):
            for plugin_abs in (False, True):
                for entry_abs in (False, True):
                    for length in (-1, 0, 1, 3):
                        allowlist = None if length < 0 else []
                        if length >= 1:
                            entry = {
                                (True, True): test_plugin,
                                (True, False): basename,
                                (False, True): "/this/path/does/not/exist",
                                (False, False): "does not exist",
                            }[(entry_exists, entry_abs)]
                            allowlist.append(api.AllowlistEntry(command=entry))
                        for i in range(1, length):
                            allowlist.append(api.AllowlistEntry(command=f"foo-{i}"))
                        if allowlist:
                            rng.shuffle(allowlist)
                        for policy in ("", "AllowAll", "DenyAll", "Allowlist", "HIGHLYILLEGAL"):
                            count += 1
                            cmd = {
                                (True, True): test_plugin,
                                (True, False): basename,
                                (False, True): "/this/path/does/not/exist",
                                (False, False): "does not exist",
                            }[(plugin_exists, plugin_abs)]
                            env = []
                            if cmd.endswith("test-plugin.sh"):
                                env = [
                                    api.ExecEnvVar(name="TEST_OUTPUT", value=_output(api_version=V1, token="foo-bar")),
                                    api.ExecEnvVar(name="TEST_EXIT_CODE", value="0"),
                                ]
                            config = api.ExecConfig(
                                command=cmd,
                                env=env,
                                api_version=V1,
                                interactive_mode=IF_AVAILABLE,
                                plugin_policy=api.PluginPolicy(policy_type=policy, allowlist=allowlist),
                            )
                            want_err, substr = _should_err(policy, allowlist, plugin_exists, entry_exists)
                            name = (policy, length, plugin_exists, entry_exists, plugin_abs, entry_abs)
                            try:
                                a = execplugin.new_authenticator(
                                    execplugin.new_cache(), lambda _: False, config, Cluster()
                                )
                                a.stderr = io.BytesIO()
                                a.environ = lambda: []
                                a.refresh_creds_locked()
                            except (ValueError, execplugin.ExecPluginError) as e:
                                if not want_err or substr not in str(e):
                                    failures.append((name, str(e)))
                                continue
                            if want_err:
                                failures.append((name, "no error"))
    assert count == 320
    assert failures == []
