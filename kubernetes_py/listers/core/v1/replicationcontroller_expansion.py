"""The hand-written methods of the ReplicationController lister
(client-go listers/core/v1/replicationcontroller_expansion.go)."""

from kubernetes_py.listers._expansions import ReplicationControllerListerExpansion

__all__ = ["ReplicationControllerListerExpansion"]
