"""Certificate files and pools (client-go util/cert/io.go)."""

from __future__ import annotations

import os

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kubernetes_py._go import os as goos
from kubernetes_py.util.keyutil import _parse_file

from .pem import parse_certs_pem

__all__ = ["CertPool", "can_read_cert_and_key", "certs_from_file", "new_pool", "new_pool_from_bytes", "write_cert"]


class CertPool:
    """A set of certificates (Go's x509.CertPool as client-go fills one): each added once, in order."""

    def __init__(self) -> None:
        self._certs: list[x509.Certificate] = []

    def __repr__(self) -> str:
        return f"cert.CertPool({len(self._certs)} certificates)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CertPool) and self._certs == other._certs

    def add_cert(self, cert: x509.Certificate) -> None:
        if cert not in self._certs:
            self._certs.append(cert)

    def certs(self) -> list[x509.Certificate]:
        return list(self._certs)

    def subjects(self) -> list[bytes]:
        """The DER-encoded subject of each certificate."""
        return [c.subject.public_bytes() for c in self._certs]

    def cadata(self) -> str:
        """The certificates as PEM text, for ssl.SSLContext.load_verify_locations(cadata=...)."""
        return "".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in self._certs)


def _can_read_file(path: str) -> bool:
    try:
        goos.check_readable(path)
    except OSError:
        return False
    return True


def can_read_cert_and_key(cert_path: str, key_path: str) -> bool:
    """Whether both files can be read; False when neither can; raises when only one can."""
    cert_readable = _can_read_file(cert_path)
    key_readable = _can_read_file(key_path)
    if not cert_readable and not key_readable:
        return False
    if not cert_readable:
        raise OSError(f"error reading {cert_path}, certificate and key must be supplied as a pair")
    if not key_readable:
        raise OSError(f"error reading {key_path}, certificate and key must be supplied as a pair")
    return True


def write_cert(cert_path: str, data: bytes) -> None:
    """Write a certificate file with mode 0644, creating its directory (0755) if needed."""
    goos.mkdir_all(os.path.dirname(cert_path) or ".", 0o755)
    goos.write_file(cert_path, data, 0o644)


def new_pool(filename: str) -> CertPool:
    """A CertPool of the PEM certificates in a file."""
    return _parse_file(filename, new_pool_from_bytes, "error creating pool from")


def new_pool_from_bytes(pem_block: bytes) -> CertPool:
    """A CertPool of the PEM certificates in ``pem_block``."""
    pool = CertPool()
    for c in parse_certs_pem(pem_block):
        pool.add_cert(c)
    return pool


def certs_from_file(file: str) -> list[x509.Certificate]:
    """The PEM certificates of a file."""
    return _parse_file(file, parse_certs_pem, "error reading")
