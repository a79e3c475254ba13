"""The hand-written methods of the PodDisruptionBudget lister
(client-go listers/policy/v1/poddisruptionbudget_expansion.go)."""

from kubernetes_py.listers._expansions import PodDisruptionBudgetListerExpansion

__all__ = ["PodDisruptionBudgetListerExpansion"]
