"""What util/cert takes from Go's crypto/x509: the signature hash Go picks for a key, the subject key identifier
Go generates for a CA (leftmost 160 bits of SHA-256 of the public key, Go 1.25+), pkix.Name's RDN order and
CreateCertificate's extensions (key usage and basic constraints critical; SAN critical only with an empty
subject; the issuer's key id as authority key id when issuer and subject differ)."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import secrets
from typing import Any, Optional, Sequence, Union

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes, CertificatePublicKeyTypes
from cryptography.x509.oid import NameOID

_MAX_INT64 = (1 << 63) - 1


_SignHash = Union[hashes.SHA256, hashes.SHA384, hashes.SHA512]
"""The hashes Go signs with by default."""


def random_serial() -> int:
    """Uniform in [1, MaxInt64-1], as client-go draws its serials."""
    return secrets.randbelow(_MAX_INT64 - 1) + 1


def sign_hash(key: object) -> Optional[_SignHash]:
    """The hash Go signs with for ``key`` by default (None for Ed25519)."""
    if isinstance(key, rsa.RSAPrivateKey):
        return hashes.SHA256()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        size = key.curve.key_size
        return hashes.SHA384() if size == 384 else hashes.SHA512() if size == 521 else hashes.SHA256()
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return None
    raise TypeError(f"x509: only RSA, ECDSA and Ed25519 keys supported, not {type(key).__name__}")


def _public_key_bits(pub: CertificatePublicKeyTypes) -> bytes:
    if isinstance(pub, rsa.RSAPublicKey):
        return pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    if isinstance(pub, ec.EllipticCurvePublicKey):
        return pub.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def subject_key_id(pub: CertificatePublicKeyTypes) -> bytes:
    return hashlib.sha256(_public_key_bits(pub)).digest()[:20]


def name(common_name: str = "", organization: Sequence[str] = ()) -> x509.Name:
    """pkix.Name{CommonName, Organization} as Go encodes it: the organizations in one RDN, then the common name."""
    rdns = []
    if organization:
        rdns.append(
            x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATION_NAME, o) for o in organization])
        )
    if common_name:
        rdns.append(x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
    return x509.Name(rdns)


def ip(v: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return v if isinstance(v, (ipaddress.IPv4Address, ipaddress.IPv6Address)) else ipaddress.ip_address(str(v))


def san(dns_names: Sequence[str], ips: Sequence[Any]) -> Optional[x509.SubjectAlternativeName]:
    names: list[x509.GeneralName] = [x509.DNSName(d) for d in dns_names]
    names += [x509.IPAddress(ip(a)) for a in ips]
    return x509.SubjectAlternativeName(names) if names else None


def key_usage(digital_signature: bool, key_encipherment: bool, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=key_encipherment,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def create_certificate(
    *,
    subject: x509.Name,
    serial: int,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
    usage: x509.KeyUsage,
    is_ca: bool,
    ext_key_usages: Sequence[x509.ObjectIdentifier] = (),
    dns_names: Sequence[str] = (),
    ips: Sequence[Any] = (),
    public_key: CertificatePublicKeyTypes,
    issuer: Optional[x509.Certificate],
    signer: CertificateIssuerPrivateKeyTypes,
) -> x509.Certificate:
    """x509.CreateCertificate of a template with these fields, issued by ``issuer`` (self-signed when None)."""
    issuer_name = issuer.subject if issuer is not None else subject
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .public_key(public_key)
        .add_extension(usage, critical=True)
    )
    if ext_key_usages:
        b = b.add_extension(x509.ExtendedKeyUsage(list(ext_key_usages)), critical=False)
    b = b.add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    if is_ca:
        b = b.add_extension(x509.SubjectKeyIdentifier(subject_key_id(public_key)), critical=False)
    if issuer is not None and issuer_name != subject:
        try:
            skid = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
        except x509.ExtensionNotFound:
            skid = b""
        if skid:
            b = b.add_extension(x509.AuthorityKeyIdentifier(skid, None, None), critical=False)
    alt = san(dns_names, ips)
    if alt is not None:
        b = b.add_extension(alt, critical=len(subject) == 0)
    return b.sign(signer, sign_hash(signer))
