"""The hand-written lister methods of client-go (listers/*/<type>_expansion.go), written once: the versions of a
kind share them (the <type>_expansion.py module beside each generated lister module re-exports its own).

Each finds the controllers whose selector matches a pod's (or a ControllerRevision's) labels, in its namespace; only
the one in the pod's ControllerRef really manages it. They raise (Go returns an error) when none matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, List

from kubernetes_py._go.fmt import go_sprint
from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.apis.meta import v1 as metav1

if TYPE_CHECKING:
    from kubernetes_py import listers

__all__ = [
    "DaemonSetListerExpansion",
    "JobListerExpansion",
    "PodDisruptionBudgetListerExpansion",
    "PodDisruptionBudgetV1beta1ListerExpansion",
    "ReplicaSetListerExpansion",
    "ReplicationControllerListerExpansion",
    "StatefulSetListerExpansion",
]


def _labels(obj: Any) -> dict[str, str]:
    return dict(obj.metadata.labels)


def _spec_selector(obj: Any) -> labels.Selector:
    """The object's spec.selector as a labels.Selector; an unset one (Go's nil) selects nothing. Raises for an
    invalid one."""
    spec = obj.spec
    return metav1.label_selector_as_selector(spec.selector if spec.HasField("selector") else None)


def _matching(
    items: List[Any],
    target: Any,
    selector_of: Callable[[Any], labels.Selector],
    same_namespace: bool,
    empty_matches_nothing: bool,
) -> List[Any]:
    target_labels = labels.Set(_labels(target))
    out = []
    for item in items:
        if same_namespace and item.metadata.namespace != target.metadata.namespace:
            continue
        try:
            selector = selector_of(item)
        except Exception:  # noqa: BLE001 - an invalid selector matches nothing
            continue
        # a nil or empty selector that creeps in matches nothing, not everything (where Go checks it)
        if (empty_matches_nothing and selector.empty()) or not selector.matches(target_labels):
            continue
        out.append(item)
    return out


def _find(
    lister: listers.ResourceIndexer[Any],
    target: Any,
    what: str,
    no_labels: str | None,
    *,
    same_namespace: bool,
    empty_matches_nothing: bool,
    selector_of: Callable[[Any], labels.Selector] = _spec_selector,
) -> List[Any]:
    """The objects of ``lister`` (the target's namespace) matching the target's labels. Raises when the target has
    no labels ("no <no_labels> <name> because it has no labels"; not checked if ``no_labels`` is None) and when
    none matches ("could not find <what> ...")."""
    meta = target.metadata
    if no_labels is not None and not meta.labels:
        raise RuntimeError(f"no {no_labels} {meta.name} because it has no labels")
    found = _matching(lister.list(labels.everything()), target, selector_of, same_namespace, empty_matches_nothing)
    if not found:
        raise RuntimeError(
            f"could not find {what} {meta.name} in namespace {meta.namespace} with labels: {go_sprint(_labels(target))}"
        )
    return found


class ReplicationControllerListerExpansion:
    """get_pod_controllers on the ReplicationControllerLister (core/v1)."""

    __slots__ = ()

    if TYPE_CHECKING:  # the generated lister's namespace accessor this mixes into

        def replication_controllers(self, namespace: str) -> listers.ResourceIndexer[Any]: ...

    def get_pod_controllers(self, pod: Any) -> List[Any]:
        """The ReplicationControllers whose selector matches the pod's labels."""
        return _find(
            self.replication_controllers(pod.metadata.namespace),
            pod,
            "controller for pod",
            "controllers found for pod",
            same_namespace=False,
            empty_matches_nothing=True,
            selector_of=lambda rc: labels.Set(dict(rc.spec.selector)).as_selector_pre_validated(),
        )


class DaemonSetListerExpansion:
    """get_pod_daemon_sets and get_history_daemon_sets on the DaemonSetLister (apps/v1, apps/v1beta2,
    extensions/v1beta1)."""

    __slots__ = ()

    if TYPE_CHECKING:  # the generated lister's namespace accessor this mixes into

        def daemon_sets(self, namespace: str) -> listers.ResourceIndexer[Any]: ...

    def get_pod_daemon_sets(self, pod: Any) -> List[Any]:
        """The DaemonSets whose selector matches the pod's labels."""
        return _find(
            self.daemon_sets(pod.metadata.namespace),
            pod,
            "daemon set for pod",
            "daemon sets found for pod",
            same_namespace=True,
            empty_matches_nothing=True,
        )

    def get_history_daemon_sets(self, history: Any) -> List[Any]:
        """The DaemonSets whose selector matches a ControllerRevision's labels."""
        return _find(
            self.daemon_sets(history.metadata.namespace),
            history,
            "DaemonSets for ControllerRevision",
            "DaemonSet found for ControllerRevision",
            same_namespace=False,
            empty_matches_nothing=True,
        )


class ReplicaSetListerExpansion:
    """get_pod_replica_sets on the ReplicaSetLister (apps/v1, apps/v1beta2, extensions/v1beta1)."""

    __slots__ = ()

    if TYPE_CHECKING:  # the generated lister's namespace accessor this mixes into

        def replica_sets(self, namespace: str) -> listers.ResourceIndexer[Any]: ...

    def get_pod_replica_sets(self, pod: Any) -> List[Any]:
        """The ReplicaSets whose selector matches the pod's labels."""
        return _find(
            self.replica_sets(pod.metadata.namespace),
            pod,
            "ReplicaSet for pod",
            "ReplicaSets found for pod",
            same_namespace=True,
            empty_matches_nothing=True,
        )


class StatefulSetListerExpansion:
    """get_pod_stateful_sets on the StatefulSetLister (apps/v1, apps/v1beta1, apps/v1beta2)."""

    __slots__ = ()

    if TYPE_CHECKING:  # the generated lister's namespace accessor this mixes into

        def stateful_sets(self, namespace: str) -> listers.ResourceIndexer[Any]: ...

    def get_pod_stateful_sets(self, pod: Any) -> List[Any]:
        """The StatefulSets whose selector matches the pod's labels."""
        return _find(
            self.stateful_sets(pod.metadata.namespace),
            pod,
            "StatefulSet for pod",
            "StatefulSets found for pod",
            same_namespace=True,
            empty_matches_nothing=True,
        )


class JobListerExpansion:
    """get_pod_jobs on the JobLister (batch/v1). An empty selector matches every pod, as in client-go."""

    __slots__ = ()

    if TYPE_CHECKING:  # the generated lister's namespace accessor this mixes into

        def jobs(self, namespace: str) -> listers.ResourceIndexer[Any]: ...

    def get_pod_jobs(self, pod: Any) -> List[Any]:
        """The Jobs whose selector matches the pod's labels (Go returns copies; these are the cache's objects)."""
        return _find(
            self.jobs(pod.metadata.namespace),
            pod,
            "jobs for pod",
            "jobs found for pod",
            same_namespace=False,
            empty_matches_nothing=False,
        )


class PodDisruptionBudgetListerExpansion:
    """get_pod_pod_disruption_budgets on the policy/v1 PodDisruptionBudgetLister: an empty selector matches every
    pod (unlike policy/v1beta1)."""

    __slots__ = ()

    if TYPE_CHECKING:  # the generated lister's namespace accessor this mixes into

        def pod_disruption_budgets(self, namespace: str) -> listers.ResourceIndexer[Any]: ...

    _empty_matches_nothing = False

    def get_pod_pod_disruption_budgets(self, pod: Any) -> List[Any]:
        """The PodDisruptionBudgets whose selector matches the pod's labels."""
        return _find(
            self.pod_disruption_budgets(pod.metadata.namespace),
            pod,
            "PodDisruptionBudget for pod",
            None,
            same_namespace=False,
            empty_matches_nothing=self._empty_matches_nothing,
        )


class PodDisruptionBudgetV1beta1ListerExpansion(PodDisruptionBudgetListerExpansion):
    """The policy/v1beta1 variant: a PDB with an empty selector matches nothing."""

    __slots__ = ()

    _empty_matches_nothing = True
