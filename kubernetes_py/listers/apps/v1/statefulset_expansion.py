"""The hand-written methods of the StatefulSet lister
(client-go listers/apps/v1/statefulset_expansion.go)."""

from kubernetes_py.listers._expansions import StatefulSetListerExpansion

__all__ = ["StatefulSetListerExpansion"]
