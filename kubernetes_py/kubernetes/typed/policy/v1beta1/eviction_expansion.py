"""The hand-written method of the policy/v1beta1 evictions client (client-go
typed/policy/v1beta1/eviction_expansion.go), written once for both versions in policy._eviction."""

from __future__ import annotations

from kubernetes_py.api.policy import v1beta1 as policyv1beta1
from kubernetes_py.kubernetes.typed.policy._eviction import Evictor

__all__ = ["EvictionExpansion"]


class EvictionExpansion(Evictor[policyv1beta1.Eviction]):
    """evict on EvictionInterface."""
