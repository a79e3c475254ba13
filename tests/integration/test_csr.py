"""util/certificate/csr against a real kube-apiserver: a certificate requested, approved through the approval
subresource and issued, then waited for. Issued by the test with a CA of its own (the API server alone), and by
kube-controller-manager's signer with the cluster CA (the whole cluster), whose certificate then logs in."""

from __future__ import annotations

import datetime
import threading
import uuid

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubernetes_py import context, kubernetes, rest
from kubernetes_py.api.authentication import v1 as authenticationv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.util import cert, keyutil
from kubernetes_py.util.cert import _x509
from kubernetes_py.util.certificate import csr


def _clientset(server) -> kubernetes.Clientset:
    return kubernetes.new_for_config(
        rest.Config(
            host=server.url,
            bearer_token=server.admin_token,
            tls_client_config=rest.TLSClientConfig(ca_file=str(server.ca_file)),
        )
    )


def _approve(client, name: str) -> None:
    csrs = client.certificates_v1().certificate_signing_requests()
    obj = csrs.get(None, name, metav1.GetOptions())
    obj.status.conditions.add(type="Approved", status="True", reason="TestApproved", message="approved by the test")
    csrs.update_approval(None, name, obj, metav1.UpdateOptions())


class _Waiter:
    """wait_for_certificate in a thread of its own, bounded by a 60 s context."""

    def __init__(self, client, name: str, uid: str):
        self.ctx, self.cancel = context.with_timeout(context.background(), 60)
        self.result: dict = {}
        self.thread = threading.Thread(target=self._run, args=(client, name, uid), name="wait for certificate")
        self.thread.start()

    def _run(self, client, name, uid) -> None:
        try:
            self.result["cert"] = csr.wait_for_certificate(self.ctx, client, name, uid)
        except Exception as err:  # noqa: BLE001 - the test reports it
            self.result["err"] = err

    def get(self) -> bytes:
        self.thread.join(60)
        self.cancel()
        assert not self.thread.is_alive()
        assert "err" not in self.result, self.result
        return self.result["cert"]


def test_request_approve_issue_by_test_ca(apiserver):
    client = _clientset(apiserver)
    key = keyutil.parse_private_key_pem(keyutil.make_elliptic_private_key_pem())
    subject = x509.Name(
        [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "tests"), x509.NameAttribute(NameOID.COMMON_NAME, "csr-test")]
    )
    name = f"csr-{uuid.uuid4().hex[:8]}"
    signer = "example.com/test-signer"
    name_got, uid = csr.request_certificate(
        client,
        cert.make_csr(key, subject, ["a.example"]),
        name,
        signer,
        3600.0,
        ["client auth", "digital signature"],
        key,
    )
    assert name_got == name and uid
    stored = client.certificates_v1().certificate_signing_requests().get(None, name, metav1.GetOptions())
    assert (stored.spec.signerName, list(stored.spec.usages), stored.spec.expirationSeconds) == (
        signer,
        ["client auth", "digital signature"],
        3600,
    )

    waiter = _Waiter(client, name, uid)
    _approve(client, name)
    # the test is the signer: a CA of its own signs the request's key and the subject it asked for
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = cert.new_self_signed_ca_cert(cert.Config(common_name="test-signer-ca"), ca_key)
    request = x509.load_pem_x509_csr(stored.spec.request)
    now = datetime.datetime.now(datetime.timezone.utc)
    leaf = _x509.create_certificate(
        subject=request.subject,
        serial=_x509.random_serial(),
        not_before=now,
        not_after=now + datetime.timedelta(hours=1),
        usage=_x509.key_usage(True, False, False),
        is_ca=False,
        ext_key_usages=[ExtendedKeyUsageOID.CLIENT_AUTH],
        public_key=request.public_key(),
        issuer=ca,
        signer=ca_key,
    )
    issued = cert.encode_certificates(leaf, ca)
    obj = client.certificates_v1().certificate_signing_requests().get(None, name, metav1.GetOptions())
    obj.status.certificate = issued
    client.certificates_v1().certificate_signing_requests().update_status(None, obj, metav1.UpdateOptions())

    got = waiter.get()
    assert got == issued
    certs = cert.parse_certs_pem(got)
    assert certs[0].subject == subject and certs[0].public_key() == key.public_key()
    certs[0].verify_directly_issued_by(ca)

    # asking again under the same name with the same key reuses the request
    assert csr.request_certificate(client, cert.make_csr(key, subject), name, signer, None, ["client auth"], key) == (
        name,
        uid,
    )
    client.certificates_v1().certificate_signing_requests().delete(None, name, metav1.DeleteOptions())


def test_denied_request(apiserver):
    client = _clientset(apiserver)
    key = keyutil.parse_private_key_pem(keyutil.make_elliptic_private_key_pem())
    name, uid = csr.request_certificate(
        client,
        cert.make_csr(key, x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "denied")])),
        f"csr-{uuid.uuid4().hex[:8]}",
        "example.com/test-signer",
        None,
        ["client auth"],
        key,
    )
    csrs = client.certificates_v1().certificate_signing_requests()
    obj = csrs.get(None, name, metav1.GetOptions())
    obj.status.conditions.add(type="Denied", status="True", reason="NotToday", message="no")
    csrs.update_approval(None, name, obj, metav1.UpdateOptions())
    try:
        csr.wait_for_certificate(context.background(), client, name, uid)
    except RuntimeError as err:
        assert str(err) == (
            "cannot watch on the certificate signing request: certificate signing request is "
            "denied, reason: NotToday, message: no"
        )
    else:
        raise AssertionError("a denied request gave a certificate")
    csrs.delete(None, name, metav1.DeleteOptions())


def test_cluster_signer_issues_a_client_certificate_that_logs_in(cluster):
    """kube-controller-manager's csrsigning controller signs with the cluster CA, which the API server trusts for
    client certificates: the issued certificate authenticates as the subject asked for."""
    client = _clientset(cluster)
    key = keyutil.parse_private_key_pem(keyutil.make_elliptic_private_key_pem())
    user = f"csr-user-{uuid.uuid4().hex[:6]}"
    subject = x509.Name(
        [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "csr-testers"), x509.NameAttribute(NameOID.COMMON_NAME, user)]
    )
    name, uid = csr.request_certificate(
        client,
        cert.make_csr(key, subject),
        "",
        "kubernetes.io/kube-apiserver-client",
        600.0,
        ["client auth", "digital signature"],
        key,
    )
    assert name.startswith("csr-")
    waiter = _Waiter(client, name, uid)
    _approve(client, name)
    issued = waiter.get()
    leaf = cert.parse_certs_pem(issued)[0]
    assert leaf.subject == subject
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc <= datetime.timedelta(seconds=600 + 300)
    leaf.verify_directly_issued_by(cert.certs_from_file(str(cluster.ca_file))[0])

    as_user = kubernetes.new_for_config(
        rest.Config(
            host=cluster.url,
            tls_client_config=rest.TLSClientConfig(
                ca_file=str(cluster.ca_file), cert_data=issued, key_data=keyutil.marshal_private_key_to_pem(key)
            ),
        )
    )
    review = (
        as_user.authentication_v1()
        .self_subject_reviews()
        .create(None, authenticationv1.SelfSubjectReview(), metav1.CreateOptions())
    )
    assert review.status.userInfo.username == user
    assert "csr-testers" in list(review.status.userInfo.groups)
    client.certificates_v1().certificate_signing_requests().delete(None, name, metav1.DeleteOptions())
