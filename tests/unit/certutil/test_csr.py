"""util/certificate/csr: csr_test.go's TestEnsureCompatible ported, and request_certificate / wait_for_certificate
against the fake clientset (v1, the v1beta1 fallback, reuse of an existing request, each way a wait ends)."""

from __future__ import annotations

import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from kubernetes_py import context
from kubernetes_py.api.certificates import v1 as certificatesv1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupResource
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.kubernetes import fake
from kubernetes_py.util import cert
from kubernetes_py.util.certificate import csr

from . import keys

SIGNER = "example.com/test"


def _csr_pem(key, cn: str = "something", org: str = "test") -> bytes:
    subject = x509.Name(
        [x509.NameAttribute(NameOID.ORGANIZATION_NAME, org), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    )
    return cert.make_csr(key, subject)


def _req(request: bytes, signer: str = "", certificate: bytes = b"") -> certificatesv1.CertificateSigningRequest:
    r = certificatesv1.CertificateSigningRequest()
    r.spec.request, r.spec.signerName, r.status.certificate = request, signer, certificate
    return r


@pytest.mark.parametrize(
    "new_signer,orig_signer,err",
    [
        ("", SIGNER, None),
        (SIGNER, "", None),
        (SIGNER, SIGNER, None),
        (
            SIGNER,
            "example.com/not-test",
            'csr signerNames differ: new "example.com/test", orig: "example.com/not-test"',
        ),
    ],
)
def test_ensure_compatible(new_signer, orig_signer, err):
    req = _csr_pem(keys.rsa_key())
    if err is None:
        csr.ensure_compatible(_req(req, new_signer), _req(req, orig_signer), keys.rsa_key())
    else:
        with pytest.raises(ValueError) as e:
            csr.ensure_compatible(_req(req, new_signer), _req(req, orig_signer), keys.rsa_key())
        assert str(e.value) == err


def test_ensure_compatible_failures():
    req = _csr_pem(keys.rsa_key())
    with pytest.raises(ValueError, match="^csr subjects differ: "):
        csr.ensure_compatible(_req(req), _req(_csr_pem(keys.rsa_key(), cn="other")), keys.rsa_key())
    with pytest.raises(ValueError) as e:
        csr.ensure_compatible(_req(req), _req(req), rsa.generate_private_key(public_exponent=65537, key_size=1024))
    assert str(e.value) == "error validating signature new CSR against old key: crypto/rsa: verification error"
    with pytest.raises(ValueError, match="^privateKey is not a signer$"):
        csr.ensure_compatible(_req(req), _req(req), "not a key")
    with pytest.raises(ValueError, match="^unable to parse new csr: PEM block type must be CERTIFICATE REQUEST$"):
        csr.ensure_compatible(_req(keys.rsa_pkcs1_pem()), _req(req), keys.rsa_key())
    with pytest.raises(ValueError, match="^unable to parse original csr: "):
        csr.ensure_compatible(_req(req), _req(b""), keys.rsa_key())
    ec_req = _csr_pem(keys.ec_key())
    csr.ensure_compatible(_req(ec_req), _req(ec_req), keys.ec_key())
    with pytest.raises(ValueError, match="^error validating signature new CSR against old key: x509: ECDSA"):
        csr.ensure_compatible(_req(ec_req), _req(ec_req), ec.generate_private_key(ec.SECP256R1()))
    # an issued certificate that expired makes the request unusable; a valid one does not
    valid = keys.certificate_pem(keys.rsa_certificate())
    csr.ensure_compatible(_req(req, certificate=valid), _req(req), keys.rsa_key())
    expired_pem = cert.generate_self_signed_cert_key_with_options(cert.SelfSignedCertKeyOptions(host="h", max_age=1))[0]
    not_after = cert.parse_certs_pem(expired_pem)[0].not_valid_after_utc
    with pytest.raises(ValueError) as e:
        csr.ensure_compatible(_req(req, certificate=expired_pem), _req(req), keys.rsa_key())
    assert str(e.value) == (f"one of the certificates for the CSR has expired: {not_after:%Y-%m-%d %H:%M:%S} +0000 UTC")
    with pytest.raises(ValueError, match="^error parsing signed certificate for CSR: "):
        csr.ensure_compatible(_req(req, certificate=b"junk"), _req(req), keys.rsa_key())


def test_durations():
    assert csr.duration_to_expiration_seconds(3600.9) == 3600
    assert csr.expiration_seconds_to_duration(600) == 600.0


def _created(client, resource="certificatesigningrequests"):
    return [a for a in client.actions() if a.get_verb() == "create" and a.get_resource().resource == resource]


def test_request_certificate_v1():
    client = fake.new_simple_clientset()
    data = _csr_pem(keys.rsa_key())
    name, uid = csr.request_certificate(client, data, "node-csr", SIGNER, 3600.0, ["client auth"], keys.rsa_key())
    assert name == "node-csr"
    (action,) = _created(client)
    assert action.get_resource().version == "v1"
    obj = action.get_object()
    assert obj.kind == "CertificateSigningRequest"
    assert (obj.spec.request, list(obj.spec.usages), obj.spec.signerName, obj.spec.expirationSeconds) == (
        data,
        ["client auth"],
        SIGNER,
        3600,
    )
    assert obj.metadata.generateName == ""
    stored = client.certificates_v1().certificate_signing_requests().get(None, "node-csr", metav1.GetOptions())
    assert stored.metadata.uid == uid


def test_request_certificate_without_name_asks_for_generated_name():
    client = fake.new_simple_clientset()
    client.prepend_reactor("create", "certificatesigningrequests", lambda a: (True, _with_name(a.get_object()), None))
    name, _ = csr.request_certificate(
        client, _csr_pem(keys.rsa_key()), "", SIGNER, None, ["client auth"], keys.rsa_key()
    )
    obj = _created(client)[0].get_object()
    assert obj.metadata.generateName == "csr-" and not obj.spec.HasField("expirationSeconds")
    assert name == "csr-abcde"


def _with_name(obj):
    out = obj.deep_copy()
    out.metadata.name = out.metadata.generateName + "abcde"
    out.metadata.uid = "u-1"
    return out


def test_request_certificate_falls_back_to_v1beta1():
    client = fake.new_simple_clientset()

    def v1_not_served(action):
        if action.get_resource().version == "v1":
            return (
                True,
                None,
                errors.new_not_found(GroupResource("certificates.k8s.io", "certificatesigningrequests"), ""),
            )
        return False, None, None

    client.prepend_reactor("create", "certificatesigningrequests", v1_not_served)
    name, _ = csr.request_certificate(
        client, _csr_pem(keys.rsa_key()), "n", SIGNER, None, ["client auth"], keys.rsa_key()
    )
    assert name == "n"
    assert [a.get_resource().version for a in _created(client)] == ["v1", "v1beta1"]
    beta = _created(client)[1].get_object()
    assert (beta.spec.signerName, list(beta.spec.usages)) == (SIGNER, ["client auth"])


@pytest.mark.parametrize(
    "signer,usages", [("kubernetes.io/legacy-unknown", ["client auth"]), (SIGNER, []), ("", ["client auth"])]
)
def test_request_certificate_v1beta1_only_cases(signer, usages):
    client = fake.new_simple_clientset()
    csr.request_certificate(client, _csr_pem(keys.rsa_key()), "n", signer, None, usages, keys.rsa_key())
    assert [a.get_resource().version for a in _created(client)] == ["v1beta1"]


def test_request_certificate_reuses_compatible_existing():
    data = _csr_pem(keys.rsa_key())
    existing = _req(data, SIGNER)
    existing.metadata.name, existing.metadata.uid = "n", "existing-uid"
    client = fake.new_simple_clientset(existing)
    assert csr.request_certificate(client, data, "n", SIGNER, None, ["client auth"], keys.rsa_key()) == (
        "n",
        "existing-uid",
    )
    # another key: not compatible
    other = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.raises(ValueError) as e:
        csr.request_certificate(client, _csr_pem(other), "n", SIGNER, None, ["client auth"], other)
    assert str(e.value) == (
        "retrieved csr is not compatible: error validating signature new CSR against old key: "
        "crypto/rsa: verification error"
    )


def test_request_certificate_errors_keep_their_status():
    client = fake.new_simple_clientset()
    client.prepend_reactor(
        "create",
        "*",
        lambda a: (
            True,
            None,
            errors.new_forbidden(
                GroupResource("certificates.k8s.io", "certificatesigningrequests"), "n", ValueError("no")
            ),
        ),
    )
    with pytest.raises(errors.StatusError) as e:
        csr.request_certificate(client, _csr_pem(keys.rsa_key()), "n", SIGNER, None, ["client auth"], keys.rsa_key())
    assert errors.is_forbidden(e.value)
    assert str(e.value) == (
        'cannot create certificate signing request: certificatesigningrequests.certificates.k8s.io "n" is forbidden: no'
    )


def _issue(client, name: str, conditions: list, certificate: bytes = b"", version: str = "v1") -> None:
    api = client.certificates_v1() if version == "v1" else client.certificates_v1beta1()
    obj = api.certificate_signing_requests().get(None, name, metav1.GetOptions())
    for ctype, reason in conditions:
        obj.status.conditions.add(type=ctype, status="True", reason=reason, message=f"{ctype} by test")
    obj.status.certificate = certificate
    api.certificate_signing_requests().update_status(None, obj, metav1.UpdateOptions())


def _wait_in_thread(client, name: str, uid: str, timeout: float = 10.0):
    result: dict = {}
    ctx, cancel = context.with_timeout(context.background(), timeout)

    def run():
        try:
            result["cert"] = csr.wait_for_certificate(ctx, client, name, uid)
        except Exception as err:  # noqa: BLE001 - handed to the test
            result["err"] = err

    t = threading.Thread(target=run, name="wait for certificate")
    t.start()
    return t, result, cancel


def _new_request(client, name="n"):
    return csr.request_certificate(
        client, _csr_pem(keys.rsa_key()), name, SIGNER, None, ["client auth"], keys.rsa_key()
    )


def test_wait_for_certificate_issued():
    client = fake.new_simple_clientset()
    name, uid = _new_request(client)
    issued = keys.certificate_pem(keys.rsa_certificate())
    t, result, cancel = _wait_in_thread(client, name, uid)
    try:
        _issue(client, name, [("Approved", "AutoApproved")])  # approved, not yet issued: the wait goes on
        _issue(client, name, [], issued)
        t.join(10)
        assert not t.is_alive() and result == {"cert": issued}
    finally:
        cancel()
        t.join(10)


@pytest.mark.parametrize(
    "ctype,message",
    [
        (
            "Denied",
            "cannot watch on the certificate signing request: certificate signing request is denied, reason: "
            "R, message: Denied by test",
        ),
        (
            "Failed",
            "cannot watch on the certificate signing request: certificate signing request failed, reason: R, "
            "message: Failed by test",
        ),
    ],
)
def test_wait_for_certificate_denied_or_failed(ctype, message):
    client = fake.new_simple_clientset()
    name, uid = _new_request(client)
    _issue(client, name, [(ctype, "R")])
    with pytest.raises(RuntimeError) as e:
        csr.wait_for_certificate(context.background(), client, name, uid)
    assert str(e.value) == message


def test_wait_for_certificate_other_uid_and_deleted():
    client = fake.new_simple_clientset()
    name, _ = _new_request(client)
    with pytest.raises(RuntimeError) as e:
        csr.wait_for_certificate(None, client, name, "another-uid")
    assert str(e.value) == 'cannot watch on the certificate signing request: csr "n" changed UIDs'

    name, uid = _new_request(client, "m")
    t, result, cancel = _wait_in_thread(client, name, uid)
    try:
        import time

        time.sleep(0.3)
        client.certificates_v1().certificate_signing_requests().delete(None, name, metav1.DeleteOptions())
        t.join(10)
        assert str(result["err"]) == 'cannot watch on the certificate signing request: csr "m" was deleted'
    finally:
        cancel()
        t.join(10)


def test_wait_for_certificate_context_ends():
    client = fake.new_simple_clientset()
    name, uid = _new_request(client)
    ctx, cancel = context.with_timeout(context.background(), 0.3)
    try:
        with pytest.raises(wait.ErrWaitTimeout) as e:
            csr.wait_for_certificate(ctx, client, name, uid)
        assert str(e.value) == "timed out waiting for the condition"
    finally:
        cancel()


def test_wait_for_certificate_v1beta1_when_v1_is_not_served():
    client = fake.new_simple_clientset()
    client.prepend_reactor(
        "*",
        "certificatesigningrequests",
        lambda a: (
            (True, None, errors.new_not_found(GroupResource("certificates.k8s.io", "certificatesigningrequests"), ""))
            if a.get_resource().version == "v1"
            else (False, None, None)
        ),
    )
    name, uid = _new_request(client)
    issued = keys.certificate_pem(keys.rsa_certificate())
    _issue(client, name, [("Approved", "A")], issued, version="v1beta1")
    assert csr.wait_for_certificate(None, client, name, uid) == issued
    lists = [a.get_resource().version for a in client.actions() if a.get_verb() == "list"]
    assert lists[:2] == ["v1", "v1beta1"]


def test_wait_for_certificate_polls_until_a_version_lists():
    """Neither version lists at first: one try per second until one does (bounded by the context)."""
    client = fake.new_simple_clientset()
    name, uid = _new_request(client)
    failures = {"n": 2}

    def flaky(action):
        if failures["n"] > 0:
            failures["n"] -= 1
            return True, None, errors.new_service_unavailable("starting")
        return False, None, None

    client.prepend_reactor("list", "certificatesigningrequests", flaky)
    issued = keys.certificate_pem(keys.rsa_certificate())
    _issue(client, name, [("Approved", "A")], issued)
    ctx, cancel = context.with_timeout(context.background(), 10)
    try:
        assert csr.wait_for_certificate(ctx, client, name, uid) == issued
    finally:
        cancel()
