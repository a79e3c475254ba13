"""The generated extended methods (+genclient:method) and the hand-written expansions."""

from __future__ import annotations

import json

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import context
from kubernetes_py.api.authentication import v1 as authenticationv1
from kubernetes_py.api.autoscaling import v1 as autoscalingv1
from kubernetes_py.api.certificates import v1 as certificatesv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.api.extensions import v1beta1 as extensionsv1beta1
from kubernetes_py.api.policy import v1 as policyv1
from kubernetes_py.apimachinery.apis.meta import v1 as metav1

from .conftest import PROTOBUF, PROTOBUF_ACCEPT, as_json, from_body, to_protobuf

CTX = context.todo()
JSON_ACCEPT = "application/json, */*"


def _sent(httpserver):
    return httpserver.log[-1][0]


def _scale(replicas: int) -> autoscalingv1.Scale:
    scale = autoscalingv1.Scale()
    scale.metadata.name = "web"
    scale.spec.replicas = replicas
    return scale


def test_get_and_update_scale_use_protobuf_on_the_scale_subresource(httpserver, clientset):
    path = "/apis/apps/v1/namespaces/ns1/deployments/web/scale"
    httpserver.expect_request(path, method="GET").respond_with_data(
        to_protobuf(_scale(3), autoscalingv1.SchemeGroupVersion), content_type=PROTOBUF
    )
    httpserver.expect_request(path, method="PUT", query_string="fieldManager=m").respond_with_data(
        to_protobuf(_scale(5), autoscalingv1.SchemeGroupVersion), content_type=PROTOBUF
    )
    deployments = clientset.apps_v1().deployments("ns1")
    got = deployments.get_scale(CTX, "web", metav1.GetOptions())
    assert isinstance(got, autoscalingv1.Scale) and got.spec.replicas == 3
    updated = deployments.update_scale(CTX, "web", _scale(5), metav1.UpdateOptions(fieldManager="m"))
    assert updated.spec.replicas == 5
    request = _sent(httpserver)
    assert (request.headers["Content-Type"], request.headers["Accept"]) == (PROTOBUF, PROTOBUF_ACCEPT)
    assert as_json(from_body(request.get_data()), autoscalingv1.SchemeGroupVersion) == as_json(
        _scale(5), autoscalingv1.SchemeGroupVersion
    )


def test_apply_scale_sends_the_scale_apply_configuration(httpserver, clientset):
    httpserver.expect_request(
        "/apis/apps/v1/namespaces/ns1/statefulsets/db/scale", method="PATCH", query_string="fieldManager=me&force=false"
    ).respond_with_json({"kind": "Scale", "apiVersion": "autoscaling/v1", "spec": {"replicas": 2}})
    config = autoscalingv1.Scale()
    config.spec.replicas = 2
    got = (
        clientset.apps_v1().stateful_sets("ns1").apply_scale(CTX, "db", config, metav1.ApplyOptions(fieldManager="me"))
    )
    assert got.spec.replicas == 2
    request = _sent(httpserver)
    assert request.headers["Content-Type"] == "application/apply-patch+yaml"
    assert request.get_data() == b'{"kind":"Scale","apiVersion":"autoscaling/v1","spec":{"replicas":2}}'
    with pytest.raises(ValueError, match="^scale provided to ApplyScale must not be nil$"):
        clientset.apps_v1().stateful_sets("ns1").apply_scale(CTX, "db", None, metav1.ApplyOptions())


def test_create_token_posts_a_token_request(httpserver, clientset):
    answer = authenticationv1.TokenRequest()
    answer.status.token = "t0ken"
    httpserver.expect_request("/api/v1/namespaces/ns1/serviceaccounts/default/token", method="POST").respond_with_data(
        to_protobuf(answer, authenticationv1.SchemeGroupVersion), content_type=PROTOBUF, status=201
    )
    request = authenticationv1.TokenRequest()
    request.spec.audiences.append("api")
    got = clientset.core_v1().service_accounts("ns1").create_token(CTX, "default", request, metav1.CreateOptions())
    assert isinstance(got, authenticationv1.TokenRequest) and got.status.token == "t0ken"
    assert list(from_body(_sent(httpserver).get_data()).spec.audiences) == ["api"]


def test_update_approval_is_cluster_scoped(httpserver, clientset):
    csr = certificatesv1.CertificateSigningRequest()
    csr.metadata.name = "csr-1"
    httpserver.expect_request(
        "/apis/certificates.k8s.io/v1/certificatesigningrequests/csr-1/approval", method="PUT"
    ).respond_with_data(to_protobuf(csr, certificatesv1.SchemeGroupVersion), content_type=PROTOBUF)
    got = (
        clientset.certificates_v1()
        .certificate_signing_requests()
        .update_approval(CTX, "csr-1", csr, metav1.UpdateOptions())
    )
    assert got.metadata.name == "csr-1"


def test_pod_ephemeral_containers_and_resize_subresources(httpserver, clientset):
    pod = corev1.Pod()
    pod.metadata.name = "p1"
    for sub in ("ephemeralcontainers", "resize"):
        httpserver.expect_request(f"/api/v1/namespaces/ns1/pods/p1/{sub}", method="PUT").respond_with_data(
            to_protobuf(pod, corev1.SchemeGroupVersion), content_type=PROTOBUF
        )
    pods = clientset.core_v1().pods("ns1")
    assert pods.update_ephemeral_containers(CTX, "p1", pod, metav1.UpdateOptions()).metadata.name == "p1"
    assert pods.update_resize(CTX, "p1", pod, metav1.UpdateOptions()).metadata.name == "p1"


def test_get_logs_returns_a_request_that_streams_the_log(httpserver, clientset):
    httpserver.expect_request(
        "/api/v1/namespaces/ns1/pods/p1/log", query_string="container=c&follow=true&tailLines=2"
    ).respond_with_response(Response(b"line 1\nline 2\n", content_type="text/plain"))
    request = (
        clientset.core_v1().pods("ns1").get_logs("p1", corev1.PodLogOptions(container="c", follow=True, tailLines=2))
    )
    stream = request.stream(CTX)
    try:
        assert list(stream) == [b"line 1\n", b"line 2\n"]
    finally:
        stream.close()
    assert _sent(httpserver).headers["Accept"] == JSON_ACCEPT


def test_bind_and_evict_post_to_pod_subresources_in_json(httpserver, clientset):
    ok = {"kind": "Status", "apiVersion": "v1", "status": "Success"}
    httpserver.expect_request("/api/v1/namespaces/ns1/pods/p1/binding", method="POST").respond_with_json(ok, 201)
    httpserver.expect_request("/api/v1/namespaces/ns1/pods/p1/eviction", method="POST").respond_with_json(ok, 201)
    binding = corev1.Binding()
    binding.metadata.name = "p1"
    binding.target.name = "node-a"
    pods = clientset.core_v1().pods("ns1")
    pods.bind(CTX, binding, metav1.CreateOptions())
    assert json.loads(_sent(httpserver).get_data())["target"] == {"name": "node-a"}
    eviction = policyv1.Eviction()
    eviction.metadata.name = "p1"
    eviction.metadata.namespace = "ns1"
    pods.evict_v1(CTX, eviction)
    body = json.loads(_sent(httpserver).get_data())
    assert (body["kind"], body["apiVersion"]) == ("Eviction", "policy/v1")
    assert _sent(httpserver).headers["Content-Type"] == "application/json"


def test_policy_evictions_client_posts_to_the_core_pods_path(httpserver, clientset):
    httpserver.expect_request("/api/v1/namespaces/other/pods/p2/eviction", method="POST").respond_with_json(
        {"kind": "Status", "apiVersion": "v1", "status": "Success"}, 201
    )
    eviction = policyv1.Eviction()
    eviction.metadata.name = "p2"
    eviction.metadata.namespace = "other"
    clientset.policy_v1().evictions("ns1").evict(CTX, eviction)
    assert len(httpserver.log) == 1


def test_namespace_finalize_and_node_patch_status(httpserver, clientset):
    httpserver.expect_request("/api/v1/namespaces/ns1/finalize", method="PUT").respond_with_json(
        {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "ns1"}, "spec": {"finalizers": []}}
    )
    httpserver.expect_request("/api/v1/nodes/n1/status", method="PATCH").respond_with_json(
        {"kind": "Node", "apiVersion": "v1", "metadata": {"name": "n1"}}
    )
    namespace = corev1.Namespace()
    namespace.metadata.name = "ns1"
    assert clientset.core_v1().namespaces().finalize(CTX, namespace, metav1.UpdateOptions()).metadata.name == "ns1"
    node = clientset.core_v1().nodes().patch_status(CTX, "n1", b'{"status":{}}')
    assert isinstance(node, corev1.Node)
    assert _sent(httpserver).headers["Content-Type"] == "application/strategic-merge-patch+json"


def test_proxy_get_builds_the_proxy_path(clientset):
    request = clientset.core_v1().services("ns1").proxy_get("https", "web", "8443", "healthz", {"verbose": "1"})
    assert request.url().endswith("/api/v1/namespaces/ns1/services/https:web:8443/proxy/healthz?verbose=1")
    request = clientset.core_v1().pods("ns1").proxy_get("", "p1", "80", "/", None)
    assert request.url().endswith("/api/v1/namespaces/ns1/pods/p1:80/proxy")


def test_events_are_written_in_their_own_namespace(httpserver, clientset):
    event = corev1.Event()
    event.metadata.name = "e1"
    event.metadata.namespace = "other"
    with pytest.raises(ValueError, match="^can't create an event with namespace 'other' in namespace 'ns1'$"):
        clientset.core_v1().events("ns1").create_with_event_namespace(event)
    httpserver.expect_request("/api/v1/namespaces/other/events", method="POST").respond_with_json(
        {"kind": "Event", "apiVersion": "v1", "metadata": {"name": "e1", "namespace": "other"}}, 201
    )
    created = clientset.core_v1().events(metav1.NamespaceAll).create_with_event_namespace(event)
    assert created.metadata.namespace == "other"
    selector = clientset.core_v1().events("").get_field_selector("p1", "ns1", None, None)
    assert str(selector) == "involvedObject.name=p1,involvedObject.namespace=ns1"


def test_extensions_deployment_rollback(httpserver, clientset):
    httpserver.expect_request(
        "/apis/extensions/v1beta1/namespaces/ns1/deployments/web/rollback", method="POST"
    ).respond_with_json({"kind": "Status", "apiVersion": "v1", "status": "Success"}, 201)
    rollback = extensionsv1beta1.DeploymentRollback(name="web")
    clientset.extensions_v1beta1().deployments("ns1").rollback(CTX, rollback, metav1.CreateOptions())
    assert json.loads(_sent(httpserver).get_data())["name"] == "web"


def test_a_bad_name_fails_before_anything_is_sent(httpserver, clientset):
    with pytest.raises(ValueError, match="^invalid resource name \"a/b\": \\[may not contain '/'\\]$"):
        clientset.apps_v1().deployments("ns1").get_scale(CTX, "a/b", metav1.GetOptions())
    assert httpserver.log == []


def test_event_search_lists_events_about_an_object(httpserver, json_clientset):
    from kubernetes_py.kubernetes import scheme

    httpserver.expect_request(
        "/api/v1/namespaces/ns1/events",
        query_string="fieldSelector=involvedObject.kind%3DPod%2CinvolvedObject.name%3Dp1%2C"
        "involvedObject.namespace%3Dns1%2CinvolvedObject.uid%3Du-1",
    ).respond_with_json({"kind": "EventList", "apiVersion": "v1", "items": [{"metadata": {"name": "e1"}}]})
    pod = corev1.Pod()
    pod.metadata.name, pod.metadata.namespace, pod.metadata.uid = "p1", "ns1", "u-1"
    events = json_clientset.core_v1().events("ns1").search(scheme.Scheme, pod)
    assert isinstance(events, corev1.EventList) and events.items[0].metadata.name == "e1"
    with pytest.raises(ValueError, match="^won't be able to find any events of namespace 'ns1' in namespace 'other'$"):
        json_clientset.core_v1().events("other").search(scheme.Scheme, pod)
