"""REST mappers built from discovery (client-go restmapper/discovery.go)."""

from __future__ import annotations

import logging
import threading
from typing import Callable, Optional, TypeVar

from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersion, GroupVersionKind, GroupVersionResource
from kubernetes_py.discovery import CachedDiscoveryInterface, DiscoveryInterface, ErrGroupDiscoveryFailed
from kubernetes_py import context

__all__ = [
    "APIGroupResources",
    "DeferredDiscoveryRESTMapper",
    "get_api_group_resources",
    "get_api_group_resources_with_context",
    "new_deferred_discovery_rest_mapper",
    "new_deferred_discovery_rest_mapper_with_context",
    "new_discovery_rest_mapper",
    "new_discovery_rest_mapper_with_context",
]

log = logging.getLogger("kubernetes_py.restmapper")
_T = TypeVar("_T")


class APIGroupResources:
    """An API group and, per version name, the APIResources discovery listed for it."""

    def __init__(
        self,
        group: Optional[metav1.APIGroup] = None,
        versioned_resources: Optional[dict[str, list[metav1.APIResource]]] = None,
    ):
        self.group = group if group is not None else metav1.APIGroup()
        self.versioned_resources: dict[str, list[metav1.APIResource]] = dict(versioned_resources or {})

    def __repr__(self) -> str:
        return f"restmapper.APIGroupResources(group={self.group.name!r}, versions={list(self.versioned_resources)})"

    def __eq__(self, other: object) -> bool:
        """Go's struct equality (reflect.DeepEqual): the same group and the same resources per version."""
        if not isinstance(other, APIGroupResources):
            return NotImplemented
        return self.group == other.group and self.versioned_resources == other.versioned_resources


def _new_discovery_rest_mapper(
    group_resources: list[APIGroupResources],
) -> tuple[list[meta.RESTMapper], list[GroupVersionResource], list[GroupVersionKind]]:
    union: list[meta.RESTMapper] = []
    group_priority: list[str] = []
    resource_priority = [GroupVersionResource(group="", version="v1", resource=meta.AnyResource)]
    kind_priority = [GroupVersionKind(group="", version="v1", kind=meta.AnyKind)]
    for group in group_resources:
        name = group.group.name
        preferred = group.group.preferredVersion.version
        group_priority.append(name)
        if preferred and preferred in group.versioned_resources:
            resource_priority.append(GroupVersionResource(group=name, version=preferred, resource=meta.AnyResource))
            kind_priority.append(GroupVersionKind(group=name, version=preferred, kind=meta.AnyKind))
        for discovery_version in group.group.versions:
            resources = group.versioned_resources.get(discovery_version.version)
            if resources is None:
                continue
            if discovery_version.version != preferred:
                resource_priority.append(
                    GroupVersionResource(group=name, version=discovery_version.version, resource=meta.AnyResource)
                )
                kind_priority.append(GroupVersionKind(group=name, version=discovery_version.version, kind=meta.AnyKind))
            gv = GroupVersion(group=name, version=discovery_version.version)
            version_mapper = meta.new_default_rest_mapper([gv])
            for resource in resources:
                scope = meta.RESTScopeNamespace if resource.namespaced else meta.RESTScopeRoot
                if "/" in resource.name:  # subresources have no kind mapping of their own
                    continue
                plural = gv.with_resource(resource.name)
                singular = gv.with_resource(resource.singularName)
                if not resource.singularName:
                    _, singular = meta.unsafe_guess_kind_to_resource(gv.with_kind(resource.kind))
                version_mapper.add_specific(gv.with_kind(resource.kind.lower()), plural, singular, scope)
                version_mapper.add_specific(gv.with_kind(resource.kind), plural, singular, scope)
                version_mapper.add(gv.with_kind(resource.kind + "List"), scope)
            version_mapper.add(gv.with_kind("List"), meta.RESTScopeRoot)
            union.append(version_mapper)
    for name in group_priority:
        resource_priority.append(GroupVersionResource(group=name, version=meta.AnyVersion, resource=meta.AnyResource))
        kind_priority.append(GroupVersionKind(group=name, version=meta.AnyVersion, kind=meta.AnyKind))
    return union, resource_priority, kind_priority


def new_discovery_rest_mapper(group_resources: list[APIGroupResources]) -> meta.PriorityRESTMapper:
    """A RESTMapper over discovered resources: core v1 first, then each group's preferred version, then its
    other versions, then the groups in discovery order."""
    mappers, resource_priority, kind_priority = _new_discovery_rest_mapper(group_resources)
    return meta.PriorityRESTMapper(
        delegate=meta.MultiRESTMapper(mappers), resource_priority=resource_priority, kind_priority=kind_priority
    )


def new_discovery_rest_mapper_with_context(
    group_resources: list[APIGroupResources],
) -> meta.PriorityRESTMapperWithContext:
    mappers, resource_priority, kind_priority = _new_discovery_rest_mapper(group_resources)
    return meta.PriorityRESTMapperWithContext(
        delegate=meta.MultiRESTMapperWithContext(mappers),
        resource_priority=resource_priority,
        kind_priority=kind_priority,
    )


def _groups_and_resources(
    ctx: context.Context | None, cl: DiscoveryInterface
) -> tuple[Optional[list[metav1.APIGroup]], Optional[list[metav1.APIResourceList]], Optional[ErrGroupDiscoveryFailed]]:
    """Go's (groups, resources, err) of ServerGroupsAndResources, partial results included."""
    method = getattr(cl, "server_groups_and_resources_with_context", None)
    try:
        if method is not None:
            gs, rs = method(ctx)
        else:
            gs, rs = cl.server_groups_and_resources()
        return gs, rs, None
    except ErrGroupDiscoveryFailed as err:
        return err.partial_groups, err.partial_resources, err


def get_api_group_resources(cl: DiscoveryInterface) -> list[APIGroupResources]:
    return get_api_group_resources_with_context(None, cl)


def get_api_group_resources_with_context(
    ctx: context.Context | None, cl: DiscoveryInterface
) -> list[APIGroupResources]:
    """Every API group with its versions' resources. Group versions whose discovery failed are left out
    (as client-go does, the partial failure is not raised); any other failure raises."""
    gs, rs, err = _groups_and_resources(ctx, cl)
    if rs is None or gs is None:
        raise err if err is not None else ValueError("discovery returned no groups or resources")
    by_gv = {r.groupVersion: r for r in rs}
    result = []
    for group in gs:
        group_resources = APIGroupResources(group=group.deep_copy())
        for version in group.versions:
            resources = by_gv.get(version.groupVersion)
            if resources is None:
                continue
            group_resources.versioned_resources[version.version] = list(resources.resources)
        result.append(group_resources)
    return result


class DeferredDiscoveryRESTMapper(meta.ResettableRESTMapper):
    """A RESTMapper built from a cached discovery client on first use; a miss while the cache is not fresh
    invalidates the cache, rebuilds and asks again."""

    def __init__(self, cl: CachedDiscoveryInterface):
        self._init_mu = threading.Lock()
        self._delegate: Optional[meta.RESTMapper] = None
        self._cl = cl

    def _get_delegate(self, ctx: context.Context | None) -> meta.RESTMapper:
        with self._init_mu:
            if self._delegate is None:
                self._delegate = new_discovery_rest_mapper_with_context(
                    get_api_group_resources_with_context(ctx, self._cl)
                )
            return self._delegate

    def _fresh(self, ctx: context.Context | None) -> bool:
        method = getattr(self._cl, "fresh_with_context", None)
        return bool(method(ctx)) if method is not None else self._cl.fresh()

    def reset(self) -> None:
        self.reset_with_context(None)

    def reset_with_context(self, ctx: context.Context | None) -> None:
        log.debug("Invalidating discovery information")
        with self._init_mu:
            method = getattr(self._cl, "invalidate_with_context", None)
            if method is not None:
                method(ctx)
            else:
                self._cl.invalidate()
            self._delegate = None

    def _retry_on_error(self, ctx: context.Context | None, ask: Callable[[meta.RESTMapper], _T]) -> _T:
        """``ask`` the delegate; when it fails and the cache is not fresh, reset and ask this mapper again."""
        delegate = self._get_delegate(ctx)
        try:
            return ask(delegate)
        except Exception:  # noqa: BLE001 - a stale cache may explain the miss: refresh once
            if self._fresh(ctx):
                raise
        self.reset_with_context(ctx)
        return ask(self)

    def _retry_on_empty(self, ctx: context.Context | None, ask: Callable[[meta.RESTMapper], list[_T]]) -> list[_T]:
        """Like _retry_on_error, and an empty answer from a cache that is not fresh is a miss too."""
        delegate = self._get_delegate(ctx)
        try:
            found = ask(delegate)
        except Exception:  # noqa: BLE001
            if self._fresh(ctx):
                raise
            found = []
        if found or self._fresh(ctx):
            return found
        self.reset_with_context(ctx)
        return ask(self)

    def kind_for(self, resource: GroupVersionResource) -> GroupVersionKind:
        return self.kind_for_with_context(None, resource)

    def kind_for_with_context(self, ctx: context.Context | None, resource: GroupVersionResource) -> GroupVersionKind:
        return self._retry_on_error(ctx, lambda m: m.kind_for_with_context(ctx, resource))

    def kinds_for(self, resource: GroupVersionResource) -> list[GroupVersionKind]:
        return self.kinds_for_with_context(None, resource)

    def kinds_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> list[GroupVersionKind]:
        return self._retry_on_empty(ctx, lambda m: m.kinds_for_with_context(ctx, resource))

    def resource_for(self, input: GroupVersionResource) -> GroupVersionResource:
        return self.resource_for_with_context(None, input)

    def resource_for_with_context(
        self, ctx: context.Context | None, input: GroupVersionResource
    ) -> GroupVersionResource:
        return self._retry_on_error(ctx, lambda m: m.resource_for_with_context(ctx, input))

    def resources_for(self, input: GroupVersionResource) -> list[GroupVersionResource]:
        return self.resources_for_with_context(None, input)

    def resources_for_with_context(
        self, ctx: context.Context | None, input: GroupVersionResource
    ) -> list[GroupVersionResource]:
        return self._retry_on_empty(ctx, lambda m: m.resources_for_with_context(ctx, input))

    def rest_mapping(self, gk: GroupKind, *versions: str) -> meta.RESTMapping:
        return self.rest_mapping_with_context(None, gk, *versions)

    def rest_mapping_with_context(self, ctx: context.Context | None, gk: GroupKind, *versions: str) -> meta.RESTMapping:
        return self._retry_on_error(ctx, lambda m: m.rest_mapping_with_context(ctx, gk, *versions))

    def rest_mappings(self, gk: GroupKind, *versions: str) -> list[meta.RESTMapping]:
        return self.rest_mappings_with_context(None, gk, *versions)

    def rest_mappings_with_context(
        self, ctx: context.Context | None, gk: GroupKind, *versions: str
    ) -> list[meta.RESTMapping]:
        return self._retry_on_empty(ctx, lambda m: m.rest_mappings_with_context(ctx, gk, *versions))

    def resource_singularizer(self, resource: str) -> str:
        return self.resource_singularizer_with_context(None, resource)

    def resource_singularizer_with_context(self, ctx: context.Context | None, resource: str) -> str:
        return self._retry_on_error(ctx, lambda m: m.resource_singularizer_with_context(ctx, resource))

    def __str__(self) -> str:
        try:
            delegate = self._get_delegate(None)
        except Exception as err:  # noqa: BLE001 - Go prints the error inside the mapper's text
            return f"DeferredDiscoveryRESTMapper{{{err}}}"
        return f"DeferredDiscoveryRESTMapper{{\n\t{delegate}\n}}"


def new_deferred_discovery_rest_mapper(cl: CachedDiscoveryInterface) -> DeferredDiscoveryRESTMapper:
    """A RESTMapper over a CachedDiscoveryInterface (memory.new_mem_cache_client(...), the disk cache)."""
    return DeferredDiscoveryRESTMapper(cl)


def new_deferred_discovery_rest_mapper_with_context(cl: CachedDiscoveryInterface) -> DeferredDiscoveryRESTMapper:
    return DeferredDiscoveryRESTMapper(cl)
