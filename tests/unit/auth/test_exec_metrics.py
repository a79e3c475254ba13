"""The exec plugin's metric hooks (client-go plugin/pkg/client/auth/exec/metrics_test.go ported): calls by exit
code and outcome, policy decisions, the earliest client certificate expiry and the rotation age."""

from __future__ import annotations

import datetime

import pytest
from cryptography import x509

from kubernetes_py.plugin.pkg.client.auth import exec as execplugin
from kubernetes_py.plugin.pkg.client.auth.exec import metrics as execmetrics
from kubernetes_py.tools import metrics
from kubernetes_py.tools.clientcmd import api as clientcmdapi
from kubernetes_py.util import cert

V1BETA1 = "client.authentication.k8s.io/v1beta1"
GOOD = {"kind": "ExecCredential", "apiVersion": V1BETA1, "status": {"token": "foo-bar"}}


class Recorder:
    def __init__(self):
        self.calls: list[tuple] = []

    def increment(self, *args):
        self.calls.append(args)

    def set(self, *args):
        self.calls.append(args)

    def observe(self, *args):
        self.calls.append(args)


@pytest.fixture
def hooks(monkeypatch):
    recorders = {
        name: Recorder()
        for name in ("ExecPluginCalls", "ExecPluginPolicyCalls", "ClientCertExpiry", "ClientCertRotationAge")
    }
    for name, r in recorders.items():
        monkeypatch.setattr(metrics, name, r)
    monkeypatch.setattr(execmetrics, "expiration_metrics", execmetrics.CertificateExpirationTracker())
    return recorders


def _authenticator(command: str, policy=None) -> execplugin.Authenticator:
    cfg = clientcmdapi.ExecConfig(
        command=command, api_version=V1BETA1, interactive_mode="IfAvailable", plugin_policy=policy
    )
    a = execplugin.Authenticator(cfg, None)
    a.is_terminal = lambda _: False
    return a


def test_certificate_expiration_tracker():
    now = datetime.datetime.now(datetime.timezone.utc)
    got: list = []
    tracker = execmetrics.CertificateExpirationTracker(got.append)
    first, second = object(), object()
    m = datetime.timedelta(minutes=1)
    for auth, t, want in (
        (first, now + 10 * m, now + 10 * m),  # one authenticator
        (second, now + 5 * m, now + 5 * m),  # a second one, shorter
        (second, now + 15 * m, now + 10 * m),  # the shorter made longer
        (first, None, now + 15 * m),  # no certificate any more
        (second, None, None),
    ):  # none has one: None is recorded
        tracker.set(auth, t)
        assert got[-1] == want
    tracker.set(first, now)
    tracker.set(first, datetime.datetime.min)  # Go's zero time.Time, as client-go's test passes it: no certificate
    assert got[-1] is None


def test_calls_metric(plugin, hooks, tmp_path):
    want = []
    for code in (0, 1, 2, 0):
        plugin.respond(GOOD)
        plugin.exit_code(code)
        a = _authenticator(str(plugin.path))
        for _ in range(2):
            if code == 0:
                a.get_creds()
                a._cached = None  # run it again
            else:
                with pytest.raises(execplugin.ExecPluginError):
                    a.get_creds()
            want.append((code, "no_error" if code == 0 else "plugin_execution_error"))
    for command in (
        "does not exist without path slashes",
        "./does/not/exist/with/relative/path",
        "/does/not/exist/with/absolute/path",
        str(tmp_path),
    ):  # the last one: a directory
        with pytest.raises(execplugin.ExecPluginError):
            _authenticator(command).get_creds()
        want.append((1, "plugin_not_found_error"))
    assert hooks["ExecPluginCalls"].calls == want
    assert hooks["ExecPluginPolicyCalls"].calls == [("allowed",)] * len(want)


def test_killed_plugin_counts_exit_code_minus_one(plugin, hooks):
    plugin.path.write_text("#!/bin/sh\nkill -9 $$\n")
    with pytest.raises(execplugin.ExecPluginError, match="failed with exit code -1$"):
        _authenticator(str(plugin.path)).get_creds()
    assert hooks["ExecPluginCalls"].calls == [(-1, "plugin_execution_error")]


def test_policy_calls_metric(plugin, hooks):
    plugin.respond(GOOD)
    cases = [
        (False, clientcmdapi.PluginPolicy(policy_type="AllowAll")),
        (True, clientcmdapi.PluginPolicy(policy_type="DenyAll")),
        (
            False,
            clientcmdapi.PluginPolicy(
                policy_type="Allowlist",
                allowlist=[
                    clientcmdapi.AllowlistEntry(command="foobar"),
                    clientcmdapi.AllowlistEntry(command=str(plugin.path)),
                ],
            ),
        ),
        (
            True,
            clientcmdapi.PluginPolicy(
                policy_type="Allowlist", allowlist=[clientcmdapi.AllowlistEntry(command="foobar")]
            ),
        ),
        (False, None),
    ]
    for denied, policy in cases:
        a = _authenticator(str(plugin.path), policy)
        if denied:
            with pytest.raises(execplugin.ExecPluginError):
                a.get_creds()
        else:
            a.get_creds()
    assert hooks["ExecPluginPolicyCalls"].calls == [("denied",) if d else ("allowed",) for d, _ in cases]
    # a denied plugin is not run: only the allowed ones were counted as calls
    assert hooks["ExecPluginCalls"].calls == [(0, "no_error")] * 3


def _cert_status(cert_pem: bytes, key_pem: bytes) -> dict:
    return {
        "kind": "ExecCredential",
        "apiVersion": V1BETA1,
        "status": {"clientCertificateData": cert_pem.decode(), "clientKeyData": key_pem.decode()},
    }


def test_certificate_expiry_and_rotation_age(plugin, hooks):
    first = cert.generate_self_signed_cert_key_with_options(cert.SelfSignedCertKeyOptions(host="a", max_age=7200))
    second = cert.generate_self_signed_cert_key_with_options(cert.SelfSignedCertKeyOptions(host="b", max_age=3600))
    leaf1 = x509.load_pem_x509_certificate(first[0])
    leaf2 = x509.load_pem_x509_certificate(second[0])
    plugin.respond(_cert_status(*first), call=0)
    plugin.respond(_cert_status(*second), call=1)
    plugin.respond(GOOD, call=2)
    a = _authenticator(str(plugin.path))
    a.now = lambda: leaf1.not_valid_before_utc.timestamp() + 4000.0

    a.get_creds()
    assert hooks["ClientCertExpiry"].calls == [(leaf1.not_valid_after_utc,)]
    assert hooks["ClientCertRotationAge"].calls == []

    a.maybe_refresh_creds(a.get_creds())  # a new certificate: the old one lived 4000 s
    assert hooks["ClientCertRotationAge"].calls == [(4000.0,)]
    assert hooks["ClientCertExpiry"].calls[-1] == (leaf2.not_valid_after_utc,)

    a.maybe_refresh_creds(a.get_creds())  # a token only: rotated away from the certificate, no expiry left
    assert len(hooks["ClientCertRotationAge"].calls) == 2
    assert hooks["ClientCertExpiry"].calls[-1] == (None,)
    assert [c[1] for c in hooks["ExecPluginCalls"].calls] == ["no_error"] * 3
    assert len(plugin.calls()) == 3


def test_same_certificate_again_is_no_rotation(plugin, hooks):
    pair = cert.generate_self_signed_cert_key("a")
    plugin.respond(_cert_status(*pair))
    a = _authenticator(str(plugin.path))
    a.get_creds()
    a.maybe_refresh_creds(a.get_creds())
    assert hooks["ClientCertRotationAge"].calls == []
    leaf = x509.load_pem_x509_certificate(pair[0])
    assert hooks["ClientCertExpiry"].calls == [(leaf.not_valid_after_utc,)] * 2


def test_get_authenticator_ensures_registration(monkeypatch, plugin):
    ran = []
    monkeypatch.setattr(metrics, "_ensure_registered_fn", lambda: ran.append(1))
    monkeypatch.setattr(metrics, "_ensured", False)
    execplugin.get_authenticator(
        clientcmdapi.ExecConfig(command=str(plugin.path), api_version=V1BETA1, interactive_mode="Never"), None
    )
    assert ran == [1]
