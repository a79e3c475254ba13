"""The dynamic client against client-go's (hack/oracle/cmd/dynamic): the same script of calls (every verb, options
set) must send the same requests byte for byte (method, path, query, Content-Type, Accept, body)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import dynamic, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.apis.meta.v1.unstructured import Unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionResource

pytestmark = pytest.mark.differential


def widget(name: str) -> Unstructured:
    return Unstructured(
        {
            "apiVersion": "example.com/v1",
            "kind": "Widget",
            "metadata": {"name": name, "labels": {"a": "b"}},
            "spec": {"size": 3, "note": "<&>", "ratio": 0.5},
        }
    )


def run_script(httpserver) -> dict:
    reqs, errs = [], []

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
        if request.args.get("watch") == "true":
            return Response(b"", content_type="application/json")
        if request.method == "DELETE":
            return Response('{"kind":"Status","apiVersion":"v1","status":"Success"}', content_type="application/json")
        if request.method == "GET" and "/w1" not in request.path:
            return Response(
                '{"apiVersion":"example.com/v1","kind":"WidgetList","items":[]}', content_type="application/json"
            )
        return Response(
            '{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"}}', content_type="application/json"
        )

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    client = dynamic.new_for_config(rest.Config(host=httpserver.url_for("/").rstrip("/")))
    res = client.resource(GroupVersionResource(group="example.com", version="v1", resource="widgets")).namespace("ns1")

    def check(fn):
        try:
            fn()
        except Exception as err:  # noqa: BLE001 - compared by text
            errs.append(str(err))

    check(lambda: res.create(None, widget("w1"), metav1.CreateOptions(fieldManager="m", dryRun=["All"])))
    check(lambda: res.create(None, widget("w1"), metav1.CreateOptions(), "scale"))
    check(lambda: res.update(None, widget("w1"), metav1.UpdateOptions(fieldValidation="Strict")))
    check(lambda: res.update_status(None, widget("w1"), metav1.UpdateOptions()))
    check(
        lambda: res.delete(
            None,
            "w1",
            metav1.DeleteOptions(
                gracePeriodSeconds=5, propagationPolicy="Foreground", preconditions=metav1.Preconditions(uid="u-1")
            ),
        )
    )
    check(
        lambda: res.delete_collection(None, metav1.DeleteOptions(), metav1.ListOptions(labelSelector="a=b", limit=10))
    )
    check(lambda: res.get(None, "w1", metav1.GetOptions(resourceVersion="5"), "status"))
    check(
        lambda: res.list(
            None,
            metav1.ListOptions(
                fieldSelector="x=y",
                resourceVersion="0",
                resourceVersionMatch="NotOlderThan",
                timeoutSeconds=30,
                allowWatchBookmarks=True,
            ),
        )
    )

    def watch():
        w = res.watch(None, metav1.ListOptions(resourceVersion="10", allowWatchBookmarks=True, sendInitialEvents=True))
        for _ in w.result_chan():
            pass

    check(watch)
    check(
        lambda: res.patch(
            None,
            "w1",
            "application/json-patch+json",
            b'[{"op":"add","path":"/x","value":1}]',
            metav1.PatchOptions(force=True, fieldManager="m"),
        )
    )
    check(
        lambda: res.apply(None, "w1", widget("w1"), metav1.ApplyOptions(fieldManager="m", force=True, dryRun=["All"]))
    )
    check(lambda: res.apply_status(None, "w1", widget("w1"), metav1.ApplyOptions(fieldManager="m")))
    check(
        lambda: client.resource(GroupVersionResource(version="v1", resource="namespaces")).get(
            None, "w1", metav1.GetOptions()
        )
    )
    return {"requests": reqs, "errors": errs}


def test_dynamic_client_sends_client_gos_requests(go_oracle, httpserver):
    proc = subprocess.run([str(go_oracle("dynamic"))], capture_output=True, text=True, timeout=120, check=True)
    want = json.loads(proc.stdout)
    got = run_script(httpserver)
    assert got["errors"] == want["errors"]
    assert len(got["requests"]) == len(want["requests"])
    for i, (g, w) in enumerate(zip(got["requests"], want["requests"])):
        assert g == w, f"request {i}"
