"""Self-signed certificates (client-go util/cert/cert.go). Durations are float seconds; certificates are
``cryptography.x509.Certificate`` objects."""

from __future__ import annotations

import dataclasses
import datetime
import ipaddress
import os
import time
from typing import Any, Optional, Sequence

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from kubernetes_py._go import os as goos
from kubernetes_py._go import pem
from kubernetes_py.util import keyutil

from . import _x509
from .pem import CertificateBlockType

__all__ = [
    "AltNames",
    "Config",
    "SelfSignedCertKeyOptions",
    "generate_self_signed_cert_key",
    "generate_self_signed_cert_key_with_fixtures",
    "generate_self_signed_cert_key_with_options",
    "new_self_signed_ca_cert",
]

_DURATION_365D = 365 * 24 * 3600.0


@dataclasses.dataclass
class AltNames:
    """The subject alternative names of a certificate: DNS names and IP addresses."""

    dns_names: list[str] = dataclasses.field(default_factory=list)
    ips: list[Any] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Config:
    """What a certificate is for: its subject (common name, organizations), SANs, extended key usages (OIDs) and
    an optional not-before time (an aware datetime; now when None)."""

    common_name: str = ""
    organization: list[str] = dataclasses.field(default_factory=list)
    alt_names: AltNames = dataclasses.field(default_factory=AltNames)
    usages: list[x509.ObjectIdentifier] = dataclasses.field(default_factory=list)
    not_before: Optional[datetime.datetime] = None


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def new_self_signed_ca_cert(cfg: Config, key: Any) -> x509.Certificate:
    """A self-signed CA certificate for ``key`` valid for ten years (from ``cfg.not_before`` when set), with the
    common name as its DNS name."""
    now = _now()
    not_before = cfg.not_before.astimezone(datetime.timezone.utc) if cfg.not_before is not None else now
    return _x509.create_certificate(
        subject=_x509.name(cfg.common_name, cfg.organization),
        serial=_x509.random_serial(),
        not_before=not_before,
        not_after=now + datetime.timedelta(seconds=_DURATION_365D * 10),
        usage=_x509.key_usage(True, True, True),
        is_ca=True,
        dns_names=[cfg.common_name] if cfg.common_name else [],
        public_key=key.public_key(),
        issuer=None,
        signer=key,
    )


@dataclasses.dataclass
class SelfSignedCertKeyOptions:
    """For generate_self_signed_cert_key_with_options: the host (an IP or a DNS name), more SANs, the validity
    (``max_age`` seconds, one year when 0) and a directory of fixtures to read and write (100 years valid)."""

    host: str = ""
    alternate_ips: list[Any] = dataclasses.field(default_factory=list)
    alternate_dns: list[str] = dataclasses.field(default_factory=list)
    max_age: float = 0.0
    fixture_directory: str = ""


def generate_self_signed_cert_key(
    host: str, alternate_ips: Sequence[Any] = (), alternate_dns: Sequence[str] = ()
) -> tuple[bytes, bytes]:
    """(cert_pem, key_pem): a serving certificate for ``host`` and the SANs, and the CA that signed it (both in
    cert_pem, the certificate first), with the certificate's RSA key."""
    return generate_self_signed_cert_key_with_options(
        SelfSignedCertKeyOptions(host=host, alternate_ips=list(alternate_ips), alternate_dns=list(alternate_dns))
    )


def generate_self_signed_cert_key_with_fixtures(
    host: str, alternate_ips: Sequence[Any], alternate_dns: Sequence[str], fixture_directory: str
) -> tuple[bytes, bytes]:
    """Like generate_self_signed_cert_key, reading the pair from ``fixture_directory`` when it is there, else
    writing the new pair there."""
    return generate_self_signed_cert_key_with_options(
        SelfSignedCertKeyOptions(
            host=host,
            alternate_ips=list(alternate_ips),
            alternate_dns=list(alternate_dns),
            fixture_directory=fixture_directory,
        )
    )


def _parse_ip_sloppy(s: str) -> Optional[Any]:
    """k8s.io/utils/net ParseIPSloppy: an IP address, IPv4 octets with leading zeros read as decimal."""
    try:
        return ipaddress.ip_address(s)
    except ValueError:
        pass
    parts = s.split(".")
    if len(parts) == 4 and all(p.isdigit() and p.isascii() for p in parts):
        try:
            return ipaddress.ip_address(".".join(str(int(p)) for p in parts))
        except ValueError:
            return None
    return None


def generate_self_signed_cert_key_with_options(opts: SelfSignedCertKeyOptions) -> tuple[bytes, bytes]:
    """(cert_pem, key_pem) as generate_self_signed_cert_key, with the options' validity and fixtures."""
    host, alternate_ips, alternate_dns = opts.host, list(opts.alternate_ips), list(opts.alternate_dns)
    max_age = opts.max_age or _DURATION_365D
    valid_from = _now() - datetime.timedelta(hours=1)  # an hour earlier, for clock skew
    base_name = f"{host}_{'-'.join(str(_x509.ip(a)) for a in alternate_ips)}_{'-'.join(alternate_dns)}"
    cert_fixture = os.path.join(opts.fixture_directory, base_name + ".crt")
    key_fixture = os.path.join(opts.fixture_directory, base_name + ".key")
    if opts.fixture_directory:
        try:
            cert_data = goos.read_file(cert_fixture)
        except OSError:
            max_age = 100 * _DURATION_365D  # fixtures live 100 years
        else:
            try:
                return cert_data, goos.read_file(key_fixture)
            except OSError as err:
                raise OSError(f"cert {cert_fixture} can be read, but key {key_fixture} cannot: {err}") from err

    not_after = valid_from + datetime.timedelta(seconds=max_age)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_cert = _x509.create_certificate(
        subject=_x509.name(f"{host}-ca@{int(time.time())}"),
        serial=_x509.random_serial(),
        not_before=valid_from,
        not_after=not_after,
        usage=_x509.key_usage(True, True, True),
        is_ca=True,
        public_key=ca_key.public_key(),
        issuer=None,
        signer=ca_key,
    )

    priv = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ips: list[Any] = []
    dns: list[str] = []
    host_ip = _parse_ip_sloppy(host)
    if host_ip is not None:
        ips.append(host_ip)
    else:
        dns.append(host)
    cert = _x509.create_certificate(
        subject=_x509.name(f"{host}@{int(time.time())}"),
        serial=_x509.random_serial(),
        not_before=valid_from,
        not_after=not_after,
        usage=_x509.key_usage(True, True, False),
        is_ca=False,
        ext_key_usages=[ExtendedKeyUsageOID.SERVER_AUTH],
        dns_names=dns + alternate_dns,
        ips=ips + alternate_ips,
        public_key=priv.public_key(),
        issuer=ca_cert,
        signer=ca_key,
    )

    der = serialization.Encoding.DER
    cert_pem = pem.encode_to_memory(
        pem.Block(CertificateBlockType, bytes=cert.public_bytes(der))
    ) + pem.encode_to_memory(pem.Block(CertificateBlockType, bytes=ca_cert.public_bytes(der)))
    key_pem = pem.encode_to_memory(
        pem.Block(
            keyutil.RSAPrivateKeyBlockType,
            bytes=priv.private_bytes(der, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()),
        )
    )
    if opts.fixture_directory:
        try:
            goos.write_file(cert_fixture, cert_pem, 0o644)
        except OSError as err:
            raise OSError(f"failed to write cert fixture to {cert_fixture}: {err}") from err
        try:
            goos.write_file(key_fixture, key_pem, 0o600)
        except OSError as err:  # Go names the cert path in this message too
            raise OSError(f"failed to write key fixture to {cert_fixture}: {err}") from err
    return cert_pem, key_pem
