"""The scale client's interfaces (client-go scale/interfaces.go), as typing Protocols."""

from __future__ import annotations

from typing import Any, Optional, Protocol

from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersionResource
from kubernetes_py import context

__all__ = ["ScaleInterface", "ScalesGetter"]


class ScaleInterface(Protocol):
    """Gets, updates and patches the scale subresource of resources in one namespace."""

    def get(
        self, ctx: context.Context | None, resource: GroupResource, name: str, opts: Optional[Any] = None
    ) -> Any: ...

    def update(
        self, ctx: context.Context | None, resource: GroupResource, scale: Any, opts: Optional[Any] = None
    ) -> Any: ...

    def patch(
        self,
        ctx: context.Context | None,
        gvr: GroupVersionResource,
        name: str,
        pt: str,
        data: bytes,
        opts: Optional[Any] = None,
    ) -> Any: ...


class ScalesGetter(Protocol):
    """Makes a ScaleInterface for a namespace ("" for cluster-scoped resources)."""

    def scales(self, namespace: str) -> ScaleInterface: ...
