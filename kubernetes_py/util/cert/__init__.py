"""Port of k8s.io/client-go/util/cert: PEM certificates, pools, CSRs and self-signed certificates, on the
``cryptography`` package (certificates are ``cryptography.x509.Certificate``, subjects ``x509.Name``).

Not ported: server_inspection.go (GetClientCANames, GetServingCertificates), which need the TLS handshake details
Python's ssl module does not expose.
"""

from kubernetes_py.util.cert.cert import (
    AltNames,
    Config,
    SelfSignedCertKeyOptions,
    generate_self_signed_cert_key,
    generate_self_signed_cert_key_with_fixtures,
    generate_self_signed_cert_key_with_options,
    new_self_signed_ca_cert,
)
from kubernetes_py.util.cert.csr import make_csr, make_csr_from_template
from kubernetes_py.util.cert.io import (
    CertPool,
    can_read_cert_and_key,
    certs_from_file,
    new_pool,
    new_pool_from_bytes,
    write_cert,
)
from kubernetes_py.util.cert.pem import (
    CertificateBlockType,
    CertificateRequestBlockType,
    ParseCertsError,
    encode_certificates,
    parse_certs_pem,
)

__all__ = [
    "AltNames",
    "CertPool",
    "CertificateBlockType",
    "CertificateRequestBlockType",
    "Config",
    "ParseCertsError",
    "SelfSignedCertKeyOptions",
    "can_read_cert_and_key",
    "certs_from_file",
    "encode_certificates",
    "generate_self_signed_cert_key",
    "generate_self_signed_cert_key_with_fixtures",
    "generate_self_signed_cert_key_with_options",
    "make_csr",
    "make_csr_from_template",
    "new_pool",
    "new_pool_from_bytes",
    "new_self_signed_ca_cert",
    "parse_certs_pem",
    "write_cert",
]
