"""The dynamic client (a CustomResourceDefinition and its custom resources, every verb) and the metadata client
against a real kube-apiserver."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from kubernetes_py import context, dynamic, metadata, rest
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource

CRDS = GroupVersionResource(group="apiextensions.k8s.io", version="v1", resource="customresourcedefinitions")
PODS = GroupVersionResource(version="v1", resource="pods")


def config_for(apiserver) -> rest.Config:
    return rest.Config(
        host=apiserver.url,
        bearer_token=apiserver.admin_token,
        tls_client_config=rest.TLSClientConfig(ca_file=str(apiserver.ca_file)),
    )


def crd_manifest(group: str) -> dict:
    schema = {
        "type": "object",
        "properties": {
            "spec": {"type": "object", "properties": {"size": {"type": "integer"}, "color": {"type": "string"}}},
            "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}},
        },
    }
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"widgets.{group}"},
        "spec": {
            "group": group,
            "scope": "Namespaced",
            "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wd"]},
            "versions": [
                {
                    "name": "v1",
                    "served": True,
                    "storage": True,
                    "schema": {"openAPIV3Schema": schema},
                    "subresources": {"status": {}},
                }
            ],
        },
    }


def widget(group: str, name: str, size: int) -> Unstructured:
    return Unstructured(
        {
            "apiVersion": f"{group}/v1",
            "kind": "Widget",
            "metadata": {"name": name},
            "spec": {"size": size, "color": "blue"},
        }
    )


def wait_established(client, name: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        crd = client.resource(CRDS).get(None, name)
        conditions = (crd.unstructured_content().get("status") or {}).get("conditions") or []
        if any(c["type"] == "Established" and c["status"] == "True" for c in conditions):
            return
        time.sleep(0.2)
    raise AssertionError(f"CRD {name} never became established")


@pytest.fixture
def widgets(apiserver):
    client = dynamic.new_for_config(config_for(apiserver))
    group = f"t{uuid.uuid4().hex[:8]}.example.com"
    created = client.resource(CRDS).create(None, Unstructured(crd_manifest(group)), metav1.CreateOptions())
    assert created.get_name() == f"widgets.{group}"
    wait_established(client, created.get_name())
    # the server needs a moment before it serves the new resource
    gvr = GroupVersionResource(group=group, version="v1", resource="widgets")
    deadline = time.monotonic() + 30
    while True:
        try:
            client.resource(gvr).namespace("default").list(None)
            break
        except errors.StatusError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    yield client, group, gvr
    client.resource(CRDS).delete(None, f"widgets.{group}", metav1.DeleteOptions())


def test_custom_resources_with_every_verb(widgets, namespace):
    client, group, gvr = widgets
    res = client.resource(gvr).namespace(namespace)

    w = res.watch(None, metav1.ListOptions())
    a = res.create(None, widget(group, "a", 1), metav1.CreateOptions())
    assert (a.get_name(), a.get_namespace(), a.unstructured_content()["spec"]) == (
        "a",
        namespace,
        {"size": 1, "color": "blue"},
    )
    res.create(None, widget(group, "b", 2), metav1.CreateOptions(fieldManager="tests"))

    got = res.get(None, "a", metav1.GetOptions())
    assert got.get_uid() == a.get_uid()
    got.unstructured_content()["spec"]["size"] = 10
    updated = res.update(None, got, metav1.UpdateOptions())
    assert updated.unstructured_content()["spec"]["size"] == 10
    assert int(updated.get_resource_version()) > int(a.get_resource_version())

    updated.unstructured_content()["status"] = {"ready": True}
    with_status = res.update_status(None, updated, metav1.UpdateOptions())
    assert with_status.unstructured_content()["status"] == {"ready": True}

    patched = res.patch(None, "a", "application/merge-patch+json", b'{"spec":{"color":"red"}}', metav1.PatchOptions())
    assert patched.unstructured_content()["spec"] == {"size": 10, "color": "red"}

    applied = res.apply(None, "c", widget(group, "c", 3), metav1.ApplyOptions(fieldManager="applier"))
    assert applied.unstructured_content()["spec"]["size"] == 3
    assert [m["manager"] for m in applied.unstructured_content()["metadata"]["managedFields"]] == ["applier"]
    status = Unstructured(
        {"apiVersion": f"{group}/v1", "kind": "Widget", "metadata": {"name": "c"}, "status": {"ready": False}}
    )
    applied = res.apply_status(None, "c", status, metav1.ApplyOptions(fieldManager="applier", force=True))
    assert applied.unstructured_content()["status"] == {"ready": False}

    listed = res.list(None, metav1.ListOptions())
    assert sorted(i.get_name() for i in listed.items) == ["a", "b", "c"]
    assert listed.get_kind() == "WidgetList" and listed.get_resource_version()
    limited = res.list(None, metav1.ListOptions(limit=2))
    assert len(limited.items) == 2 and limited.get_continue()

    res.delete(None, "b", metav1.DeleteOptions())
    with pytest.raises(errors.StatusError) as info:
        res.get(None, "b")
    assert errors.is_not_found(info.value)
    assert str(info.value) == f'widgets.{group} "b" not found'

    res.delete_collection(None, metav1.DeleteOptions(), metav1.ListOptions())
    assert res.list(None).items == []

    seen = []
    for event in w.result_chan():
        seen.append((event.type, event.object.get_name()))
        if ("DELETED", "c") in seen and ("DELETED", "a") in seen:
            break
    w.stop()
    assert seen[:2] == [("ADDED", "a"), ("ADDED", "b")]
    assert ("MODIFIED", "a") in seen and ("DELETED", "b") in seen


def test_cluster_scoped_and_typed_resources_through_dynamic(apiserver, namespace):
    client = dynamic.new_for_config(config_for(apiserver))
    ns = client.resource(GroupVersionResource(version="v1", resource="namespaces")).get(None, namespace)
    assert (ns.get_kind(), ns.get_api_version(), ns.get_name()) == ("Namespace", "v1", namespace)
    cm = Unstructured({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": {"k": "v"}})
    cms = client.resource(GroupVersionResource(version="v1", resource="configmaps")).namespace(namespace)
    assert cms.create(None, cm).unstructured_content()["data"] == {"k": "v"}
    with pytest.raises(errors.StatusError) as info:
        cms.create(None, cm)
    assert errors.is_already_exists(info.value)
    assert str(info.value) == 'configmaps "cfg" already exists'


def test_metadata_client_lists_pods_without_specs(apiserver, namespace):
    code, body = apiserver.request(
        "POST",
        f"/api/v1/namespaces/{namespace}/pods",
        {
            "metadata": {"name": "p1", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "c", "image": "registry.example/never:1"}]},
        },
    )
    assert code == 201, body
    client = metadata.new_for_config(config_for(apiserver))
    pods = client.resource(PODS).namespace(namespace).list(None, metav1.ListOptions(labelSelector="app=web"))
    assert isinstance(pods, metav1.PartialObjectMetadataList)
    assert [(p.metadata.name, dict(p.metadata.labels)) for p in pods.items] == [("p1", {"app": "web"})]
    assert pods.items[0].metadata.uid == body["metadata"]["uid"]
    assert not hasattr(pods.items[0], "spec")
    one = client.resource(PODS).namespace(namespace).get(None, "p1")
    assert isinstance(one, metav1.PartialObjectMetadata) and one.metadata.resourceVersion
    patched = (
        client.resource(PODS)
        .namespace(namespace)
        .patch(None, "p1", "application/merge-patch+json", json.dumps({"metadata": {"labels": {"x": "y"}}}).encode())
    )
    assert dict(patched.metadata.labels) == {"app": "web", "x": "y"}
    ctx, cancel = context.with_timeout(context.background(), 30)
    try:
        w = (
            client.resource(PODS)
            .namespace(namespace)
            .watch(ctx, metav1.ListOptions(resourceVersion=patched.metadata.resourceVersion))
        )
        client.resource(PODS).namespace(namespace).delete(None, "p1", metav1.DeleteOptions(gracePeriodSeconds=0))
        for event in w.result_chan():
            if event.type == "DELETED":
                assert isinstance(event.object, metav1.PartialObjectMetadata)
                assert event.object.metadata.name == "p1"
                break
        w.stop()
    finally:
        cancel()
    with pytest.raises(errors.StatusError) as info:
        client.resource(PODS).namespace(namespace).get(None, "p1")
    assert errors.is_not_found(info.value)


def test_deferred_mapper_over_a_stale_disk_cache_finds_a_new_crd(apiserver, tmp_path):
    """kubectl's flow: mapping a kind missing from a cache written earlier invalidates it and rediscovers."""
    from kubernetes_py import restmapper
    from kubernetes_py.apimachinery.runtime.schema import GroupKind
    from kubernetes_py.discovery.cached import disk

    cache_dir = disk.compute_discover_cache_dir(str(tmp_path), apiserver.url)
    disk.new_cached_discovery_client_for_config(config_for(apiserver), cache_dir, "", 600).server_groups_and_resources()
    client = dynamic.new_for_config(config_for(apiserver))
    group = f"t{uuid.uuid4().hex[:8]}.example.com"
    client.resource(CRDS).create(None, Unstructured(crd_manifest(group)), metav1.CreateOptions())
    try:
        wait_established(client, f"widgets.{group}")
        cached = disk.new_cached_discovery_client_for_config(config_for(apiserver), cache_dir, "", 600)
        mapper = restmapper.new_shortcut_expander(restmapper.new_deferred_discovery_rest_mapper(cached), cached)
        deadline = time.monotonic() + 30
        while True:
            try:
                mapping = mapper.rest_mapping(GroupKind(group=group, kind="Widget"))
                break
            except Exception:  # noqa: BLE001 - discovery may lag the Established condition briefly
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
                mapper.reset()
        assert (str(mapping.resource), mapping.scope.name()) == (f"{group}/v1, Resource=widgets", "namespace")
        assert cached.fresh()  # it went back to the server
        assert mapper.resource_for(GroupVersionResource(resource="wd")) == GroupVersionResource(
            group=group, version="v1", resource="widgets"
        )
        with open(f"{cache_dir}/servergroups.json") as f:
            assert group in f.read()
    finally:
        client.resource(CRDS).delete(None, f"widgets.{group}", metav1.DeleteOptions())
