"""util/cert: PEM certificates (pem.go, with Go's encoding/pem rules), pools and files (io.go), CSRs (csr_test.go
ported) and self-signed certificates (cert_test.go ported, and what client-go puts in them)."""

from __future__ import annotations

import datetime
import ipaddress
import os
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kubernetes_py._go import pem
from kubernetes_py.util import cert, keyutil

from . import keys


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# encoding/pem


def test_pem_decode_rules():
    block = pem.encode_to_memory(pem.Block("CERTIFICATE", bytes=b"\x01\x02\x03"))
    assert block == b"-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n"
    got, rest = pem.decode(b"preamble\n" + block + b"tail")
    assert (got, rest) == (pem.Block("CERTIFICATE", {}, b"\x01\x02\x03"), b"tail")
    # headers; CRLF line ends; blanks around base64
    got, rest = pem.decode(
        b"-----BEGIN X-----\r\nProc-Type: 4,ENCRYPTED\r\nA:  b \r\n\r\nAQ ID\t\r\n-----END X-----  \r\n"
    )
    assert got == pem.Block("X", {"Proc-Type": "4,ENCRYPTED", "A": "b"}, b"\x01\x02\x03") and rest == b""
    # a mismatched END, bad base64, text after END on its line: not a block, the whole input is returned
    for bad in (
        b"-----BEGIN X-----\nAQID\n-----END Y-----\n",
        b"-----BEGIN X-----\nA!ID\n-----END X-----\n",
        b"-----BEGIN X-----\nAQID\n-----END X-----junk\n",
        b"no pem here",
    ):
        assert pem.decode(bad) == (None, bad)
    # a bad block is skipped in favour of a good one after it
    assert pem.decode(b"-----BEGIN X-----\nA!ID\n-----END X-----\n" + block)[0].type == "CERTIFICATE"


def test_pem_encode_headers_and_line_length():
    out = pem.encode_to_memory(pem.Block("T", {"b": "2", "Proc-Type": "x", "a": "1"}, bytes(100)))
    lines = out.split(b"\n")
    assert lines[:5] == [b"-----BEGIN T-----", b"Proc-Type: x", b"a: 1", b"b: 2", b""]
    assert [len(line) for line in lines[5:8]] == [64, 64, 8]
    assert pem.decode(out)[0] == pem.Block("T", {"b": "2", "Proc-Type": "x", "a": "1"}, bytes(100))


# pem.go


def test_parse_certs_pem():
    c1 = keys.rsa_certificate()
    c2 = cert.new_self_signed_ca_cert(cert.Config(common_name="second"), keys.ec_key())
    data = keys.rsa_pkcs1_pem() + keys.certificate_pem(c1) + keys.certificate_pem(c2)
    assert cert.parse_certs_pem(data) == [c1, c2]
    assert cert.encode_certificates(c1, c2) == keys.certificate_pem(c1) + keys.certificate_pem(c2)
    assert cert.encode_certificates() == b""
    with pytest.raises(cert.ParseCertsError, match="^data does not contain any valid RSA or ECDSA certificates$"):
        cert.parse_certs_pem(keys.rsa_pkcs1_pem())
    with pytest.raises(ValueError):
        cert.parse_certs_pem(b"")
    # a certificate block with headers is skipped
    with_headers = keys.certificate_pem(c1).replace(b"-----\n", b"-----\nX: y\n\n", 1)
    assert cert.parse_certs_pem(with_headers + keys.certificate_pem(c2)) == [c2]
    # a block that does not parse ends the parse, with what came before it
    broken = pem.encode_to_memory(pem.Block("CERTIFICATE", bytes=b"\x30\x03\x02\x01\x01"))
    with pytest.raises(cert.ParseCertsError) as err:
        cert.parse_certs_pem(keys.certificate_pem(c1) + broken + keys.certificate_pem(c2))
    assert err.value.certs == [c1]


# io.go


def test_pools_and_files(tmp_path):
    c1, c2 = keys.rsa_certificate(), cert.new_self_signed_ca_cert(cert.Config(common_name="b"), keys.ec_key())
    path = tmp_path / "sub" / "ca.crt"
    cert.write_cert(str(path), cert.encode_certificates(c1, c2, c1))
    assert _mode(path) == 0o644 & ~_umask()
    assert cert.certs_from_file(str(path)) == [c1, c2, c1]
    pool = cert.new_pool(str(path))
    assert pool.certs() == [c1, c2]  # each once
    assert pool.subjects() == [c1.subject.public_bytes(), c2.subject.public_bytes()]
    assert pool == cert.new_pool_from_bytes(cert.encode_certificates(c1, c2))
    import ssl

    ssl.create_default_context(cadata=pool.cadata())  # usable as trust roots
    bad = tmp_path / "bad.crt"
    bad.write_bytes(b"nothing")
    with pytest.raises(ValueError) as err:
        cert.new_pool(str(bad))
    assert (
        str(err.value) == f"error creating pool from {bad}: data does not contain any valid RSA or ECDSA certificates"
    )
    with pytest.raises(ValueError) as err:
        cert.certs_from_file(str(bad))
    assert str(err.value) == f"error reading {bad}: data does not contain any valid RSA or ECDSA certificates"
    with pytest.raises(FileNotFoundError):
        cert.new_pool(str(tmp_path / "missing"))


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old


def test_can_read_cert_and_key(tmp_path):
    c, k = tmp_path / "c", tmp_path / "k"
    assert cert.can_read_cert_and_key(str(c), str(k)) is False
    c.write_bytes(b"x")
    with pytest.raises(OSError) as err:
        cert.can_read_cert_and_key(str(c), str(k))
    assert str(err.value) == f"error reading {k}, certificate and key must be supplied as a pair"
    k.write_bytes(b"x")
    assert cert.can_read_cert_and_key(str(c), str(k)) is True
    c.unlink()
    with pytest.raises(OSError) as err:
        cert.can_read_cert_and_key(str(c), str(k))
    assert str(err.value) == f"error reading {c}, certificate and key must be supplied as a pair"


# csr.go


def test_make_csr():
    """csr_test.go TestMakeCSR, with a key made here."""
    key = keyutil.parse_private_key_pem(keys.rsa_pkcs1_pem())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kube-worker")])
    csr_pem = cert.make_csr(key, subject, ["localhost"], [ipaddress.ip_address("127.0.0.1")])
    block, rest = pem.decode(csr_pem)
    assert block.type == "CERTIFICATE REQUEST" and rest == b""
    csr = x509.load_der_x509_csr(block.bytes)
    assert csr.subject == subject and csr.is_signature_valid
    alt = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert alt.get_values_for_type(x509.DNSName) == ["localhost"]
    assert alt.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("127.0.0.1")]


@pytest.mark.parametrize(
    "key,hash_name",
    [
        (lambda: keys.rsa_key(), "sha256"),
        (lambda: rsa.generate_private_key(public_exponent=65537, key_size=3072), "sha384"),
        (lambda: keys.ec_key(), "sha256"),
        (lambda: ec.generate_private_key(ec.SECP384R1()), "sha384"),
    ],
)
def test_make_csr_signature_algorithm(key, hash_name):
    csr_pem = cert.make_csr_from_template(key(), x509.CertificateSigningRequestBuilder().subject_name(x509.Name([])))
    csr = x509.load_pem_x509_csr(csr_pem)
    assert csr.signature_hash_algorithm.name == hash_name and not list(csr.extensions)


# cert.go


def test_self_signed_cert_has_san():
    """cert_test.go TestSelfSignedCertHasSAN, and the rest of what the CA certificate holds."""
    key = keys.rsa_key()
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    c = cert.new_self_signed_ca_cert(cert.Config(common_name="foo.example.com", organization=["o1", "o2"]), key)
    alt = c.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert alt.value.get_values_for_type(x509.DNSName) == ["foo.example.com"] and not alt.critical
    assert c.subject.rfc4514_string() == "CN=foo.example.com,O=o1+O=o2"
    assert c.issuer == c.subject
    bc = c.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca and bc.value.path_length is None
    ku = c.extensions.get_extension_for_class(x509.KeyUsage)
    assert ku.critical and ku.value.key_cert_sign and ku.value.digital_signature and ku.value.key_encipherment
    assert c.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    assert before <= c.not_valid_before_utc
    assert (c.not_valid_after_utc - c.not_valid_before_utc).days in (3649, 3650)
    assert 1 <= c.serial_number < (1 << 63) - 1
    assert c.signature_hash_algorithm.name == "sha256"
    c.public_key().verify(c.signature, c.tbs_certificate_bytes, padding.PKCS1v15(), hashes.SHA256())


def test_self_signed_ca_not_before_and_no_common_name():
    nb = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    c = cert.new_self_signed_ca_cert(cert.Config(not_before=nb), keys.ec_key())
    assert c.not_valid_before_utc == nb and len(c.subject) == 0
    with pytest.raises(x509.ExtensionNotFound):
        c.extensions.get_extension_for_class(x509.SubjectAlternativeName)


def test_generate_self_signed_cert_key():
    cert_pem, key_pem = cert.generate_self_signed_cert_key(
        "127.0.0.1", [ipaddress.ip_address("10.0.0.1")], ["api.example"]
    )
    leaf, ca = cert.parse_certs_pem(cert_pem)
    key = keyutil.parse_private_key_pem(key_pem)
    assert key_pem.startswith(b"-----BEGIN RSA PRIVATE KEY-----\n")
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048
    assert leaf.public_key().public_numbers() == key.public_key().public_numbers()
    assert leaf.issuer == ca.subject
    assert leaf.subject.rfc4514_string().startswith("CN=127.0.0.1@")
    assert ca.subject.rfc4514_string().startswith("CN=127.0.0.1-ca@")
    alt = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert alt.get_values_for_type(x509.DNSName) == ["api.example"]
    assert alt.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("10.0.0.1"),
    ]
    assert leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == x509.ExtendedKeyUsage(
        [ExtendedKeyUsageOID.SERVER_AUTH]
    )
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not leaf.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    aki = leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
    assert aki == ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    now = datetime.datetime.now(datetime.timezone.utc)
    assert leaf.not_valid_before_utc < now - datetime.timedelta(minutes=59)
    assert (leaf.not_valid_after_utc - leaf.not_valid_before_utc) == datetime.timedelta(days=365)
    leaf.verify_directly_issued_by(ca)
    # a DNS host goes to the DNS names, first
    leaf = cert.parse_certs_pem(cert.generate_self_signed_cert_key("localhost", [], ["b"])[0])[0]
    alt = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert alt.get_values_for_type(x509.DNSName) == ["localhost", "b"] and not alt.get_values_for_type(x509.IPAddress)


def test_generate_with_max_age():
    c = cert.parse_certs_pem(
        cert.generate_self_signed_cert_key_with_options(cert.SelfSignedCertKeyOptions(host="h", max_age=7200.0))[0]
    )[0]
    assert c.not_valid_after_utc - c.not_valid_before_utc == datetime.timedelta(hours=2)


def test_generate_with_fixtures(tmp_path):
    cert_pem, key_pem = cert.generate_self_signed_cert_key_with_fixtures(
        "h", [ipaddress.ip_address("10.0.0.1"), "10.0.0.2"], ["a", "b"], str(tmp_path)
    )
    crt, key = tmp_path / "h_10.0.0.1-10.0.0.2_a-b.crt", tmp_path / "h_10.0.0.1-10.0.0.2_a-b.key"
    assert crt.read_bytes() == cert_pem and key.read_bytes() == key_pem
    assert _mode(key) == 0o600 and _mode(crt) == 0o644 & ~_umask()
    leaf = cert.parse_certs_pem(cert_pem)[0]
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc == datetime.timedelta(days=36500)
    # the fixtures are read back, not regenerated
    assert cert.generate_self_signed_cert_key_with_fixtures(
        "h", ["10.0.0.1", "10.0.0.2"], ["a", "b"], str(tmp_path)
    ) == (cert_pem, key_pem)
    key.unlink()
    with pytest.raises(OSError) as err:
        cert.generate_self_signed_cert_key_with_fixtures("h", ["10.0.0.1", "10.0.0.2"], ["a", "b"], str(tmp_path))
    assert str(err.value) == f"cert {crt} can be read, but key {key} cannot: open {key}: no such file or directory"
