"""k8s.io/apimachinery/pkg/api/meta/testrestmapper: a RESTMapper for tests, built from a scheme's known types
with guessed resource names (client-go's field-managed object tracker maps resources to kinds with it)."""

from __future__ import annotations

from typing import Any

from kubernetes_py.apimachinery.api import meta
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupVersion, GroupVersionKind, GroupVersionResource

__all__ = ["test_only_static_rest_mapper"]

# Hard-coded as in Go: good enough for tests.
_ROOT_SCOPED_KINDS = frozenset(
    GroupKind(g, k)
    for g, k in (
        ("admission.k8s.io", "AdmissionReview"),
        ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
        ("authentication.k8s.io", "TokenReview"),
        ("authorization.k8s.io", "SubjectAccessReview"),
        ("authorization.k8s.io", "SelfSubjectAccessReview"),
        ("authorization.k8s.io", "SelfSubjectRulesReview"),
        ("certificates.k8s.io", "CertificateSigningRequest"),
        ("", "Node"),
        ("", "Namespace"),
        ("", "PersistentVolume"),
        ("", "ComponentStatus"),
        ("rbac.authorization.k8s.io", "ClusterRole"),
        ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("scheduling.k8s.io", "PriorityClass"),
        ("storage.k8s.io", "StorageClass"),
        ("storage.k8s.io", "VolumeAttachment"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
        ("apiserver.k8s.io", "AdmissionConfiguration"),
        ("audit.k8s.io", "Event"),
        ("audit.k8s.io", "Policy"),
        ("apiregistration.k8s.io", "APIService"),
        ("metrics.k8s.io", "NodeMetrics"),
        ("wardle.example.com", "Fischer"),
    )
)

_IGNORED_KINDS = frozenset(
    {
        "ListOptions",
        "DeleteOptions",
        "Status",
        "PodLogOptions",
        "PodExecOptions",
        "PodAttachOptions",
        "PodPortForwardOptions",
        "PodProxyOptions",
        "NodeProxyOptions",
        "ServiceProxyOptions",
    }
)


def test_only_static_rest_mapper(scheme: Any, *version_patterns: GroupVersion) -> meta.RESTMapper:
    """A priority mapper over one DefaultRESTMapper per group of ``scheme`` (core, extensions and metrics
    first, then the other groups by name; each group's preferred version before its others)."""
    union = meta.MultiRESTMapper()
    unioned: set[Any] = set()
    for enabled in scheme.prioritized_versions_all_groups():
        if enabled.group not in unioned:
            unioned.add(enabled.group)
            union.append(_new_rest_mapper(enabled.group, scheme))
    if version_patterns:
        return meta.PriorityRESTMapper(
            delegate=union,
            resource_priority=[gv.with_resource(meta.AnyResource) for gv in version_patterns],
            kind_priority=[gv.with_kind(meta.AnyKind) for gv in version_patterns],
        )
    prioritized = ["", "extensions", "metrics"]
    resource_priority, kind_priority = _priorities_for_groups(scheme, prioritized)
    remaining = sorted({v.group for v in scheme.prioritized_versions_all_groups() if v.group not in prioritized})
    more_resources, more_kinds = _priorities_for_groups(scheme, remaining)
    return meta.PriorityRESTMapper(
        delegate=union, resource_priority=resource_priority + more_resources, kind_priority=kind_priority + more_kinds
    )


def _priorities_for_groups(scheme: Any, groups: list[Any]) -> tuple[list[Any], list[Any]]:
    resources: list[Any] = []
    kinds: list[Any] = []
    for group in groups:
        available = scheme.prioritized_versions_for_group(group)
        if available:
            resources.append(available[0].with_resource(meta.AnyResource))
            kinds.append(available[0].with_kind(meta.AnyKind))
    for group in groups:
        resources.append(GroupVersionResource(group, meta.AnyVersion, meta.AnyResource))
        kinds.append(GroupVersionKind(group, meta.AnyVersion, meta.AnyKind))
    return resources, kinds


def _new_rest_mapper(group: str, scheme: Any) -> meta.DefaultRESTMapper:
    versions = scheme.prioritized_versions_for_group(group)
    mapper = meta.new_default_rest_mapper(versions)
    for gv in versions:
        for kind in scheme.known_types(gv):
            if kind in _IGNORED_KINDS:
                continue
            scope = meta.RESTScopeRoot if GroupKind(gv.group, kind) in _ROOT_SCOPED_KINDS else meta.RESTScopeNamespace
            mapper.add(gv.with_kind(kind), scope)
    return mapper
