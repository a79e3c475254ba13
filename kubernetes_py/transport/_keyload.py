"""Load a client certificate and private key held in memory into an ssl.SSLContext.

Python's ssl module only reads keys from a path.  On Linux the PEM bytes go into an
anonymous memory file (``os.memfd_create``), opened through ``/proc/self/fd/N`` and closed
right after loading: the key never touches a file system.  Elsewhere they are written to a
0600 file inside a fresh 0700 private temporary directory that is removed immediately.
"""

from __future__ import annotations

import os
import shutil
import ssl
import tempfile


def _load_via_memfd(ctx: ssl.SSLContext, cert_pem: bytes, key_pem: bytes) -> None:
    cfd = os.memfd_create("kubernetes-py-cert", os.MFD_CLOEXEC)
    kfd = os.memfd_create("kubernetes-py-key", os.MFD_CLOEXEC)
    try:
        os.write(cfd, cert_pem)
        os.write(kfd, key_pem)
        ctx.load_cert_chain(f"/proc/self/fd/{cfd}", f"/proc/self/fd/{kfd}")
    finally:
        os.close(cfd)
        os.close(kfd)


def _load_via_private_dir(ctx: ssl.SSLContext, cert_pem: bytes, key_pem: bytes) -> None:
    d = tempfile.mkdtemp(prefix="kubernetes-py-tls-")  # created 0700
    try:
        paths = []
        for name, data in (("cert.pem", cert_pem), ("key.pem", key_pem)):
            p = os.path.join(d, name)
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            paths.append(p)
        ctx.load_cert_chain(paths[0], paths[1])
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _memfd_usable() -> bool:
    return hasattr(os, "memfd_create") and os.path.isdir("/proc/self/fd")


def load_cert_chain_from_memory(ctx: ssl.SSLContext, cert_pem: bytes, key_pem: bytes) -> None:
    """ctx.load_cert_chain for in-memory PEM; raises ValueError naming the problem, never showing the key."""
    try:
        if _memfd_usable():
            _load_via_memfd(ctx, cert_pem, key_pem)
        else:
            _load_via_private_dir(ctx, cert_pem, key_pem)
    except ssl.SSLError as e:
        reason = getattr(e, "reason", None) or e.__class__.__name__
        raise ValueError(f"tls: failed to load client certificate and key: {reason}") from None
