"""The discovery interfaces of client-go (discovery/discovery_client.go), as typing Protocols for annotations.

Each also has the ``*_with_context(ctx, ...)`` forms of Go's ...WithContext interfaces on the concrete clients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Protocol, runtime_checkable

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.schema import GroupVersion
from kubernetes_py.apimachinery.version import Info

if TYPE_CHECKING:
    from kubernetes_py import openapi, rest

__all__ = [
    "AggregatedDiscoveryInterface",
    "CachedDiscoveryInterface",
    "DiscoveryInterface",
    "ServerGroupsInterface",
    "ServerResourcesInterface",
    "ServerVersionInterface",
]


@runtime_checkable
class ServerGroupsInterface(Protocol):
    def server_groups(self) -> metav1.APIGroupList: ...


@runtime_checkable
class ServerResourcesInterface(Protocol):
    def server_resources_for_group_version(self, group_version: str) -> metav1.APIResourceList: ...
    def server_groups_and_resources(self) -> tuple[list[metav1.APIGroup], list[metav1.APIResourceList]]: ...
    def server_preferred_resources(self) -> list[metav1.APIResourceList]: ...
    def server_preferred_namespaced_resources(self) -> list[metav1.APIResourceList]: ...


@runtime_checkable
class ServerVersionInterface(Protocol):
    def server_version(self) -> Info: ...


@runtime_checkable
class DiscoveryInterface(ServerGroupsInterface, ServerResourcesInterface, ServerVersionInterface, Protocol):
    def rest_client(self) -> rest.Interface: ...
    def open_api_schema(self) -> bytes: ...
    def open_api_v3(self) -> openapi.Client: ...
    def with_legacy(self) -> "DiscoveryInterface": ...


@runtime_checkable
class AggregatedDiscoveryInterface(DiscoveryInterface, Protocol):
    def groups_and_maybe_resources(
        self,
    ) -> tuple[
        metav1.APIGroupList,
        Optional[dict[GroupVersion, metav1.APIResourceList]],
        Optional[dict[GroupVersion, Exception]],
    ]: ...


@runtime_checkable
class CachedDiscoveryInterface(DiscoveryInterface, Protocol):
    def fresh(self) -> bool: ...
    def invalidate(self) -> None: ...
