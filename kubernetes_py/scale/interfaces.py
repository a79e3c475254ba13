"""The scale client's interfaces (client-go scale/interfaces.go), as typing Protocols."""

from __future__ import annotations

from typing import Optional, Protocol

from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1

from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersionResource
from kubernetes_py import context

__all__ = ["ScaleInterface", "ScalesGetter"]


class ScaleInterface(Protocol):
    """Gets, updates and patches the scale subresource of resources in one namespace."""

    def get(
        self, ctx: context.Context | None, resource: GroupResource, name: str, opts: Optional[metav1.GetOptions] = None
    ) -> autoscalingv1.Scale: ...

    def update(
        self,
        ctx: context.Context | None,
        resource: GroupResource,
        scale: autoscalingv1.Scale,
        opts: Optional[metav1.UpdateOptions] = None,
    ) -> autoscalingv1.Scale: ...

    def patch(
        self,
        ctx: context.Context | None,
        gvr: GroupVersionResource,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[metav1.PatchOptions] = None,
    ) -> autoscalingv1.Scale: ...


class ScalesGetter(Protocol):
    """Makes a ScaleInterface for a namespace ("" for cluster-scoped resources)."""

    def scales(self, namespace: str) -> ScaleInterface: ...
