"""PEM certificates (client-go util/cert/pem.go)."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kubernetes_py._go import pem

__all__ = ["CertificateBlockType", "CertificateRequestBlockType", "encode_certificates", "parse_certs_pem"]

CertificateBlockType = "CERTIFICATE"
"""The PEM block type of a certificate."""
CertificateRequestBlockType = "CERTIFICATE REQUEST"
"""The PEM block type of a certificate signing request."""


class ParseCertsError(ValueError):
    """A certificate that does not parse, or none at all; ``certs`` holds those parsed before (Go returns them
    beside the error)."""

    def __init__(self, message: str, certs: list[x509.Certificate]):
        super().__init__(message)
        self.certs = certs


def parse_certs_pem(pem_certs: bytes) -> list[x509.Certificate]:
    """The certificates of the "CERTIFICATE" blocks without headers in ``pem_certs``, in order; other blocks are
    skipped. Raises ParseCertsError when one does not parse or there is none."""
    certs: list[x509.Certificate] = []
    while pem_certs:
        block, pem_certs = pem.decode(pem_certs)
        if block is None:
            break
        if block.type != CertificateBlockType or block.headers:
            continue
        try:
            certs.append(x509.load_der_x509_certificate(block.bytes))
        except ValueError as err:
            raise ParseCertsError(f"x509: malformed certificate: {err}", certs) from err
    if not certs:
        raise ParseCertsError("data does not contain any valid RSA or ECDSA certificates", certs)
    return certs


def encode_certificates(*certs: x509.Certificate) -> bytes:
    """The certificates as PEM, one "CERTIFICATE" block each."""
    return b"".join(
        pem.encode_to_memory(pem.Block(CertificateBlockType, bytes=c.public_bytes(serialization.Encoding.DER)))
        for c in certs
    )
