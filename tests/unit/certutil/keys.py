"""Key material made once per test session (no key committed to the repository)."""

from __future__ import annotations

import functools

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kubernetes_py._go import pem
from kubernetes_py.util import cert

_DER = serialization.Encoding.DER
_PEM = serialization.Encoding.PEM
_NONE = serialization.NoEncryption()


@functools.lru_cache(maxsize=None)
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@functools.lru_cache(maxsize=None)
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def rsa_pkcs1_pem() -> bytes:
    return rsa_key().private_bytes(_PEM, serialization.PrivateFormat.TraditionalOpenSSL, _NONE)


def pkcs8_pem(key) -> bytes:
    return key.private_bytes(_PEM, serialization.PrivateFormat.PKCS8, _NONE)


def ec_sec1_pem() -> bytes:
    return ec_key().private_bytes(_PEM, serialization.PrivateFormat.TraditionalOpenSSL, _NONE)


def ec_sec1_pem_with_params() -> bytes:
    """An "EC PARAMETERS" block (the P-256 OID) before the key, as `openssl ecparam -genkey` writes."""
    params = pem.encode_to_memory(pem.Block("EC PARAMETERS", bytes=bytes.fromhex("06082a8648ce3d030107")))
    return params + ec_sec1_pem()


def public_pem(key) -> bytes:
    return key.public_key().public_bytes(_PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


@functools.lru_cache(maxsize=None)
def rsa_certificate() -> x509.Certificate:
    return cert.new_self_signed_ca_cert(cert.Config(common_name="not-valid"), rsa_key())


def certificate_pem(c: x509.Certificate) -> bytes:
    return c.public_bytes(_PEM)
