"""The hand-written method of the extensions/v1beta1 deployments client
(client-go typed/extensions/v1beta1/deployment_expansion.go)."""

from __future__ import annotations

from typing import Any

from kubernetes_py import context, gentype
from kubernetes_py.api.extensions import v1beta1 as extensionsv1beta1

__all__ = ["DeploymentExpansion"]


class DeploymentExpansion(gentype.Expansion[extensionsv1beta1.Deployment]):
    """rollback on DeploymentInterface."""

    def rollback(self, ctx: context.Context | None, deployment_rollback: Any, opts: Any) -> None:
        """POST a DeploymentRollback to the rollback subresource of the deployment it names."""
        from kubernetes_py.kubernetes import scheme

        (
            self.get_client()
            .post()
            .namespace(self.get_namespace())
            .resource("deployments")
            .name(deployment_rollback.name)
            .versioned_params(opts, scheme.ParameterCodec)
            .sub_resource("rollback")
            .body(deployment_rollback)
            .do(ctx)
            .error()
        )
