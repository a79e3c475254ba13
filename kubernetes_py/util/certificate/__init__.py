"""Port of k8s.io/client-go/util/certificate: where a client's rotated certificate lives (the file store).

The certificate manager (certificate_manager.go: CSR-driven rotation) is not ported; the CSR helpers are in
``kubernetes_py.util.certificate.csr``.
"""

from .certificate_store import (
    Certificate,
    FileStore,
    NoCertKeyError,
    Store,
    fileStore,
    load_file,
    load_x509_key_pair,
    new_file_store,
    new_file_store_with_logger,
    x509_key_pair,
)

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
