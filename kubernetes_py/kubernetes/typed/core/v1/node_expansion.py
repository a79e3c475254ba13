"""The hand-written method of the nodes client (client-go typed/core/v1/node_expansion.go)."""

from __future__ import annotations

from typing import Any

from kubernetes_py import context, gentype
from kubernetes_py.api.core import v1 as corev1

__all__ = ["NodeExpansion"]

_STRATEGIC_MERGE_PATCH_TYPE = "application/strategic-merge-patch+json"


class NodeExpansion(gentype.Expansion[corev1.Node]):
    """patch_status on NodeInterface."""

    def patch_status(self, ctx: context.Context | None, node_name: str, data: bytes) -> Any:
        """Strategic-merge-patch a node's status; returns the server's Node."""
        result = corev1.Node()
        (
            self.get_client()
            .patch(_STRATEGIC_MERGE_PATCH_TYPE)
            .resource("nodes")
            .name(node_name)
            .sub_resource("status")
            .body(data)
            .do(ctx)
            .into(result)
        )
        return result
