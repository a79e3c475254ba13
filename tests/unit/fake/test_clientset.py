"""kubernetes.fake: the fake clientset over the object tracker (client-go kubernetes/fake tests and the
behaviour controllers rely on)."""

from __future__ import annotations

import inspect
import typing

import pytest

from kubernetes_py import context, gentype, kubernetes, testing
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.policy import v1 as policyv1
from kubernetes_py.apimachinery import types
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, GroupVersionResource
from kubernetes_py.apimachinery.watch import watch
from kubernetes_py.kubernetes import fake

CTX = context.background()
PODS = GroupVersionResource("", "v1", "pods")


def _pod(name: str, ns: str = "default", **labels: str) -> corev1.Pod:
    return corev1.Pod(metadata=metav1.ObjectMeta(name=name, namespace=ns, labels=labels))


def test_new_simple_clientset_create_evict_list():
    client = fake.new_simple_clientset()
    pods = client.core_v1().pods("default")
    created = [
        pods.create(CTX, _pod("pod-1"), metav1.CreateOptions()),
        pods.create(CTX, _pod("pod-2"), metav1.CreateOptions()),
    ]
    pods.evict_v1(CTX, policyv1.Eviction(metadata=metav1.ObjectMeta(name="pod-2")))
    listed = pods.list(CTX, metav1.ListOptions())
    assert list(listed.items) == created
    assert listed.metadata.resourceVersion == "3"
    assert [(a.get_verb(), a.get_subresource()) for a in client.actions()] == [
        ("create", ""),
        ("create", ""),
        ("create", "eviction"),
        ("list", ""),
    ]


def test_list_filters_by_label_selector_and_records_the_action():
    client = fake.new_simple_clientset(_pod("a", app="web"), _pod("b", app="db"), _pod("c", "other", app="web"))
    pods = client.core_v1().pods("default")
    got = pods.list(CTX, metav1.ListOptions(labelSelector="app=web"))
    assert [p.metadata.name for p in got.items] == ["a"]
    everywhere = client.core_v1().pods(metav1.NamespaceAll).list(CTX, metav1.ListOptions(labelSelector="app"))
    assert [(p.metadata.namespace, p.metadata.name) for p in everywhere.items] == [
        ("default", "a"),
        ("default", "b"),
        ("other", "c"),
    ]
    opts = metav1.ListOptions(labelSelector="app=web")
    assert client.actions()[0] == testing.new_list_action_with_options(
        PODS, GroupVersionKind("", "v1", "Pod"), "default", opts
    )


def test_get_update_delete_and_errors():
    client = fake.new_simple_clientset(_pod("a"))
    pods = client.core_v1().pods("default")
    pod = pods.get(CTX, "a", metav1.GetOptions())
    pod.metadata.labels["x"] = "y"
    pod.metadata.resourceVersion = "12345"  # not checked: the fake never answers Conflict
    assert dict(pods.update(CTX, pod, metav1.UpdateOptions()).metadata.labels) == {"x": "y"}
    with pytest.raises(errors.StatusError) as err:
        pods.create(CTX, _pod("a"), metav1.CreateOptions())
    assert errors.is_already_exists(err.value)
    pods.delete(CTX, "a", metav1.DeleteOptions())
    with pytest.raises(errors.StatusError, match=r'^pods "a" not found$'):
        pods.get(CTX, "a", metav1.GetOptions())
    with pytest.raises(errors.StatusError, match=r'^pods "a" not found$'):
        pods.delete(CTX, "a", metav1.DeleteOptions())


def test_prepended_reactor_injects_errors_and_objects():
    client = fake.new_simple_clientset()
    client.prepend_reactor(
        "create", "pods", lambda action: (True, None, errors.new_internal_error(RuntimeError("etcd down")))
    )
    with pytest.raises(errors.StatusError) as err:
        client.core_v1().pods("default").create(CTX, _pod("a"), metav1.CreateOptions())
    assert str(err.value) == "Internal error occurred: etcd down"
    assert client.core_v1().pods("default").list(CTX, metav1.ListOptions()).items == []
    client.prepend_reactor("get", "pods", lambda action: (True, _pod(action.get_name(), app="injected")))
    assert dict(client.core_v1().pods("default").get(CTX, "zz", metav1.GetOptions()).metadata.labels) == {
        "app": "injected"
    }


def test_watch_sees_events_in_order():
    client = fake.new_simple_clientset(_pod("existing"))
    pods = client.core_v1().pods("default")
    w = pods.watch(CTX, metav1.ListOptions())
    pods.create(CTX, _pod("new"), metav1.CreateOptions())
    updated = pods.get(CTX, "new", metav1.GetOptions())
    updated.metadata.labels["v"] = "2"
    pods.update(CTX, updated, metav1.UpdateOptions())
    pods.delete(CTX, "new", metav1.DeleteOptions())
    events = []
    for _ in range(4):
        event, ok = w.result_chan().recv(timeout=2)
        assert ok
        events.append((event.type, event.object.metadata.name))
    assert events == [(watch.Added, "existing"), (watch.Added, "new"), (watch.Modified, "new"), (watch.Deleted, "new")]
    w.stop()
    assert client.actions()[0].get_verb() == "watch" and client.actions()[0].list_options.watch is True


def test_subresources_and_generated_methods():
    deployment = appsv1.Deployment(
        metadata=metav1.ObjectMeta(name="d", namespace="ns"), spec=appsv1.DeploymentSpec(replicas=1)
    )
    client = fake.new_simple_clientset(deployment)
    deployments = client.apps_v1().deployments("ns")
    status = deployments.get(CTX, "d", metav1.GetOptions())
    status.status.replicas = 3
    assert deployments.update_status(CTX, status, metav1.UpdateOptions()).status.replicas == 3
    scale = deployments.get_scale(CTX, "d", metav1.GetOptions())
    # The tracker answers the scale subresource with the parent object's type, so the fake returns what
    # the reactor gave; client-go's fake behaves the same way.
    assert client.actions()[-1] == testing.new_get_subresource_action_with_options(
        GroupVersionResource("apps", "v1", "deployments"), "ns", "scale", "d", metav1.GetOptions()
    )
    assert scale is not None
    client.prepend_reactor(
        "update",
        "deployments/scale",
        lambda a: (True, autoscalingv1.Scale(spec=autoscalingv1.ScaleSpec(replicas=a.get_object().spec.replicas))),
    )
    out = deployments.update_scale(
        CTX, "d", autoscalingv1.Scale(spec=autoscalingv1.ScaleSpec(replicas=5)), metav1.UpdateOptions()
    )
    assert isinstance(out, autoscalingv1.Scale) and out.spec.replicas == 5
    assert client.actions()[-1].get_subresource() == "scale"


def test_verbs_left_out_by_genclient_tags_are_absent():
    client = fake.new_simple_clientset()
    config_maps = client.core_v1().config_maps("ns")
    assert not hasattr(config_maps, "update_status") and not hasattr(config_maps, "apply_status")
    assert hasattr(client.apps_v1().deployments("ns"), "apply_status")
    assert not hasattr(client.authentication_v1().token_reviews(), "list")


def test_patch_types_through_the_clientset():
    client = fake.new_simple_clientset(
        corev1.ConfigMap(metadata=metav1.ObjectMeta(name="c", namespace="ns"), data={"a": "1"})
    )
    cms = client.core_v1().config_maps("ns")
    assert dict(cms.patch(CTX, "c", types.MergePatchType, b'{"data":{"b":"2"}}', metav1.PatchOptions()).data) == {
        "a": "1",
        "b": "2",
    }
    assert dict(
        cms.patch(CTX, "c", types.StrategicMergePatchType, b'{"data":{"a":null}}', metav1.PatchOptions()).data
    ) == {"b": "2"}
    assert dict(
        cms.patch(
            CTX, "c", types.JSONPatchType, b'[{"op":"add","path":"/data/z","value":"9"}]', metav1.PatchOptions()
        ).data
    ) == {"b": "2", "z": "9"}
    applied = cms.apply(
        CTX,
        corev1.ConfigMap(metadata=metav1.ObjectMeta(name="c", namespace="ns"), data={"k": "v"}),
        metav1.ApplyOptions(fieldManager="m"),
    )
    assert dict(applied.data) == {"b": "2", "z": "9", "k": "v"}
    with pytest.raises(errors.StatusError, match=r'^configmaps "missing" not found$'):
        cms.apply(CTX, corev1.ConfigMap(metadata=metav1.ObjectMeta(name="missing")), metav1.ApplyOptions())
    with pytest.raises(ValueError, match=r"^configuration.Name must be provided to Apply$"):
        cms.apply(CTX, corev1.ConfigMap(data={"k": "v"}), metav1.ApplyOptions())
    patch = client.actions()[-2]  # the nameless apply is refused before any action is recorded
    assert patch.get_patch_type() == types.ApplyPatchType and patch.patch_options.fieldManager == "m"


def test_cluster_scoped_clients_and_node_patch_status():
    client = fake.new_simple_clientset(corev1.Node(metadata=metav1.ObjectMeta(name="n")))
    node = client.core_v1().nodes().patch_status(CTX, "n", b'{"status":{"phase":"Running"}}')
    assert node.status.phase == "Running"
    assert client.actions()[-1].get_subresource() == "status"
    assert [n.metadata.name for n in client.core_v1().nodes().list(CTX, metav1.ListOptions()).items] == ["n"]


def test_every_group_and_resource_of_the_real_clientset_is_faked():
    client = fake.new_simple_clientset()
    checked = 0
    for name, accessor in vars(kubernetes.Clientset).items():
        if name.startswith("_") or not inspect.isfunction(accessor) or name == "discovery":
            continue
        fake_group = getattr(client, name)()
        for resource_name, method in vars(type(fake_group)).items():
            if resource_name.startswith("_") or resource_name == "rest_client":
                continue
            params = inspect.signature(method).parameters
            fake_client = method(fake_group, "ns") if "namespace" in params else method(fake_group)
            assert isinstance(fake_client, gentype.FakeClient)
            checked += 1
    assert checked > 150
    assert isinstance(client, testing.FakeClient)
    assert client.is_watch_list_semantics_un_supported() is True


def test_every_real_method_has_a_fake():
    """Each method of each real resource client (verbs, subresources, expansions) exists on its fake, and
    the verbs a type leaves out are absent from both."""
    client = fake.new_simple_clientset()
    differences = []
    for group_name, group_accessor in vars(kubernetes.Clientset).items():
        if group_name.startswith("_") or not inspect.isfunction(group_accessor) or group_name == "discovery":
            continue
        real_group_class = typing.get_type_hints(group_accessor)["return"]
        fake_group = getattr(client, group_name)()
        for resource_name, method in vars(type(fake_group)).items():
            if resource_name.startswith("_") or resource_name == "rest_client":
                continue
            real_class = typing.get_type_hints(getattr(real_group_class, resource_name))["return"]
            params = inspect.signature(method).parameters
            fake_client = method(fake_group, "ns") if "namespace" in params else method(fake_group)
            for attr in dir(real_class):
                if attr.startswith("_") or attr in ("VERBS", "get_client"):
                    continue
                if hasattr(real_class, attr) != hasattr(fake_client, attr):
                    differences.append(f"{group_name}().{resource_name}().{attr}")
    assert differences == []


def test_pod_logs_and_events_expansions():
    client = fake.new_simple_clientset()
    pods = client.core_v1().pods("default")
    assert pods.get_logs("p", corev1.PodLogOptions()).do(CTX).raw() == b"fake logs"
    client.prepend_reactor(
        "get", "pods/log", lambda a: (True, None, RuntimeError(f"no logs for {a.get_value().container}"))
    )
    request = pods.get_logs("p", corev1.PodLogOptions(container="ctr"))
    with pytest.raises(Exception, match="no logs for ctr"):
        request.stream(CTX)
    events = client.core_v1().events("")
    event = corev1.Event(metadata=metav1.ObjectMeta(name="e", namespace="ns1"), reason="R")
    assert events.create_with_event_namespace(event).reason == "R"
    assert client.actions()[-1] == testing.new_create_action(GroupVersionResource("", "v1", "events"), "ns1", event)
    assert client.core_v1().events("ns1").get(CTX, "e", metav1.GetOptions()).reason == "R"


def test_watch_with_a_bad_resource_version_is_unhandled_like_client_go():
    client = fake.new_simple_clientset()
    with pytest.raises(testing.UnhandledWatchError, match=r"^unhandled watch: WatchActionImpl\("):
        client.core_v1().config_maps("ns").watch(CTX, metav1.ListOptions(resourceVersion="x"))


def test_what_client_go_fake_does_not_do():
    """Field selectors are not applied, delete_collection deletes nothing, watches are not filtered by
    labels: all as in client-go's fake."""
    client = fake.new_simple_clientset(_pod("a", app="web"), _pod("b", app="db"))
    pods = client.core_v1().pods("default")
    by_field = pods.list(CTX, metav1.ListOptions(fieldSelector="metadata.name=a"))
    assert [p.metadata.name for p in by_field.items] == ["a", "b"]
    pods.delete_collection(CTX, metav1.DeleteOptions(), metav1.ListOptions(labelSelector="app=web"))
    assert [p.metadata.name for p in pods.list(CTX, metav1.ListOptions()).items] == ["a", "b"]
    assert client.actions()[-2].get_verb() == "delete-collection"
    w = pods.watch(CTX, metav1.ListOptions(labelSelector="app=web", resourceVersion="3"))
    pods.create(CTX, _pod("c", app="db"), metav1.CreateOptions())
    event, ok = w.result_chan().recv(timeout=2)
    assert ok and event.object.metadata.name == "c"


def test_discovery_is_a_fake_discovery_recording_on_the_clientset():
    from kubernetes_py.apimachinery.apis.meta import v1 as metav1
    from kubernetes_py.discovery.fake import FakeDiscovery

    cs = fake.new_simple_clientset()
    disc = cs.discovery()
    assert isinstance(disc, FakeDiscovery)
    assert cs.discovery() is disc
    cs.resources = [metav1.APIResourceList(groupVersion="v1", resources=[metav1.APIResource(name="pods")])]
    got = disc.server_resources_for_group_version("v1")
    assert [r.name for r in got.resources] == ["pods"]
    assert [(a.get_verb(), a.get_resource().resource) for a in cs.actions()] == [("get", "resource")]
