"""Port of k8s.io/client-go/discovery: server groups, versions and resources, aggregated or legacy."""
from kubernetes_py.discovery.aggregated_discovery import StaleGroupVersionError, split_groups_and_resources  # noqa: F401
from kubernetes_py.discovery.discovery_client import (  # noqa: F401
    AcceptV1,
    AcceptV2,
    AcceptV2NoPeer,
    DiscoveryClient,
    ErrGroupDiscoveryFailed,
    content_type_is_gvk,
    group_discovery_failed_error_groups,
    is_group_discovery_failed_error,
    new_discovery_client,
    new_discovery_client_for_config,
    new_discovery_client_for_config_and_client,
    new_discovery_client_for_config_or_die,
    server_groups_and_resources,
    server_groups_and_resources_with_context,
    server_preferred_namespaced_resources,
    server_preferred_namespaced_resources_with_context,
    server_preferred_resources,
    server_preferred_resources_with_context,
)
from kubernetes_py.discovery.helper import (  # noqa: F401
    ResourcePredicate,
    ResourcePredicateFunc,
    SupportsAllVerbs,
    filtered_by,
    group_version_resources,
    is_resource_enabled,
    matches_server_version,
    server_supports_version,
)
from kubernetes_py.discovery.interfaces import (  # noqa: F401,E402
    AggregatedDiscoveryInterface,
    CachedDiscoveryInterface,
    DiscoveryInterface,
    ServerGroupsInterface,
    ServerResourcesInterface,
    ServerVersionInterface,
)
