"""The scale client against a real kube-apiserver: a Deployment, a StatefulSet, a ReplicaSet and a custom resource
with a scale subresource (its CRD created here), each read, updated and patched through ``/scale``."""

from __future__ import annotations

import time
import uuid

import pytest

from kubernetes_py import discovery, dynamic, kubernetes, rest, restmapper, scale
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupResource, GroupVersionResource
from kubernetes_py.discovery.cached import memory

CRDS = GroupVersionResource(group="apiextensions.k8s.io", version="v1", resource="customresourcedefinitions")


def _config(apiserver) -> rest.Config:
    return rest.Config(
        host=apiserver.url,
        bearer_token=apiserver.admin_token,
        tls_client_config=rest.TLSClientConfig(ca_file=str(apiserver.ca_file)),
    )


def _pod_template(app: str) -> dict:
    return {
        "metadata": {"labels": {"app": app}},
        "spec": {"containers": [{"name": "c", "image": "registry.k8s.io/pause:3.10"}]},
    }


def _crd(group: str) -> Unstructured:
    schema = {
        "type": "object",
        "properties": {
            "spec": {"type": "object", "properties": {"replicas": {"type": "integer"}}},
            "status": {
                "type": "object",
                "properties": {"replicas": {"type": "integer"}, "selector": {"type": "string"}},
            },
        },
    }
    return Unstructured(
        {
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": f"scalers.{group}"},
            "spec": {
                "group": group,
                "scope": "Namespaced",
                "names": {"plural": "scalers", "singular": "scaler", "kind": "Scaler"},
                "versions": [
                    {
                        "name": "v1",
                        "served": True,
                        "storage": True,
                        "schema": {"openAPIV3Schema": schema},
                        "subresources": {
                            "status": {},
                            "scale": {
                                "specReplicasPath": ".spec.replicas",
                                "statusReplicasPath": ".status.replicas",
                                "labelSelectorPath": ".status.selector",
                            },
                        },
                    }
                ],
            },
        }
    )


def _wait(what: str, fn) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if fn():
                return
        except errors.StatusError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within 30 s")
        time.sleep(0.2)


@pytest.fixture
def scalers(apiserver, namespace):
    """A CRD with a scale subresource, served, and one custom resource of it with a status selector."""
    dyn = dynamic.new_for_config(_config(apiserver))
    group = f"s{uuid.uuid4().hex[:8]}.example.com"
    dyn.resource(CRDS).create(None, _crd(group), metav1.CreateOptions())
    gvr = GroupVersionResource(group=group, version="v1", resource="scalers")
    disco = discovery.new_discovery_client_for_config(_config(apiserver))
    _wait(
        "the CRD's scale subresource in discovery",
        lambda: any(
            r.name == "scalers/scale" for r in disco.server_resources_for_group_version(f"{group}/v1").resources
        ),
    )
    res = dyn.resource(gvr).namespace(namespace)
    res.create(
        None,
        Unstructured(
            {"apiVersion": f"{group}/v1", "kind": "Scaler", "metadata": {"name": "cr"}, "spec": {"replicas": 2}}
        ),
    )
    cr = res.get(None, "cr")
    cr.unstructured_content()["status"] = {"replicas": 2, "selector": "app=cr"}
    res.update_status(None, cr)
    yield group
    dyn.resource(CRDS).delete(None, f"scalers.{group}", metav1.DeleteOptions())


def _scales_getter(apiserver):
    config = _config(apiserver)
    disco = memory.new_mem_cache_client(discovery.new_discovery_client_for_config(config))
    mapper = restmapper.new_deferred_discovery_rest_mapper(disco)
    resolver = scale.new_discovery_scale_kind_resolver(disco)
    return scale.new_for_config(rest.copy_config(config), mapper, dynamic.legacy_api_path_resolver_func, resolver)


def _make_workloads(apiserver, namespace: str) -> None:
    cs = kubernetes.new_for_config(_config(apiserver))
    apps = cs.apps_v1()
    for name, client, cls in (
        ("deploy", apps.deployments(namespace), appsv1.Deployment),
        ("sts", apps.stateful_sets(namespace), appsv1.StatefulSet),
        ("rs", apps.replica_sets(namespace), appsv1.ReplicaSet),
    ):
        obj = cls(
            metadata=metav1.ObjectMeta(name=name),
            spec={"replicas": 1, "selector": {"matchLabels": {"app": name}}, "template": _pod_template(name)},
        )
        if cls is appsv1.StatefulSet:
            obj.spec.serviceName = name
        client.create(None, obj, metav1.CreateOptions())


def test_scale_workloads_and_custom_resource(apiserver, namespace, scalers):
    _make_workloads(apiserver, namespace)
    scales = _scales_getter(apiserver).scales(namespace)
    targets = [
        (GroupResource("apps", "deployments"), "deploy", "v1", 1, "app=deploy"),
        (GroupResource("apps", "statefulsets"), "sts", "v1", 1, "app=sts"),
        (GroupResource("apps", "replicasets"), "rs", "v1", 1, "app=rs"),
        (GroupResource(scalers, "scalers"), "cr", "v1", 2, "app=cr"),
    ]
    for gr, name, version, replicas, selector in targets:
        s = scales.get(None, gr, name, metav1.GetOptions())
        assert isinstance(s, autoscalingv1.Scale)
        assert (s.kind, s.apiVersion, s.metadata.name, s.metadata.namespace) == (
            "Scale",
            "autoscaling/v1",
            name,
            namespace,
        )
        assert s.spec.replicas == replicas, gr
        if gr.group == scalers:  # workloads have no controller here to set status.selector
            assert (s.status.replicas, s.status.selector) == (2, selector)

        s.spec.replicas = 3
        updated = scales.update(None, gr, s, metav1.UpdateOptions())
        assert updated.spec.replicas == 3 and updated.metadata.resourceVersion != s.metadata.resourceVersion

        gvr = gr.with_version(version)
        patched = scales.patch(
            None, gvr, name, "application/merge-patch+json", b'{"spec":{"replicas":5}}', metav1.PatchOptions()
        )
        assert patched.spec.replicas == 5
        patched = scales.patch(
            None,
            gvr,
            name,
            "application/json-patch+json",
            b'[{"op":"replace","path":"/spec/replicas","value":4}]',
            metav1.PatchOptions(),
        )
        assert patched.spec.replicas == 4
        assert scales.get(None, gr, name).spec.replicas == 4

        # a stale resourceVersion is the server's conflict, raised as it is
        with pytest.raises(errors.StatusError) as err:
            scales.update(None, gr, s)
        assert errors.is_conflict(err.value), gr

    # the objects themselves carry the scaled replicas
    apps = kubernetes.new_for_config(_config(apiserver)).apps_v1()
    assert apps.deployments(namespace).get(None, "deploy", metav1.GetOptions()).spec.replicas == 4
    assert apps.stateful_sets(namespace).get(None, "sts", metav1.GetOptions()).spec.replicas == 4
    assert apps.replica_sets(namespace).get(None, "rs", metav1.GetOptions()).spec.replicas == 4
    cr = (
        dynamic.new_for_config(_config(apiserver))
        .resource(GroupVersionResource(scalers, "v1", "scalers"))
        .namespace(namespace)
        .get(None, "cr")
    )
    assert cr.unstructured_content()["spec"]["replicas"] == 4


def test_missing_object_is_not_found(apiserver, namespace):
    scales = _scales_getter(apiserver).scales(namespace)
    with pytest.raises(errors.StatusError) as err:
        scales.get(None, GroupResource("apps", "deployments"), "nope")
    assert errors.is_not_found(err.value)
