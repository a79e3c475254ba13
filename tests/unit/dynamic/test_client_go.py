"""client-go dynamic/client_test.go, test by test (Go names in the docstrings): exact methods, paths, queries and
content types seen by the server, whole Unstructured answers, and the invalid-segment errors."""

from __future__ import annotations

import json
import re

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import dynamic, rest
from kubernetes_py.apimachinery import watch
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured, UnstructuredList
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource
from kubernetes_py.apimachinery.types import StrategicMergePatchType
from kubernetes_py.util import watchlist


def get_json(version, kind, name):
    return json.dumps({"apiVersion": version, "kind": kind, "metadata": {"name": name}}).encode()


def get_list_json(version, kind, *items):
    return b'{"apiVersion": "%s", "kind": "%s", "items": [%s]}' % (version.encode(), kind.encode(), b",".join(items))


def get_object(version, kind, name):
    return Unstructured({"apiVersion": version, "kind": kind, "metadata": {"name": name}})


def get_object_from_json(b):
    obj = Unstructured()
    obj.unmarshal_json(b)
    return obj


class Server:
    """Records (method, path, raw query, Content-Type) of each request; answers with handler(request)."""

    def __init__(self, httpserver, answer):
        self.seen = []
        self._answer = answer
        httpserver.clear_all_handlers()
        httpserver.expect_request(re.compile(".*")).respond_with_handler(self)
        self.client = dynamic.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/")))

    def __call__(self, request):
        self.seen.append(
            (request.method, request.path, request.query_string.decode(), request.headers.get("Content-Type"))
        )
        return self._answer(request)


def _json(body):
    return lambda request: Response(body, content_type="application/json")


def _echo(request):
    return Response(request.get_data(), content_type="application/json")


STATUS_OK = json.dumps({"kind": "Status", "metadata": {}, "status": "Success"}).encode()
RESOURCE = GroupVersionResource(group="gtest", version="vtest", resource="rtest")


def test_does_client_support_watch_list_semantics():
    """TestDoesClientSupportWatchListSemantics."""
    target = dynamic.new_for_config(rest.Config())
    assert not watchlist.does_client_not_support_watch_list_semantics(target)


@pytest.mark.parametrize(
    ("name", "namespace", "path"),
    [
        ("normal_list", "", "/apis/gtest/vtest/rtest"),
        ("namespaced_list", "nstest", "/apis/gtest/vtest/namespaces/nstest/rtest"),
    ],
)
def test_list(httpserver, name, namespace, path):
    """TestList."""
    resp = get_list_json("vTest", "rTestList", get_json("vTest", "rTest", "item1"), get_json("vTest", "rTest", "item2"))
    srv = Server(httpserver, _json(resp))
    got = srv.client.resource(RESOURCE).namespace(namespace).list(None, metav1.ListOptions())
    want = UnstructuredList(
        {"apiVersion": "vTest", "kind": "rTestList"},
        [get_object("vTest", "rTest", "item1"), get_object("vTest", "rTest", "item2")],
    )
    assert got == want
    assert srv.seen == [("GET", path, "", None)]


GET_CASES = [
    (
        "rtest",
        [],
        "",
        "normal_get",
        "/apis/gtest/vtest/rtest/normal_get",
        get_json("vTest", "rTest", "normal_get"),
        None,
    ),
    (
        "rtest",
        [],
        "nstest",
        "namespaced_get",
        "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_get",
        get_json("vTest", "rTest", "namespaced_get"),
        None,
    ),
    (
        "rtest",
        ["srtest"],
        "",
        "normal_subresource_get",
        "/apis/gtest/vtest/rtest/normal_subresource_get/srtest",
        get_json("vTest", "srTest", "normal_subresource_get"),
        None,
    ),
    (
        "rtest",
        ["srtest"],
        "nstest",
        "namespaced_subresource_get",
        "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_subresource_get/srtest",
        get_json("vTest", "srTest", "namespaced_subresource_get"),
        None,
    ),
    (
        "rtest",
        ["srtest"],
        "nstest",
        "namespaced_subresource_get_list",
        "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_subresource_get_list/srtest",
        get_list_json("vTest", "srTest", get_json("vTest", "srTest", "a1")),
        "list",
    ),
]


@pytest.mark.parametrize(("resource", "subresource", "namespace", "name", "path", "resp", "kind"), GET_CASES)
def test_get(httpserver, resource, subresource, namespace, name, path, resp, kind):
    """TestGet: a list answered to a Get is one Unstructured holding the items (Go's getObjectFromJSON)."""
    srv = Server(httpserver, _json(resp))
    gvr = GroupVersionResource(group="gtest", version="vtest", resource=resource)
    got = srv.client.resource(gvr).namespace(namespace).get(None, name, metav1.GetOptions(), *subresource)
    want = get_object_from_json(resp) if kind == "list" else Unstructured(json.loads(resp))
    assert type(got) is Unstructured
    assert got == want
    assert srv.seen == [("GET", path, "", None)]


@pytest.mark.parametrize(
    ("subresource", "namespace", "name", "path", "options", "body"),
    [
        ([], "", "normal_delete", "/apis/gtest/vtest/rtest/normal_delete", metav1.DeleteOptions(), {}),
        (
            [],
            "nstest",
            "namespaced_delete",
            "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_delete",
            metav1.DeleteOptions(),
            {},
        ),
        (["srtest"], "", "normal_delete", "/apis/gtest/vtest/rtest/normal_delete/srtest", metav1.DeleteOptions(), {}),
        (
            ["srtest"],
            "nstest",
            "namespaced_delete",
            "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_delete/srtest",
            metav1.DeleteOptions(),
            {},
        ),
        (
            [],
            "nstest",
            "namespaced_delete_with_options",
            "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_delete_with_options",
            metav1.DeleteOptions(
                preconditions=metav1.Preconditions(uid="uid"), propagationPolicy=metav1.DeletePropagationBackground
            ),
            {"preconditions": {"uid": "uid"}, "propagationPolicy": "Background"},
        ),
    ],
)
def test_delete(httpserver, subresource, namespace, name, path, options, body):
    """TestDelete: DELETE with the options as a JSON body (encoded as v1 DeleteOptions, as Go's legacy codec does)."""
    bodies = []

    def answer(request):
        bodies.append(json.loads(request.get_data()))
        return Response(STATUS_OK, content_type="application/json")

    srv = Server(httpserver, answer)
    srv.client.resource(RESOURCE).namespace(namespace).delete(None, name, options, *subresource)
    assert srv.seen == [("DELETE", path, "", "application/json")]
    assert bodies == [{"kind": "DeleteOptions", "apiVersion": "v1", **body}]


@pytest.mark.parametrize(
    ("namespace", "path"), [("", "/apis/gtest/vtest/rtest"), ("nstest", "/apis/gtest/vtest/namespaces/nstest/rtest")]
)
def test_delete_collection(httpserver, namespace, path):
    """TestDeleteCollection."""
    srv = Server(httpserver, _json(STATUS_OK))
    srv.client.resource(RESOURCE).namespace(namespace).delete_collection(
        None, metav1.DeleteOptions(), metav1.ListOptions()
    )
    assert srv.seen == [("DELETE", path, "", "application/json")]


# An object of a core-group version other than v1 ("vTest") is sent as it is: the unversioned REST client encodes
# for metav1.SchemeGroupVersion (meta.k8s.io/v1), a group no core object is in.
CREATE_CASES = [
    ("rtest", [], "normal_create", "", "/apis/gtest/vtest/rtest", get_object("gtest/vTest", "rTest", "normal_create")),
    (
        "rtest",
        [],
        "namespaced_create",
        "nstest",
        "/apis/gtest/vtest/namespaces/nstest/rtest",
        get_object("gtest/vTest", "rTest", "namespaced_create"),
    ),
    pytest.param(
        "rtest",
        ["srtest"],
        "normal_subresource_create",
        "",
        "/apis/gtest/vtest/rtest/normal_subresource_create/srtest",
        get_object("vTest", "srTest", "normal_subresource_create"),
    ),
    pytest.param(
        "rtest/",  # the trailing slash is cleaned from the path, as Go's path.Join does
        ["srtest"],
        "namespaced_subresource_create",
        "nstest",
        "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_subresource_create/srtest",
        get_object("vTest", "srTest", "namespaced_subresource_create"),
    ),
]


@pytest.mark.parametrize(("resource", "subresource", "name", "namespace", "path", "obj"), CREATE_CASES)
def test_create(httpserver, resource, subresource, name, namespace, path, obj):
    """TestCreate: POST of the object as JSON, the answer decoded whole."""
    srv = Server(httpserver, _echo)
    gvr = GroupVersionResource(group="gtest", version="vtest", resource=resource)
    got = srv.client.resource(gvr).namespace(namespace).create(None, obj, metav1.CreateOptions(), *subresource)
    assert got == obj
    assert srv.seen == [("POST", path, "", "application/json")]


UPDATE_CASES = [
    ([], "", "/apis/gtest/vtest/rtest/normal_update", get_object("gtest/vTest", "rTest", "normal_update")),
    (
        [],
        "nstest",
        "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_update",
        get_object("gtest/vTest", "rTest", "namespaced_update"),
    ),
    (
        ["srtest"],
        "",
        "/apis/gtest/vtest/rtest/normal_update/srtest",
        get_object("gtest/vTest", "srTest", "normal_update"),
    ),
    (
        ["srtest"],
        "nstest",
        "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_update/srtest",
        get_object("gtest/vTest", "srTest", "namespaced_update"),
    ),
]


@pytest.mark.parametrize(("subresource", "namespace", "path", "obj"), UPDATE_CASES)
def test_update(httpserver, subresource, namespace, path, obj):
    """TestUpdate: PUT of the object as JSON to its name (and subresource)."""
    srv = Server(httpserver, _echo)
    got = srv.client.resource(RESOURCE).namespace(namespace).update(None, obj, metav1.UpdateOptions(), *subresource)
    assert got == obj
    assert srv.seen == [("PUT", path, "", "application/json")]


@pytest.mark.parametrize(
    ("name", "namespace", "path"),
    [
        ("normal_watch", "", "/apis/gtest/vtest/rtest"),
        ("namespaced_watch", "nstest", "/apis/gtest/vtest/namespaces/nstest/rtest"),
    ],
)
def test_watch(httpserver, name, namespace, path):
    """TestWatch: GET ?watch=true; the events arrive as Go's watch encoder wrote them."""
    events = [(t, get_object("gtest/vTest", "rTest", name)) for t in (watch.Added, watch.Modified, watch.Deleted)]
    stream = b"".join(json.dumps({"type": t, "object": o.unstructured_content()}).encode() + b"\n" for t, o in events)
    srv = Server(httpserver, _json(stream))
    with srv.client.resource(RESOURCE).namespace(namespace).watch(None, metav1.ListOptions()) as watcher:
        got = [next(iter(watcher.result_chan())) for _ in events]
    assert [(e.type, e.object) for e in got] == events
    assert srv.seen == [("GET", path, "watch=true", None)]


PATCH_CASES = [
    ("rtest", [], "normal_patch", "", "/apis/gtest/vtest/rtest/normal_patch"),
    ("rtest", [], "namespaced_patch", "nstest", "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_patch"),
    ("rtest", ["srtest"], "normal_subresource_patch", "", "/apis/gtest/vtest/rtest/normal_subresource_patch/srtest"),
    (
        "rtest",
        ["srtest"],
        "namespaced_subresource_patch",
        "nstest",
        "/apis/gtest/vtest/namespaces/nstest/rtest/namespaced_subresource_patch/srtest",
    ),
]


@pytest.mark.parametrize(("resource", "subresource", "name", "namespace", "path"), PATCH_CASES)
def test_patch(httpserver, resource, subresource, name, namespace, path):
    """TestPatch: PATCH with the patch type as the Content-Type and the patch bytes as the body."""
    kind = "srTest" if subresource else "rTest"
    patch = get_json("gtest/vTest", kind, name)
    bodies = []

    def answer(request):
        bodies.append(request.get_data())
        return Response(request.get_data(), content_type="application/json")

    srv = Server(httpserver, answer)
    got = (
        srv.client.resource(RESOURCE)
        .namespace(namespace)
        .patch(None, name, StrategicMergePatchType, patch, metav1.PatchOptions(), *subresource)
    )
    assert got == get_object("gtest/vTest", kind, name)
    assert srv.seen == [("PATCH", path, "", "application/strategic-merge-patch+json")]
    assert bodies == [patch]


def test_invalid_segments():
    """TestInvalidSegments: a name or namespace with a slash fails before any request (no server at 127.0.0.1)."""
    name, namespace = "bad/name", "bad/namespace"
    obj = Unstructured({"apiVersion": "vtest", "kind": "vkind", "metadata": {"name": name}})
    cl = dynamic.new_for_config(rest.Config(host="127.0.0.1"))
    r, ns = cl.resource(RESOURCE), cl.resource(RESOURCE).namespace(namespace)
    invalid_ns = "invalid namespace \"bad/namespace\": [may not contain '/']"
    invalid_name = "invalid resource name \"bad/name\": [may not contain '/']"
    calls = [
        (lambda: ns.create(None, obj, metav1.CreateOptions()), invalid_ns),
        (lambda: r.update(None, obj, metav1.UpdateOptions()), invalid_name),
        (lambda: ns.update(None, obj, metav1.UpdateOptions()), invalid_ns),
        (lambda: r.update_status(None, obj, metav1.UpdateOptions()), invalid_name),
        (lambda: ns.update_status(None, obj, metav1.UpdateOptions()), invalid_ns),
        (lambda: r.delete(None, name, metav1.DeleteOptions()), invalid_name),
        (lambda: ns.delete(None, name, metav1.DeleteOptions()), invalid_ns),
        (lambda: ns.delete_collection(None, metav1.DeleteOptions(), metav1.ListOptions()), invalid_ns),
        (lambda: r.get(None, name, metav1.GetOptions()), invalid_name),
        (lambda: ns.get(None, name, metav1.GetOptions()), invalid_ns),
        (lambda: ns.list(None, metav1.ListOptions()), invalid_ns),
        (lambda: ns.watch(None, metav1.ListOptions()), invalid_ns),
        (lambda: r.patch(None, name, StrategicMergePatchType, b"{}", metav1.PatchOptions()), invalid_name),
        (lambda: ns.patch(None, name, StrategicMergePatchType, b"{}", metav1.PatchOptions()), invalid_ns),
        (lambda: r.apply(None, name, obj, metav1.ApplyOptions()), invalid_name),
        (lambda: ns.apply(None, name, obj, metav1.ApplyOptions()), invalid_ns),
        (lambda: r.apply_status(None, name, obj, metav1.ApplyOptions()), invalid_name),
        (lambda: ns.apply_status(None, name, obj, metav1.ApplyOptions()), invalid_ns),
    ]
    got = []
    for call, _ in calls:
        try:
            call()
        except Exception as err:  # noqa: BLE001 - the text is what is compared
            got.append(str(err))
        else:
            got.append(None)
    assert got == [want for _, want in calls]
