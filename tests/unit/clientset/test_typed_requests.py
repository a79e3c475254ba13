"""The requests of the typed clients (gentype through the generated clientset), in protobuf and JSON."""

from __future__ import annotations

import json

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import context
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1

from .conftest import JSON_ACCEPT, PROTOBUF, PROTOBUF_ACCEPT, as_json, from_body, to_protobuf

CTX = context.todo()


def _pod(name: str = "p1", namespace: str = "ns1") -> corev1.Pod:
    pod = corev1.Pod()
    pod.metadata.name = name
    pod.metadata.namespace = namespace
    pod.spec.nodeName = "node-a"
    return pod


def _pod_json(name: str = "p1") -> dict:
    return {
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": {"name": name, "namespace": "ns1", "uid": "u-1"},
        "spec": {"nodeName": "node-a", "containers": [{"name": "c", "image": "nginx"}]},
    }


def _sent(httpserver):
    request, _ = httpserver.log[-1]
    return request


def test_get_speaks_protobuf_and_decodes_a_typed_pod(httpserver, clientset):
    served = _pod()
    served.metadata.uid = "u-1"
    httpserver.expect_request(
        "/api/v1/namespaces/ns1/pods/p1", method="GET", query_string="resourceVersion=5"
    ).respond_with_data(to_protobuf(served, corev1.SchemeGroupVersion), content_type=PROTOBUF)
    pod = clientset.core_v1().pods("ns1").get(CTX, "p1", metav1.GetOptions(resourceVersion="5"))
    assert isinstance(pod, corev1.Pod)
    assert pod.metadata.uid == "u-1" and pod.spec.nodeName == "node-a"
    assert _sent(httpserver).headers["Accept"] == PROTOBUF_ACCEPT


def test_get_keeps_to_json_when_the_config_chose_it(httpserver, json_clientset):
    httpserver.expect_request("/api/v1/namespaces/ns1/pods/p1").respond_with_json(_pod_json())
    pod = json_clientset.core_v1().pods("ns1").get(CTX, "p1", metav1.GetOptions())
    assert pod.metadata.uid == "u-1" and pod.spec.containers[0].image == "nginx"
    assert _sent(httpserver).headers["Accept"] == JSON_ACCEPT
    assert _sent(httpserver).query_string == b""


def test_list_sends_the_options_and_their_timeout(httpserver, json_clientset):
    httpserver.expect_request("/api/v1/namespaces/ns1/pods", method="GET").respond_with_json(
        {
            "kind": "PodList",
            "apiVersion": "v1",
            "metadata": {"resourceVersion": "9"},
            "items": [_pod_json("a"), _pod_json("b")],
        }
    )
    pods = (
        json_clientset.core_v1()
        .pods("ns1")
        .list(CTX, metav1.ListOptions(labelSelector="app=web", limit=500, timeoutSeconds=10))
    )
    assert isinstance(pods, corev1.PodList)
    assert [p.metadata.name for p in pods.items] == ["a", "b"] and pods.metadata.resourceVersion == "9"
    assert _sent(httpserver).query_string == b"labelSelector=app%3Dweb&limit=500&timeout=10s&timeoutSeconds=10"


def test_list_across_namespaces_and_cluster_scoped_paths(httpserver, json_clientset):
    httpserver.expect_request("/api/v1/pods").respond_with_json({"kind": "PodList", "apiVersion": "v1", "items": []})
    httpserver.expect_request("/api/v1/nodes/n1").respond_with_json(
        {"kind": "Node", "apiVersion": "v1", "metadata": {"name": "n1"}}
    )
    assert len(json_clientset.core_v1().pods(metav1.NamespaceAll).list(CTX, metav1.ListOptions()).items) == 0
    assert json_clientset.core_v1().nodes().get(CTX, "n1", metav1.GetOptions()).metadata.name == "n1"


def test_create_posts_a_protobuf_body(httpserver, clientset):
    httpserver.expect_request(
        "/api/v1/namespaces/ns1/pods", method="POST", query_string="dryRun=All&fieldManager=m"
    ).respond_with_data(to_protobuf(_pod(), corev1.SchemeGroupVersion), status=201, content_type=PROTOBUF)
    created = (
        clientset.core_v1().pods("ns1").create(CTX, _pod(), metav1.CreateOptions(dryRun=["All"], fieldManager="m"))
    )
    assert created.metadata.name == "p1"
    request = _sent(httpserver)
    assert request.headers["Content-Type"] == PROTOBUF
    assert request.get_data().startswith(b"k8s\x00")
    assert as_json(from_body(request.get_data()), corev1.SchemeGroupVersion) == as_json(
        _pod(), corev1.SchemeGroupVersion
    )


def test_create_posts_json_when_the_config_chose_it(httpserver, json_clientset):
    httpserver.expect_request("/api/v1/namespaces/ns1/pods", method="POST").respond_with_json(_pod_json(), status=201)
    json_clientset.core_v1().pods("ns1").create(CTX, _pod(), metav1.CreateOptions())
    request = _sent(httpserver)
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.get_data())
    assert (body["kind"], body["apiVersion"], body["metadata"]["name"], body["spec"]["nodeName"]) == (
        "Pod",
        "v1",
        "p1",
        "node-a",
    )


def test_update_and_update_status_put_under_the_object_name(httpserver, json_clientset):
    httpserver.expect_request(
        "/api/v1/namespaces/ns1/pods/p1", method="PUT", query_string="fieldManager=m"
    ).respond_with_json(_pod_json())
    httpserver.expect_request("/api/v1/namespaces/ns1/pods/p1/status", method="PUT").respond_with_json(_pod_json())
    pods = json_clientset.core_v1().pods("ns1")
    assert pods.update(CTX, _pod(), metav1.UpdateOptions(fieldManager="m")).metadata.uid == "u-1"
    assert pods.update_status(CTX, _pod(), metav1.UpdateOptions()).metadata.uid == "u-1"
    assert [r.path for r, _ in httpserver.log] == [
        "/api/v1/namespaces/ns1/pods/p1",
        "/api/v1/namespaces/ns1/pods/p1/status",
    ]


def test_delete_sends_the_options_as_body(httpserver, json_clientset):
    httpserver.expect_request("/api/v1/namespaces/ns1/pods/p1", method="DELETE").respond_with_json(
        {"kind": "Status", "apiVersion": "v1", "status": "Success"}
    )
    json_clientset.core_v1().pods("ns1").delete(CTX, "p1", metav1.DeleteOptions(gracePeriodSeconds=0))
    request = _sent(httpserver)
    assert request.query_string == b""
    assert json.loads(request.get_data()) == {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0}


def test_delete_collection_sends_list_options_as_query_and_delete_options_as_body(httpserver, clientset):
    httpserver.expect_request("/api/v1/namespaces/ns1/pods", method="DELETE").respond_with_json(
        {"kind": "Status", "apiVersion": "v1", "status": "Success"}
    )
    clientset.core_v1().pods("ns1").delete_collection(
        CTX, metav1.DeleteOptions(gracePeriodSeconds=0), metav1.ListOptions(labelSelector="a=b", timeoutSeconds=3)
    )
    request = _sent(httpserver)
    assert request.query_string == b"labelSelector=a%3Db&timeout=3s&timeoutSeconds=3"
    assert request.headers["Content-Type"] == PROTOBUF
    assert as_json(from_body(request.get_data()), corev1.SchemeGroupVersion) == {
        "kind": "DeleteOptions",
        "apiVersion": "v1",
        "gracePeriodSeconds": 0,
    }


def test_patch_sends_the_data_with_the_patch_type(httpserver, clientset):
    httpserver.expect_request(
        "/api/v1/namespaces/ns1/pods/p1/status", method="PATCH", query_string="fieldManager=m"
    ).respond_with_json(_pod_json())
    patched = (
        clientset.core_v1()
        .pods("ns1")
        .patch(
            CTX,
            "p1",
            "application/merge-patch+json",
            b'{"status":{"phase":"Running"}}',
            metav1.PatchOptions(fieldManager="m"),
            "status",
        )
    )
    assert patched.spec.nodeName == "node-a"
    request = _sent(httpserver)
    assert request.headers["Content-Type"] == "application/merge-patch+json"
    assert request.headers["Accept"] == PROTOBUF_ACCEPT
    assert request.get_data() == b'{"status":{"phase":"Running"}}'


def test_apply_sends_only_the_fields_set_as_an_apply_patch(httpserver, clientset):
    httpserver.expect_request(
        "/apis/apps/v1/namespaces/ns1/deployments/web", method="PATCH", query_string="fieldManager=me&force=true"
    ).respond_with_json({"kind": "Deployment", "apiVersion": "apps/v1", "metadata": {"name": "web", "generation": 2}})
    config = appsv1.Deployment()
    config.metadata.name = "web"
    config.spec.replicas = 0
    applied = (
        clientset.apps_v1().deployments("ns1").apply(CTX, config, metav1.ApplyOptions(fieldManager="me", force=True))
    )
    assert isinstance(applied, appsv1.Deployment) and applied.metadata.generation == 2
    request = _sent(httpserver)
    assert request.headers["Content-Type"] == "application/apply-patch+yaml"
    assert request.get_data() == (
        b'{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"replicas":0}}'
    )


def test_apply_status_and_unforced_apply(httpserver, json_clientset):
    httpserver.expect_request(
        "/api/v1/namespaces/ns1/pods/p1/status", method="PATCH", query_string="dryRun=All&fieldManager=me&force=false"
    ).respond_with_json(_pod_json())
    config = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p1"}, "status": {"phase": "Running"}}
    from kubernetes_py.apimachinery.apis.meta.v1 import unstructured

    obj = unstructured.Unstructured(config)
    json_clientset.core_v1().pods("ns1").apply_status(CTX, obj, metav1.ApplyOptions(fieldManager="me", dryRun=["All"]))
    assert json.loads(_sent(httpserver).get_data()) == config


def test_apply_needs_an_object_and_its_name(httpserver, clientset):
    pods = clientset.core_v1().pods("ns1")
    with pytest.raises(ValueError, match="^object provided to Apply must not be nil$"):
        pods.apply(CTX, None, metav1.ApplyOptions(fieldManager="me"))
    with pytest.raises(ValueError, match="^obj.Name must be provided to Apply$"):
        pods.apply(CTX, corev1.Pod(spec={"nodeName": "x"}), metav1.ApplyOptions(fieldManager="me"))
    assert httpserver.log == []


def test_watch_sets_watch_on_a_copy_of_the_options_and_streams_typed_events(httpserver, json_clientset):
    events = b"".join(
        json.dumps({"type": t, "object": _pod_json(n)}).encode() + b"\n"
        for t, n in (("ADDED", "a"), ("MODIFIED", "a"), ("DELETED", "b"))
    )
    httpserver.expect_request(
        "/api/v1/namespaces/ns1/pods", query_string="timeout=5s&timeoutSeconds=5&watch=true"
    ).respond_with_response(Response(events, content_type="application/json"))
    opts = metav1.ListOptions(timeoutSeconds=5)
    w = json_clientset.core_v1().pods("ns1").watch(CTX, opts)
    got = [(e.type, e.object.metadata.name, type(e.object)) for e in w.result_chan()]
    assert got == [("ADDED", "a", corev1.Pod), ("MODIFIED", "a", corev1.Pod), ("DELETED", "b", corev1.Pod)]
    assert not opts.watch


def test_server_status_is_raised_as_status_error(httpserver, clientset):
    httpserver.expect_request("/api/v1/namespaces/ns1/pods/gone").respond_with_json(
        {
            "kind": "Status",
            "apiVersion": "v1",
            "status": "Failure",
            "message": 'pods "gone" not found',
            "reason": "NotFound",
            "details": {"name": "gone", "kind": "pods"},
            "code": 404,
        },
        status=404,
    )
    with pytest.raises(errors.StatusError) as info:
        clientset.core_v1().pods("ns1").get(CTX, "gone", metav1.GetOptions())
    assert errors.is_not_found(info.value)
    assert str(info.value) == 'pods "gone" not found'


def test_verbs_the_tags_leave_out_are_absent(clientset):
    reviews = clientset.authentication_v1().token_reviews()
    assert reviews.VERBS == ("create",)
    assert callable(reviews.create)
    for verb in ("get", "list", "watch", "update", "delete", "patch", "apply"):
        assert not hasattr(reviews, verb)
    with pytest.raises(
        AttributeError,
        match="^TokenReviewInterface has no method 'get': the \\+genclient tags of its type leave that verb out$",
    ):
        reviews.get(CTX, "x", metav1.GetOptions())
    config_maps = clientset.core_v1().config_maps("ns1")
    assert not hasattr(config_maps, "update_status") and not hasattr(config_maps, "apply_status")
    assert callable(clientset.core_v1().services("ns1").update_status)
