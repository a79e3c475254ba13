"""util/keyutil (client-go key_test.go ported, with keys made here), and key generation and files."""

from __future__ import annotations

import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kubernetes_py.util import keyutil

from . import keys


def test_read_private_key(tmp_path):
    f = tmp_path / "key"
    f.write_bytes(b"")
    with pytest.raises(ValueError) as err:
        keyutil.private_key_from_file(str(f))
    assert (
        str(err.value) == f"error reading private key file {f}: data does not contain a valid RSA or ECDSA private key"
    )
    for data, cls in (
        (keys.rsa_pkcs1_pem(), rsa.RSAPrivateKey),
        (keys.ec_sec1_pem(), ec.EllipticCurvePrivateKey),
        (keys.ec_sec1_pem_with_params(), ec.EllipticCurvePrivateKey),
        (keys.pkcs8_pem(keys.rsa_key()), rsa.RSAPrivateKey),
        (keys.pkcs8_pem(keys.ec_key()), ec.EllipticCurvePrivateKey),
    ):
        f.write_bytes(data)
        assert isinstance(keyutil.private_key_from_file(str(f)), cls)


def test_private_key_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        keyutil.private_key_from_file(str(tmp_path / "nope"))
    assert str(err.value) == f"open {tmp_path / 'nope'}: no such file or directory"


def test_block_type_must_match_key_format():
    """A PKCS #8 key in an "RSA PRIVATE KEY" block, or an RSA key in an "EC PRIVATE KEY" block, is not a key."""
    pkcs8_der = keys.pkcs8_pem(keys.rsa_key()).replace(b"PRIVATE KEY", b"RSA PRIVATE KEY")
    with pytest.raises(ValueError, match="^data does not contain a valid RSA or ECDSA private key$"):
        keyutil.parse_private_key_pem(pkcs8_der)
    with pytest.raises(ValueError):
        keyutil.parse_private_key_pem(keys.rsa_pkcs1_pem().replace(b"RSA PRIVATE KEY", b"EC PRIVATE KEY"))
    # an unusable block is skipped, the next one is taken
    junk = b"-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"
    assert isinstance(keyutil.parse_private_key_pem(junk + keys.ec_sec1_pem()), ec.EllipticCurvePrivateKey)


def test_read_public_keys(tmp_path):
    f = tmp_path / "pub"
    f.write_bytes(b"")
    with pytest.raises(ValueError) as err:
        keyutil.public_keys_from_file(str(f))
    assert (
        str(err.value) == f"error reading public key file {f}: data does not contain any valid RSA or ECDSA public keys"
    )

    f.write_bytes(keys.public_pem(keys.rsa_key()))
    assert [k.public_numbers() for k in keyutil.public_keys_from_file(str(f))] == [
        keys.rsa_key().public_key().public_numbers()
    ]
    f.write_bytes(keys.public_pem(keys.ec_key()))
    assert len(keyutil.public_keys_from_file(str(f))) == 1
    f.write_bytes(keys.public_pem(keys.rsa_key()) + b"\n" + keys.public_pem(keys.ec_key()))
    got = keyutil.public_keys_from_file(str(f))
    assert isinstance(got[0], rsa.RSAPublicKey) and isinstance(got[1], ec.EllipticCurvePublicKey) and len(got) == 2
    f.write_bytes(keys.certificate_pem(keys.rsa_certificate()))
    got = keyutil.public_keys_from_file(str(f))
    assert len(got) == 1 and got[0].public_numbers() == keys.rsa_key().public_key().public_numbers()
    # private keys give their public halves, in order
    got = keyutil.parse_public_keys_pem(keys.ec_sec1_pem() + keys.rsa_pkcs1_pem())
    assert got[0].public_numbers() == keys.ec_key().public_key().public_numbers()
    assert got[1].public_numbers() == keys.rsa_key().public_key().public_numbers()


def test_make_elliptic_private_key_pem():
    data = keyutil.make_elliptic_private_key_pem()
    assert data.startswith(b"-----BEGIN EC PRIVATE KEY-----\n") and data.endswith(b"-----END EC PRIVATE KEY-----\n")
    key = keyutil.parse_private_key_pem(data)
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    assert keyutil.make_elliptic_private_key_pem() != data


def test_marshal_private_key_to_pem():
    assert keyutil.marshal_private_key_to_pem(keys.rsa_key()) == keys.rsa_pkcs1_pem()
    assert keyutil.marshal_private_key_to_pem(keys.ec_key()) == keys.ec_sec1_pem()
    with pytest.raises(TypeError, match="^private key is not a recognized type: str$"):
        keyutil.marshal_private_key_to_pem("key")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_write_key_mode_and_directories(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "a" / "b" / "key.pem"
        keyutil.write_key(str(path), b"data")
        assert path.read_bytes() == b"data" and _mode(path) == 0o600
        assert _mode(tmp_path / "a") == 0o755 and _mode(tmp_path / "a" / "b") == 0o755
    finally:
        os.umask(old)


def test_load_or_generate_key_file(tmp_path):
    path = tmp_path / "dir" / "key.pem"
    data, generated = keyutil.load_or_generate_key_file(str(path))
    assert generated and path.read_bytes() == data and _mode(path) == 0o600
    assert isinstance(keyutil.parse_private_key_pem(data), ec.EllipticCurvePrivateKey)
    assert keyutil.load_or_generate_key_file(str(path)) == (data, False)
    # a file that holds no key is an error, and is left as it is
    path.write_bytes(b"not a key")
    with pytest.raises(ValueError) as err:
        keyutil.load_or_generate_key_file(str(path))
    assert str(err.value) == f"error loading key from {path}: <nil>"
    assert path.read_bytes() == b"not a key"
