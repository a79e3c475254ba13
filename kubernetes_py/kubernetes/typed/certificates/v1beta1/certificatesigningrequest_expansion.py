"""The hand-written method of the certificates/v1beta1 CSR client
(client-go typed/certificates/v1beta1/certificatesigningrequest_expansion.go)."""

from __future__ import annotations

from typing import Any

from kubernetes_py import context, gentype
from kubernetes_py.api.certificates import v1beta1 as certificatesv1beta1
from kubernetes_py.kubernetes.typed import _expansion

__all__ = ["CertificateSigningRequestExpansion"]


class CertificateSigningRequestExpansion(gentype.Expansion[certificatesv1beta1.CertificateSigningRequest]):
    """update_approval on CertificateSigningRequestInterface."""

    def update_approval(self, ctx: context.Context | None, certificate_signing_request: Any, opts: Any) -> Any:
        """PUT the CSR to its approval subresource; returns the server's CertificateSigningRequest."""
        result = certificatesv1beta1.CertificateSigningRequest()
        csr = certificate_signing_request
        request = self.get_client().put()
        _expansion.send_to_subresource(
            request, ctx, "certificatesigningrequests", csr.get_name(), "approval", opts, csr
        ).into(result)
        return result
