"""Port of k8s.io/client-go/discovery: server groups, versions and resources, aggregated or legacy."""

from kubernetes_py.discovery.aggregated_discovery import StaleGroupVersionError, split_groups_and_resources
from kubernetes_py.discovery import discovery_client
from kubernetes_py.discovery.discovery_client import *  # noqa: F403 - its __all__ is this package's too
from kubernetes_py.discovery.helper import (
    ResourcePredicate,
    ResourcePredicateFunc,
    SupportsAllVerbs,
    filtered_by,
    group_version_resources,
    is_resource_enabled,
    matches_server_version,
    server_supports_version,
)
from kubernetes_py.discovery.interfaces import (  # noqa: E402
    AggregatedDiscoveryInterface,
    CachedDiscoveryInterface,
    DiscoveryInterface,
    ServerGroupsInterface,
    ServerResourcesInterface,
    ServerVersionInterface,
)

__all__ = [
    "AggregatedDiscoveryInterface",
    "CachedDiscoveryInterface",
    "DiscoveryInterface",
    "ResourcePredicate",
    "ResourcePredicateFunc",
    "ServerGroupsInterface",
    "ServerResourcesInterface",
    "ServerVersionInterface",
    "StaleGroupVersionError",
    "SupportsAllVerbs",
    "filtered_by",
    "group_version_resources",
    "is_resource_enabled",
    "matches_server_version",
    "server_supports_version",
    "split_groups_and_resources",
]
__all__ += discovery_client.__all__
