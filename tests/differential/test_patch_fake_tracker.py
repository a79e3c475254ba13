"""The fake clientset and its object tracker against client-go's own (fake.NewSimpleClientset, run by
hack/oracle/cmd/patch): the same calls give the same objects, lists, errors, watch events and recorded
actions, including the patch types the tracker applies (JSON, merge, strategic, apply).

Objects here avoid empty lists: a typed object cannot tell an empty list from an absent one (protobuf
repeated fields), so Go's ``[]`` comes back as ``null`` through our objects."""

from __future__ import annotations

import json
import subprocess

import pytest

from kubernetes_py import context, testing
from kubernetes_py._go.json import marshal
from kubernetes_py.api.apps import v1 as appsv1
from kubernetes_py.api.core import v1 as corev1
from kubernetes_py.apimachinery import runtime
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.kubernetes import fake

pytestmark = pytest.mark.differential
CTX = context.background()
TYPES = {
    "pods": corev1.Pod,
    "configmaps": corev1.ConfigMap,
    "services": corev1.Service,
    "nodes": corev1.Node,
    "deployments": appsv1.Deployment,
}


def _client(cs, resource: str, ns: str):
    group = cs.apps_v1() if resource == "deployments" else cs.core_v1()
    accessor = getattr(group, {"configmaps": "config_maps"}.get(resource, resource))
    return accessor() if resource == "nodes" else accessor(ns)


def _decode(resource: str, doc: dict):
    obj = TYPES[resource]()
    runtime.DefaultUnstructuredConverter.from_unstructured(doc, obj)
    return obj


def _json(obj) -> dict:
    return json.loads(marshal(runtime.DefaultUnstructuredConverter.to_unstructured(obj)))


def _run_ours(objects: list[dict], steps: list[dict]) -> dict:
    cs = fake.new_simple_clientset(*[_decode(o["resource"], o["object"]) for o in objects])
    watches, answers = [], []
    for s in steps:
        answer: dict = {}
        if s["verb"] == "events":
            events = []
            while True:
                try:
                    event, ok = watches[s.get("watch", 0)].result_chan().recv(timeout=0.01)
                except TimeoutError:  # nothing more now: the fake delivers events synchronously
                    break
                if not ok:
                    break
                events.append([event.type, json.dumps(_json(event.object), sort_keys=True)])
            if events:
                answer["events"] = events
            answers.append(answer)
            continue
        client = _client(cs, s["resource"], s.get("namespace", ""))
        try:
            verb = s["verb"]
            if verb in ("create", "update", "update_status"):
                out = getattr(client, verb)(CTX, _decode(s["resource"], s["object"]), None)
            elif verb == "get":
                out = client.get(CTX, s["name"], metav1.GetOptions())
            elif verb == "list":
                out = client.list(CTX, metav1.ListOptions(labelSelector=s.get("labelSelector", "")))
            elif verb == "delete":
                out = client.delete(CTX, s["name"], metav1.DeleteOptions())
            elif verb == "patch":
                out = client.patch(CTX, s["name"], s["patchType"], s["data"].encode(), metav1.PatchOptions())
            elif verb == "watch":
                watches.append(
                    client.watch(
                        CTX,
                        metav1.ListOptions(
                            labelSelector=s.get("labelSelector", ""), resourceVersion=s.get("resourceVersion", "")
                        ),
                    )
                )
                out = None
            else:
                raise AssertionError(verb)
        except Exception as err:  # compared with Go's error text
            answer["error"] = str(err)
        else:
            if out is not None:
                answer["result"] = _json(out)
        answers.append(answer)
    actions = []
    for a in cs.actions():
        name = a.get_name() if isinstance(a, (testing.GetAction, testing.PatchAction, testing.DeleteAction)) else ""
        actions.append([a.get_verb(), str(a.get_resource()), a.get_subresource(), a.get_namespace(), name])
    return {"steps": answers, "actions": actions}


def _normalize_go(answer: dict) -> dict:
    steps = []
    for s in answer["steps"]:
        s = dict(s)
        if "events" in s:
            s["events"] = [[t, json.dumps(json.loads(o), sort_keys=True)] for t, o in s["events"]]
        steps.append(s)
    return {"steps": steps, "actions": answer.get("actions") or []}


def _pod(name, ns="ns", **labels):
    return {
        "metadata": {"name": name, "namespace": ns, "labels": labels},
        "spec": {"containers": [{"name": "c", "image": "i:1"}]},
    }


SCENARIOS = {
    "crud, selectors and resource versions": (
        [{"resource": "pods", "object": _pod("seed", app="web")}],
        [
            {"verb": "list", "resource": "pods", "namespace": "ns"},
            {"verb": "create", "resource": "pods", "namespace": "ns", "object": _pod("a", app="web")},
            {"verb": "create", "resource": "pods", "namespace": "ns", "object": _pod("b", app="db")},
            {"verb": "create", "resource": "pods", "namespace": "other", "object": _pod("c", "other", app="web")},
            {"verb": "list", "resource": "pods", "namespace": "ns", "labelSelector": "app=web"},
            {"verb": "list", "resource": "pods", "namespace": "", "labelSelector": "app in (web,db),app!=db"},
            {"verb": "get", "resource": "pods", "namespace": "ns", "name": "a"},
            {"verb": "get", "resource": "pods", "namespace": "ns", "name": "missing"},
            {"verb": "create", "resource": "pods", "namespace": "ns", "object": _pod("a")},
            {"verb": "create", "resource": "pods", "namespace": "ns", "object": _pod("x", "elsewhere")},
            {
                "verb": "update",
                "resource": "pods",
                "namespace": "ns",
                "object": {
                    **_pod("a", app="web2"),
                    "metadata": {"name": "a", "namespace": "ns", "resourceVersion": "77", "labels": {"app": "web2"}},
                },
            },
            {"verb": "update", "resource": "pods", "namespace": "ns", "object": _pod("nope")},
            {
                "verb": "update_status",
                "resource": "pods",
                "namespace": "ns",
                "object": {**_pod("b"), "status": {"phase": "Running"}},
            },
            {"verb": "delete", "resource": "pods", "namespace": "ns", "name": "b"},
            {"verb": "delete", "resource": "pods", "namespace": "ns", "name": "b"},
            {"verb": "list", "resource": "pods", "namespace": ""},
            {
                "verb": "create",
                "resource": "pods",
                "namespace": "ns",
                "object": {"metadata": {"generateName": "gen-"}, "spec": {"containers": [{"name": "g"}]}},
            },
            {"verb": "get", "resource": "pods", "namespace": "ns", "name": ""},
        ],
    ),
    "watches and replay": (
        [{"resource": "configmaps", "object": {"metadata": {"name": "old", "namespace": "ns"}}}],
        [
            {"verb": "watch", "resource": "configmaps", "namespace": "ns"},
            {"verb": "watch", "resource": "configmaps", "namespace": ""},
            {"verb": "watch", "resource": "configmaps", "namespace": "ns", "resourceVersion": "2"},
            {
                "verb": "create",
                "resource": "configmaps",
                "namespace": "ns",
                "object": {"metadata": {"name": "a", "namespace": "ns"}, "data": {"k": "1"}},
            },
            {
                "verb": "create",
                "resource": "configmaps",
                "namespace": "other",
                "object": {"metadata": {"name": "b", "namespace": "other"}},
            },
            {
                "verb": "patch",
                "resource": "configmaps",
                "namespace": "ns",
                "name": "a",
                "patchType": "application/merge-patch+json",
                "data": '{"data":{"k":null,"j":"2"}}',
            },
            {"verb": "delete", "resource": "configmaps", "namespace": "ns", "name": "old"},
            {"verb": "events", "watch": 0},
            {"verb": "events", "watch": 1},
            {"verb": "events", "watch": 2},
            {"verb": "watch", "resource": "configmaps", "namespace": "ns", "resourceVersion": "x"},
        ],
    ),
    "patch types": (
        [
            {
                "resource": "deployments",
                "object": {
                    "metadata": {"name": "d", "namespace": "ns", "labels": {"a": "1"}},
                    "spec": {
                        "replicas": 2,
                        "selector": {"matchLabels": {"a": "1"}},
                        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}},
                        "template": {
                            "metadata": {"labels": {"a": "1"}},
                            "spec": {"containers": [{"name": "c", "image": "i:1", "ports": [{"containerPort": 80}]}]},
                        },
                    },
                },
            }
        ],
        [
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/strategic-merge-patch+json",
                "data": '{"spec":{"template":{"spec":{"containers":[{"name":"s","image":"side:1"},'
                '{"name":"c","ports":[{"containerPort":443}]}]}}}}',
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/strategic-merge-patch+json",
                "data": '{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}',
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/json-patch+json",
                "data": '[{"op":"replace","path":"/spec/replicas","value":5},{"op":"add","path":"/metadata/labels/b",'
                '"value":"2"}]',
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/json-patch+json",
                "data": '[{"op":"test","path":"/spec/replicas","value":1}]',
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/json-patch+json",
                "data": '{"op":"add"}',
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/merge-patch+json",
                "data": '{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o:1"}]}}}}',
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/apply-patch+yaml",
                "data": 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    applied: "yes"\n',
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "missing",
                "patchType": "application/apply-patch+yaml",
                "data": "metadata:\n  labels:\n    x: y\n",
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "missing",
                "patchType": "application/merge-patch+json",
                "data": "{}",
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/strategic-merge-patch+json",
                "data": '{"spec":{"bogus":{"a":1}}}',
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "text/plain",
                "data": "x",
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/json-patch+json",
                "data": '[{"op":"add","path":"/spec/replicas","value":"x"}]',
            },
            {
                "verb": "patch",
                "resource": "deployments",
                "namespace": "ns",
                "name": "d",
                "patchType": "application/merge-patch+json",
                "data": '{"metadata":{"labels":{"a":1}}}',
            },
            {"verb": "get", "resource": "deployments", "namespace": "ns", "name": "d"},
        ],
    ),
    "cluster scope and services": (
        [{"resource": "nodes", "object": {"metadata": {"name": "n1", "labels": {"zone": "a"}}}}],
        [
            {"verb": "create", "resource": "nodes", "object": {"metadata": {"name": "n2", "labels": {"zone": "b"}}}},
            {"verb": "list", "resource": "nodes", "labelSelector": "zone=b"},
            {
                "verb": "patch",
                "resource": "nodes",
                "name": "n1",
                "patchType": "application/strategic-merge-patch+json",
                "data": '{"spec":{"taints":[{"key":"k","effect":"NoSchedule"}]}}',
            },
            {
                "verb": "create",
                "resource": "services",
                "namespace": "ns",
                "object": {"metadata": {"name": "s"}, "spec": {"ports": [{"port": 80, "targetPort": "http"}]}},
            },
            {
                "verb": "patch",
                "resource": "services",
                "namespace": "ns",
                "name": "s",
                "patchType": "application/strategic-merge-patch+json",
                "data": '{"spec":{"ports":[{"port":443,"targetPort":8443}]}}',
            },
            {"verb": "delete", "resource": "nodes", "name": "n2"},
            {"verb": "list", "resource": "nodes"},
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_fake_clientset_matches_client_go(go_oracle, name):
    objects, steps = SCENARIOS[name]
    request = {"op": "fake", "objects": objects, "steps": steps}
    proc = subprocess.run(
        [str(go_oracle("patch"))], input=json.dumps(request) + "\n", capture_output=True, text=True, check=True
    )
    go = _normalize_go(json.loads(proc.stdout)["fake"])
    ours = _run_ours(objects, steps)
    assert len(ours["steps"]) == len(go["steps"])
    for i, (step, g, o) in enumerate(zip(steps, go["steps"], ours["steps"])):
        if g.get("error", "").startswith("unhandled watch: "):
            # Go prints the action with %#v (a Go-syntax dump of its structs); ours names it the Python way.
            assert o["error"].startswith("unhandled watch: WatchActionImpl(") and step["verb"] == "watch"
            continue
        assert o == g, f"step {i} {step}"
    assert ours["actions"] == go["actions"]
