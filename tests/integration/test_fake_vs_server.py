"""One controller-style scenario run against the fake clientset and against a real kube-apiserver.

Create, list by label selector, get, update, patch, delete and a watch that sees every event in order give
the same observable results on both sides, once the fields only a server fills in (uid, resourceVersion,
creationTimestamp, managedFields) are set aside. Where client-go's fake knowingly differs from a server
(resourceVersion is neither set nor checked, generateName is ignored) the difference is asserted as such.
"""

from __future__ import annotations

import uuid

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import types
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.watch import watch
from kubernetes_py.kubernetes import fake
from kubernetes_py.tools import clientcmd

CTX = context.background()
SERVER_ONLY_METADATA = ("uid", "resourceVersion", "creationTimestamp", "managedFields", "generation")


@pytest.fixture(scope="module")
def server_clientset(apiserver):
    return kubernetes.new_for_config(clientcmd.build_config_from_flags("", str(apiserver.kubeconfig)))


def _config_map(name: str, ns: str, app: str, **data: str) -> corev1.ConfigMap:
    return corev1.ConfigMap(metadata=metav1.ObjectMeta(name=name, namespace=ns, labels={"app": app}), data=data)


def _observable(cm: corev1.ConfigMap) -> tuple:
    """What the scenario compares: name, namespace, labels and data (server-filled metadata left out)."""
    return cm.metadata.name, cm.metadata.namespace, dict(cm.metadata.labels), dict(cm.data)


def _scenario(cs, ns: str) -> dict:
    """Run the scenario through a clientset; return everything observable about it."""
    cms = cs.core_v1().config_maps(ns)
    out: dict = {}
    w = cms.watch(CTX, metav1.ListOptions())
    try:
        out["created"] = [
            _observable(cms.create(CTX, _config_map(n, ns, app, v="1"), metav1.CreateOptions()))
            for n, app in (("cm-a", "web"), ("cm-b", "db"), ("cm-c", "web"))
        ]
        listed = cms.list(CTX, metav1.ListOptions(labelSelector="app=web"))
        out["listed"] = [_observable(cm) for cm in listed.items]
        out["list_rv_is_integer"] = listed.metadata.resourceVersion.isdigit()
        got = cms.get(CTX, "cm-a", metav1.GetOptions())
        out["got"] = _observable(got)
        got.data["v"] = "2"
        out["updated"] = _observable(cms.update(CTX, got, metav1.UpdateOptions()))
        out["patched"] = _observable(
            cms.patch(
                CTX,
                "cm-c",
                types.StrategicMergePatchType,
                b'{"data":{"w":"3"},"metadata":{"labels":{"app":"db"}}}',
                metav1.PatchOptions(),
            )
        )
        out["after_patch_web"] = [
            cm.metadata.name for cm in cms.list(CTX, metav1.ListOptions(labelSelector="app=web")).items
        ]
        cms.delete(CTX, "cm-b", metav1.DeleteOptions())
        with pytest.raises(errors.StatusError) as err:
            cms.get(CTX, "cm-b", metav1.GetOptions())
        out["get_deleted"] = (errors.is_not_found(err.value), str(err.value))
        with pytest.raises(errors.StatusError) as err:
            cms.create(CTX, _config_map("cm-a", ns, "web"), metav1.CreateOptions())
        out["create_existing"] = (errors.is_already_exists(err.value), str(err.value))
        events = []
        for _ in range(6):
            event, ok = w.result_chan().recv(timeout=10)
            assert ok, f"the watch ended after {events}"
            events.append((event.type, *_observable(event.object)))
        out["events"] = events
    finally:
        w.stop()
    return out


def test_scenario_has_the_same_observable_results(server_clientset, namespace):
    server = _scenario(server_clientset, namespace)
    faked = _scenario(fake.new_simple_clientset(), namespace)
    assert faked == server
    assert [e[:2] for e in server["events"]] == [
        (watch.Added, "cm-a"),
        (watch.Added, "cm-b"),
        (watch.Added, "cm-c"),
        (watch.Modified, "cm-a"),
        (watch.Modified, "cm-c"),
        (watch.Deleted, "cm-b"),
    ]
    assert server["listed"] == [
        ("cm-a", namespace, {"app": "web"}, {"v": "1"}),
        ("cm-c", namespace, {"app": "web"}, {"v": "1"}),
    ]
    assert server["after_patch_web"] == ["cm-a"]
    assert server["get_deleted"] == (True, 'configmaps "cm-b" not found')
    assert server["create_existing"] == (True, 'configmaps "cm-a" already exists')


def test_known_differences_from_a_server(server_clientset, namespace):
    fake_cs = fake.new_simple_clientset()
    for cs in (server_clientset, fake_cs):
        cs.core_v1().config_maps(namespace).create(CTX, _config_map("cm", namespace, "x"), metav1.CreateOptions())
    server_cm = server_clientset.core_v1().config_maps(namespace).get(CTX, "cm", metav1.GetOptions())
    fake_cm = fake_cs.core_v1().config_maps(namespace).get(CTX, "cm", metav1.GetOptions())

    # The server fills in uid, resourceVersion and creationTimestamp; the fake stores the object as sent.
    assert server_cm.metadata.uid and server_cm.metadata.resourceVersion.isdigit()
    assert server_cm.metadata.HasField("creationTimestamp")
    assert (fake_cm.metadata.uid, fake_cm.metadata.resourceVersion) == ("", "")
    assert not fake_cm.metadata.HasField("creationTimestamp")

    # An update with a stale resourceVersion is a Conflict on the server; the fake does not check it.
    for cm in (server_cm, fake_cm):
        cm.metadata.resourceVersion = "1"
        cm.data["k"] = "v"
    with pytest.raises(errors.StatusError) as err:
        server_clientset.core_v1().config_maps(namespace).update(CTX, server_cm, metav1.UpdateOptions())
    assert errors.is_conflict(err.value)
    assert dict(fake_cs.core_v1().config_maps(namespace).update(CTX, fake_cm, metav1.UpdateOptions()).data) == {
        "k": "v"
    }

    # generateName: the server makes up a name; the fake stores the object under the empty name.
    prefix = f"gen-{uuid.uuid4().hex[:4]}-"
    generated = corev1.ConfigMap(metadata=metav1.ObjectMeta(generateName=prefix, namespace=namespace))
    server_made = server_clientset.core_v1().config_maps(namespace).create(CTX, generated, metav1.CreateOptions())
    fake_made = fake_cs.core_v1().config_maps(namespace).create(CTX, generated, metav1.CreateOptions())
    assert server_made.metadata.name.startswith(prefix) and len(server_made.metadata.name) == len(prefix) + 5
    assert fake_made.metadata.name == "" and fake_made.metadata.generateName == prefix


def _patch_steps(cs, ns: str) -> list:
    """Every patch type on one ConfigMap; what each step leaves in name, labels, annotations, data and
    owner references."""
    cms = cs.core_v1().config_maps(ns)
    owner = {"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": "00000000-0000-0000-0000-00000000000a"}
    cm = corev1.ConfigMap(metadata=metav1.ObjectMeta(name="p", namespace=ns, labels={"a": "1"}), data={"k": "v"})
    cm.metadata.ownerReferences.append(metav1.OwnerReference(**owner))
    cms.create(CTX, cm, metav1.CreateOptions())
    steps = [
        (
            types.StrategicMergePatchType,
            b'{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"Secret","name":"s",'
            b'"uid":"00000000-0000-0000-0000-00000000000b"}],"labels":{"b":"2"}},"data":{"k2":"v2"}}',
        ),
        (
            types.StrategicMergePatchType,
            b'{"metadata":{"ownerReferences":[{"$patch":"delete","uid":"00000000-0000-0000-0000-00000000000a"}]}}',
        ),
        (types.MergePatchType, b'{"metadata":{"labels":{"a":null},"annotations":{"x":"y"}},"data":{"k":null}}'),
        (
            types.JSONPatchType,
            b'[{"op":"add","path":"/data/k3","value":"v3"},{"op":"remove","path":"/metadata/'
            b'annotations/x"},{"op":"test","path":"/data/k2","value":"v2"}]',
        ),
    ]
    out = []
    for pt, data in steps:
        got = cms.patch(CTX, "p", pt, data, metav1.PatchOptions())
        out.append(
            (_observable(got), dict(got.metadata.annotations), [(o.kind, o.name) for o in got.metadata.ownerReferences])
        )
    with pytest.raises(Exception) as err:
        cms.patch(
            CTX, "p", types.JSONPatchType, b'[{"op":"test","path":"/data/k2","value":"nope"}]', metav1.PatchOptions()
        )
    out.append(("failed test op", type(err.value).__name__))
    return out


def test_patches_give_the_same_objects(server_clientset, namespace):
    server = _patch_steps(server_clientset, namespace)
    faked = _patch_steps(fake.new_simple_clientset(), namespace)
    assert faked[:-1] == server[:-1]
    assert server[-2] == (("p", namespace, {"b": "2"}, {"k2": "v2", "k3": "v3"}), {}, [("Secret", "s")])
    # A failing JSON patch test operation: the server answers 422 Invalid (a StatusError); the fake raises
    # json-patch's own error, as client-go's fake returns it.
    assert server[-1] == ("failed test op", "StatusError")
    assert faked[-1] == ("failed test op", "JSONPatchError")
