"""The metadata client against a fake server: the exact Accept headers client-go sends, protobuf and JSON answers
decoded to PartialObjectMetadata(List), delete bodies and the JSON fallback (after client-go's metadata_test.go)."""

from __future__ import annotations

import json
import re

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import metadata, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource

PODS = GroupVersionResource(version="v1", resource="pods")
ACCEPT_ONE = (
    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,"
    "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"
)
ACCEPT_LIST = (
    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
    "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
)


class Recorder:
    def __init__(self, body, content_type="application/json", status=200):
        self.requests = []
        self.body, self.content_type, self.status = body, content_type, status

    def __call__(self, request):
        self.requests.append(
            {
                "method": request.method,
                "path": request.path,
                "query": request.query_string.decode(),
                "accept": request.headers.get("Accept", ""),
                "content_type": request.headers.get("Content-Type", ""),
                "body": request.get_data(),
            }
        )
        body = self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()
        return Response(body, status=self.status, content_type=self.content_type)


@pytest.fixture
def client_and(httpserver):
    def make(body, content_type="application/json", status=200):
        rec = Recorder(body, content_type, status)
        httpserver.clear_all_handlers()
        httpserver.expect_request(re.compile(".*")).respond_with_handler(rec)
        return metadata.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/"))), rec

    return make


def partial(name, **meta):
    return {
        "apiVersion": "meta.k8s.io/v1",
        "kind": "PartialObjectMetadata",
        "metadata": {"name": name, "namespace": "ns", "uid": "u-" + name, **meta},
    }


def test_get_json_answer(client_and):
    c, rec = client_and(partial("web", labels={"app": "web"}))
    got = c.resource(PODS).namespace("ns").get(None, "web", metav1.GetOptions(resourceVersion="3"))
    assert isinstance(got, metav1.PartialObjectMetadata)
    assert (got.metadata.name, got.metadata.uid, dict(got.metadata.labels)) == ("web", "u-web", {"app": "web"})
    r = rec.requests[0]
    assert (r["method"], r["path"], r["query"], r["accept"]) == (
        "GET",
        "/api/v1/namespaces/ns/pods/web",
        "resourceVersion=3",
        ACCEPT_ONE,
    )


def test_list_protobuf_answer(client_and):
    from kubernetes_py.apimachinery import runtime
    from kubernetes_py.apimachinery.runtime.serializer import new_codec_factory

    scheme = runtime.new_scheme()
    metav1.add_meta_to_scheme(scheme)
    lst = metav1.PartialObjectMetadataList(
        metadata=metav1.ListMeta(resourceVersion="9"),
        items=[metav1.PartialObjectMetadata(metadata=metav1.ObjectMeta(name=n, namespace="ns")) for n in ("a", "b")],
    )
    info, ok = runtime.serializer_info_for_media_type(
        new_codec_factory(scheme).supported_media_types(), "application/vnd.kubernetes.protobuf"
    )
    assert ok
    body = runtime.encode(
        new_codec_factory(scheme).encoder_for_version(info.serializer, metav1.SchemeGroupVersion), lst
    )
    c, rec = client_and(bytes(body), content_type="application/vnd.kubernetes.protobuf")
    got = c.resource(GroupVersionResource(group="apps", version="v1", resource="deployments")).list(
        None, metav1.ListOptions(labelSelector="app")
    )
    assert isinstance(got, metav1.PartialObjectMetadataList)
    assert [i.metadata.name for i in got.items] == ["a", "b"] and got.metadata.resourceVersion == "9"
    r = rec.requests[0]
    assert (r["path"], r["query"], r["accept"]) == ("/apis/apps/v1/deployments", "labelSelector=app", ACCEPT_LIST)


def test_delete_sends_json_delete_options(client_and):
    c, rec = client_and({"kind": "Status", "apiVersion": "v1", "status": "Success"})
    c.resource(PODS).namespace("ns").delete(None, "web", metav1.DeleteOptions(gracePeriodSeconds=0))
    r = rec.requests[0]
    assert (r["method"], r["path"], r["content_type"]) == (
        "DELETE",
        "/api/v1/namespaces/ns/pods/web",
        "application/json",
    )
    assert json.loads(r["body"]) == {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0}
    c.resource(PODS).namespace("ns").delete_collection(
        None, metav1.DeleteOptions(), metav1.ListOptions(fieldSelector="a=b")
    )
    assert (rec.requests[1]["path"], rec.requests[1]["query"]) == ("/api/v1/namespaces/ns/pods", "fieldSelector=a%3Db")


def test_unknown_kind_falls_back_to_json_metadata(client_and):
    c, _ = client_and(
        {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "uid": "1"}, "spec": {"size": 3}}
    )
    got = c.resource(GroupVersionResource(group="example.com", version="v1", resource="widgets")).get(None, "w")
    assert (got.metadata.name, got.apiVersion, got.kind) == ("w", "", "")
    c, _ = client_and({"apiVersion": "example.com/v1", "kind": "Widget", "spec": {}})
    with pytest.raises(ValueError, match="^object does not appear to match the ObjectMeta schema"):
        c.resource(GroupVersionResource(group="example.com", version="v1", resource="widgets")).get(None, "w")


def test_patch_and_name_checks(client_and):
    c, rec = client_and(partial("web"))
    c.resource(PODS).namespace("ns").patch(
        None, "web", "application/merge-patch+json", b'{"metadata":{}}', metav1.PatchOptions()
    )
    r = rec.requests[0]
    assert (r["method"], r["accept"], r["content_type"], r["body"]) == (
        "PATCH",
        ACCEPT_ONE,
        "application/merge-patch+json",
        b'{"metadata":{}}',
    )
    with pytest.raises(ValueError, match="^name is required$"):
        c.resource(PODS).get(None, "")
    with pytest.raises(ValueError, match="^name is required$"):
        c.resource(PODS).delete(None, "")


def test_a_creation_timestamp_alone_marks_metadata_unless_it_is_the_zero_time(client_and):
    """Go's isLikelyObjectMetadata tests !CreationTimestamp.IsZero(): the Unix epoch is a time, 0001-01-01 is not."""
    widgets = GroupVersionResource(group="example.com", version="v1", resource="widgets")
    c, _ = client_and(
        {"apiVersion": "example.com/v1", "kind": "W", "metadata": {"creationTimestamp": "1970-01-01T00:00:00Z"}}
    )
    assert c.resource(widgets).get(None, "w").metadata.creationTimestamp.unix() == 0
    c, _ = client_and(
        {"apiVersion": "example.com/v1", "kind": "W", "metadata": {"creationTimestamp": "0001-01-01T00:00:00Z"}}
    )
    with pytest.raises(ValueError, match="^object does not appear to match the ObjectMeta schema"):
        c.resource(widgets).get(None, "w")
