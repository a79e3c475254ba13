"""The metadata client against client-go's (hack/oracle/cmd/metadata): the same script of calls must send the same
requests and give the same answers and error texts."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import metadata, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource

pytestmark = pytest.mark.differential


def _go_map(d) -> str:
    return "map[" + " ".join(f"{k}:{v}" for k, v in sorted(d.items())) + "]"


def run_script(httpserver) -> dict:
    reqs, results = [], []

    def handler(request):
        reqs.append(
            {
                "method": request.method,
                "path": request.path,
                "query": request.query_string.decode(),
                "contentType": request.headers.get("Content-Type", ""),
                "accept": request.headers.get("Accept", ""),
                "body": request.get_data().decode(),
            }
        )
        path = request.path
        if request.args.get("watch") == "true":
            body = ""
        elif request.method == "DELETE":
            body = '{"kind":"Status","apiVersion":"v1","status":"Success"}'
        elif path == "/apis/example.com/v1/namespaces/ns1/widgets/nometa":
            body = '{"apiVersion":"example.com/v1","kind":"Widget","spec":{}}'
        elif path == "/apis/example.com/v1/namespaces/ns1/widgets/w1":
            body = '{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","uid":"u"},"spec":{"a":1}}'
        elif path == "/apis/example.com/v1/namespaces/ns1/widgets":
            body = (
                '{"apiVersion":"example.com/v1","kind":"WidgetList","metadata":{"resourceVersion":"7"},'
                '"items":[{"metadata":{"name":"a"}}]}'
            )
        else:
            body = (
                '{"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadata","metadata":{"name":"p",'
                '"labels":{"x":"y"}}}'
            )
        return Response(body, content_type="application/json")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    client = metadata.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/")))
    pods = client.resource(GroupVersionResource(version="v1", resource="pods")).namespace("ns1")
    widgets = client.resource(GroupVersionResource(group="example.com", version="v1", resource="widgets")).namespace(
        "ns1"
    )

    def note(fn):
        try:
            o = fn()
        except Exception as err:  # noqa: BLE001 - compared by text
            results.append("error: " + str(err))
            return
        if isinstance(o, metav1.PartialObjectMetadata):
            results.append(
                f"{o.apiVersion}/{o.kind} name={o.metadata.name} uid={o.metadata.uid} "
                f"labels={_go_map(o.metadata.labels)}"
            )
        elif isinstance(o, metav1.PartialObjectMetadataList):
            results.append(f"{o.apiVersion}/{o.kind} rv={o.metadata.resourceVersion} items={len(o.items)}")
        else:
            results.append("ok")

    note(lambda: pods.get(None, "p", metav1.GetOptions(resourceVersion="3")))
    note(lambda: pods.get(None, "p", metav1.GetOptions(), "status"))
    note(lambda: widgets.get(None, "w1", metav1.GetOptions()))
    note(lambda: widgets.get(None, "nometa", metav1.GetOptions()))
    note(lambda: pods.list(None, metav1.ListOptions(labelSelector="a=b", limit=5)))
    note(lambda: widgets.list(None, metav1.ListOptions()))
    note(lambda: pods.delete(None, "p", metav1.DeleteOptions(gracePeriodSeconds=5)))
    note(lambda: pods.delete_collection(None, metav1.DeleteOptions(), metav1.ListOptions(fieldSelector="f=g")))
    note(
        lambda: pods.patch(
            None,
            "p",
            "application/merge-patch+json",
            b'{"metadata":{"labels":{"x":"y"}}}',
            metav1.PatchOptions(fieldManager="m"),
        )
    )

    def watch():
        w = pods.watch(None, metav1.ListOptions(resourceVersion="9", timeoutSeconds=30))
        for _ in w.result_chan():
            pass

    note(watch)
    note(lambda: pods.get(None, "", metav1.GetOptions()))
    return {"requests": reqs, "results": results}


def test_metadata_client_matches_client_go(go_oracle, httpserver):
    proc = subprocess.run([str(go_oracle("metadata"))], capture_output=True, text=True, timeout=120, check=True)
    want = json.loads(proc.stdout)
    got = run_script(httpserver)
    assert len(got["requests"]) == len(want["requests"])
    for i, (g, w) in enumerate(zip(got["requests"], want["requests"])):
        assert g == w, f"request {i}"
    # Go prints the rejected object with %#v; compare up to the object
    for i, (g, w) in enumerate(zip(got["results"], want["results"])):
        if w.startswith("error: object does not appear to match the ObjectMeta schema: "):
            assert g.startswith("error: object does not appear to match the ObjectMeta schema: "), i
        else:
            assert g == w, f"result {i}"
