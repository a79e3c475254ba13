"""What client-go's two caching discovery clients (disk.CachedDiscoveryClient and memory's memCacheClient) both
do the same way: the methods without a context call their ``*_with_context`` twin with None; the derived answers
(groups and resources, preferred resources) are computed over the client itself so they read its cache; the server
version and the OpenAPI schema are never cached and go to the delegate."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from kubernetes_py import context as _context
from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.version import Info
from kubernetes_py.discovery import discovery_client as _dc

if TYPE_CHECKING:
    from kubernetes_py import openapi, rest
    from kubernetes_py.discovery.interfaces import DiscoveryInterface

_Self = TypeVar("_Self", bound="DelegatingCachedClient")


class DelegatingCachedClient:
    """The shared part of a CachedDiscoveryInterface over ``self._delegate``. A subclass supplies
    ``server_resources_for_group_version_with_context``, ``server_groups_with_context``, ``fresh``,
    ``invalidate_with_context``, ``open_api_schema`` and ``open_api_v3``."""

    _delegate: DiscoveryInterface

    def rest_client(self) -> rest.Interface:
        return self._delegate.rest_client()

    def server_resources_for_group_version(self, group_version: str) -> metav1.APIResourceList:
        return self.server_resources_for_group_version_with_context(None, group_version)

    def server_resources_for_group_version_with_context(
        self, ctx: _context.Context | None, group_version: str
    ) -> metav1.APIResourceList:
        raise NotImplementedError

    def server_groups(self) -> metav1.APIGroupList:
        return self.server_groups_with_context(None)

    def server_groups_with_context(self, ctx: _context.Context | None) -> metav1.APIGroupList:
        raise NotImplementedError

    def server_groups_and_resources(self) -> tuple[list[metav1.APIGroup], list[metav1.APIResourceList]]:
        return self.server_groups_and_resources_with_context(None)

    def server_groups_and_resources_with_context(
        self, ctx: _context.Context | None
    ) -> tuple[list[metav1.APIGroup], list[metav1.APIResourceList]]:
        return _dc.server_groups_and_resources_with_context(ctx, self)

    def server_preferred_resources(self) -> list[metav1.APIResourceList]:
        return self.server_preferred_resources_with_context(None)

    def server_preferred_resources_with_context(self, ctx: _context.Context | None) -> list[metav1.APIResourceList]:
        return _dc.server_preferred_resources_with_context(ctx, self)

    def server_preferred_namespaced_resources(self) -> list[metav1.APIResourceList]:
        return self.server_preferred_namespaced_resources_with_context(None)

    def server_preferred_namespaced_resources_with_context(
        self, ctx: _context.Context | None
    ) -> list[metav1.APIResourceList]:
        return _dc.server_preferred_namespaced_resources_with_context(ctx, self)

    def server_version(self) -> Info:
        return self.server_version_with_context(None)

    def server_version_with_context(self, ctx: _context.Context | None) -> Info:
        info: Info = _dc._call(self._delegate, "server_version", _dc._ctx(ctx))
        return info

    def open_api_schema(self) -> bytes:
        raise NotImplementedError

    def open_api_schema_with_context(self, ctx: _context.Context | None) -> bytes:
        schema: bytes = _dc._call(self._delegate, "open_api_schema", _dc._ctx(ctx))
        return schema

    def open_api_v3(self) -> openapi.Client:
        raise NotImplementedError

    def fresh(self) -> bool:
        raise NotImplementedError

    def fresh_with_context(self, ctx: _context.Context | None) -> bool:
        return self.fresh()

    def invalidate(self) -> None:
        self.invalidate_with_context(None)

    def invalidate_with_context(self, ctx: _context.Context | None) -> None:
        raise NotImplementedError

    def _invalidate_delegate(self, ctx: _context.Context | None) -> None:
        """Invalidate the delegate too when it is a caching client."""
        if hasattr(self._delegate, "invalidate_with_context"):
            self._delegate.invalidate_with_context(_dc._ctx(ctx))
        elif hasattr(self._delegate, "invalidate"):
            self._delegate.invalidate()

    def with_legacy(self: _Self) -> _Self:
        return self

    def with_legacy_with_context(self: _Self, ctx: _context.Context | None) -> _Self:
        return self
