"""The hand-written methods of the PodDisruptionBudget lister
(client-go listers/policy/v1beta1/poddisruptionbudget_expansion.go)."""

from kubernetes_py.listers._expansions import (
    PodDisruptionBudgetV1beta1ListerExpansion as PodDisruptionBudgetListerExpansion,
)

__all__ = ["PodDisruptionBudgetListerExpansion"]
