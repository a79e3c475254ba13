"""The typed clientset against client-go's (hack/oracle/cmd/genclient).

``surface``: every group accessor, resource getter and resource method client-go has exists here under its
snake_case name, and the standard verbs client-go leaves out of an interface are absent here too.
``requests``: every resource method that sends a request is called on both with the same arguments against a
server that answers 404 with a Status, with the default config (typed clients speak protobuf) and with a JSON
config; the requests (method, path, query, Content-Type, Accept, body bytes) and the error text must be the same.
``apply``: named server-side apply calls, Go's apply configurations against the typed objects standing for them.
"""

from __future__ import annotations

import base64
import importlib
import json
import re
import subprocess
import sys

import pytest
from werkzeug.wrappers import Response

from kubernetes_py import context, kubernetes, rest
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "hack"))
try:
    from codegen.clientset.names import snake
finally:
    sys.path.remove(str(REPO / "hack"))

pytestmark = pytest.mark.differential

STATUS_404 = (
    b'{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"nothing here",'
    b'"reason":"NotFound","code":404}'
)
STANDARD_VERBS = (
    "create",
    "update",
    "update_status",
    "delete",
    "delete_collection",
    "get",
    "list",
    "watch",
    "patch",
    "apply",
    "apply_status",
)


def _oracle(go_oracle, mode: str):
    proc = subprocess.run([str(go_oracle("genclient")), mode], capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


@pytest.fixture
def recording_server(httpserver):
    recorded = []

    def handler(request):
        recorded.append(
            {
                "method": request.method,
                "path": request.path,
                "query": request.query_string.decode(),
                "content_type": request.headers.get("Content-Type", ""),
                "accept": request.headers.get("Accept", ""),
                "body": request.get_data(),
            }
        )
        return Response(STATUS_404, status=404, content_type="application/json")

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    return httpserver, recorded


def _clientset(httpserver, content_type: str = ""):
    return kubernetes.new_for_config(
        rest.Config(host=httpserver.url_for("/").rstrip("/"), qps=-1, content_type=content_type)
    )


def test_surface_matches_client_go(go_oracle, httpserver):
    groups = _oracle(go_oracle, "surface")
    cs = _clientset(httpserver)
    problems = []
    go_accessors = {snake(g["accessor"]) for g in groups}
    py_accessors = {
        name
        for name in dir(cs)
        if not name.startswith("_") and name not in ("discovery", "discovery_client") and callable(getattr(cs, name))
    }
    py_accessors = {name for name in py_accessors if re.fullmatch(r"[a-z]+_v\d+\w*", name)}
    if go_accessors != py_accessors:
        problems.append(
            f"group accessors: only Go {sorted(go_accessors - py_accessors)}, "
            f"only Python {sorted(py_accessors - go_accessors)}"
        )
    for g in groups:
        group_client = getattr(cs, snake(g["accessor"]))()
        for getter in g["getters"]:
            get = getattr(group_client, snake(getter["name"]), None)
            if get is None:
                problems.append(f"{g['accessor']}.{getter['name']} missing")
                continue
            client = get("ns1") if getter["namespaced"] else get()
            where = f"{g['accessor']}.{getter['name']}"
            if type(client).__name__ != getter["interface"]:
                problems.append(f"{where}: class {type(client).__name__}, Go {getter['interface']}")
            if getter["namespaced"] and client.get_namespace() != "ns1":
                problems.append(f"{where}: namespace {client.get_namespace()!r}")
            go_methods = {snake(m) for m in getter["methods"]}
            for method in sorted(go_methods):
                if not callable(getattr(client, method, None)):
                    problems.append(f"{where}: no method {method}")
            for verb in STANDARD_VERBS:
                if verb not in go_methods and hasattr(client, verb):
                    problems.append(f"{where}: has {verb}, which client-go's interface has not")
    assert not problems, "\n".join(problems[:40])


def _object(go_type: str):
    package, _, name = go_type.rpartition(".")
    assert package.startswith("k8s.io/api/"), go_type
    module = importlib.import_module("kubernetes_py.api." + package[len("k8s.io/api/") :].replace("/", "."))
    obj = getattr(module, name)()
    if "metadata" in type(obj).DESCRIPTOR.fields_by_name:
        obj.set_name("n1")
        obj.set_namespace("ns1")
    else:
        obj.name = "n1"
    return obj


def _args(kinds: list[str]) -> list:
    made = {
        "ctx": lambda: context.background(),
        "name": lambda: "n1",
        "patchType": lambda: "application/merge-patch+json",
        "patchData": lambda: b'{"metadata":{"labels":{"a":"b"}}}',
        "GetOptions": lambda: metav1.GetOptions(resourceVersion="5"),
        "ListOptions": lambda: metav1.ListOptions(labelSelector="a=b", limit=3, timeoutSeconds=10),
        "CreateOptions": lambda: metav1.CreateOptions(dryRun=["All"], fieldManager="m"),
        "UpdateOptions": lambda: metav1.UpdateOptions(fieldManager="m"),
        "PatchOptions": lambda: metav1.PatchOptions(fieldManager="m"),
        "DeleteOptions": lambda: metav1.DeleteOptions(gracePeriodSeconds=0),
    }
    return [_object(k[len("object:") :]) if k.startswith("object:") else made[k]() for k in kinds]


def _go_request(r: dict) -> dict:
    return {**r, "body": base64.b64decode(r["body"]) if r["body"] else b""}


@pytest.mark.parametrize(
    "mode,content_type", [("requests", ""), ("requests-json", "application/json")], ids=["default-protobuf", "json"]
)
def test_requests_match_client_go(go_oracle, recording_server, mode, content_type):
    calls = _oracle(go_oracle, mode)
    assert len(calls) > 1000
    httpserver, recorded = recording_server
    cs = _clientset(httpserver, content_type)
    problems = []
    for c in calls:
        where = f"{c['group']}.{c['getter']}.{c['method']}{tuple(c['args'])}"
        getter = getattr(getattr(cs, snake(c["group"]))(), snake(c["getter"]))
        client = getter("ns1") if c["namespaced"] else getter()
        method = getattr(client, snake(c["method"]))
        recorded.clear()
        error = ""
        try:
            result = method(*_args(c["args"]))
            if snake(c["method"]) == "watch":
                result.stop()
        except Exception as err:  # noqa: BLE001 - compared with Go's error text
            error = str(err)
        want = [_go_request(r) for r in c["requests"]]
        if recorded != want:
            problems.append(f"{where}:\n  Go     {want}\n  Python {recorded}")
        if error != c["error"]:
            problems.append(f"{where}: error {error!r}, Go {c['error']!r}")
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:20])


def _apply_cases():
    """The typed objects standing for the oracle's apply configurations (hack/oracle/cmd/genclient applyCases)."""
    from kubernetes_py.api.apps import v1 as appsv1
    from kubernetes_py.api.autoscaling import v1 as autoscalingv1
    from kubernetes_py.api.core import v1 as corev1
    from kubernetes_py.apimachinery.api import resource
    from kubernetes_py.apimachinery.util import intstr

    ctx = context.background()
    opts = metav1.ApplyOptions(fieldManager="m")
    forced = metav1.ApplyOptions(fieldManager="m", force=True, dryRun=["All"])

    def named(obj, name, namespace="ns1"):
        obj.metadata.name = name
        if namespace:
            obj.metadata.namespace = namespace
        return obj

    def configmap(cs):
        cm = named(corev1.ConfigMap(), "cm")
        cm.metadata.labels.update({"b": "2", "a": "1"})
        cm.data["k"] = "v"
        return cs.core_v1().config_maps("ns1").apply(ctx, cm, opts)

    def deployment(cs):
        d = named(appsv1.Deployment(), "web")
        d.spec.replicas = 0
        d.spec.selector.matchLabels["app"] = "web"
        d.spec.template.metadata.labels["app"] = "web"
        c = d.spec.template.spec.containers.add(name="c", image="nginx")
        c.ports.add(containerPort=80)
        c.resources.limits["cpu"].CopyFrom(resource.must_parse("250m"))
        c.resources.limits["memory"].CopyFrom(resource.must_parse("1Gi"))
        return cs.apps_v1().deployments("ns1").apply(ctx, d, forced)

    def deployment_status(cs):
        d = named(appsv1.Deployment(), "web")
        d.status.replicas = 1
        d.status.conditions.add(type="Available", status="True")
        return cs.apps_v1().deployments("ns1").apply_status(ctx, d, opts)

    def scale(cs):
        s = autoscalingv1.Scale()
        s.spec.replicas = 2
        return cs.apps_v1().stateful_sets("ns1").apply_scale(ctx, "db", s, opts)

    def secret(cs):
        s = named(corev1.Secret(), "s")
        s.data["k"] = b"\x00\xffs"
        s.type = "Opaque"
        return cs.core_v1().secrets("ns1").apply(ctx, s, opts)

    def service(cs):
        svc = named(corev1.Service(), "svc")
        svc.spec.ports.add(port=80).targetPort.CopyFrom(intstr.from_string("http"))
        return cs.core_v1().services("ns1").apply(ctx, svc, opts)

    def node(cs):
        n = named(corev1.Node(), "n1", namespace="")
        n.spec.unschedulable = False
        return cs.core_v1().nodes().apply(ctx, n, opts)

    def no_name(cs):
        return cs.core_v1().config_maps("ns1").apply(ctx, named(corev1.ConfigMap(), ""), opts)

    return {
        "configmap": configmap,
        "deployment": deployment,
        "deployment-status": deployment_status,
        "scale": scale,
        "secret": secret,
        "service": service,
        "node": node,
        "no-name": no_name,
    }


def test_apply_requests_match_client_go(go_oracle, recording_server):
    calls = _oracle(go_oracle, "apply")
    httpserver, recorded = recording_server
    cs = _clientset(httpserver)
    cases = _apply_cases()
    assert sorted(cases) == sorted(c["case"] for c in calls)
    for c in calls:
        recorded.clear()
        error = ""
        try:
            cases[c["case"]](cs)
        except Exception as err:  # noqa: BLE001 - compared with Go's error text
            error = str(err)
        assert (c["case"], recorded, error) == (c["case"], [_go_request(r) for r in c["requests"]], c["error"])
