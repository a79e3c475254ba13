"""Port of k8s.io/client-go/util/keyutil: generating, writing, reading and parsing private and public keys (PEM).

Keys are ``cryptography`` key objects (``rsa.RSAPrivateKey``, ``ec.EllipticCurvePrivateKey``, their public keys),
where Go has ``*rsa.PrivateKey``, ``*ecdsa.PrivateKey``...
"""

from __future__ import annotations

import os
from typing import Any, Callable, TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kubernetes_py._go import os as goos
from kubernetes_py._go import pem

_T = TypeVar("_T")

__all__ = [
    "ECPrivateKeyBlockType",
    "PrivateKeyBlockType",
    "PublicKeyBlockType",
    "RSAPrivateKeyBlockType",
    "load_or_generate_key_file",
    "make_elliptic_private_key_pem",
    "marshal_private_key_to_pem",
    "parse_private_key_pem",
    "parse_public_keys_pem",
    "private_key_from_file",
    "public_keys_from_file",
    "write_key",
]

ECPrivateKeyBlockType = "EC PRIVATE KEY"
"""The PEM block type of an ECDSA private key in SEC 1 form."""
RSAPrivateKeyBlockType = "RSA PRIVATE KEY"
"""The PEM block type of an RSA private key in PKCS #1 form."""
PrivateKeyBlockType = "PRIVATE KEY"
"""The PEM block type of a PKCS #8 private key."""
PublicKeyBlockType = "PUBLIC KEY"
"""The PEM block type of a PKIX public key."""


def _ec_der(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )


def make_elliptic_private_key_pem() -> bytes:
    """A new ECDSA P-256 private key, PEM-encoded ("EC PRIVATE KEY")."""
    key = ec.generate_private_key(ec.SECP256R1())
    return pem.encode_to_memory(pem.Block(ECPrivateKeyBlockType, bytes=_ec_der(key)))


def write_key(key_path: str, data: bytes) -> None:
    """Write a key file with mode 0600, creating its directory (0755) if needed."""
    goos.mkdir_all(os.path.dirname(key_path) or ".", 0o755)
    goos.write_file(key_path, data, 0o600)


def load_or_generate_key_file(key_path: str) -> tuple[bytes, bool]:
    """(data, was_generated): the key in ``key_path`` when it holds a valid one, else a new ECDSA P-256 key
    written there."""
    try:
        loaded = goos.read_file(key_path)
    except FileNotFoundError:
        pass
    except OSError as err:
        raise OSError(f"error loading key from {key_path}: {err}") from err
    else:
        if _verify_key_data(loaded):
            return loaded, False
        # Go checks os.IsNotExist of a nil error here: an unparsable key is reported, not replaced
        raise ValueError(f"error loading key from {key_path}: <nil>")
    try:
        generated = make_elliptic_private_key_pem()
    except Exception as err:
        raise ValueError(f"error generating key: {err}") from err
    try:
        write_key(key_path, generated)
    except OSError as err:
        raise OSError(f"error writing key to {key_path}: {err}") from err
    return generated, True


def marshal_private_key_to_pem(private_key: Any) -> bytes:
    """An ECDSA key as "EC PRIVATE KEY", an RSA key as "RSA PRIVATE KEY" (PKCS #1) PEM."""
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        return pem.encode_to_memory(pem.Block(ECPrivateKeyBlockType, bytes=_ec_der(private_key)))
    if isinstance(private_key, rsa.RSAPrivateKey):
        der = private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
        return pem.encode_to_memory(pem.Block(RSAPrivateKeyBlockType, bytes=der))
    raise TypeError(f"private key is not a recognized type: {_go_type(private_key)}")


def _go_type(v: Any) -> str:
    return "<nil>" if v is None else type(v).__name__


def _parse_file(file: str, parse: Callable[[bytes], _T], what: str) -> _T:
    """``parse`` of the file's bytes; its ValueError is prefixed with "<what> <file>: " (also used by util.cert)."""
    data = goos.read_file(file)
    try:
        return parse(data)
    except ValueError as err:
        raise ValueError(f"{what} {file}: {err}") from err


def private_key_from_file(file: str) -> Any:
    """The first valid private key in a PEM file."""
    return _parse_file(file, parse_private_key_pem, "error reading private key file")


def public_keys_from_file(file: str) -> list[Any]:
    """The public keys of a PEM file (public keys, private keys' public halves, certificates' keys)."""
    return _parse_file(file, parse_public_keys_pem, "error reading public key file")


def _verify_key_data(data: bytes) -> bool:
    if not data:
        return False
    try:
        parse_private_key_pem(data)
    except ValueError:
        return False
    return True


def _load_der_private_key(der: bytes) -> Any:
    return serialization.load_der_private_key(der, password=None)


def _parse_ec_private_key(der: bytes) -> ec.EllipticCurvePrivateKey:
    """SEC 1 only (Go's x509.ParseECPrivateKey)."""
    if _is_pkcs8(der):
        raise ValueError("x509: failed to parse EC private key")
    key = _load_der_private_key(der)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("x509: failed to parse EC private key")
    return key


def _parse_pkcs1_private_key(der: bytes) -> rsa.RSAPrivateKey:
    """PKCS #1 only (Go's x509.ParsePKCS1PrivateKey)."""
    if _is_pkcs8(der):
        raise ValueError("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)")
    key = _load_der_private_key(der)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("x509: failed to parse RSA private key")
    return key


def _parse_pkcs8_private_key(der: bytes) -> Any:
    if not _is_pkcs8(der):
        raise ValueError("x509: failed to parse private key")
    return _load_der_private_key(der)


def _is_pkcs8(der: bytes) -> bool:
    """Whether DER is a PKCS #8 PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE (algorithm) ... }, where SEC 1 and
    PKCS #1 keys continue with an OCTET STRING or an INTEGER."""
    i = _skip_header(der, 0)
    if i is None or der[:1] != b"\x30":
        return False
    j = _skip_tlv(der, i)  # the version INTEGER
    return j is not None and der[i : i + 1] == b"\x02" and der[j : j + 1] == b"\x30"


def _skip_header(der: bytes, i: int) -> int | None:
    if i + 2 > len(der):
        return None
    n = der[i + 1]
    if n < 0x80:
        return i + 2
    k = n & 0x7F
    return i + 2 + k if i + 2 + k <= len(der) else None


def _skip_tlv(der: bytes, i: int) -> int | None:
    h = _skip_header(der, i)
    if h is None:
        return None
    n = der[i + 1]
    length = n if n < 0x80 else int.from_bytes(der[i + 2 : h], "big")
    return h + length


def parse_private_key_pem(key_data: bytes) -> Any:
    """The first private key of ``key_data`` that parses: "EC PRIVATE KEY" (SEC 1), "RSA PRIVATE KEY" (PKCS #1)
    or "PRIVATE KEY" (PKCS #8) blocks; other blocks are skipped."""
    parsers = {
        ECPrivateKeyBlockType: _parse_ec_private_key,
        RSAPrivateKeyBlockType: _parse_pkcs1_private_key,
        PrivateKeyBlockType: _parse_pkcs8_private_key,
    }
    while True:
        block, key_data = pem.decode(key_data)
        if block is None:
            break
        parse = parsers.get(block.type)
        if parse is None:
            continue
        try:
            return parse(block.bytes)
        except (ValueError, TypeError):
            continue
    raise ValueError("data does not contain a valid RSA or ECDSA private key")


def _public_key_of(der: bytes) -> Any:
    """A PKIX public key, else the public key of a certificate."""
    try:
        return serialization.load_der_public_key(der)
    except (ValueError, TypeError):
        return x509.load_der_x509_certificate(der).public_key()


def parse_public_keys_pem(key_data: bytes) -> list[Any]:
    """Every RSA or ECDSA public key in ``key_data``: public keys, the public halves of private keys and the keys
    of certificates, in order."""
    keys: list[Any] = []
    while True:
        block, key_data = pem.decode(key_data)
        if block is None:
            break
        der = block.bytes
        for parse in (_rsa_private_public, _rsa_public, _ec_private_public, _ec_public):
            try:
                keys.append(parse(der))
                break
            except (ValueError, TypeError):
                continue
    if not keys:
        raise ValueError("data does not contain any valid RSA or ECDSA public keys")
    return keys


def _rsa_private_public(der: bytes) -> rsa.RSAPublicKey:
    try:
        key = _parse_pkcs1_private_key(der)
    except (ValueError, TypeError):
        key = _parse_pkcs8_private_key(der)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("data doesn't contain valid RSA Private Key")
    return key.public_key()


def _rsa_public(der: bytes) -> rsa.RSAPublicKey:
    key = _public_key_of(der)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("data doesn't contain valid RSA Public Key")
    return key


def _ec_private_public(der: bytes) -> ec.EllipticCurvePublicKey:
    return _parse_ec_private_key(der).public_key()


def _ec_public(der: bytes) -> ec.EllipticCurvePublicKey:
    key = _public_key_of(der)
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ValueError("data doesn't contain valid ECDSA Public Key")
    return key
