"""The hand-written method of the namespaces client (client-go typed/core/v1/namespace_expansion.go)."""

from __future__ import annotations

from typing import Any

from kubernetes_py import context, gentype
from kubernetes_py.api.core import v1 as corev1

__all__ = ["NamespaceExpansion"]


class NamespaceExpansion(gentype.Expansion[corev1.Namespace]):
    """finalize on NamespaceInterface."""

    def finalize(self, ctx: context.Context | None, namespace: Any, opts: Any) -> Any:
        """PUT the namespace to its finalize subresource (sets spec.finalizers); returns the server's Namespace."""
        from kubernetes_py.kubernetes import scheme

        result = corev1.Namespace()
        (
            self.get_client()
            .put()
            .resource("namespaces")
            .name(namespace.get_name())
            .versioned_params(opts, scheme.ParameterCodec)
            .sub_resource("finalize")
            .body(namespace)
            .do(ctx)
            .into(result)
        )
        return result
