"""The hand-written method of the extensions/v1beta1 deployments client
(client-go typed/extensions/v1beta1/deployment_expansion.go)."""

from __future__ import annotations

from typing import Any

from kubernetes_py import context, gentype
from kubernetes_py.api.extensions import v1beta1 as extensionsv1beta1
from kubernetes_py.kubernetes.typed import _expansion

__all__ = ["DeploymentExpansion"]


class DeploymentExpansion(gentype.Expansion[extensionsv1beta1.Deployment]):
    """rollback on DeploymentInterface."""

    def rollback(self, ctx: context.Context | None, deployment_rollback: Any, opts: Any) -> None:
        """POST a DeploymentRollback to the rollback subresource of the deployment it names."""
        request = self.get_client().post().namespace(self.get_namespace())
        rollback = deployment_rollback
        _expansion.send_to_subresource(request, ctx, "deployments", rollback.name, "rollback", opts, rollback).error()
