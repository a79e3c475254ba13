"""Port of k8s.io/client-go/restmapper: RESTMappers built from discovery, short names and categories."""

from kubernetes_py.restmapper.category_expansion import (
    CategoryExpander,
    SimpleCategoryExpander,
    UnionCategoryExpander,
    UnionCategoryExpanderWithContext,
    new_discovery_category_expander,
    new_discovery_category_expander_with_context,
)
from kubernetes_py.restmapper.discovery import (
    APIGroupResources,
    DeferredDiscoveryRESTMapper,
    get_api_group_resources,
    get_api_group_resources_with_context,
    new_deferred_discovery_rest_mapper,
    new_deferred_discovery_rest_mapper_with_context,
    new_discovery_rest_mapper,
    new_discovery_rest_mapper_with_context,
)
from kubernetes_py.restmapper.shortcut import (
    ShortcutExpander,
    new_shortcut_expander,
    new_shortcut_expander_with_context,
)

__all__ = [
    "APIGroupResources",
    "CategoryExpander",
    "DeferredDiscoveryRESTMapper",
    "ShortcutExpander",
    "SimpleCategoryExpander",
    "UnionCategoryExpander",
    "UnionCategoryExpanderWithContext",
    "get_api_group_resources",
    "get_api_group_resources_with_context",
    "new_deferred_discovery_rest_mapper",
    "new_deferred_discovery_rest_mapper_with_context",
    "new_discovery_category_expander",
    "new_discovery_category_expander_with_context",
    "new_discovery_rest_mapper",
    "new_discovery_rest_mapper_with_context",
    "new_shortcut_expander",
    "new_shortcut_expander_with_context",
]
