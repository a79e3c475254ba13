"""Preconditions and conflict detection of k8s.io/apimachinery/pkg/util/mergepatch."""

from __future__ import annotations

from typing import Any, Callable


from kubernetes_py._go.reflect import type_name
from .errors import MergePatchError

__all__ = [
    "PreconditionFunc",
    "require_key_unchanged",
    "require_metadata_key_unchanged",
    "to_yaml_or_error",
    "has_conflicts",
]

PreconditionFunc = Callable[[Any], bool]


def require_key_unchanged(key: str) -> PreconditionFunc:
    """A precondition that holds when the patch does not set ``key`` at its top level."""

    def precondition(patch: Any) -> bool:
        return not isinstance(patch, dict) or key not in patch

    return precondition


def require_metadata_key_unchanged(key: str) -> PreconditionFunc:
    """A precondition that holds when the patch does not set ``metadata.<key>``."""

    def precondition(patch: Any) -> bool:
        if not isinstance(patch, dict):
            return True
        metadata = patch.get("metadata", None)
        if not isinstance(metadata, dict):
            return True
        return key not in metadata

    return precondition


def to_yaml_or_error(v: Any) -> str:
    """YAML of a decoded JSON value as sigs.k8s.io/yaml writes it (go-yaml's quoting, keys sorted)."""
    from kubernetes_py._goyaml import json_to_yaml

    return json_to_yaml(v)


def has_conflicts(left: Any, right: Any) -> bool:
    """Whether two patches set a key to different values (maps compared key by key, lists item by item)."""
    if isinstance(left, dict):
        if not isinstance(right, dict):
            return True
        for key, left_value in left.items():
            if key in right and has_conflicts(left_value, right[key]):
                return True
        return False
    if isinstance(left, list):
        if not isinstance(right, list) or len(left) != len(right):
            return True
        return any(has_conflicts(a, b) for a, b in zip(left, right))
    if left is None or isinstance(left, (str, float, bool, int)):
        return type_name(left) != type_name(right) or left != right
    raise MergePatchError(f"unknown type: {type_name(left)}")
