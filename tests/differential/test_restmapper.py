"""The discovery REST mapper against client-go's (hack/oracle/cmd/restmapper): the same discovery documents, the
same queries, identical answers and error texts."""

from __future__ import annotations

import json
import subprocess

import pytest

from kubernetes_py import restmapper
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersionKind, GroupVersionResource

pytestmark = pytest.mark.differential


def res(name, kind, namespaced=True, singular=None, short=()):
    out = {"name": name, "namespaced": namespaced, "kind": kind, "verbs": ["get", "list"]}
    if singular is not None:
        out["singularName"] = singular
    if short:
        out["shortNames"] = list(short)
    return out


def group(name, versions, preferred, resources):
    return {
        "group": {
            "name": name,
            "versions": [{"groupVersion": f"{name}/{v}" if name else v, "version": v} for v in versions],
            "preferredVersion": {"groupVersion": f"{name}/{preferred}" if name else preferred, "version": preferred},
        },
        "versionedResources": resources,
    }


GROUPS = [
    group(
        "",
        ["v1"],
        "v1",
        {
            "v1": [
                res("pods", "Pod", singular="pod", short=["po"]),
                res("pods/status", "Pod"),
                res("events", "Event", singular="event", short=["ev"]),
                res("namespaces", "Namespace", namespaced=False, singular="namespace"),
                res("endpoints", "Endpoints", singular="endpoints"),
                res("componentstatuses", "ComponentStatus", namespaced=False),
            ]
        },
    ),
    group(
        "apps",
        ["v1", "v1beta2"],
        "v1",
        {
            "v1": [
                res("deployments", "Deployment", singular="deployment", short=["deploy"]),
                res("deployments/scale", "Scale"),
            ],
            "v1beta2": [res("deployments", "Deployment", singular="deployment"), res("replicasets", "ReplicaSet")],
        },
    ),
    group(
        "extensions",
        ["v1beta1"],
        "v1beta1",
        {
            "v1beta1": [
                res("deployments", "Deployment", short=["deploy"]),
                res("ingresses", "Ingress", singular="ingress"),
            ]
        },
    ),
    group("events.k8s.io", ["v1"], "v1", {"v1": [res("events", "Event", singular="event", short=["ev"])]}),
    group(
        "autoscaling",
        ["v2", "v1"],
        "v2",
        {
            "v2": [res("horizontalpodautoscalers", "HorizontalPodAutoscaler")],
            "v1": [res("horizontalpodautoscalers", "HorizontalPodAutoscaler"), res("scales", "Scale")],
        },
    ),
    group(
        "widgets.example.com",
        ["v1alpha1", "v1"],
        "v1",
        {"v1alpha1": [res("widgets", "Widget", short=["w", "ev"]), res("wheels", "Wheel", short=["w"])]},
    ),
]

RESOURCES = [
    GroupVersionResource(group=g, version=v, resource=r)
    for g, v, r in [
        ("", "", "pods"),
        ("", "", "pod"),
        ("", "", "Pods"),
        ("", "v1", "pods"),
        ("", "", "events"),
        ("", "", "event"),
        ("events.k8s.io", "", "events"),
        ("", "", "deployments"),
        ("apps", "", "deployments"),
        ("apps", "v1beta2", "deployments"),
        ("extensions", "", "deployment"),
        ("app", "", "deployments"),
        ("", "", "horizontalpodautoscalers"),
        ("autoscaling", "v1", "horizontalpodautoscalers"),
        ("", "", "scales"),
        ("", "", "widgets"),
        ("", "", "widget"),
        ("", "", "nothing"),
        ("nogroup", "", "pods"),
        ("", "v9", "pods"),
        ("", "", "endpoints"),
        ("", "", "namespaces"),
        ("", "", "podlist"),
        ("", "", "replicasets"),
        ("", "__internal", "pods"),
        ("", "", "componentstatus"),
        ("", "", "ingress"),
        ("", "", "pods/status"),
    ]
]

KINDS = [
    ("", "Pod", []),
    ("apps", "Deployment", []),
    ("apps", "Deployment", ["v1beta2"]),
    ("apps", "Deployment", ["v9", "v1beta2"]),
    ("apps", "Nothing", ["v1"]),
    ("nogroup", "Pod", []),
    ("", "Event", []),
    ("events.k8s.io", "Event", []),
    ("autoscaling", "Scale", []),
    ("", "PodList", []),
    ("widgets.example.com", "Widget", []),
    ("", "List", []),
    ("apps", "Deployment", ["v1", "v1beta2"]),
    ("", "Pod", ["__internal"]),
    ("apps", "Scale", ["v1"]),
    ("extensions", "Nothing", ["a", "b"]),
]

SHORTCUTS = [
    GroupVersionResource(group=g, version=v, resource=r)
    for g, v, r in [
        ("", "", "po"),
        ("", "", "ev"),
        ("events.k8s.io", "", "ev"),
        ("", "", "deploy"),
        ("extensions", "", "deploy"),
        ("", "", "w"),
        ("widgets", "", "w"),
        ("", "v1", "po"),
        ("", "", "pods"),
        ("", "", "pod"),
        ("", "", "zz"),
        ("apps", "", "po"),
    ]
]

SINGULARS = ["pods", "deployments", "events", "horizontalpodautoscalers", "endpoints", "nothing", "widgets"]


def _python_answers() -> dict:
    groups = []
    for g in GROUPS:
        api_group = metav1.APIGroup(
            name=g["group"]["name"],
            versions=[metav1.GroupVersionForDiscovery(**v) for v in g["group"]["versions"]],
            preferredVersion=metav1.GroupVersionForDiscovery(**g["group"]["preferredVersion"]),
        )
        versioned = {
            v: [metav1.APIResource(**{**r, "verbs": metav1.Verbs(items=r["verbs"])}) for r in rs]
            for v, rs in g["versionedResources"].items()
        }
        groups.append(restmapper.APIGroupResources(api_group, versioned))
    mapper = restmapper.new_discovery_rest_mapper(groups)

    def attempt(fn, empty):
        try:
            return fn(), ""
        except Exception as err:  # noqa: BLE001 - the text is compared with Go's
            return empty, str(err)

    out: dict = {"resources": [], "kinds": [], "singulars": [], "shortcuts": []}
    for q in RESOURCES:
        r = {}
        v, r["resourceForErr"] = attempt(lambda: mapper.resource_for(q), GroupVersionResource())
        r["resourceFor"] = str(v)
        v, r["resourcesForErr"] = attempt(lambda: mapper.resources_for(q), [])
        r["resourcesFor"] = [str(x) for x in v]
        v, r["kindForErr"] = attempt(lambda: mapper.kind_for(q), GroupVersionKind())
        r["kindFor"] = str(v)
        v, r["kindsForErr"] = attempt(lambda: mapper.kinds_for(q), [])
        r["kindsFor"] = [str(x) for x in v]
        out["resources"].append(r)
    for g, k, versions in KINDS:
        r = {}
        m, r["mappingErr"] = attempt(lambda: mapper.rest_mapping(GroupKind(group=g, kind=k), *versions), None)
        if m is not None:
            r["mapping"] = [str(m.resource), str(m.group_version_kind), m.scope.name()]
        ms, r["mappingsErr"] = attempt(lambda: mapper.rest_mappings(GroupKind(group=g, kind=k), *versions), [])
        r["mappings"] = [str(m.group_version_kind) for m in ms]
        out["kinds"].append(r)
    for s in SINGULARS:
        v, err = attempt(lambda: mapper.resource_singularizer(s), None)
        out["singulars"].append({"singular": v if v is not None else s, "err": err})
    lists = [
        metav1.APIResourceList(groupVersion=v.groupVersion, resources=g.versioned_resources[v.version])
        for g in groups
        for v in g.group.versions
        if v.version in g.versioned_resources
    ]

    class FakeDiscovery:
        def server_groups_and_resources(self):
            return [g.group for g in groups], lists

    warnings: list = []
    expander = restmapper.new_shortcut_expander(mapper, FakeDiscovery(), warnings.append)
    for q in SHORTCUTS:
        warnings.clear()
        r = {}
        v, r["resourceForErr"] = attempt(lambda: expander.resource_for(q), GroupVersionResource())
        r["resourceFor"] = str(v)
        v, r["kindForErr"] = attempt(lambda: expander.kind_for(q), GroupVersionKind())
        r["kindFor"] = str(v)
        r["warnings"] = list(warnings)
        out["shortcuts"].append(r)
    return out


def test_discovery_rest_mapper_matches_client_go(go_oracle):
    payload = {
        "groups": GROUPS,
        "resources": [{"Group": q.group, "Version": q.version, "Resource": q.resource} for q in RESOURCES],
        "kinds": [{"group": g, "kind": k, "versions": v} for g, k, v in KINDS],
        "singulars": SINGULARS,
        "shortcuts": [{"Group": q.group, "Version": q.version, "Resource": q.resource} for q in SHORTCUTS],
    }
    proc = subprocess.run(
        [str(go_oracle("restmapper"))],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    want = json.loads(proc.stdout)
    got = _python_answers()
    for name in ("resources", "kinds", "singulars", "shortcuts"):
        for i, (g, w) in enumerate(zip(got[name], want[name])):
            assert g == w, f"{name}[{i}]: {RESOURCES[i] if name == 'resources' else ''}"
        assert len(got[name]) == len(want[name])
