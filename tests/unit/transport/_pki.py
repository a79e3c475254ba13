"""Test PKI made with the openssl CLI: two CAs, a server certificate, client certificates (EC P-256 keys)."""

from __future__ import annotations

import os
import pathlib
import ssl
import subprocess
import threading


def _run(*args: str, cwd: pathlib.Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _key(d: pathlib.Path, name: str) -> None:
    _run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f"{name}.key", cwd=d)


def _ca(d: pathlib.Path, name: str) -> None:
    _key(d, name)
    _run(
        "req",
        "-x509",
        "-new",
        "-key",
        f"{name}.key",
        "-subj",
        f"/CN={name}",
        "-days",
        "2",
        "-out",
        f"{name}.crt",
        cwd=d,
    )


def _signed(d: pathlib.Path, name: str, ca: str, subj: str, ext: str) -> None:
    _key(d, name)
    _run("req", "-new", "-key", f"{name}.key", "-subj", subj, "-out", f"{name}.csr", cwd=d)
    (d / f"{name}.ext").write_text(ext)
    _run(
        "x509",
        "-req",
        "-in",
        f"{name}.csr",
        "-CA",
        f"{ca}.crt",
        "-CAkey",
        f"{ca}.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        f"{name}.ext",
        "-out",
        f"{name}.crt",
        cwd=d,
    )


class PKI:
    def __init__(self, d: pathlib.Path):
        self.dir = d
        _ca(d, "ca")
        _ca(d, "otherca")
        _signed(
            d,
            "server",
            "ca",
            "/CN=kube-apiserver",
            "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:kube.example\nextendedKeyUsage=serverAuth\n",
        )
        _signed(d, "alice", "ca", "/CN=alice/O=devs", "extendedKeyUsage=clientAuth\n")
        _signed(d, "bob", "ca", "/CN=bob/O=ops", "extendedKeyUsage=clientAuth\n")
        _signed(d, "mallory", "otherca", "/CN=mallory", "extendedKeyUsage=clientAuth\n")
        _signed(
            d,
            "otherserver",
            "otherca",
            "/CN=other",
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
        )

    def path(self, name: str) -> str:
        return str(self.dir / name)

    def read(self, name: str) -> bytes:
        return (self.dir / name).read_bytes()

    def server_context(self, cert: str = "server", require_client_cert: bool = False) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.path(f"{cert}.crt"), self.path(f"{cert}.key"))
        ctx.load_verify_locations(self.path("ca.crt"))
        ctx.verify_mode = ssl.CERT_REQUIRED if require_client_cert else ssl.CERT_OPTIONAL
        return ctx


_lock = threading.Lock()
_cache: dict[str, PKI] = {}


def make_pki(base: pathlib.Path) -> PKI:
    with _lock:
        key = os.fspath(base)
        if key not in _cache:
            base.mkdir(parents=True, exist_ok=True)
            _cache[key] = PKI(base)
        return _cache[key]


def client_cn(environ: dict) -> str:
    """The CN of the client certificate the TLS server saw ('' when none)."""
    pem = environ.get("SSL_CLIENT_CERT")
    if not pem:
        return ""
    out = subprocess.run(
        ["openssl", "x509", "-noout", "-subject", "-nameopt", "RFC2253"],
        input=pem.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    for part in out.strip().removeprefix("subject=").split(","):
        if part.strip().startswith("CN="):
            return part.strip()[3:]
    return ""
