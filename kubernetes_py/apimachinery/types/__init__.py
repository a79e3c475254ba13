"""Port of k8s.io/apimachinery/pkg/types: NamespacedName, UID, NodeName and the patch types."""

from __future__ import annotations

import dataclasses

Separator = "/"

UID = str  # Go's types.UID: a string type
NodeName = str  # Go's types.NodeName: a string type
PatchType = str  # Go's types.PatchType: a content type

JSONPatchType: PatchType = "application/json-patch+json"
MergePatchType: PatchType = "application/merge-patch+json"
StrategicMergePatchType: PatchType = "application/strategic-merge-patch+json"
ApplyYAMLPatchType: PatchType = "application/apply-patch+yaml"
ApplyPatchType: PatchType = ApplyYAMLPatchType
ApplyCBORPatchType: PatchType = "application/apply-patch+cbor"


@dataclasses.dataclass(frozen=True, order=True)
class NamespacedName:
    """A namespace and a name; ``str()`` is ``namespace/name`` (``/name`` for a cluster-scoped object)."""

    namespace: str = ""
    name: str = ""

    def __str__(self) -> str:
        return self.namespace + Separator + self.name

    def marshal_log(self) -> dict[str, str]:
        """The structured-logging form: name, and namespace when there is one."""
        out = {"name": self.name}
        if self.namespace:
            out["namespace"] = self.namespace
        return out


__all__ = [
    "ApplyCBORPatchType",
    "ApplyPatchType",
    "ApplyYAMLPatchType",
    "JSONPatchType",
    "MergePatchType",
    "NamespacedName",
    "NodeName",
    "PatchType",
    "Separator",
    "StrategicMergePatchType",
    "UID",
]
