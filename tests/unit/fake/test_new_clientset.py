"""kubernetes.fake.new_clientset: client-go's TestManagedFieldClientset (kubernetes/fake/clientset_generated_test.go)
and what server-side apply through the fake clientset looks like to a controller's unit test: managed fields,
apply_status, watch events, recorded actions, objects given at construction, and new_simple_clientset's apply
left as client-go has it."""

from __future__ import annotations

import json

import pytest

from kubernetes_py import context, testing
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import types
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.watch import watch
from kubernetes_py.kubernetes import fake

CTX = context.background()


def _cm(name: str, ns: str, **data: str) -> corev1.ConfigMap:
    return corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name, namespace=ns), data=data)


def _owners(obj) -> list:
    return sorted((e.manager, e.operation, json.loads(e.fieldsV1.Raw)) for e in obj.metadata.managedFields)


def test_managed_field_clientset():
    client = fake.new_clientset()
    name, namespace = "pod-1", "default"
    cms = client.core_v1().config_maps("default")
    cm = cms.create(
        CTX,
        corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name, namespace=namespace), data={"k0": "v0"}),
        metav1.CreateOptions(fieldManager="test-manager-0"),
    )
    assert dict(cm.data) == {"k0": "v0"}

    # Apply with test-manager-1: data shared with the initial create.
    cm = cms.apply(CTX, _cm(name, namespace, k1="v1"), metav1.ApplyOptions(fieldManager="test-manager-1"))
    assert dict(cm.data) == {"k0": "v0", "k1": "v1"}

    # A conflicting apply with test-manager-2 fails.
    with pytest.raises(errors.StatusError) as info:
        cms.apply(CTX, _cm(name, namespace, k1="xyz"), metav1.ApplyOptions(fieldManager="test-manager-2"))
    assert str(info.value) == 'Apply failed with 1 conflict: conflict with "test-manager-1": .data.k1'

    # Apply with test-manager-2: data shared with the initial create and test-manager-1.
    cm = cms.apply(CTX, _cm(name, namespace, k2="v2"), metav1.ApplyOptions(fieldManager="test-manager-2"))
    assert dict(cm.data) == {"k0": "v0", "k1": "v1", "k2": "v2"}

    # Apply with test-manager-1: the owned data is updated.
    cm = cms.apply(CTX, _cm(name, namespace, k1="v101"), metav1.ApplyOptions(fieldManager="test-manager-1"))
    assert dict(cm.data) == {"k0": "v0", "k1": "v101", "k2": "v2"}

    # A forced apply with test-manager-2 takes k1 and removes k2, which it no longer applies.
    cm = cms.apply(CTX, _cm(name, namespace, k1="v202"), metav1.ApplyOptions(fieldManager="test-manager-2", force=True))
    assert dict(cm.data) == {"k0": "v0", "k1": "v202"}

    # An update with test-manager-0 replaces the whole object.
    cm = cms.update(
        CTX,
        corev1.ConfigMap(
            apiVersion="v1",
            kind="ConfigMap",
            metadata=metav1.ObjectMeta(name=name, namespace=namespace),
            data={"k99": "v99"},
        ),
        metav1.UpdateOptions(fieldManager="test-manager-0"),
    )
    assert dict(cm.data) == {"k99": "v99"}
    assert _owners(cm) == [("test-manager-0", "Update", {"f:data": {".": {}, "f:k99": {}}})]


def test_apply_creates_and_the_stored_object_carries_managed_fields():
    client = fake.new_clientset()
    d = appsv1.Deployment(metadata=metav1.ObjectMeta(name="web", namespace="ns"))
    d.spec.replicas = 3
    d.spec.template.spec.containers.append(corev1.Container(name="c", image="nginx"))
    applied = client.apps_v1().deployments("ns").apply(CTX, d, metav1.ApplyOptions(fieldManager="ctl"))
    stored = client.apps_v1().deployments("ns").get(CTX, "web", metav1.GetOptions())
    assert applied == stored
    assert (stored.apiVersion, stored.kind, stored.spec.replicas) == ("apps/v1", "Deployment", 3)
    assert _owners(stored) == [
        (
            "ctl",
            "Apply",
            {
                "f:spec": {
                    "f:replicas": {},
                    "f:template": {
                        "f:spec": {"f:containers": {'k:{"name":"c"}': {".": {}, "f:image": {}, "f:name": {}}}}
                    },
                }
            },
        )
    ]
    entry = stored.metadata.managedFields[0]
    assert (entry.apiVersion, entry.fieldsType, entry.subresource) == ("apps/v1", "FieldsV1", "")
    assert entry.HasField("time")
    # The action recorded is an apply patch of the configuration's JSON.
    action = client.actions()[0]
    assert isinstance(action, testing.PatchActionImpl)
    assert (action.get_verb(), action.get_patch_type(), action.get_name()) == ("patch", types.ApplyPatchType, "web")
    assert json.loads(action.get_patch())["spec"]["replicas"] == 3


def test_apply_status_applies_to_the_object_as_client_go_fake_does():
    initial = appsv1.Deployment(metadata=metav1.ObjectMeta(name="web", namespace="ns"))
    initial.spec.replicas = 1
    client = fake.new_clientset(initial)
    status = appsv1.Deployment(metadata=metav1.ObjectMeta(name="web", namespace="ns"))
    status.status.readyReplicas = 2
    d = client.apps_v1().deployments("ns").apply_status(CTX, status, metav1.ApplyOptions(fieldManager="kubelet"))
    assert d.status.readyReplicas == 2
    # Field ownership without a subresource, as client-go's tracker records it; the object had no managed
    # fields and no uid, so what it had is owned by before-first-apply.
    assert [(e.manager, e.operation, e.subresource) for e in d.metadata.managedFields] == [
        ("kubelet", "Apply", ""),
        ("before-first-apply", "Update", ""),
    ]
    assert json.loads(d.metadata.managedFields[0].fieldsV1.Raw) == {"f:status": {"f:readyReplicas": {}}}
    assert json.loads(d.metadata.managedFields[1].fieldsV1.Raw) == {"f:spec": {"f:replicas": {}}}
    assert d.spec.replicas == 1
    action = client.actions()[0]
    assert (action.get_subresource(), action.get_patch_type()) == ("status", types.ApplyPatchType)


def test_watch_sees_applies_as_added_then_modified():
    client = fake.new_clientset()
    cms = client.core_v1().config_maps("ns")
    with cms.watch(CTX, metav1.ListOptions()) as w:
        cms.apply(CTX, _cm("a", "ns", x="1"), metav1.ApplyOptions(fieldManager="m"))
        cms.apply(CTX, _cm("a", "ns", x="2"), metav1.ApplyOptions(fieldManager="m"))
        events = []
        for _ in range(2):
            event, ok = w.result_chan().recv(timeout=5)
            assert ok
            events.append(
                (event.type, dict(event.object.data), [e.manager for e in event.object.metadata.managedFields])
            )
    assert events == [(watch.Added, {"x": "1"}, ["m"]), (watch.Modified, {"x": "2"}, ["m"])]


def test_noop_apply_keeps_the_managed_fields_time():
    client = fake.new_clientset()
    cms = client.core_v1().config_maps("ns")
    first = cms.apply(CTX, _cm("a", "ns", x="1"), metav1.ApplyOptions(fieldManager="m"))
    again = cms.apply(CTX, _cm("a", "ns", x="1"), metav1.ApplyOptions(fieldManager="m"))
    assert again.metadata.managedFields[0].time == first.metadata.managedFields[0].time
    assert again == first


def test_reactors_still_come_first():
    client = fake.new_clientset()
    client.prepend_reactor("patch", "configmaps", lambda action: (True, None, errors.new_bad_request("nope")))
    with pytest.raises(errors.StatusError, match="^nope$"):
        client.core_v1().config_maps("ns").apply(CTX, _cm("a", "ns"), metav1.ApplyOptions(fieldManager="m"))


def test_empty_field_manager_is_unknown():
    client = fake.new_clientset()
    cm = client.core_v1().config_maps("ns").create(CTX, _cm("a", "ns", x="1"), metav1.CreateOptions())
    assert _owners(cm) == [("unknown", "Update", {"f:data": {".": {}, "f:x": {}}})]


def test_new_simple_clientset_apply_is_still_a_strategic_merge_without_managed_fields():
    client = fake.new_simple_clientset()
    cms = client.core_v1().config_maps("ns")
    with pytest.raises(errors.StatusError, match=r'^configmaps "a" not found$'):
        cms.apply(CTX, _cm("a", "ns", x="1"), metav1.ApplyOptions(fieldManager="m"))
    cms.create(CTX, _cm("a", "ns", x="1"), metav1.CreateOptions(fieldManager="creator"))
    cm = cms.apply(CTX, _cm("a", "ns", y="2"), metav1.ApplyOptions(fieldManager="m"))
    assert dict(cm.data) == {"x": "1", "y": "2"}
    assert list(cm.metadata.managedFields) == []
    # No conflicts either: another manager overwrites.
    cm = cms.apply(CTX, _cm("a", "ns", y="3"), metav1.ApplyOptions(fieldManager="other"))
    assert dict(cm.data) == {"x": "1", "y": "3"}


def test_concurrent_appliers_of_distinct_objects_and_a_watcher():
    """Invariant: every tracker operation is atomic (one lock around the store), so appliers working on different
    objects from several threads never see or leave a torn object; the watch sees each object's changes in order.
    (Two appliers of the same object race as in client-go: an apply reads, merges and writes back without holding
    the lock in between, so the last write wins.)"""
    import threading

    client = fake.new_clientset()
    cms = client.core_v1().config_maps("ns")
    failures: list = []
    rounds, workers = 20, 4  # 80 events: within the fake watcher's buffer of 100
    with cms.watch(CTX, metav1.ListOptions()) as w:

        def applier(n: int) -> None:
            try:
                for i in range(rounds):
                    cms.apply(CTX, _cm(f"cm-{n}", "ns", step=str(i)), metav1.ApplyOptions(fieldManager=f"m{n}"))
            except Exception as err:  # noqa: BLE001 - reported by the main thread
                failures.append(err)

        threads = [threading.Thread(target=applier, args=(n,), name=f"applier {n}") for n in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
        assert failures == []
        seen: dict = {}
        for _ in range(rounds * workers):
            event, ok = w.result_chan().recv(timeout=5)
            assert ok
            seen.setdefault(event.object.metadata.name, []).append(event.object.data["step"])
    assert seen == {f"cm-{n}": [str(i) for i in range(rounds)] for n in range(workers)}
    for n in range(workers):
        cm = cms.get(CTX, f"cm-{n}", metav1.GetOptions())
        assert _owners(cm) == [(f"m{n}", "Apply", {"f:data": {"f:step": {}}})]
