"""Aggregated discovery (apidiscovery.k8s.io/v2) split into the legacy discovery shapes
(client-go discovery/aggregated_discovery.go)."""

from __future__ import annotations

from typing import Any

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion

__all__ = ["StaleGroupVersionError", "split_groups_and_resources"]

_FRESHNESS_STALE = "Stale"
_SCOPE_NAMESPACE = "Namespaced"


class StaleGroupVersionError(Exception):
    """The aggregated discovery document marks a group version's resources as stale."""

    def __init__(self, gv: GroupVersion):
        self.gv = gv
        super().__init__(f"stale GroupVersion discovery: {gv}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StaleGroupVersionError) and other.gv == self.gv

    __hash__ = Exception.__hash__


def _empty_kind(kind: Any) -> bool:
    return not kind.group and not kind.version and not kind.kind


def split_groups_and_resources(aggregated_groups: Any) -> tuple[Any, dict[Any, Any], dict[Any, Any]]:
    """(APIGroupList, {GroupVersion: APIResourceList}, {GroupVersion: error}) from an APIGroupDiscoveryList."""
    groups = metav1.APIGroupList()
    resources_by_gv: dict[Any, Any] = {}
    failed_gvs: dict[Any, Any] = {}
    for agg_group in aggregated_groups.items:
        group, resources, failed = _convert_api_group(agg_group)
        groups.groups.append(group)
        resources_by_gv.update(resources)
        failed_gvs.update(failed)
    return groups, resources_by_gv, failed_gvs


def _convert_api_group(g: Any) -> tuple[Any, dict[Any, Any], dict[Any, Any]]:
    group = metav1.APIGroup(name=g.metadata.name)
    gv_resources: dict[Any, Any] = {}
    failed: dict[Any, Any] = {}
    preferred_set = False
    for v in g.versions:
        gv = GroupVersion(group=g.metadata.name, version=v.version)
        if v.freshness == _FRESHNESS_STALE:
            failed[gv] = StaleGroupVersionError(gv)
            continue
        version = metav1.GroupVersionForDiscovery(groupVersion=str(gv), version=v.version)
        group.versions.append(version)
        if not preferred_set and (version.groupVersion or version.version):
            group.preferredVersion = version
            preferred_set = True
        resource_list = metav1.APIResourceList(groupVersion=str(gv))
        for r in v.resources:
            resource = _convert_api_resource(r)
            if resource is not None:
                resource_list.resources.append(resource)
            for sub in r.subresources:
                sr = _convert_api_subresource(resource if resource is not None else _parent_of(r), sub)
                if sr is not None:
                    resource_list.resources.append(sr)
        gv_resources[gv] = resource_list
    return group, gv_resources, failed


def _parent_of(r: Any) -> Any:
    """The APIResource Go builds for a resource even when its kind is missing (subresources still use it)."""
    return metav1.APIResource(name=r.resource, singularName=r.singularResource, namespaced=r.scope == _SCOPE_NAMESPACE)


def _convert_api_resource(r: Any) -> Any:
    """The legacy APIResource of one aggregated resource; None when its response kind is missing (Go skips it)."""
    if not r.HasField("responseKind") or _empty_kind(r.responseKind):
        return None
    out = _parent_of(r)
    if r.verbs:  # Go's nil Verbs stays unset
        out.verbs = metav1.Verbs(items=list(r.verbs))
    out.shortNames.extend(r.shortNames)
    out.categories.extend(r.categories)
    out.group = r.responseKind.group
    out.version = r.responseKind.version
    out.kind = r.responseKind.kind
    return out


def _convert_api_subresource(parent: Any, sub: Any) -> Any:
    if not sub.HasField("responseKind") or _empty_kind(sub.responseKind):
        return None
    out = metav1.APIResource(
        name=f"{parent.name}/{sub.subresource}",
        singularName=parent.singularName,
        namespaced=parent.namespaced,
        group=sub.responseKind.group,
        version=sub.responseKind.version,
        kind=sub.responseKind.kind,
    )
    if sub.verbs:
        out.verbs = metav1.Verbs(items=list(sub.verbs))
    return out
