"""The evict method that client-go writes in both policy/v1 and policy/v1beta1 eviction_expansion.go: the two
differ only in the Eviction type they take (both POST to the pod's eviction subresource under /api/v1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

from kubernetes_py import context
from kubernetes_py.kubernetes.typed import _expansion

if TYPE_CHECKING:
    from kubernetes_py.gentype import Client as _Client
else:
    from typing import Generic as _Client


class _Eviction(Protocol):
    def get_name(self) -> str: ...
    def get_namespace(self) -> str: ...


E = TypeVar("E", bound=_Eviction)

__all__ = ["Evictor"]


class Evictor(_Client[E]):
    """evict on an EvictionInterface whose Eviction type is E."""

    def evict(self, ctx: context.Context | None, eviction: E) -> None:
        """POST the Eviction to the eviction subresource of the pod it names, in the eviction's namespace."""
        _expansion.post_eviction(self.get_client().post().abs_path("/api/v1"), ctx, eviction.get_namespace(), eviction)
