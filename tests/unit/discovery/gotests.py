"""Helpers for the ports of client-go's discovery tests: an httptest-like server over pytest-httpserver, Go's
json.Marshal of API objects, and builders of aggregated discovery documents."""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Optional

from werkzeug.wrappers import Request, Response

from kubernetes_py import rest
from kubernetes_py.api.apidiscovery import v2 as apidiscovery
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime._jsoncodec import to_json_value
from kubernetes_py.discovery import AcceptV2

NS, CLUSTER, STALE = apidiscovery.ScopeNamespace, apidiscovery.ScopeCluster, apidiscovery.DiscoveryFreshnessStale
AGG_CONTENT_TYPE = AcceptV2 + "; charset=utf-8"


def marshal(obj: Any) -> bytes:
    """Go's json.Marshal: API messages through the converter, dicts and lists as they are."""
    return json.dumps(obj if isinstance(obj, (dict, list)) or obj is None else to_json_value(obj)).encode()


def reply(obj: Any = None, status: int = 200, content_type: Optional[str] = "application/json") -> Response:
    """A handler's answer; obj None with a status only writes the status, as Go's w.WriteHeader alone."""
    if obj is None and status != 200:
        return Response(b"", status=status, content_type=None)
    return Response(marshal(obj), status=status, content_type=content_type)


def serve(httpserver: Any, handler: Callable[[Request], Response]) -> rest.Config:
    """httptest.NewServer(handler): every request to the test server goes to handler; a rest.Config for it."""
    httpserver.clear_all_handlers()
    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    return rest.Config(host=httpserver.url_for("/").rstrip("/"))


def by_path(routes: dict[str, Any]) -> Callable[[Request], Response]:
    """A handler answering each path from routes (an object, or a Response); 404 for any other path."""

    def handler(request: Request) -> Response:
        obj = routes.get(request.path)
        if obj is None:
            return reply(status=404)
        return obj if isinstance(obj, Response) else reply(obj)

    return handler


def gvk(group: str, version: str, kind: str) -> metav1.GroupVersionKind:
    return metav1.GroupVersionKind(group=group, version=version, kind=kind)


def res(resource: str, kind: Optional[tuple[str, str, str]] = None, scope: str = NS, **kw: Any) -> Any:
    """An APIResourceDiscovery; kind is (group, version, kind) or None (no responseKind)."""
    if kind is not None:
        kw["responseKind"] = gvk(*kind)
    return apidiscovery.APIResourceDiscovery(resource=resource, scope=scope, **kw)


def sub(subresource: str, kind: tuple[str, str, str], verbs: list[str]) -> Any:
    return apidiscovery.APISubresourceDiscovery(subresource=subresource, responseKind=gvk(*kind), verbs=verbs)


def version(v: str, *resources: Any, freshness: str = "") -> Any:
    return apidiscovery.APIVersionDiscovery(version=v, resources=list(resources), freshness=freshness)


def group(name: str, *versions: Any) -> Any:
    return apidiscovery.APIGroupDiscovery(metadata=metav1.ObjectMeta(name=name), versions=list(versions))


def agg_list(*groups: Any) -> Any:
    return apidiscovery.APIGroupDiscoveryList(items=list(groups))


def resource_list(group_version: str, *resources: tuple[str, bool, str]) -> metav1.APIResourceList:
    """An APIResourceList of (name, namespaced, kind) as client-go's tests write them."""
    return metav1.APIResourceList(
        groupVersion=group_version,
        resources=[metav1.APIResource(name=n, namespaced=ns, kind=k) for n, ns, k in resources],
    )


def api_group(name: str, *gvs: tuple[str, str], preferred: Optional[tuple[str, str]] = None) -> dict[str, Any]:
    """Go's json.Marshal of a metav1.APIGroup with these (groupVersion, version) pairs; preferredVersion is written
    even when empty, as Go writes a struct field."""
    pv = preferred or ("", "")
    return {
        "name": name,
        "versions": [{"groupVersion": g, "version": v} for g, v in gvs],
        "preferredVersion": {"groupVersion": pv[0], "version": pv[1]},
    }


def api_versions(*versions: str) -> dict[str, Any]:
    return {"versions": list(versions), "serverAddressByClientCIDRs": None}


def group_versions(resources: list[metav1.APIResourceList]) -> list[str]:
    return [r.groupVersion for r in resources]


def group_version_kinds(resources: list[metav1.APIResourceList]) -> list[str]:
    return [f"{r.group}/{r.version}/{r.kind}" for rl in resources for r in rl.resources]


def group_names(groups: list[metav1.APIGroup]) -> list[str]:
    return [g.name for g in groups]
