"""The hand-written method of the policy/v1 evictions client (client-go typed/policy/v1/eviction_expansion.go)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubernetes_py import context

if TYPE_CHECKING:
    from kubernetes_py import gentype
    from kubernetes_py.api.policy import v1 as policyv1

    _Client = gentype.Client[policyv1.Eviction]
else:
    _Client = object

__all__ = ["EvictionExpansion"]


class EvictionExpansion(_Client):
    """evict on EvictionInterface."""

    def evict(self, ctx: context.Context | None, eviction: Any) -> None:
        """POST the Eviction to the eviction subresource of the pod it names, in the eviction's namespace."""
        (self.get_client().post().abs_path("/api/v1").namespace(eviction.get_namespace()).resource("pods")
         .name(eviction.get_name()).sub_resource("eviction").body(eviction).do(ctx).error())
