"""Discovery documents as a kube-apiserver serves them, and a fake server answering them."""

from __future__ import annotations

import json

from werkzeug.wrappers import Response

from kubernetes_py import rest
from kubernetes_py.discovery import AcceptV2

V2_CONTENT_TYPE = AcceptV2

API_VERSIONS = {
    "kind": "APIVersions",
    "versions": ["v1"],
    "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "10.0.0.1:6443"}],
}

API_GROUP_LIST = {
    "kind": "APIGroupList",
    "apiVersion": "v1",
    "groups": [
        {
            "name": "apps",
            "versions": [{"groupVersion": "apps/v1", "version": "v1"}],
            "preferredVersion": {"groupVersion": "apps/v1", "version": "v1"},
        },
        {
            "name": "autoscaling",
            "versions": [
                {"groupVersion": "autoscaling/v2", "version": "v2"},
                {"groupVersion": "autoscaling/v1", "version": "v1"},
            ],
            "preferredVersion": {"groupVersion": "autoscaling/v2", "version": "v2"},
        },
    ],
}


def resource(name, kind, namespaced=True, verbs=("get", "list"), short_names=(), singular=""):
    out = {
        "name": name,
        "singularName": singular or (kind.lower() if "/" not in name else ""),
        "namespaced": namespaced,
        "kind": kind,
        "verbs": list(verbs),
    }
    if short_names:
        out["shortNames"] = list(short_names)
    return out


RESOURCES = {
    "/api/v1": {
        "kind": "APIResourceList",
        "groupVersion": "v1",
        "resources": [
            resource("pods", "Pod", short_names=["po"], verbs=["create", "delete", "get", "list", "watch"]),
            resource("pods/status", "Pod", verbs=["get", "patch"]),
            resource("namespaces", "Namespace", namespaced=False, short_names=["ns"]),
        ],
    },
    "/apis/apps/v1": {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": "apps/v1",
        "resources": [
            resource("deployments", "Deployment", short_names=["deploy"]),
        ],
    },
    "/apis/autoscaling/v2": {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": "autoscaling/v2",
        "resources": [resource("horizontalpodautoscalers", "HorizontalPodAutoscaler", short_names=["hpa"])],
    },
    "/apis/autoscaling/v1": {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": "autoscaling/v1",
        "resources": [
            resource("horizontalpodautoscalers", "HorizontalPodAutoscaler", short_names=["hpa"]),
            resource("oldthings", "OldThing"),
        ],
    },
}


def agg_resource(
    name, kind, group, version, scope="Namespaced", verbs=("get", "list"), short_names=(), subresources=()
):
    out = {
        "resource": name,
        "responseKind": {"group": group, "version": version, "kind": kind},
        "scope": scope,
        "singularResource": kind.lower(),
        "verbs": list(verbs),
    }
    if short_names:
        out["shortNames"] = list(short_names)
    if subresources:
        out["subresources"] = list(subresources)
    return out


AGG_API = {
    "kind": "APIGroupDiscoveryList",
    "apiVersion": "apidiscovery.k8s.io/v2",
    "metadata": {},
    "items": [
        {
            "metadata": {"creationTimestamp": None},
            "versions": [
                {
                    "version": "v1",
                    "freshness": "Current",
                    "resources": [
                        agg_resource(
                            "pods",
                            "Pod",
                            "",
                            "v1",
                            short_names=["po"],
                            subresources=[
                                {
                                    "subresource": "status",
                                    "responseKind": {"group": "", "version": "v1", "kind": "Pod"},
                                    "verbs": ["get", "patch"],
                                }
                            ],
                        ),
                        agg_resource("namespaces", "Namespace", "", "v1", scope="Cluster", short_names=["ns"]),
                    ],
                }
            ],
        },
    ],
}

AGG_APIS = {
    "kind": "APIGroupDiscoveryList",
    "apiVersion": "apidiscovery.k8s.io/v2",
    "metadata": {},
    "items": [
        {
            "metadata": {"name": "apps", "creationTimestamp": None},
            "versions": [
                {
                    "version": "v1",
                    "freshness": "Current",
                    "resources": [agg_resource("deployments", "Deployment", "apps", "v1", short_names=["deploy"])],
                }
            ],
        },
        {
            "metadata": {"name": "autoscaling", "creationTimestamp": None},
            "versions": [
                {
                    "version": "v2",
                    "freshness": "Current",
                    "resources": [
                        agg_resource("horizontalpodautoscalers", "HorizontalPodAutoscaler", "autoscaling", "v2")
                    ],
                },
                {"version": "v1", "freshness": "Stale", "resources": []},
            ],
        },
    ],
}


class FakeAPIServer:
    """Answers discovery paths from dicts; records (path, Accept) of every request; ``fail`` maps path -> status."""

    def __init__(self, aggregated=False, fail=None, missing_api=False):
        self.aggregated = aggregated
        self.fail = dict(fail or {})
        self.missing_api = missing_api
        self.requests: list[tuple[str, str]] = []

    def __call__(self, request):
        path = request.path
        self.requests.append((path, request.headers.get("Accept", "")))
        if path in self.fail:
            status = self.fail[path]
            body = {
                "kind": "Status",
                "apiVersion": "v1",
                "status": "Failure",
                "message": f"{path} failed",
                "code": status,
            }
            return Response(json.dumps(body), status=status, content_type="application/json")
        if path == "/api" and self.missing_api:
            return Response("404 page not found", status=404, content_type="text/plain")
        accept = request.headers.get("Accept", "")
        if path in ("/api", "/apis") and self.aggregated and V2_CONTENT_TYPE in accept:
            doc = AGG_API if path == "/api" else AGG_APIS
            return Response(json.dumps(doc), content_type=V2_CONTENT_TYPE)
        doc = {"/api": API_VERSIONS, "/apis": API_GROUP_LIST}.get(path) or RESOURCES.get(path)
        if path == "/version":
            doc = {
                "major": "1",
                "minor": "37",
                "gitVersion": "v1.37.1",
                "gitCommit": "abc",
                "gitTreeState": "clean",
                "buildDate": "2026-01-01T00:00:00Z",
                "goVersion": "go1.25",
                "compiler": "gc",
                "platform": "linux/amd64",
            }
        if doc is None:
            return Response("404 page not found", status=404, content_type="text/plain")
        return Response(json.dumps(doc), content_type="application/json")

    def paths(self):
        return [p for p, _ in self.requests]


def serve(httpserver, server: FakeAPIServer) -> rest.Config:
    import re

    httpserver.clear_all_handlers()  # the newest fake server answers everything
    httpserver.expect_request(re.compile(".*")).respond_with_handler(server)
    return rest.Config(host=httpserver.url_for("/").rstrip("/"))
