"""The generated listers (kubernetes_py.listers.<group>.<version>) over an Indexer: exact results, NotFound as
client-go raises it, and client-go's hand-written lister expansions (daemonset_expansion_test.go ported)."""

from __future__ import annotations

import importlib
import pathlib
import re
import sys

import pytest

from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.batch import v1 as batchv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.extensions import v1beta1 as extensionsv1beta1
from kubernetes_py.api.policy import v1 as policyv1
from kubernetes_py.api.policy import v1beta1 as policyv1beta1
from kubernetes_py.apimachinery import labels
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.listers.apps import v1 as appsv1listers
from kubernetes_py.listers.batch import v1 as batchv1listers
from kubernetes_py.listers.core import v1 as corev1listers
from kubernetes_py.listers.extensions import v1beta1 as extensionsv1beta1listers
from kubernetes_py.listers.policy import v1 as policyv1listers
from kubernetes_py.listers.policy import v1beta1 as policyv1beta1listers
from kubernetes_py.tools import cache

LISTERS = pathlib.Path(__file__).resolve().parents[3] / "kubernetes_py" / "listers"


def _indexer(*objs):
    indexer = cache.new_indexer(cache.meta_namespace_key_func, {cache.NamespaceIndex: cache.meta_namespace_index_func})
    for obj in objs:
        indexer.add(obj)
    return indexer


def _meta(name, namespace="", labels_=None):
    return metav1.ObjectMeta(name=name, namespace=namespace, labels=labels_ or {})


def _names(objs):
    return sorted(o.metadata.name for o in objs)


def test_namespaced_lister_lists_gets_and_raises_not_found():
    lister = corev1listers.new_pod_lister(
        _indexer(
            corev1.Pod(metadata=_meta("web", "default", {"app": "web"})),
            corev1.Pod(metadata=_meta("db", "default", {"app": "db"})),
            corev1.Pod(metadata=_meta("web", "other", {"app": "web"})),
        )
    )
    assert _names(lister.list(labels.everything())) == ["db", "web", "web"]
    assert _names(lister.list(labels.parse("app=web"))) == ["web", "web"]
    assert lister.list(labels.nothing()) == []
    assert _names(lister.pods("default").list(labels.everything())) == ["db", "web"]
    assert _names(lister.pods("default").list(labels.parse("app!=web"))) == ["db"]
    assert lister.pods("empty").list(labels.everything()) == []
    assert lister.pods("other").get("web").metadata.namespace == "other"
    assert isinstance(lister.pods("default").get("db"), corev1.Pod)
    with pytest.raises(errors.StatusError) as raised:
        lister.pods("other").get("db")
    assert errors.is_not_found(raised.value)
    assert str(raised.value) == 'pod "db" not found'
    status = raised.value.status()
    assert (status.code, status.reason, status.details.name, status.details.group, status.details.kind) == (
        404,
        "NotFound",
        "db",
        "",
        "pod",
    )


def test_cluster_scoped_lister_and_group_in_not_found():
    lister = corev1listers.new_node_lister(
        _indexer(corev1.Node(metadata=_meta("n1")), corev1.Node(metadata=_meta("n2")))
    )
    assert _names(lister.list(labels.everything())) == ["n1", "n2"]
    assert lister.get("n2").metadata.name == "n2"
    with pytest.raises(errors.StatusError, match=r'^node "n3" not found$'):
        lister.get("n3")
    deployments = appsv1listers.new_deployment_lister(_indexer())
    with pytest.raises(errors.StatusError, match=r'^deployment\.apps "d" not found$') as raised:
        deployments.deployments("ns").get("d")
    assert raised.value.status().details.group == "apps"


def test_lister_reads_the_indexer_live():
    indexer = _indexer()
    lister = corev1listers.new_config_map_lister(indexer)
    namespaced = lister.config_maps("ns")
    assert namespaced.list(labels.everything()) == []
    cm = corev1.ConfigMap(metadata=_meta("c", "ns"), data={"k": "v"})
    indexer.add(cm)
    assert namespaced.get("c").data["k"] == "v"
    indexer.delete(cm)
    with pytest.raises(errors.StatusError):
        namespaced.get("c")


def test_lister_without_namespace_index_scans():
    """list_all_by_namespace falls back to a scan when the indexer has no namespace index."""
    indexer = cache.new_indexer(cache.meta_namespace_key_func, {})
    indexer.add(corev1.Secret(metadata=_meta("a", "x")))
    indexer.add(corev1.Secret(metadata=_meta("b", "y")))
    assert _names(corev1listers.new_secret_lister(indexer).secrets("y").list(labels.everything())) == ["b"]


def _generated_modules():
    for init in sorted(LISTERS.glob("*/*/__init__.py")):
        yield f"kubernetes_py.listers.{init.parent.parent.name}.{init.parent.name}"


def test_every_generated_lister_names_its_resource_in_not_found():
    """Each of the 150 listers: an empty indexer lists nothing, and get raises NotFound naming the resource as
    client-go's lister-gen does (the lowercased kind, qualified by the group)."""
    count = 0
    for module_name in _generated_modules():
        module = importlib.import_module(module_name)
        for name in module.__all__:
            match = re.fullmatch(r"new_(\w+)_lister", name)
            if not match:
                continue
            count += 1
            lister = getattr(module, name)(_indexer())
            kind = type(lister).__name__[: -len("Lister")]
            api_type = type(lister).__orig_bases__[-1].__args__[0]
            assert api_type.__name__ == kind
            group = sys.modules[api_type.__module__].SchemeGroupVersion.group
            assert lister.list(labels.everything()) == []
            accessor = [m for m in vars(type(lister)) if not m.startswith("_")]
            target = getattr(lister, accessor[0])("ns") if accessor else lister
            with pytest.raises(errors.StatusError) as raised:
                target.get("x")
            resource = kind.lower() + ("." + group if group else "")
            assert str(raised.value) == f'{resource} "x" not found', module_name
    assert count == 150


def test_lister_types_are_known_statically():
    """The listers are ResourceIndexer[<the API type>], so an editor knows what get and list return."""
    assert corev1listers.PodNamespaceLister.__orig_bases__[-1].__args__ == (corev1.Pod,)
    assert appsv1listers.DaemonSetLister.__orig_bases__[-1].__args__ == (appsv1.DaemonSet,)


# --- expansions -----------------------------------------------------------------------------------------------


def _selector(**match_labels):
    return metav1.LabelSelector(matchLabels=match_labels)


def test_daemon_set_lister_ported():
    """daemonset_expansion_test.go's TestDaemonSetLister (the store keeps what earlier cases added)."""
    store = cache.new_indexer(cache.meta_namespace_key_func, {"namespace": cache.meta_namespace_index_func})
    lister = extensionsv1beta1listers.new_daemon_set_lister(store)
    DS = extensionsv1beta1.DaemonSet
    spec = extensionsv1beta1.DaemonSetSpec
    cases = [
        ([DS(metadata=_meta("basic"))], lambda: lister.list(labels.everything()), {"basic"}, False),
        (
            [DS(metadata=_meta("basic")), DS(metadata=_meta("complex")), DS(metadata=_meta("complex2"))],
            lambda: lister.list(labels.everything()),
            {"basic", "complex", "complex2"},
            False,
        ),
        (
            [DS(metadata=_meta("basic", "ns"), spec=spec(selector=_selector(foo="baz")))],
            lambda: lister.get_pod_daemon_sets(corev1.Pod(metadata=_meta("pod1", "ns"))),
            set(),
            True,
        ),
        (
            [DS(metadata=_meta("basic", "ns"))],
            lambda: lister.get_pod_daemon_sets(corev1.Pod(metadata=_meta("pod1", "ns", {"foo": "bar"}))),
            set(),
            True,
        ),
        (
            [
                DS(metadata=_meta("foo"), spec=spec(selector=_selector(foo="bar"))),
                DS(metadata=_meta("bar", "ns"), spec=spec(selector=_selector(foo="bar"))),
            ],
            lambda: lister.get_pod_daemon_sets(corev1.Pod(metadata=_meta("pod1", "ns", {"foo": "bar"}))),
            {"bar"},
            False,
        ),
    ]
    for objs, list_fn, want, want_err in cases:
        for obj in objs:
            store.add(obj)
        if want_err:
            with pytest.raises(RuntimeError):
                list_fn()
            continue
        got = [d.metadata.name for d in list_fn()]
        assert sorted(got) == sorted(want) and len(got) == len(want)


def test_daemon_set_expansion_errors_and_history():
    lister = appsv1listers.new_daemon_set_lister(
        _indexer(
            appsv1.DaemonSet(metadata=_meta("ds", "ns"), spec=appsv1.DaemonSetSpec(selector=_selector(app="a"))),
            appsv1.DaemonSet(metadata=_meta("empty", "ns"), spec=appsv1.DaemonSetSpec(selector=_selector())),
            appsv1.DaemonSet(
                metadata=_meta("bad", "ns"),
                spec=appsv1.DaemonSetSpec(
                    selector=metav1.LabelSelector(
                        matchExpressions=[metav1.LabelSelectorRequirement(key="app", operator="Bogus")]
                    )
                ),
            ),
        )
    )
    with pytest.raises(RuntimeError, match=r"^no daemon sets found for pod p because it has no labels$"):
        lister.get_pod_daemon_sets(corev1.Pod(metadata=_meta("p", "ns")))
    with pytest.raises(RuntimeError) as raised:
        lister.get_pod_daemon_sets(corev1.Pod(metadata=_meta("p", "ns", {"b": "2", "a": "1"})))
    assert str(raised.value) == "could not find daemon set for pod p in namespace ns with labels: map[a:1 b:2]"
    assert _names(lister.get_pod_daemon_sets(corev1.Pod(metadata=_meta("p", "ns", {"app": "a"})))) == ["ds"]
    history = appsv1.ControllerRevision(metadata=_meta("rev", "ns", {"app": "a"}))
    assert _names(lister.get_history_daemon_sets(history)) == ["ds"]
    with pytest.raises(RuntimeError, match=r"^no DaemonSet found for ControllerRevision r because it has no labels$"):
        lister.get_history_daemon_sets(appsv1.ControllerRevision(metadata=_meta("r", "ns")))
    with pytest.raises(
        RuntimeError,
        match=r"^could not find DaemonSets for ControllerRevision r in namespace ns "
        r"with labels: map\[app:z\]$",
    ):
        lister.get_history_daemon_sets(appsv1.ControllerRevision(metadata=_meta("r", "ns", {"app": "z"})))


def test_replication_controller_replica_set_and_stateful_set_expansions():
    pod = corev1.Pod(metadata=_meta("p", "ns", {"app": "a", "tier": "t"}))
    rcs = corev1listers.new_replication_controller_lister(
        _indexer(
            corev1.ReplicationController(
                metadata=_meta("rc", "ns"), spec=corev1.ReplicationControllerSpec(selector={"app": "a"})
            ),
            corev1.ReplicationController(metadata=_meta("nosel", "ns")),
            corev1.ReplicationController(
                metadata=_meta("other", "ns2"), spec=corev1.ReplicationControllerSpec(selector={"app": "a"})
            ),
        )
    )
    assert _names(rcs.get_pod_controllers(pod)) == ["rc"]
    with pytest.raises(RuntimeError, match=r"^no controllers found for pod q because it has no labels$"):
        rcs.get_pod_controllers(corev1.Pod(metadata=_meta("q", "ns")))
    with pytest.raises(
        RuntimeError,
        match=r"^could not find controller for pod q in namespace ns2 with labels: "
        r"map\[app:b\]$",
    ):
        rcs.get_pod_controllers(corev1.Pod(metadata=_meta("q", "ns2", {"app": "b"})))

    rss = appsv1listers.new_replica_set_lister(
        _indexer(
            appsv1.ReplicaSet(metadata=_meta("rs", "ns"), spec=appsv1.ReplicaSetSpec(selector=_selector(tier="t"))),
            appsv1.ReplicaSet(metadata=_meta("unset", "ns")),
        )
    )
    assert _names(rss.get_pod_replica_sets(pod)) == ["rs"]
    with pytest.raises(RuntimeError, match=r"^could not find ReplicaSet for pod q in namespace ns with labels"):
        rss.get_pod_replica_sets(corev1.Pod(metadata=_meta("q", "ns", {"x": "y"})))

    sss = appsv1listers.new_stateful_set_lister(
        _indexer(
            appsv1.StatefulSet(metadata=_meta("ss", "ns"), spec=appsv1.StatefulSetSpec(selector=_selector(app="a"))),
        )
    )
    assert _names(sss.get_pod_stateful_sets(pod)) == ["ss"]
    with pytest.raises(RuntimeError, match=r"^no StatefulSets found for pod q because it has no labels$"):
        sss.get_pod_stateful_sets(corev1.Pod(metadata=_meta("q", "ns")))


def test_job_and_pod_disruption_budget_expansions_let_an_empty_selector_match():
    """client-go's Job and policy/v1 PDB expansions do not skip an empty selector (it matches every pod);
    policy/v1beta1 does; an unset selector (Go's nil) matches nothing in all of them."""
    pod = corev1.Pod(metadata=_meta("p", "ns", {"app": "a"}))
    jobs = batchv1listers.new_job_lister(
        _indexer(
            batchv1.Job(metadata=_meta("all", "ns"), spec=batchv1.JobSpec(selector=_selector())),
            batchv1.Job(metadata=_meta("unset", "ns")),
            batchv1.Job(metadata=_meta("b", "ns"), spec=batchv1.JobSpec(selector=_selector(app="b"))),
        )
    )
    assert _names(jobs.get_pod_jobs(pod)) == ["all"]
    with pytest.raises(RuntimeError, match=r"^no jobs found for pod q because it has no labels$"):
        jobs.get_pod_jobs(corev1.Pod(metadata=_meta("q", "ns")))

    def pdbs(module, api):
        return module.new_pod_disruption_budget_lister(
            _indexer(
                api.PodDisruptionBudget(
                    metadata=_meta("empty", "ns"), spec=api.PodDisruptionBudgetSpec(selector=_selector())
                ),
                api.PodDisruptionBudget(metadata=_meta("unset", "ns")),
                api.PodDisruptionBudget(
                    metadata=_meta("a", "ns"), spec=api.PodDisruptionBudgetSpec(selector=_selector(app="a"))
                ),
            )
        )

    assert _names(pdbs(policyv1listers, policyv1).get_pod_pod_disruption_budgets(pod)) == ["a", "empty"]
    assert _names(pdbs(policyv1beta1listers, policyv1beta1).get_pod_pod_disruption_budgets(pod)) == ["a"]
    # no labels is no error here: only no match is
    unlabeled = corev1.Pod(metadata=_meta("q", "ns"))
    assert _names(pdbs(policyv1listers, policyv1).get_pod_pod_disruption_budgets(unlabeled)) == ["empty"]
    with pytest.raises(
        RuntimeError,
        match=r"^could not find PodDisruptionBudget for pod q in namespace ns with "
        r"labels: map\[\]$",
    ):
        pdbs(policyv1beta1listers, policyv1beta1).get_pod_pod_disruption_budgets(unlabeled)
