"""Port of k8s.io/client-go/dynamic: a client for any resource, objects as unstructured.Unstructured."""

from kubernetes_py.dynamic.simple import (
    DynamicClient,
    config_for,
    new,
    new_for_config,
    new_for_config_and_client,
    new_for_config_or_die,
)
from kubernetes_py.dynamic.interface import (
    APIPathResolverFunc,
    Interface,
    NamespaceableResourceInterface,
    ResourceInterface,
    legacy_api_path_resolver_func,
)

__all__ = [
    "APIPathResolverFunc",
    "DynamicClient",
    "Interface",
    "NamespaceableResourceInterface",
    "ResourceInterface",
    "config_for",
    "legacy_api_path_resolver_func",
    "new",
    "new_for_config",
    "new_for_config_and_client",
    "new_for_config_or_die",
]
