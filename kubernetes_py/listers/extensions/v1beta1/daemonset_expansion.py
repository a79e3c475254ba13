"""The hand-written methods of the DaemonSet lister
(client-go listers/extensions/v1beta1/daemonset_expansion.go)."""

from kubernetes_py.listers._expansions import DaemonSetListerExpansion

__all__ = ["DaemonSetListerExpansion"]
