"""client-go scale/scheme: the internal (hub) Scale every external scale version converts through, and the
group versions of the scale kinds the scale client understands (autoscaling/v1, extensions/v1beta1,
apps/v1beta1, apps/v1beta2, and the internal versions of their groups)."""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

from kubernetes_py.apimachinery.apis.meta import v1 as metav1
from kubernetes_py.apimachinery.runtime.error import APIVersionInternal
from kubernetes_py.apimachinery.runtime.schema import GroupKind, GroupResource, GroupVersion

__all__ = [
    "GroupName",
    "SchemeGroupVersion",
    "Scale",
    "ScaleSpec",
    "ScaleStatus",
    "kind",
    "resource",
    "AppsInternalGroupVersion",
    "AppsV1beta1GroupVersion",
    "AppsV1beta2GroupVersion",
    "AutoscalingV1GroupVersion",
    "ExtensionsInternalGroupVersion",
    "ExtensionsV1beta1GroupVersion",
]

GroupName = "autoscaling"
SchemeGroupVersion = GroupVersion(GroupName, APIVersionInternal)

# The group versions of client-go's scale/scheme/* packages (SchemeGroupVersion of each).
AutoscalingV1GroupVersion = GroupVersion("autoscaling", "v1")
ExtensionsV1beta1GroupVersion = GroupVersion("extensions", "v1beta1")
ExtensionsInternalGroupVersion = GroupVersion("extensions", APIVersionInternal)
AppsV1beta1GroupVersion = GroupVersion("apps", "v1beta1")
AppsV1beta2GroupVersion = GroupVersion("apps", "v1beta2")
AppsInternalGroupVersion = GroupVersion("apps", APIVersionInternal)


def kind(k: str) -> GroupKind:
    return SchemeGroupVersion.with_kind(k).group_kind()


def resource(r: str) -> GroupResource:
    return SchemeGroupVersion.with_resource(r).group_resource()


@dataclasses.dataclass
class ScaleSpec:
    """The desired number of instances."""

    replicas: int = 0


@dataclasses.dataclass
class ScaleStatus:
    """The current number of instances and the selector of the pods counted (a metav1.LabelSelector or None)."""

    replicas: int = 0
    selector: Optional[Any] = None


@dataclasses.dataclass
class Scale:
    """The internal scale: metadata (a metav1.ObjectMeta), spec and status, with a structured selector."""

    metadata: Any = dataclasses.field(default_factory=metav1.ObjectMeta)
    spec: ScaleSpec = dataclasses.field(default_factory=ScaleSpec)
    status: ScaleStatus = dataclasses.field(default_factory=ScaleStatus)

    def deep_copy(self) -> "Scale":
        selector = self.status.selector
        return Scale(
            metadata=self.metadata.deep_copy(),
            spec=ScaleSpec(self.spec.replicas),
            status=ScaleStatus(self.status.replicas, selector.deep_copy() if selector is not None else None),
        )
