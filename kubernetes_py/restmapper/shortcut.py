"""A RESTMapper that expands short names (``po`` -> ``pods``) from discovery (client-go restmapper/shortcut.go)."""

from __future__ import annotations

import dataclasses
import logging
from typing import Callable, Optional

from kubernetes_py._go.strconv import go_quote
from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import (
    GroupKind,
    GroupResource,
    GroupVersionKind,
    GroupVersionResource,
    parse_group_version,
)
from kubernetes_py.discovery import DiscoveryInterface, ErrGroupDiscoveryFailed
from kubernetes_py import context

__all__ = ["new_shortcut_expander", "new_shortcut_expander_with_context"]

log = logging.getLogger("kubernetes_py.restmapper")


@dataclasses.dataclass(frozen=True)
class _ResourceShortcuts:
    short_form: GroupResource
    long_form: GroupResource


def _server_resources(ctx: context.Context | None, client: DiscoveryInterface) -> list[metav1.APIResourceList]:
    """The resource lists of ServerGroupsAndResources, partial ones included; other failures give none."""
    method = getattr(client, "server_groups_and_resources_with_context", None)
    try:
        _, lists = method(ctx) if method is not None else client.server_groups_and_resources()
        return list(lists or [])
    except ErrGroupDiscoveryFailed as err:
        log.info("Error loading discovery information: %s", err)
        return list(err.partial_resources or [])
    except Exception as err:  # noqa: BLE001 - Go logs and carries on with no resources
        log.info("Error loading discovery information: %s", err)
        return []


class ShortcutExpander(meta.ResettableRESTMapper):
    """Wraps a RESTMapper; resources are expanded from their short names before being looked up."""

    def __init__(
        self,
        delegate: meta.RESTMapper,
        discovery_client: DiscoveryInterface,
        warning_handler: Optional[Callable[[str], None]] = None,
    ):
        rest_mapper = meta.to_rest_mapper_with_context(delegate)
        if rest_mapper is None:  # Go would fail on the nil mapper's first use
            raise ValueError("ShortcutExpander needs a delegate RESTMapper")
        self.rest_mapper = rest_mapper
        self._discovery_client = discovery_client
        self._warning_handler = warning_handler

    def __str__(self) -> str:
        return str(self.rest_mapper)

    def kind_for(self, resource: GroupVersionResource) -> GroupVersionKind:
        return self.kind_for_with_context(None, resource)

    def kind_for_with_context(self, ctx: context.Context | None, resource: GroupVersionResource) -> GroupVersionKind:
        try:
            return self.rest_mapper.kind_for_with_context(ctx, self._expand_resource_shortcut(ctx, resource))
        except Exception as err:  # noqa: BLE001
            if not meta.is_no_match_error(err):
                raise
        # client-go asks once more after a miss (the discovery cache may have been refreshed meanwhile)
        return self.rest_mapper.kind_for_with_context(ctx, self._expand_resource_shortcut(ctx, resource))

    def kinds_for(self, resource: GroupVersionResource) -> list[GroupVersionKind]:
        return self.kinds_for_with_context(None, resource)

    def kinds_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> list[GroupVersionKind]:
        return self.rest_mapper.kinds_for_with_context(ctx, self._expand_resource_shortcut(ctx, resource))

    def resources_for(self, resource: GroupVersionResource) -> list[GroupVersionResource]:
        return self.resources_for_with_context(None, resource)

    def resources_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> list[GroupVersionResource]:
        return self.rest_mapper.resources_for_with_context(ctx, self._expand_resource_shortcut(ctx, resource))

    def resource_for(self, resource: GroupVersionResource) -> GroupVersionResource:
        return self.resource_for_with_context(None, resource)

    def resource_for_with_context(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> GroupVersionResource:
        return self.rest_mapper.resource_for_with_context(ctx, self._expand_resource_shortcut(ctx, resource))

    def resource_singularizer(self, resource: str) -> str:
        return self.resource_singularizer_with_context(None, resource)

    def resource_singularizer_with_context(self, ctx: context.Context | None, resource: str) -> str:
        expanded = self._expand_resource_shortcut(ctx, GroupVersionResource(resource=resource)).resource
        return self.rest_mapper.resource_singularizer_with_context(ctx, expanded)

    def rest_mapping(self, gk: GroupKind, *versions: str) -> meta.RESTMapping:
        return self.rest_mapping_with_context(None, gk, *versions)

    def rest_mapping_with_context(self, ctx: context.Context | None, gk: GroupKind, *versions: str) -> meta.RESTMapping:
        return self.rest_mapper.rest_mapping_with_context(ctx, gk, *versions)

    def rest_mappings(self, gk: GroupKind, *versions: str) -> list[meta.RESTMapping]:
        return self.rest_mappings_with_context(None, gk, *versions)

    def rest_mappings_with_context(
        self, ctx: context.Context | None, gk: GroupKind, *versions: str
    ) -> list[meta.RESTMapping]:
        return self.rest_mapper.rest_mappings_with_context(ctx, gk, *versions)

    def reset(self) -> None:
        meta.maybe_reset_rest_mapper(self.rest_mapper)

    def reset_with_context(self, ctx: context.Context | None) -> None:
        meta.maybe_reset_rest_mapper_with_context(ctx, self.rest_mapper)

    def _get_shortcut_mappings(
        self, ctx: context.Context | None
    ) -> tuple[list[metav1.APIResourceList], list[_ResourceShortcuts]]:
        lists = _server_resources(ctx, self._discovery_client)
        shortcuts = []
        for api_resources in lists:
            try:
                gv = parse_group_version(api_resources.groupVersion)
            except ValueError as err:
                log.info("Unable to parse group/version %s: %s", api_resources.groupVersion, err)
                continue
            for api_res in api_resources.resources:
                for short_name in api_res.shortNames:
                    shortcuts.append(
                        _ResourceShortcuts(
                            short_form=GroupResource(group=gv.group, resource=short_name),
                            long_form=GroupResource(group=gv.group, resource=api_res.name),
                        )
                    )
        return lists, shortcuts

    def _expand_resource_shortcut(
        self, ctx: context.Context | None, resource: GroupVersionResource
    ) -> GroupVersionResource:
        """The resource a short name stands for (group and resource; the version is dropped, as in Go); a
        resource that is already a full or singular name is returned unchanged."""
        all_resources, shortcut_resources = self._get_shortcut_mappings(ctx)
        for api_resources in all_resources:
            try:
                gv = parse_group_version(api_resources.groupVersion)
            except ValueError:
                continue
            if resource.group and resource.group != gv.group:
                continue
            for api_res in api_resources.resources:
                if resource.resource == api_res.name or resource.resource == api_res.singularName:
                    return resource
        found: Optional[GroupVersionResource] = None
        warned: set[GroupResource] = set()
        for item in shortcut_resources:
            if resource.group and resource.group != item.short_form.group:
                continue
            if resource.resource != item.short_form.resource:
                continue
            if found is not None:
                if item.long_form.group == found.group and item.long_form.resource == found.resource:
                    continue
                if item.long_form not in warned:
                    if self._warning_handler is not None:
                        self._warning_handler(
                            f"short name {go_quote(resource.resource)} could also match lower "
                            f"priority resource {item.long_form}"
                        )
                    warned.add(item.long_form)
                continue
            found = GroupVersionResource(group=item.long_form.group, resource=item.long_form.resource)
        if found is not None:
            return found
        if not resource.group:
            return resource
        for item in shortcut_resources:
            if not item.short_form.group.startswith(resource.group):
                continue
            if resource.resource == item.short_form.resource:
                return GroupVersionResource(
                    group=item.long_form.group, version=resource.version, resource=item.long_form.resource
                )
        return resource


def new_shortcut_expander(
    delegate: meta.RESTMapper, client: DiscoveryInterface, warning_handler: Optional[Callable[[str], None]] = None
) -> ShortcutExpander:
    """A RESTMapper expanding short names found in discovery before asking ``delegate``; ``warning_handler``
    is told when a short name also matches a lower-priority resource."""
    return ShortcutExpander(delegate, client, warning_handler)


def new_shortcut_expander_with_context(
    delegate: meta.RESTMapper, client: DiscoveryInterface, warning_handler: Optional[Callable[[str], None]] = None
) -> ShortcutExpander:
    return ShortcutExpander(delegate, client, warning_handler)
