"""client-go metadata/metadata_test.go, test by test (Go names in the docstrings): the exact Accept headers, JSON
answers turned into PartialObjectMetadata(List) whole, the errors for objects that are not metadata, and the
JSON DeleteOptions bodies."""

from __future__ import annotations

import json
import re

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import metadata, rest
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.util import watchlist

GVR = GroupVersionResource(group="group", version="v1", resource="resource")
ACCEPT_ONE = (
    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,"
    "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"
)
ACCEPT_LIST = (
    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,"
    "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
)
STATUS_OK = {"metadata": {}, "status": "Success", "code": 200}


def test_does_client_support_watch_list_semantics():
    """TestDoesClientSupportWatchListSemantics."""
    target = metadata.new_for_config(rest.Config())
    assert not watchlist.does_client_not_support_watch_list_semantics(target)


class Server:
    def __init__(self, httpserver, body):
        self.seen = []
        self._body = body
        httpserver.clear_all_handlers()
        httpserver.expect_request(re.compile(".*")).respond_with_handler(self)
        cfg = metadata.config_for(rest.Config(host=httpserver.url_for("/").rstrip("/")))
        self.client = metadata.new_for_config_or_die(cfg)

    def __call__(self, request):
        self.seen.append(
            (
                request.method,
                request.full_path.rstrip("?"),
                request.headers.get("Accept"),
                request.headers.get("Content-Type"),
                request.get_data(),
            )
        )
        return Response(json.dumps(self._body), content_type="application/json")


def _pod(**meta):
    return {"kind": "Pod", "apiVersion": "v1", "metadata": meta, "spec": {"containers": None}, "status": {}}


def test_get_converts_a_json_object(httpserver):
    """TestClient: GET is able to convert a JSON object to PartialObjectMetadata (its TypeMeta cleared)."""
    srv = Server(httpserver, _pod(name="name", namespace="ns"))
    obj = srv.client.resource(GVR).namespace("ns").get(None, "name", metav1.GetOptions())
    assert obj == metav1.PartialObjectMetadata(metadata=metav1.ObjectMeta(name="name", namespace="ns"))
    assert (obj.apiVersion, obj.kind) == ("", "")
    assert srv.seen == [("GET", "/apis/group/v1/namespaces/ns/resource/name", ACCEPT_ONE, None, b"")]


def test_list_converts_a_json_object(httpserver):
    """TestClient: LIST is able to convert a JSON object to PartialObjectMetadata (items keep their TypeMeta)."""
    body = {
        "kind": "PodList",
        "apiVersion": "v1",
        "metadata": {"resourceVersion": "253"},
        "items": [_pod(name="name", namespace="ns")],
    }
    srv = Server(httpserver, body)
    objs = srv.client.resource(GVR).namespace("ns").list(None, metav1.ListOptions())
    assert objs.metadata.resourceVersion == "253"
    assert list(objs.items) == [
        metav1.PartialObjectMetadata(
            kind="Pod", apiVersion="v1", metadata=metav1.ObjectMeta(name="name", namespace="ns")
        )
    ]
    assert srv.seen == [("GET", "/apis/group/v1/namespaces/ns/resource", ACCEPT_LIST, None, b"")]


def test_get_fails_without_kind(httpserver):
    """TestClient: GET fails if the object is JSON and has no kind."""
    srv = Server(httpserver, {"metadata": {"uid": "123"}, "spec": {"containers": None}, "status": {}})
    with pytest.raises(Exception) as info:
        srv.client.resource(GVR).namespace("ns").get(None, "name", metav1.GetOptions())
    assert runtime.is_missing_kind(info.value)


def test_get_fails_without_api_version(httpserver):
    """TestClient: GET fails if the object is JSON and has no apiVersion."""
    srv = Server(httpserver, {"kind": "Pod", "metadata": {"uid": "123"}, "spec": {"containers": None}, "status": {}})
    with pytest.raises(Exception) as info:
        srv.client.resource(GVR).namespace("ns").get(None, "name", metav1.GetOptions())
    assert runtime.is_missing_version(info.value)


def test_get_fails_if_not_clearly_metadata(httpserver):
    """TestClient: GET fails if the object is JSON and not clearly metadata."""
    srv = Server(httpserver, _pod())
    with pytest.raises(Exception, match="object does not appear to match the ObjectMeta schema"):
        srv.client.resource(GVR).namespace("ns").get(None, "name", metav1.GetOptions())


def test_delete_sends_json_delete_options(httpserver):
    """TestClient: Delete sends its DeleteOptions as JSON."""
    srv = Server(httpserver, STATUS_OK)
    srv.client.resource(GVR).namespace("ns").delete(None, "name", metav1.DeleteOptions())
    [(method, path, _, content_type, body)] = srv.seen
    assert (method, path, content_type) == ("DELETE", "/apis/group/v1/namespaces/ns/resource/name", "application/json")
    assert json.loads(body) == {"kind": "DeleteOptions", "apiVersion": "v1"}


def test_delete_collection_sends_json_delete_options(httpserver):
    """TestClient: DeleteCollection sends its DeleteOptions as JSON."""
    srv = Server(httpserver, STATUS_OK)
    srv.client.resource(GVR).namespace("ns").delete_collection(None, metav1.DeleteOptions(), metav1.ListOptions())
    [(method, path, _, content_type, body)] = srv.seen
    assert (method, path, content_type) == ("DELETE", "/apis/group/v1/namespaces/ns/resource", "application/json")
    assert json.loads(body) == {"kind": "DeleteOptions", "apiVersion": "v1"}
