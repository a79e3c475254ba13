"""Port of k8s.io/apimachinery/pkg/runtime/schema: group/version/kind/resource identifiers."""

from kubernetes_py.apimachinery.runtime.schema.group_version import (
    EmptyObjectKind,
    GroupKind,
    GroupResource,
    GroupVersion,
    GroupVersionKind,
    GroupVersionResource,
    GroupVersions,
    ObjectKind,
    from_api_version_and_kind,
    parse_group_kind,
    parse_group_resource,
    parse_group_version,
    parse_kind_arg,
    parse_resource_arg,
)

__all__ = [
    "EmptyObjectKind",
    "GroupKind",
    "GroupResource",
    "GroupVersion",
    "GroupVersionKind",
    "GroupVersionResource",
    "GroupVersions",
    "ObjectKind",
    "from_api_version_and_kind",
    "parse_group_kind",
    "parse_group_resource",
    "parse_group_version",
    "parse_kind_arg",
    "parse_resource_arg",
]
