"""Server-side apply, subresources and the hand-written expansions of the clientset on a real kube-apiserver,
through a JSON and a protobuf clientset."""

from __future__ import annotations

import base64
import json
import uuid

import pytest

from kubernetes_py import context, kubernetes
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.authentication import v1 as authenticationv1
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.policy import v1 as policyv1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import scheme
from kubernetes_py.tools import clientcmd

CTX = context.todo()


@pytest.fixture(scope="module", params=["json", "protobuf"])
def cs(request, apiserver):
    config = clientcmd.build_config_from_flags("", str(apiserver.kubeconfig))
    if request.param == "json":
        config.content_type = "application/json"
    return kubernetes.new_for_config(config)


def _name() -> str:
    return f"x-{uuid.uuid4().hex[:8]}"


def _pod(name: str) -> corev1.Pod:
    pod = corev1.Pod()
    pod.metadata.name = name
    container = pod.spec.containers.add()
    container.name, container.image = "c", "registry.k8s.io/pause:3.10"
    return pod


def test_server_side_apply_of_a_typed_object_owns_only_the_fields_it_sets(cs, namespace):
    name = _name()
    config_maps = cs.core_v1().config_maps(namespace)
    config = corev1.ConfigMap()
    config.metadata.name = name
    config.data["a"] = "1"
    applied = config_maps.apply(CTX, config, metav1.ApplyOptions(fieldManager="applier"))
    assert dict(applied.data) == {"a": "1"}
    assert [(m.manager, m.operation) for m in applied.metadata.managedFields] == [("applier", "Apply")]

    other = corev1.ConfigMap()
    other.metadata.name = name
    other.data["b"] = "2"
    config_maps.apply(CTX, other, metav1.ApplyOptions(fieldManager="second"))
    both = config_maps.get(CTX, name, metav1.GetOptions())
    assert dict(both.data) == {"a": "1", "b": "2"}

    clash = corev1.ConfigMap()
    clash.metadata.name = name
    clash.data["a"] = "changed"
    with pytest.raises(errors.StatusError) as info:
        config_maps.apply(CTX, clash, metav1.ApplyOptions(fieldManager="second"))
    assert errors.is_conflict(info.value)
    forced = config_maps.apply(CTX, clash, metav1.ApplyOptions(fieldManager="second", force=True))
    # "second" took "a" over and no longer sets "b", which nobody else owns: the server removes it.
    assert dict(forced.data) == {"a": "changed"}


def test_apply_without_a_field_manager_is_refused_by_the_server(cs, namespace):
    config = corev1.ConfigMap()
    config.metadata.name = _name()
    with pytest.raises(errors.StatusError) as info:
        cs.core_v1().config_maps(namespace).apply(CTX, config, metav1.ApplyOptions())
    assert errors.is_invalid(info.value) or errors.is_bad_request(info.value)
    assert "fieldManager" in str(info.value)


def test_scale_subresource_get_update_apply(cs, namespace):
    name = _name()
    deployment = appsv1.Deployment()
    deployment.metadata.name = name
    deployment.spec.replicas = 1
    deployment.spec.selector.matchLabels["app"] = name
    deployment.spec.template.metadata.labels["app"] = name
    container = deployment.spec.template.spec.containers.add()
    container.name, container.image = "c", "registry.k8s.io/pause:3.10"
    deployments = cs.apps_v1().deployments(namespace)
    deployments.create(CTX, deployment, metav1.CreateOptions())

    scale = deployments.get_scale(CTX, name, metav1.GetOptions())
    assert isinstance(scale, autoscalingv1.Scale) and scale.spec.replicas == 1
    scale.spec.replicas = 3
    assert deployments.update_scale(CTX, name, scale, metav1.UpdateOptions()).spec.replicas == 3
    assert deployments.get(CTX, name, metav1.GetOptions()).spec.replicas == 3

    config = autoscalingv1.Scale()
    config.spec.replicas = 2
    applied = deployments.apply_scale(CTX, name, config, metav1.ApplyOptions(fieldManager="scaler", force=True))
    assert applied.spec.replicas == 2
    assert deployments.get(CTX, name, metav1.GetOptions()).spec.replicas == 2


def test_bind_then_evict_a_pod(cs, namespace):
    name = _name()
    pods = cs.core_v1().pods(namespace)
    pods.create(CTX, _pod(name), metav1.CreateOptions())
    binding = corev1.Binding()
    binding.metadata.name = name
    binding.target.kind, binding.target.name = "Node", "node-a"
    pods.bind(CTX, binding, metav1.CreateOptions())
    assert pods.get(CTX, name, metav1.GetOptions()).spec.nodeName == "node-a"

    eviction = policyv1.Eviction()
    eviction.metadata.name = name
    eviction.metadata.namespace = namespace
    pods.evict_v1(CTX, eviction)
    try:
        left = pods.get(CTX, name, metav1.GetOptions())
    except errors.StatusError as err:
        assert errors.is_not_found(err)
    else:  # no kubelet to finish the deletion
        assert left.metadata.HasField("deletionTimestamp")


def test_policy_eviction_of_a_missing_pod_is_not_found(cs, namespace):
    eviction = policyv1.Eviction()
    eviction.metadata.name = "no-such-pod"
    eviction.metadata.namespace = namespace
    with pytest.raises(errors.StatusError) as info:
        cs.policy_v1().evictions(namespace).evict(CTX, eviction)
    assert errors.is_not_found(info.value)


def test_create_token_for_a_service_account(cs, namespace):
    name = _name()
    account = corev1.ServiceAccount()
    account.metadata.name = name
    cs.core_v1().service_accounts(namespace).create(CTX, account, metav1.CreateOptions())
    request = authenticationv1.TokenRequest()
    request.spec.audiences.append("example.com")
    token = cs.core_v1().service_accounts(namespace).create_token(CTX, name, request, metav1.CreateOptions())
    assert token.status.token.count(".") == 2
    claims = token.status.token.split(".")[1]
    payload = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    assert payload["aud"] == ["example.com"]
    assert payload["sub"] == f"system:serviceaccount:{namespace}:{name}"


def test_namespace_finalize_and_node_patch_status(cs):
    name = _name()
    ns = corev1.Namespace()
    ns.metadata.name = name
    created = cs.core_v1().namespaces().create(CTX, ns, metav1.CreateOptions())
    assert list(created.spec.finalizers) == ["kubernetes"]
    del created.spec.finalizers[:]
    finalized = cs.core_v1().namespaces().finalize(CTX, created, metav1.UpdateOptions())
    assert list(finalized.spec.finalizers) == []
    cs.core_v1().namespaces().delete(CTX, name, metav1.DeleteOptions())

    node = corev1.Node()
    node.metadata.name = name
    cs.core_v1().nodes().create(CTX, node, metav1.CreateOptions())
    try:
        patched = cs.core_v1().nodes().patch_status(CTX, name, b'{"status":{"capacity":{"pods":"7"}}}')
        assert str(patched.status.capacity["pods"]) == "7"
    finally:
        cs.core_v1().nodes().delete(CTX, name, metav1.DeleteOptions())


def test_events_in_their_own_namespace_and_search(cs, namespace):
    pod = cs.core_v1().pods(namespace).create(CTX, _pod(_name()), metav1.CreateOptions())
    event = corev1.Event()
    event.metadata.name = _name()
    event.metadata.namespace = namespace
    event.involvedObject.kind = "Pod"
    event.involvedObject.name = pod.metadata.name
    event.involvedObject.namespace = namespace
    event.involvedObject.uid = pod.metadata.uid
    event.reason, event.message, event.type = "Tested", "by the clientset suite", "Normal"
    event.source.component = "test"
    created = cs.core_v1().events(metav1.NamespaceAll).create_with_event_namespace(event)
    assert created.metadata.namespace == namespace
    found = cs.core_v1().events(namespace).search(scheme.Scheme, pod)
    assert [e.metadata.name for e in found.items] == [created.metadata.name]
