"""Port of k8s.io/client-go/util/certificate/csr: requesting a certificate through the certificates API and waiting
for it to be issued.

certificates.k8s.io/v1 first; v1beta1 where v1 is not served (as client-go v0.37 still does). A wait ends with the
issued certificate once the request is approved and carries one, or with client-go's errors: the request denied,
failed, deleted or replaced (another UID), or the context done (wait's ErrWaitTimeout).
"""

from __future__ import annotations

import datetime
import logging
import time
from typing import Any, Optional, Sequence

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa

from kubernetes_py import context as _context
from kubernetes_py._go import pem
from kubernetes_py.api.certificates import v1 as certificatesv1
from kubernetes_py.api.certificates import v1beta1 as certificatesv1beta1
from kubernetes_py.apimachinery import fields, watch
from kubernetes_py.apimachinery.api import errors as apierrors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.util import wait
from kubernetes_py.tools import cache
from kubernetes_py.tools import watch as watchtools
from kubernetes_py.util import cert as certutil

__all__ = [
    "duration_to_expiration_seconds",
    "expiration_seconds_to_duration",
    "request_certificate",
    "request_certificate_with_context",
    "wait_for_certificate",
]

_log = logging.getLogger(__name__)

_LEGACY_UNKNOWN = "kubernetes.io/legacy-unknown"


def request_certificate(
    client: Any,
    csr_data: bytes,
    name: str,
    signer_name: str,
    requested_duration: Optional[float],
    usages: Sequence[str],
    private_key: Any,
) -> tuple[str, str]:
    """request_certificate_with_context with a background context."""
    return request_certificate_with_context(
        _context.background(), client, csr_data, name, signer_name, requested_duration, usages, private_key
    )


def request_certificate_with_context(
    ctx: _context.Context | None,
    client: Any,
    csr_data: bytes,
    name: str,
    signer_name: str,
    requested_duration: Optional[float],
    usages: Sequence[str],
    private_key: Any,
) -> tuple[str, str]:
    """Create a CertificateSigningRequest of the PEM CSR ``csr_data`` and return its (name, uid). Without a name
    the server generates one ("csr-..."). When a request of that name exists already, it is reused if it is
    compatible: the same subject and signer, signed by ``private_key``, and no expired certificate issued.
    ``requested_duration`` (seconds, or None) becomes spec.expirationSeconds."""
    ctx = ctx if ctx is not None else _context.background()
    csr = certificatesv1.CertificateSigningRequest(metadata=metav1.ObjectMeta(name=name))
    csr.kind = "CertificateSigningRequest"
    csr.spec.request = csr_data
    csr.spec.usages.extend(usages)
    csr.spec.signerName = signer_name
    if not name:
        csr.metadata.generateName = "csr-"
    if requested_duration is not None:
        csr.spec.expirationSeconds = duration_to_expiration_seconds(requested_duration)
    try:
        req_name, req_uid = _create(ctx, client, csr)
    except Exception as err:
        if not (apierrors.is_already_exists(err) and name):
            raise _format_error("cannot create certificate signing request: %s", err) from err
    else:
        _log.debug("Certificate signing request created csr=%s", req_name)
        return req_name, req_uid
    _log.info("csr for this node already exists, reusing")
    try:
        req = _get(ctx, client, name)
    except Exception as err:
        raise _format_error("cannot retrieve certificate signing request: %s", err) from err
    try:
        ensure_compatible(req, csr, private_key)
    except ValueError as err:
        raise ValueError(f"retrieved csr is not compatible: {err}") from err
    _log.info("csr for this node is still valid")
    return req.metadata.name, req.metadata.uid


def duration_to_expiration_seconds(duration: float) -> int:
    """Whole seconds of a duration, truncated (spec.expirationSeconds)."""
    return int(duration)


def expiration_seconds_to_duration(expiration_seconds: int) -> float:
    return float(expiration_seconds)


def _get(ctx: Any, client: Any, name: str) -> Any:
    try:
        return client.certificates_v1().certificate_signing_requests().get(ctx, name, metav1.GetOptions())
    except Exception as err:
        if not apierrors.is_not_found(err):
            raise
    beta = client.certificates_v1beta1().certificate_signing_requests().get(ctx, name, metav1.GetOptions())
    req = certificatesv1.CertificateSigningRequest(metadata=beta.metadata)
    req.spec.request = beta.spec.request
    if beta.spec.HasField("signerName"):
        req.spec.signerName = beta.spec.signerName
    req.spec.usages.extend(beta.spec.usages)
    return req


def _create(ctx: Any, client: Any, csr: Any) -> tuple[str, str]:
    spec = csr.spec
    if spec.usages and spec.signerName and spec.signerName != _LEGACY_UNKNOWN:
        try:
            req = client.certificates_v1().certificate_signing_requests().create(ctx, csr, metav1.CreateOptions())
        except Exception as err:
            if not apierrors.is_not_found(err):  # v1 not served: fall back to v1beta1
                raise
        else:
            return req.metadata.name, req.metadata.uid
    beta = certificatesv1beta1.CertificateSigningRequest(metadata=csr.metadata)
    beta.spec.signerName = spec.signerName
    beta.spec.request = spec.request
    beta.spec.usages.extend(spec.usages)
    req = client.certificates_v1beta1().certificate_signing_requests().create(ctx, beta, metav1.CreateOptions())
    return req.metadata.name, req.metadata.uid


def _list_watch(ctx: Any, csrs: Any, field_selector: str, client: Any) -> Any:
    def list_func(options: metav1.ListOptions) -> Any:
        options.fieldSelector = field_selector
        return csrs.list(ctx, options)

    def watch_func(options: metav1.ListOptions) -> Any:
        options.fieldSelector = field_selector
        return csrs.watch(ctx, options)

    return cache.to_list_watcher_with_watch_list_semantics(
        cache.ListWatch(list_func=list_func, watch_func=watch_func), client
    )


def wait_for_certificate(ctx: Any, client: Any, req_name: str, req_uid: str) -> bytes:
    """The PEM certificate issued for the request ``req_name`` (of uid ``req_uid``), once approved and issued.

    Raises (messages as client-go's) when the request is denied ("certificate signing request is denied,
    reason: ..., message: ..."), failed, deleted or has another UID (each wrapped in "cannot watch on the
    certificate signing request: ..."), and wait.ErrWaitTimeout when ``ctx`` ends first."""
    ctx = ctx if ctx is not None else _context.background()
    field_selector = str(fields.one_term_equal_selector("metadata.name", req_name))
    while True:
        v1csrs = client.certificates_v1().certificate_signing_requests()
        try:
            v1csrs.list(ctx, metav1.ListOptions(fieldSelector=field_selector))
        except Exception as err:  # noqa: BLE001 - logged, then v1beta1 is tried, as client-go does
            _log.debug("Error fetching v1 certificate signing request err=%s", err)
        else:
            obj: Any = certificatesv1.CertificateSigningRequest()
            lw = _list_watch(ctx, v1csrs, field_selector, client)
            break
        if ctx.err() is not None:
            raise wait.error_interrupted(None)
        beta_csrs = client.certificates_v1beta1().certificate_signing_requests()
        try:
            beta_csrs.list(ctx, metav1.ListOptions(fieldSelector=field_selector))
        except Exception as err:  # noqa: BLE001
            _log.debug("Error fetching v1beta1 certificate signing request err=%s", err)
        else:
            obj = certificatesv1beta1.CertificateSigningRequest()
            lw = _list_watch(ctx, beta_csrs, field_selector, client)
            break
        if ctx.err() is not None:
            raise wait.error_interrupted(None)
        time.sleep(1.0)

    issued: list[bytes] = []

    def condition(event: watch.Event) -> bool:
        if event.type == watch.Deleted:
            raise RuntimeError(f'csr "{req_name}" was deleted')
        if event.type not in (watch.Modified, watch.Added):
            return False
        csr = event.object
        if not isinstance(
            csr, (certificatesv1.CertificateSigningRequest, certificatesv1beta1.CertificateSigningRequest)
        ):
            raise TypeError(f"unexpected type received: {type(csr).__name__}")
        if csr.metadata.uid != req_uid:
            raise RuntimeError(f'csr "{csr.metadata.name}" changed UIDs')
        approved = False
        for c in csr.status.conditions:
            if c.type == "Denied":
                raise RuntimeError(f"certificate signing request is denied, reason: {c.reason}, message: {c.message}")
            if c.type == "Failed":
                raise RuntimeError(f"certificate signing request failed, reason: {c.reason}, message: {c.message}")
            if c.type == "Approved":
                approved = True
        if approved:
            if csr.status.certificate:
                _log.debug("Certificate signing request is issued csr=%s", csr.metadata.name)
                issued.append(csr.status.certificate)
                return True
            _log.debug("Certificate signing request is approved, waiting to be issued csr=%s", csr.metadata.name)
        return False

    try:
        watchtools.until_with_sync(ctx, lw, obj, None, condition)
    except Exception as err:
        if wait.interrupted(err):
            raise wait.error_interrupted(None) from err
        raise _format_error("cannot watch on the certificate signing request: %s", err) from err
    return issued[0]


def _parse_csr(pem_data: bytes) -> x509.CertificateSigningRequest:
    block, _ = pem.decode(pem_data)
    if block is None or block.type != "CERTIFICATE REQUEST":
        raise ValueError("PEM block type must be CERTIFICATE REQUEST")
    return x509.load_der_x509_csr(block.bytes)


def _check_signature(csr: x509.CertificateSigningRequest, pub: Any) -> None:
    """CheckSignature of the CSR against ``pub`` (Go's error texts)."""
    data, sig, h = csr.tbs_certrequest_bytes, csr.signature, csr.signature_hash_algorithm
    try:
        if isinstance(pub, ed25519.Ed25519PublicKey):
            pub.verify(sig, data)
        elif h is None or not isinstance(pub, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)):
            raise ValueError("x509: signature algorithm specifies an unsupported public key type")
        elif isinstance(pub, ec.EllipticCurvePublicKey):
            pub.verify(sig, data, ec.ECDSA(h))
        elif isinstance(csr.signature_algorithm_parameters, padding.PSS):
            pub.verify(sig, data, csr.signature_algorithm_parameters, h)
        else:
            pub.verify(sig, data, padding.PKCS1v15(), h)
    except InvalidSignature:
        if isinstance(pub, rsa.RSAPublicKey):
            raise ValueError("crypto/rsa: verification error") from None
        if isinstance(pub, ec.EllipticCurvePublicKey):
            raise ValueError("x509: ECDSA verification failure") from None
        raise ValueError("x509: Ed25519 verification failure") from None
    except TypeError as err:  # the CSR's key and the signer's are of different kinds
        raise ValueError(f"x509: signature algorithm specifies a different public key type: {err}") from None


def _go_time(dt: datetime.datetime) -> str:
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def ensure_compatible(new: Any, orig: Any, private_key: Any) -> None:
    """Whether an existing request ``new`` can stand for ``orig``: the same subject, no other signer, signed by
    ``private_key``, and no issued certificate expired (raises ValueError with client-go's text otherwise)."""
    try:
        new_csr = _parse_csr(new.spec.request)
    except ValueError as err:
        raise ValueError(f"unable to parse new csr: {err}") from err
    try:
        orig_csr = _parse_csr(orig.spec.request)
    except ValueError as err:
        raise ValueError(f"unable to parse original csr: {err}") from err
    if new_csr.subject != orig_csr.subject:
        raise ValueError(
            f"csr subjects differ: new: {new_csr.subject.rfc4514_string()!r}, "
            f"orig: {orig_csr.subject.rfc4514_string()!r}"
        )
    if new.spec.signerName and orig.spec.signerName and new.spec.signerName != orig.spec.signerName:
        raise ValueError(f'csr signerNames differ: new "{new.spec.signerName}", orig: "{orig.spec.signerName}"')
    public_key = getattr(private_key, "public_key", None)
    if public_key is None:
        raise ValueError("privateKey is not a signer")
    try:
        _check_signature(new_csr, public_key())
    except ValueError as err:
        raise ValueError(f"error validating signature new CSR against old key: {err}") from err
    if new.status.certificate:
        try:
            certs = certutil.parse_certs_pem(new.status.certificate)
        except ValueError as err:
            raise ValueError(f"error parsing signed certificate for CSR: {err}") from err
        now = datetime.datetime.now(datetime.timezone.utc)
        for c in certs:
            if now > c.not_valid_after_utc:
                raise ValueError(f"one of the certificates for the CSR has expired: {_go_time(c.not_valid_after_utc)}")


def _format_error(fmt: str, err: BaseException) -> BaseException:
    """A StatusError keeps its Status with the message formatted; any other error becomes one of that text."""
    if isinstance(err, apierrors.StatusError):
        status = err.status().deep_copy()
        status.message = fmt % status.message
        return apierrors.StatusError(status)
    return RuntimeError(fmt % err)
