"""Certificate signing requests (client-go util/cert/csr.go)."""

from __future__ import annotations

from typing import Any, Sequence

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kubernetes_py._go import pem

from . import _x509
from .pem import CertificateRequestBlockType

__all__ = ["make_csr", "make_csr_from_template"]


def make_csr(private_key: Any, subject: x509.Name, dns_sans: Sequence[str] = (), ip_sans: Sequence[Any] = ()) -> bytes:
    """A PEM CSR for ``subject`` with the DNS and IP SANs, signed with ``private_key``."""
    template = x509.CertificateSigningRequestBuilder().subject_name(subject)
    alt = _x509.san(dns_sans, ip_sans)
    if alt is not None:
        template = template.add_extension(alt, critical=False)
    return make_csr_from_template(private_key, template)


def _sig_hash(private_key: Any) -> Any:
    """RSA keys of 4096 bits and more sign with SHA-512, of 3072 with SHA-384, smaller with SHA-256; other keys
    with Go's default for them."""
    if isinstance(private_key, rsa.RSAPrivateKey):
        size = private_key.key_size
        return hashes.SHA512() if size >= 4096 else hashes.SHA384() if size >= 3072 else hashes.SHA256()
    return _x509.sign_hash(private_key)


def make_csr_from_template(private_key: Any, template: x509.CertificateSigningRequestBuilder) -> bytes:
    """The PEM CSR of a template (a CertificateSigningRequestBuilder with subject and extensions) signed with
    ``private_key``."""
    csr = template.sign(private_key, _sig_hash(private_key))
    return pem.encode_to_memory(
        pem.Block(CertificateRequestBlockType, bytes=csr.public_bytes(serialization.Encoding.DER))
    )
