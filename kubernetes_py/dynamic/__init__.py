"""Port of k8s.io/client-go/dynamic: a client for any resource, objects as unstructured.Unstructured."""
from kubernetes_py.dynamic.simple import (  # noqa: F401
    DynamicClient,
    config_for,
    new,
    new_for_config,
    new_for_config_and_client,
    new_for_config_or_die,
)
from kubernetes_py.dynamic.interface import (  # noqa: F401
    APIPathResolverFunc,
    Interface,
    NamespaceableResourceInterface,
    ResourceInterface,
    legacy_api_path_resolver_func,
)
