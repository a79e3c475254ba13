"""The hand-written method of the services client (client-go typed/core/v1/service_expansion.go)."""

from __future__ import annotations

from typing import Any, Optional

from kubernetes_py import gentype
from kubernetes_py.api.core import v1 as corev1

from kubernetes_py.kubernetes.typed import _expansion

__all__ = ["ServiceExpansion"]


class ServiceExpansion(gentype.Expansion[corev1.Service]):
    """proxy_get on ServiceInterface."""

    def proxy_get(self, scheme: str, name: str, port: str, path: str, params: Optional[dict[str, str]]) -> Any:
        """The unsent GET request through the API server's proxy to a service's port."""
        return _expansion.proxy_get(self, "services", scheme, name, port, path, params)
