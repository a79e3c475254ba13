"""TLS: building the ssl.SSLContext from a transport.Config (Go's TLSConfigFor and loadTLSFiles)."""

from __future__ import annotations

import base64
import re
import ssl
import threading
import time
from typing import Callable, Iterable, Optional

from kubernetes_py import features
from kubernetes_py._go import os as goos

from ._keyload import load_cert_chain_from_memory
from .config import Certificate, Config

# A PEM block whose BEGIN and END lines end there (trailing blanks allowed), as Go's pem.Decode requires.
_PEM_BLOCK = re.compile(rb"-----BEGIN ([^-\r\n]+)-----[ \t]*\r?\n(.*?)-----END \1-----[ \t]*(?:\r?\n|$)", re.S)

# How long a client certificate read from files is trusted before the files are read again (Go: 1 s).
CERT_FILE_CACHE_SECONDS = 1.0
# How often a CA file is re-read for CA rotation (Go: 5 minutes).
CA_REFRESH_SECONDS = 300.0


def data_from_slice_or_file(data: Optional[bytes], file: str) -> Optional[bytes]:
    """data when non-empty, else the contents of file when named, else None."""
    if data:
        return data
    if file:
        return goos.read_file(file)  # Go's words: "open <file>: no such file or directory"
    return None


def load_tls_files(c: Config) -> None:
    """Fill ca_data/cert_data/key_data from their files and mark which files should be re-read.

    A CA file is re-read only with the ClientsAllowCARotation gate on; asking for it with the gate off is an error.
    """
    if features.feature_gates().enabled(features.ClientsAllowCARotation):
        if c.tls.ca_file and not c.tls.ca_data:
            c.tls.reload_ca_files = True
    elif c.tls.reload_ca_files:
        raise ValueError("ReloadCAFiles=true requires ClientsAllowCARotation to be enabled")
    if c.tls.cert_file and not c.tls.cert_data and c.tls.key_file and not c.tls.key_data:
        c.tls.reload_tls_files = True
    c.tls.ca_data = data_from_slice_or_file(c.tls.ca_data, c.tls.ca_file)
    c.tls.cert_data = data_from_slice_or_file(c.tls.cert_data, c.tls.cert_file)
    c.tls.key_data = data_from_slice_or_file(c.tls.key_data, c.tls.key_file)


def _error_parsing_ca_data(pem: bytes) -> ValueError:
    rest = pem
    while rest.strip():
        m = _PEM_BLOCK.search(rest)
        if m is None:
            return ValueError("unable to parse bytes as PEM block")
        rest = rest[m.end() :]
        if m.group(1) != b"CERTIFICATE":
            continue
        try:
            der = base64.b64decode(b"".join(m.group(2).split()), validate=True)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.load_verify_locations(cadata=der)
        except Exception as e:  # noqa: BLE001 - reported as Go reports it
            return ValueError(f"failed to parse certificate: {e}")
    return ValueError("no valid certificate authority data seen")


def add_root_cas(ctx: ssl.SSLContext, ca_data: bytes) -> None:
    """Trust the PEM certificates in ca_data; raises like Go when none can be used."""
    try:
        text = ca_data.decode("ascii")
    except UnicodeDecodeError:
        text = None
    blocks = [m for m in _PEM_BLOCK.finditer(ca_data) if m.group(1) == b"CERTIFICATE"]
    if text is None or not blocks:
        raise ValueError(f"unable to load root certificates: {_error_parsing_ca_data(ca_data)}")
    try:
        ctx.load_verify_locations(cadata="".join(m.group(0).decode("ascii").rstrip() + "\n" for m in blocks))
    except ssl.SSLError:
        raise ValueError(f"unable to load root certificates: {_error_parsing_ca_data(ca_data)}") from None


def x509_key_pair(cert_pem: bytes, key_pem: bytes) -> Certificate:
    """Check that cert_pem holds a certificate and key_pem a private key (Go's tls.X509KeyPair, its errors)."""
    cert_types = [m.group(1).decode("latin-1") for m in _PEM_BLOCK.finditer(cert_pem or b"")]
    if "CERTIFICATE" not in cert_types:
        if not cert_types:
            raise ValueError("tls: failed to find any PEM data in certificate input")
        if len(cert_types) == 1 and cert_types[0].endswith("PRIVATE KEY"):
            raise ValueError(
                "tls: failed to find certificate PEM data in certificate input, but did find a "
                "private key; PEM inputs may have been switched"
            )
        raise ValueError(
            'tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM '
            f"blocks of the following types: [{' '.join(cert_types)}]"
        )
    skipped = []
    for m in _PEM_BLOCK.finditer(key_pem or b""):
        t = m.group(1).decode("latin-1")
        if t == "PRIVATE KEY" or t.endswith(" PRIVATE KEY"):
            break
        skipped.append(t)
    else:
        if not skipped:
            raise ValueError("tls: failed to find any PEM data in key input")
        if skipped == ["CERTIFICATE"]:
            raise ValueError("tls: found a certificate rather than a key in the PEM for the private key")
        raise ValueError(
            'tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after '
            f"skipping PEM blocks of the following types: [{' '.join(skipped)}]"
        )
    return Certificate(cert_pem, key_pem)


class CachingCertificateLoader:
    """Reads a client certificate and key from files, re-reading them once the last read is over 1 s old."""

    def __init__(self, cert_file: str, key_file: str, now: Callable[[], float] = time.monotonic):
        self._cert_file = cert_file
        self._key_file = key_file
        self._now = now
        self._lock = threading.Lock()
        self._birth = -1e18
        self._cert: Optional[Certificate] = None
        self._err: Optional[Exception] = None

    def __call__(self) -> Optional[Certificate]:
        with self._lock:
            if self._now() - self._birth > CERT_FILE_CACHE_SECONDS:
                try:
                    with open(self._cert_file, "rb") as f:
                        cert = f.read()
                    with open(self._key_file, "rb") as f:
                        key = f.read()
                    self._cert, self._err = x509_key_pair(cert, key), None
                except (OSError, ValueError) as e:
                    self._cert, self._err = None, e
                self._birth = self._now()
            if self._err is not None:
                raise self._err
            return self._cert


def needs_tls_context(c: Config) -> bool:
    return (
        c.has_ca()
        or c.has_cert_auth()
        or c.has_cert_callback()
        or c.tls.insecure
        or bool(c.tls.server_name)
        or bool(c.tls.next_protos)
    )


def new_ssl_context(
    insecure: bool, ca_data: Optional[bytes], next_protos: Optional[Iterable[str]], cert: Optional[Certificate]
) -> ssl.SSLContext:
    """One SSLContext: TLS 1.2+, the given roots (else the system's), an optional client certificate.

    Empty ca_data (an empty CA file) trusts no root with the ClientsAllowCARotation gate on, the system's with it
    off, as Go's rootCertPool; None (no CA given) trusts the system's."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if insecure:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    elif ca_data:
        add_root_cas(ctx, ca_data)
    elif ca_data is None or not features.feature_gates().enabled(features.ClientsAllowCARotation):
        ctx.load_default_certs(ssl.Purpose.SERVER_AUTH)
    if next_protos:
        ctx.set_alpn_protocols(list(next_protos))
    if cert is not None:
        load_cert_chain_from_memory(ctx, cert.cert_pem, cert.key_pem)
    return ctx


def tls_config_for(c: Config, call_cert_callback: bool = True) -> Optional[ssl.SSLContext]:
    """The SSLContext for c (None when c needs no TLS settings): Go's transport.TLSConfigFor.

    Loads the files named in c (filling its *_data fields, as Go does) and validates every input.
    A certificate callback is asked for its current certificate unless call_cert_callback is False.
    """
    if not needs_tls_context(c):
        return None
    if c.has_ca() and c.tls.insecure:
        raise ValueError("specifying a root certificates file with the insecure flag is not allowed")
    load_tls_files(c)
    cert = None
    holder = c.tls.get_cert_holder
    if c.has_cert_auth():
        cert = x509_key_pair(c.tls.cert_data or b"", c.tls.key_data or b"")
    elif c.has_cert_callback() and call_cert_callback and holder is not None and holder.get_cert is not None:
        cert = holder.get_cert()
    return new_ssl_context(c.tls.insecure, c.tls.ca_data, c.tls.next_protos, cert)
