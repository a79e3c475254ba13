"""The dynamic client against a fake server: exact requests (method, path, query, headers, body) and
Unstructured answers (cases after client-go's dynamic/client_test.go)."""

from __future__ import annotations

import json
import re

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import dynamic, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource

GVR = GroupVersionResource(group="gtest", version="vtest", resource="rtest")
CORE = GroupVersionResource(version="v1", resource="pods")


def obj(api_version, kind, name, **extra):
    return {"apiVersion": api_version, "kind": kind, "metadata": {"name": name}, **extra}


class Recorder:
    def __init__(self, body=None, status=200, content_type="application/json"):
        self.requests = []
        self.body, self.status, self.content_type = body, status, content_type

    def __call__(self, request):
        self.requests.append(
            {
                "method": request.method,
                "path": request.path,
                "query": request.query_string.decode(),
                "content_type": request.headers.get("Content-Type", ""),
                "accept": request.headers.get("Accept", ""),
                "body": request.get_data(),
            }
        )
        body = self.body if isinstance(self.body, (bytes, str)) else json.dumps(self.body)
        return Response(body, status=self.status, content_type=self.content_type)


@pytest.fixture
def client_and(httpserver):
    def make(body=None, status=200, content_type="application/json"):
        rec = Recorder(body, status, content_type)
        httpserver.expect_request(re.compile(".*")).respond_with_handler(rec)
        return dynamic.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/"))), rec

    return make


def test_list_cluster_and_namespaced(client_and):
    body = {
        "apiVersion": "vTest",
        "kind": "rTestList",
        "metadata": {"resourceVersion": "7"},
        "items": [obj("gtest/vTest", "rTest", "item1"), obj("gtest/vTest", "rTest", "item2")],
    }
    c, rec = client_and(body)
    out = c.resource(GVR).list(None, metav1.ListOptions(labelSelector="a=b"))
    assert [i.get_name() for i in out.items] == ["item1", "item2"]
    assert out.get_resource_version() == "7"
    assert rec.requests[0]["method"] == "GET"
    assert rec.requests[0]["path"] == "/apis/gtest/vtest/rtest"
    assert rec.requests[0]["query"] == "labelSelector=a%3Db"
    assert rec.requests[0]["accept"] == "application/json"
    c.resource(GVR).namespace("nstest").list(None, metav1.ListOptions())
    assert rec.requests[1]["path"] == "/apis/gtest/vtest/namespaces/nstest/rtest"


def test_get_with_subresource(client_and):
    c, rec = client_and(obj("vTest", "rTest", "normal_get"))
    got = c.resource(CORE).namespace("nstest").get(None, "normal_get", metav1.GetOptions(), "status")
    assert isinstance(got, Unstructured)
    assert got.unstructured_content() == obj("vTest", "rTest", "normal_get")
    assert rec.requests[0]["path"] == "/api/v1/namespaces/nstest/pods/normal_get/status"


def test_create_update_update_status_send_json(client_and):
    created = obj("gtest/vTest", "rTest", "normal_create")
    c, rec = client_and(created)
    got = (
        c.resource(GVR)
        .namespace("nstest")
        .create(None, Unstructured(created), metav1.CreateOptions(fieldManager="mgr"))
    )
    assert got.get_name() == "normal_create"
    r = rec.requests[0]
    assert (r["method"], r["path"], r["query"], r["content_type"]) == (
        "POST",
        "/apis/gtest/vtest/namespaces/nstest/rtest",
        "fieldManager=mgr",
        "application/json",
    )
    assert json.loads(r["body"]) == created
    c.resource(GVR).namespace("nstest").create(None, Unstructured(created), metav1.CreateOptions(), "scale")
    assert rec.requests[1]["path"] == "/apis/gtest/vtest/namespaces/nstest/rtest/normal_create/scale"
    c.resource(GVR).update(None, Unstructured(created), metav1.UpdateOptions())
    assert (rec.requests[2]["method"], rec.requests[2]["path"]) == ("PUT", "/apis/gtest/vtest/rtest/normal_create")
    c.resource(GVR).update_status(None, Unstructured(created), metav1.UpdateOptions())
    assert rec.requests[3]["path"] == "/apis/gtest/vtest/rtest/normal_create/status"


def test_delete_and_delete_collection_send_delete_options(client_and):
    c, rec = client_and({"kind": "Status", "apiVersion": "v1", "status": "Success"})
    c.resource(GVR).namespace("nstest").delete(
        None, "normal_delete", metav1.DeleteOptions(propagationPolicy="Foreground")
    )
    r = rec.requests[0]
    assert (r["method"], r["path"]) == ("DELETE", "/apis/gtest/vtest/namespaces/nstest/rtest/normal_delete")
    assert json.loads(r["body"]) == {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Foreground"}
    c.resource(GVR).namespace("nstest").delete_collection(
        None, metav1.DeleteOptions(), metav1.ListOptions(labelSelector="x")
    )
    r = rec.requests[1]
    assert (r["method"], r["path"], r["query"]) == (
        "DELETE",
        "/apis/gtest/vtest/namespaces/nstest/rtest",
        "labelSelector=x",
    )


def test_patch_and_apply(client_and):
    c, rec = client_and(obj("gtest/vTest", "rTest", "p"))
    patch = b'{"metadata":{"labels":{"a":"b"}}}'
    c.resource(GVR).namespace("ns").patch(None, "p", "application/merge-patch+json", patch, metav1.PatchOptions())
    r = rec.requests[0]
    assert (r["method"], r["path"], r["content_type"], r["body"]) == (
        "PATCH",
        "/apis/gtest/vtest/namespaces/ns/rtest/p",
        "application/merge-patch+json",
        patch,
    )
    applied = Unstructured(
        {"apiVersion": "gtest/vTest", "kind": "rTest", "metadata": {"name": "p"}, "spec": {"z": "<&>", "a": 1}}
    )
    c.resource(GVR).namespace("ns").apply(None, "p", applied, metav1.ApplyOptions(fieldManager="me"))
    r = rec.requests[1]
    assert (r["method"], r["content_type"], r["query"]) == (
        "PATCH",
        "application/apply-patch+yaml",
        "fieldManager=me&force=false",
    )
    # Go's json.Marshal: keys sorted, HTML characters escaped
    assert r["body"] == (
        b'{"apiVersion":"gtest/vTest","kind":"rTest","metadata":{"name":"p"},'
        b'"spec":{"a":1,"z":"\\u003c\\u0026\\u003e"}}'
    )
    c.resource(GVR).namespace("ns").apply_status(None, "p", applied, metav1.ApplyOptions(fieldManager="me", force=True))
    assert rec.requests[2]["path"] == "/apis/gtest/vtest/namespaces/ns/rtest/p/status"
    assert rec.requests[2]["query"] == "fieldManager=me&force=true"


def test_validation_errors_have_go_text(client_and):
    c, rec = client_and({})
    with pytest.raises(ValueError, match="^name is required$"):
        c.resource(GVR).get(None, "")
    with pytest.raises(ValueError, match="^name is required$"):
        c.resource(GVR).update(None, Unstructured({"metadata": {}}))
    with pytest.raises(ValueError, match=r'^invalid resource name "a/b": \[may not contain \'/\'\]$'):
        c.resource(GVR).get(None, "a/b")
    with pytest.raises(ValueError, match=r'^invalid namespace "\.\.": \[may not be \'\.\.\'\]$'):
        c.resource(GVR).namespace("..").list(None)
    managed = Unstructured({"metadata": {"name": "x", "managedFields": [{"manager": "m"}]}})
    with pytest.raises(ValueError, match="^cannot apply an object with managed fields already set"):
        c.resource(GVR).apply(None, "x", managed, metav1.ApplyOptions(fieldManager="me"))
    assert rec.requests == []


def test_server_errors_are_status_errors(client_and):
    from kubernetes_py.apimachinery.api import errors

    status = {
        "kind": "Status",
        "apiVersion": "v1",
        "status": "Failure",
        "reason": "NotFound",
        "code": 404,
        "message": 'rtest.gtest "x" not found',
    }
    c, _ = client_and(status, status=404)
    with pytest.raises(errors.StatusError) as info:
        c.resource(GVR).get(None, "x")
    assert errors.is_not_found(info.value)
    assert str(info.value) == 'rtest.gtest "x" not found'


def test_watch_decodes_unstructured_events(client_and):
    events = b"".join(
        json.dumps({"type": t, "object": obj("gtest/vTest", "rTest", n)}).encode() + b"\n"
        for t, n in (("ADDED", "a"), ("MODIFIED", "a"), ("DELETED", "a"))
    )
    c, rec = client_and(events)
    w = c.resource(GVR).namespace("ns").watch(None, metav1.ListOptions(resourceVersion="5"))
    got = [(e.type, e.object.get_name(), type(e.object).__name__) for e in w.result_chan()]
    assert got == [("ADDED", "a", "Unstructured"), ("MODIFIED", "a", "Unstructured"), ("DELETED", "a", "Unstructured")]
    assert rec.requests[0]["query"] == "resourceVersion=5&watch=true"
    w.stop()


def test_clients_satisfy_client_gos_interfaces():
    from kubernetes_py import metadata

    c = dynamic.new_for_config(rest.Config(host="http://127.0.0.1:1"))
    assert isinstance(c, dynamic.Interface)
    assert isinstance(c.resource(GVR), dynamic.NamespaceableResourceInterface)
    assert isinstance(c.resource(GVR).namespace("ns"), dynamic.ResourceInterface)
    m = metadata.new_for_config(rest.Config(host="http://127.0.0.1:1"))
    assert isinstance(m, metadata.Interface) and isinstance(m.resource(GVR), metadata.Getter)
    assert isinstance(m.resource(GVR).namespace("ns"), metadata.ResourceInterface)
    assert not isinstance(object(), dynamic.ResourceInterface)
