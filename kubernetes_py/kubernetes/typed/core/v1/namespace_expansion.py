"""The hand-written method of the namespaces client (client-go typed/core/v1/namespace_expansion.go)."""

from __future__ import annotations

from typing import Any

from kubernetes_py import context, gentype
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.kubernetes.typed import _expansion

__all__ = ["NamespaceExpansion"]


class NamespaceExpansion(gentype.Expansion[corev1.Namespace]):
    """finalize on NamespaceInterface."""

    def finalize(self, ctx: context.Context | None, namespace: Any, opts: Any) -> Any:
        """PUT the namespace to its finalize subresource (sets spec.finalizers); returns the server's Namespace."""
        result = corev1.Namespace()
        request = self.get_client().put()
        _expansion.send_to_subresource(
            request, ctx, "namespaces", namespace.get_name(), "finalize", opts, namespace
        ).into(result)
        return result
