"""The discovery interfaces of client-go (discovery/discovery_client.go), as typing Protocols for annotations.

Each also has the ``*_with_context(ctx, ...)`` forms of Go's ...WithContext interfaces on the concrete clients.
"""

from __future__ import annotations

from typing import Any, Optional, Protocol, runtime_checkable

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
    def server_groups(self) -> Any: ...


@runtime_checkable
class ServerResourcesInterface(Protocol):
    def server_resources_for_group_version(self, group_version: str) -> Any: ...
    def server_groups_and_resources(self) -> tuple[list[Any], list[Any]]: ...
    def server_preferred_resources(self) -> list[Any]: ...
    def server_preferred_namespaced_resources(self) -> list[Any]: ...


@runtime_checkable
class ServerVersionInterface(Protocol):
    def server_version(self) -> Any: ...


@runtime_checkable
class DiscoveryInterface(ServerGroupsInterface, ServerResourcesInterface, ServerVersionInterface, Protocol):
    def rest_client(self) -> Any: ...
    def open_api_schema(self) -> Any: ...
    def with_legacy(self) -> "DiscoveryInterface": ...


@runtime_checkable
class AggregatedDiscoveryInterface(DiscoveryInterface, Protocol):
    def groups_and_maybe_resources(self) -> tuple[Any, Optional[dict[Any, Any]], dict[Any, Any]]: ...


@runtime_checkable
class CachedDiscoveryInterface(DiscoveryInterface, Protocol):
    def fresh(self) -> bool: ...
    def invalidate(self) -> None: ...
