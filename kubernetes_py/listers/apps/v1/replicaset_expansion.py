"""The hand-written methods of the ReplicaSet lister
(client-go listers/apps/v1/replicaset_expansion.go)."""

from kubernetes_py.listers._expansions import ReplicaSetListerExpansion

__all__ = ["ReplicaSetListerExpansion"]
