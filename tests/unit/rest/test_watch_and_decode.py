"""Do/into/get with real serializers, Status errors, and watches over JSON lines and protobuf frames."""

from __future__ import annotations

import json
import struct
import threading
import time

import pytest
import requests
from werkzeug.wrappers import Response

from kubernetes_py import context, rest
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.api import errors
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime import schema
from kubernetes_py.kubernetes import scheme

V1 = schema.GroupVersion(version="v1")
PROTOBUF = "application/vnd.kubernetes.protobuf"


def _client(httpserver, content_type: str = "", accept: str = "") -> rest.RESTClient:
    content = rest.ClientContentConfig(
        content_type=content_type,
        accept_content_types=accept,
        group_version=V1,
        negotiator=runtime.new_client_negotiator(scheme.Codecs.without_conversion(), V1),
    )
    return rest.new_rest_client(httpserver.url_for("/"), "/api/v1", content, None, requests.Session())


def _pod_json(name: str) -> dict:
    return {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": name, "namespace": "ns"}}


def _proto(obj) -> bytes:
    return runtime.encode(scheme.Codecs.encoder_for_version(_protobuf_serializer(), V1), obj)


def _protobuf_serializer():
    info, ok = runtime.serializer_info_for_media_type(scheme.Codecs.supported_media_types(), PROTOBUF)
    assert ok
    return info.serializer


def _pod(name: str) -> corev1.Pod:
    p = corev1.Pod()
    p.metadata.name = name
    p.metadata.namespace = "ns"
    return p


def test_do_into_decodes_json(httpserver):
    httpserver.expect_request("/api/v1/namespaces/ns/pods/p").respond_with_data(
        json.dumps(_pod_json("p")), content_type="application/json"
    )
    pod = corev1.Pod()
    _client(httpserver).get().namespace("ns").resource("pods").name("p").do().into(pod)
    assert pod.metadata.name == "p"


def test_do_get_decodes_protobuf_and_falls_back_to_json_answers(httpserver):
    httpserver.expect_request(
        "/api/v1/namespaces/ns/pods/p", headers={"Accept": "application/vnd.kubernetes.protobuf,application/json"}
    ).respond_with_data(_proto(_pod("p")), content_type=PROTOBUF)
    httpserver.expect_request("/api/v1/namespaces/ns/pods/q").respond_with_data(
        json.dumps(_pod_json("q")), content_type="application/json"
    )
    c = _client(httpserver, content_type=PROTOBUF, accept="application/vnd.kubernetes.protobuf,application/json")
    got = c.get().namespace("ns").resource("pods").name("p").do().get()
    assert isinstance(got, corev1.Pod) and got.metadata.name == "p"
    got = c.get().namespace("ns").resource("pods").name("q").do().get()
    assert isinstance(got, corev1.Pod) and got.metadata.name == "q"


def test_body_object_is_encoded_with_the_content_type(httpserver):
    httpserver.expect_request(
        "/api/v1/namespaces/ns/pods", method="POST", headers={"Content-Type": "application/json"}
    ).respond_with_data(json.dumps(_pod_json("p")), status=201, content_type="application/json")
    result = _client(httpserver).post().namespace("ns").resource("pods").body(_pod("p")).do()
    assert result.status_code() == 201 and result.was_created()
    sent = json.loads(httpserver.log[0][0].get_data())
    assert sent["kind"] == "Pod" and sent["apiVersion"] == "v1" and sent["metadata"]["name"] == "p"


def test_body_object_as_protobuf(httpserver):
    httpserver.expect_request(
        "/api/v1/namespaces/ns/pods", method="POST", headers={"Content-Type": PROTOBUF}
    ).respond_with_data(_proto(_pod("p")), status=201, content_type=PROTOBUF)
    _client(httpserver, content_type=PROTOBUF).post().namespace("ns").resource("pods").body(_pod("p")).do().error()
    assert httpserver.log[0][0].get_data().startswith(b"k8s\x00")


def test_status_answer_becomes_status_error(httpserver):
    status = {
        "kind": "Status",
        "apiVersion": "v1",
        "status": "Failure",
        "message": 'pods "p" not found',
        "reason": "NotFound",
        "details": {"name": "p", "kind": "pods"},
        "code": 404,
    }
    httpserver.expect_request("/api/v1/namespaces/ns/pods/p").respond_with_data(
        json.dumps(status), status=404, content_type="application/json"
    )
    result = _client(httpserver).get().namespace("ns").resource("pods").name("p").do()
    with pytest.raises(errors.StatusError) as info:
        result.into(corev1.Pod())
    assert str(info.value) == 'pods "p" not found'
    assert errors.is_not_found(info.value)
    with pytest.raises(errors.StatusError):
        result.get()
    with pytest.raises(errors.StatusError):
        result.error()


def test_empty_2xx_body_into_is_an_error(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"", content_type="application/json")
    with pytest.raises(Exception) as info:
        _client(httpserver).get().resource("pods").do().into(corev1.PodList())
    assert str(info.value) == "0-length response with status code: 200 and content type: application/json"


def test_unknown_content_type_on_2xx_has_no_serializer(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"hello", content_type="text/plain")
    result = _client(httpserver).get().resource("pods").do()
    assert result.raw() == b"hello"
    with pytest.raises(Exception) as info:
        result.get()
    assert str(info.value) == "serializer for text/plain doesn't exist"


def test_versioned_params_from_list_options(httpserver):
    r = _client(httpserver).get().resource("pods")
    r.versioned_params(metav1.ListOptions(resourceVersion="1"), scheme.ParameterCodec)
    assert r._params == {"resourceVersion": ["1"]}
    r.versioned_params(metav1.ListOptions(resourceVersion="2", timeoutSeconds=10), scheme.ParameterCodec)
    assert r._params == {"resourceVersion": ["1", "2"], "timeoutSeconds": ["10"]}
    r = (
        _client(httpserver)
        .get()
        .resource("pods")
        .versioned_params(
            metav1.ListOptions(
                labelSelector="a=b",
                fieldSelector="x=y",
                watch=True,
                allowWatchBookmarks=True,
                limit=500,
                sendInitialEvents=True,
                resourceVersionMatch="NotOlderThan",
            ),
            scheme.ParameterCodec,
        )
    )
    assert r._params == {
        "labelSelector": ["a=b"],
        "fieldSelector": ["x=y"],
        "watch": ["true"],
        "allowWatchBookmarks": ["true"],
        "limit": ["500"],
        "sendInitialEvents": ["true"],
        "resourceVersionMatch": ["NotOlderThan"],
    }


def _json_events(*events) -> bytes:
    return b"".join(json.dumps({"type": t, "object": o}).encode() + b"\n" for t, o in events)


def _drain(w, n: int, timeout: float = 5.0) -> list:
    out = []
    deadline = time.monotonic() + timeout
    for ev in w.result_chan():
        out.append(ev)
        if len(out) == n or time.monotonic() > deadline:
            break
    return out


def test_watch_over_json_lines(httpserver):
    body = _json_events(
        ("ADDED", _pod_json("first")), ("MODIFIED", _pod_json("second")), ("DELETED", _pod_json("last"))
    )
    httpserver.expect_request("/api/v1/pods", query_string="watch=true").respond_with_data(
        body, content_type="application/json"
    )
    w = _client(httpserver).get().resource("pods").param("watch", "true").watch()
    events = list(w.result_chan())
    assert [(e.type, e.object.metadata.name) for e in events] == [
        (watch.Added, "first"),
        (watch.Modified, "second"),
        (watch.Deleted, "last"),
    ]
    assert all(isinstance(e.object, corev1.Pod) for e in events)


def test_watch_over_protobuf_frames(httpserver):
    frames = b""
    for t, name in (("ADDED", "first"), ("BOOKMARK", "mark")):
        ev = metav1.WatchEvent(type=t)
        ev.object.raw = _proto(_pod(name))
        data = ev.SerializeToString()  # a watch frame is the bare WatchEvent (the raw serializer)
        frames += struct.pack(">I", len(data)) + data
    httpserver.expect_request("/api/v1/pods").respond_with_data(
        frames, content_type="application/vnd.kubernetes.protobuf;stream=watch"
    )
    w = _client(httpserver, content_type=PROTOBUF).get().resource("pods").watch()
    assert [(e.type, e.object.metadata.name) for e in w.result_chan()] == [
        (watch.Added, "first"),
        (watch.Bookmark, "mark"),
    ]


def test_watch_retries_429_then_streams(httpserver):
    calls = []

    def handler(request):
        calls.append(1)
        if len(calls) == 1:
            return Response(b"", status=429, headers={"Retry-After": "0"})
        return Response(_json_events(("ADDED", _pod_json("a"))), content_type="application/json")

    httpserver.expect_request("/api/v1/pods").respond_with_handler(handler)
    w = _client(httpserver).get().resource("pods").max_retries(3).watch()
    assert [e.object.metadata.name for e in w.result_chan()] == ["a"]
    assert len(calls) == 2


def test_watch_error_answer_raises_status_error(httpserver):
    status = {
        "kind": "Status",
        "apiVersion": "v1",
        "status": "Failure",
        "message": "too old resource version",
        "reason": "Expired",
        "code": 410,
    }
    httpserver.expect_request("/api/v1/pods").respond_with_data(
        json.dumps(status), status=410, content_type="application/json"
    )
    with pytest.raises(errors.StatusError) as info:
        _client(httpserver).get().resource("pods").watch()
    assert str(info.value) == "too old resource version"
    assert errors.is_resource_expired(info.value)


def test_watch_unknown_content_type_fails(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"{}", content_type="foobar")
    with pytest.raises(Exception):
        _client(httpserver).get().resource("pods").watch()


def test_watch_invalid_event_type_is_reported_as_an_error_event(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_data(
        _json_events(("EXPLODED", _pod_json("a"))), content_type="application/json"
    )
    events = list(_client(httpserver).get().resource("pods").watch().result_chan())
    assert len(events) == 1 and events[0].type == watch.Error
    assert events[0].object.message == (
        'an error on the server ("unable to decode an event from the watch stream: got invalid watch event type: '
        'EXPLODED") has prevented the request from succeeding'
    )
    assert events[0].object.reason == "InternalError" and events[0].object.code == 500


def test_stop_and_context_end_a_blocked_watch(httpserver):
    release = threading.Event()

    def endless(request):
        def gen():
            yield _json_events(("ADDED", _pod_json("a")))
            release.wait(5)

        return Response(gen(), content_type="application/json")

    httpserver.expect_request("/api/v1/pods").respond_with_handler(endless)
    ctx, cancel = context.with_cancel(context.background())
    try:
        w = _client(httpserver).get().resource("pods").watch(ctx)
        it = iter(w.result_chan())
        assert next(it).object.metadata.name == "a"
        threading.Timer(0.2, cancel).start()
        start = time.monotonic()
        assert list(it) == []
        assert time.monotonic() - start < 1.0
    finally:
        release.set()
        deadline = time.monotonic() + 5  # let the server finish its answer before the next test
        while time.monotonic() < deadline and not httpserver.log:
            time.sleep(0.01)


def test_watch_answered_with_another_2xx_is_an_error(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"", status=204)
    c = _client(httpserver)
    with pytest.raises(Exception) as info:
        c.get().resource("pods").param("watch", "1").watch()
    assert str(info.value) == f"for request {httpserver.url_for('/api/v1/pods')}?watch=1, got status: 204"


def test_watch_error_without_status_body_is_a_generic_status_error(httpserver):
    httpserver.expect_request("/api/v1/pods").respond_with_data(b"Unauthorized", status=401, content_type="text/plain")
    with pytest.raises(errors.StatusError) as info:
        _client(httpserver).get().resource("pods").watch()
    assert str(info.value) == "the server has asked for the client to provide credentials (get pods)"
    assert errors.is_unauthorized(info.value)
