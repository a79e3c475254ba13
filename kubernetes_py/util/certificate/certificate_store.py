"""client-go util/certificate's file store: cert/key pairs on disk, the current one behind a ``-current.pem`` link.

Invariant: ``<prefix>-current.pem`` in the cert directory is either missing or a symlink; a new pair is written to
its own timestamped file, linked as ``<prefix>-updated.pem`` and renamed over the current link (a rename is atomic,
so a reader sees the old pair or the new one). ``recover`` finishes a rotation interrupted between the two steps.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import os
import stat
from typing import Any, List, Optional, Protocol, Tuple

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kubernetes_py._go import pem
from kubernetes_py.transport.config import Certificate as _TransportCertificate
from kubernetes_py.transport.tls import x509_key_pair as _check_pem_blocks
from kubernetes_py.util import cert as certutil
from kubernetes_py.util import keyutil

__all__ = [
    "Certificate",
    "FileStore",
    "NoCertKeyError",
    "Store",
    "fileStore",
    "load_file",
    "load_x509_key_pair",
    "new_file_store",
    "new_file_store_with_logger",
    "x509_key_pair",
]

_log = logging.getLogger(__name__)

_KEY_EXTENSION = ".key"
_CERT_EXTENSION = ".crt"
_PEM_EXTENSION = ".pem"
_CURRENT_PAIR = "current"
_UPDATED_PAIR = "updated"


@dataclasses.dataclass(frozen=True, repr=False)
class Certificate(_TransportCertificate):
    """Go's tls.Certificate: the chain (``certificate``, DER, leaf first), its ``private_key`` and the parsed
    ``leaf``; also a transport.Certificate (its PEM), so it can serve as a rest.Config's client certificate."""

    certificate: Tuple[bytes, ...] = ()
    private_key: Any = None
    leaf: Optional[x509.Certificate] = None


class NoCertKeyError(Exception):
    """No cert/key pair could be read from the store's files (Go's *NoCertKeyError)."""


class Store(Protocol):
    """Where a certificate manager keeps its cert/key pair."""

    def current(self) -> Certificate:
        """The current pair; raises NoCertKeyError when there is none."""
        ...

    def update(self, cert_data: bytes, key_data: bytes) -> Certificate:
        """Store a new pair (PEM) and make it the current one."""
        ...


class FileStore(Store, Protocol):
    """A Store on disk that tells where the current pair's PEM file is."""

    def current_path(self) -> str: ...


def x509_key_pair(cert_pem: bytes, key_pem: bytes) -> Certificate:
    """Go's tls.X509KeyPair: the certificates of cert_pem and the private key of key_pem, which must match."""
    _check_pem_blocks(cert_pem, key_pem)
    chain: List[bytes] = []
    rest = cert_pem
    while True:
        block, rest = pem.decode(rest)
        if block is None:
            break
        if block.type == "CERTIFICATE":
            chain.append(block.bytes)
    try:
        leaf = x509.load_der_x509_certificate(chain[0])
    except ValueError as err:
        raise ValueError(f"x509: malformed certificate: {err}") from err
    private_key = _parse_private_key(key_pem)
    if _public_bytes(leaf.public_key()) != _public_bytes(private_key.public_key()):
        raise ValueError("tls: private key does not match public key")
    return Certificate(cert_pem, key_pem, tuple(chain), private_key, leaf)


def _parse_private_key(key_pem: bytes) -> Any:
    """crypto/tls's parsePrivateKey of the first "... PRIVATE KEY" block, whatever its type says: PKCS #1, then
    PKCS #8, then SEC 1."""
    rest = key_pem
    while True:
        block, rest = pem.decode(rest)
        if block is None:
            break
        if block.type == "PRIVATE KEY" or block.type.endswith(" PRIVATE KEY"):
            for parse in (keyutil._parse_pkcs1_private_key, keyutil._parse_pkcs8_private_key,
                          keyutil._parse_ec_private_key):  # fmt: skip
                try:
                    return parse(block.bytes)
                except (ValueError, TypeError):
                    continue
            break
    raise ValueError("tls: failed to parse private key")


def _public_bytes(key: Any) -> bytes:
    return bytes(key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))


def load_x509_key_pair(cert_file: str, key_file: str) -> Certificate:
    """The pair in cert_file and key_file (they may be one file), with its leaf parsed."""
    with open(cert_file, "rb") as f:
        cert_pem = f.read()
    with open(key_file, "rb") as f:
        key_pem = f.read()
    return x509_key_pair(cert_pem, key_pem)


def load_file(pair_file: str) -> Certificate:
    """The pair in one PEM file holding both the certificates and the key."""
    try:
        return load_x509_key_pair(pair_file, pair_file)
    except (OSError, ValueError) as err:
        raise ValueError(f'could not convert data from "{pair_file}" into cert/key pair: {_go_error(err)}') from err


def _go_error(err: BaseException) -> str:
    """An OSError as Go's *PathError prints, other errors as they are."""
    if isinstance(err, OSError) and err.filename is not None:
        return f"open {err.filename}: {(err.strerror or '').lower()}"
    return str(err)


def _file_exists(filename: str) -> bool:
    """Whether filename exists (following links); raises for errors other than "does not exist"."""
    try:
        os.stat(filename)
    except FileNotFoundError:
        return False
    return True


def _is_symlink(path: str) -> Optional[bool]:
    """None when path does not exist, else whether it is a symlink (lstat; other errors raise)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return stat.S_ISLNK(st.st_mode)


class fileStore:  # noqa: N801 - client-go's (unexported) type name
    """The Store of new_file_store; see the module docstring."""

    def __init__(
        self,
        pair_name_prefix: str = "",
        cert_directory: str = "",
        key_directory: str = "",
        cert_file: str = "",
        key_file: str = "",
        logger: Optional[logging.Logger] = None,
    ) -> None:
        self.logger = logger if logger is not None else _log
        self.pair_name_prefix = pair_name_prefix
        self.cert_directory = cert_directory
        self.key_directory = key_directory
        self.cert_file = cert_file
        self.key_file = key_file

    def current_path(self) -> str:
        return os.path.join(self.cert_directory, self.filename(_CURRENT_PAIR))

    def recover(self) -> None:
        """Finish a rotation that stopped after linking "updated" but before renaming it to "current"."""
        current_path = self.current_path()
        if _file_exists(current_path):
            return
        updated_path = os.path.join(self.cert_directory, self.filename(_UPDATED_PAIR))
        is_link = _is_symlink(updated_path)
        if is_link is None:
            return
        if not is_link:
            raise ValueError(f'expected "{updated_path}" to be a symlink but it is a file')
        try:
            os.rename(updated_path, current_path)
        except OSError as err:
            raise ValueError(f'unable to rename "{updated_path}" to "{current_path}": {err}') from err

    def current(self) -> Certificate:
        """The pair of ``<prefix>-current.pem``, else of cert_file/key_file, else of <prefix>.crt/.key in the
        cert and key directories; NoCertKeyError when none is there."""
        pair_file = self.current_path()
        if _file_exists(pair_file):
            self.logger.info("Loading cert/key pair from a file filePath=%s", pair_file)
            return load_file(pair_file)
        if _file_exists(self.cert_file) and _file_exists(self.key_file):
            self.logger.info("Loading cert/key pair certFile=%s keyFile=%s", self.cert_file, self.key_file)
            return load_x509_key_pair(self.cert_file, self.key_file)
        c = os.path.join(self.cert_directory, self.pair_name_prefix + _CERT_EXTENSION)
        k = os.path.join(self.key_directory, self.pair_name_prefix + _KEY_EXTENSION)
        if _file_exists(c) and _file_exists(k):
            self.logger.info("Loading cert/key pair certFile=%s keyFile=%s", c, k)
            return load_x509_key_pair(c, k)
        raise NoCertKeyError(
            f'no cert/key files read at "{pair_file}", ("{self.cert_file}", "{self.key_file}") or '
            f'("{self.cert_directory}", "{self.key_directory}")'
        )

    def update(self, cert_data: bytes, key_data: bytes) -> Certificate:
        """Write the pair to ``<prefix>-<timestamp>.pem`` (certificates, then the key) and make it current."""
        ts = datetime.datetime.now().strftime("%Y-%m-%d-%H-%M-%S")
        try:
            os.makedirs(self.cert_directory, mode=0o755, exist_ok=True)
        except OSError as err:
            raise ValueError(
                f'could not create directory "{self.cert_directory}" to store certificates: {err}'
            ) from err
        cert_path = os.path.join(self.cert_directory, self.filename(ts))
        try:
            fd = os.open(cert_path, os.O_CREAT | os.O_TRUNC | os.O_RDWR, 0o600)
        except OSError as err:
            raise ValueError(f'could not open "{cert_path}": {err}') from err
        with os.fdopen(fd, "wb") as f:
            try:
                certs = certutil.parse_certs_pem(cert_data)
            except ValueError as err:
                raise ValueError(f"invalid certificate data: {err}") from err
            for c in certs:
                f.write(pem.encode_to_memory(pem.Block("CERTIFICATE", {}, c.public_bytes(serialization.Encoding.DER))))
            key_block, _ = pem.decode(key_data)
            if key_block is None:
                raise ValueError("invalid key data")
            f.write(pem.encode_to_memory(key_block))
            f.flush()
            try:
                os.fsync(f.fileno())
            except OSError as err:
                raise ValueError(f'failed to sync certificate data to disk: {err} (file: "{cert_path}")') from err
        cert = load_file(cert_path)
        self.update_symlink(cert_path)
        return cert

    def update_symlink(self, filename: str) -> None:
        """Point ``<prefix>-current.pem`` at filename (through ``-updated.pem``); fails when a plain file is where
        a link should be or filename does not exist."""
        current_path = self.current_path()
        current_is_link = _is_symlink(current_path)
        if current_is_link is False:
            raise ValueError(f'expected "{current_path}" to be a symlink but it is a file')
        updated_path = os.path.join(self.cert_directory, self.filename(_UPDATED_PAIR))
        updated_is_link = _is_symlink(updated_path)
        if updated_is_link is False:
            raise ValueError(f'expected "{updated_path}" to be a symlink but it is a file')
        if updated_is_link:
            try:
                os.remove(updated_path)
            except OSError as err:
                raise ValueError(f'unable to remove "{updated_path}": {err}') from err
        if not _file_exists(filename):
            raise ValueError(
                f'file "{filename}" does not exist so it can not be used as the currently selected cert/key'
            )
        filename = os.path.abspath(filename)
        try:
            os.symlink(filename, updated_path)
        except OSError as err:
            raise ValueError(f'unable to create a symlink from "{updated_path}" to "{filename}": {err}') from err
        if current_is_link:
            try:
                os.remove(current_path)
            except OSError as err:
                raise ValueError(f'unable to remove "{current_path}": {err}') from err
        try:
            os.rename(updated_path, current_path)
        except OSError as err:
            raise ValueError(f'unable to rename "{updated_path}" to "{current_path}": {err}') from err

    def filename(self, qualifier: str) -> str:
        return f"{self.pair_name_prefix}-{qualifier}{_PEM_EXTENSION}"


def new_file_store(
    pair_name_prefix: str, cert_directory: str, key_directory: str, cert_file: str, key_file: str
) -> fileStore:
    """A Store of cert/key pairs in files; the current pair is the first found of
    ``<cert_directory>/<prefix>-current.pem``, (cert_file, key_file) and
    (``<cert_directory>/<prefix>.crt``, ``<key_directory>/<prefix>.key``). Updates go to cert_directory."""
    return new_file_store_with_logger(_log, pair_name_prefix, cert_directory, key_directory, cert_file, key_file)


def new_file_store_with_logger(
    logger: logging.Logger,
    pair_name_prefix: str,
    cert_directory: str,
    key_directory: str,
    cert_file: str,
    key_file: str,
) -> fileStore:
    """new_file_store logging to ``logger``."""
    s = fileStore(pair_name_prefix, cert_directory, key_directory, cert_file, key_file, logger)
    s.recover()
    return s
