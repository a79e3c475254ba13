"""k8s.io/apimachinery/pkg/util/jsonmergepatch: three-way JSON merge patches (for objects without patch
metadata, such as custom resources)."""

from __future__ import annotations

from typing import Any


from kubernetes_py import _jsonpatch
from kubernetes_py._go.fmt import go_sprint as sprint
from kubernetes_py._go.json import JSONDecodeError, marshal, unmarshal
from kubernetes_py._go.reflect import type_name
from kubernetes_py.apimachinery.util import mergepatch

__all__ = ["create_three_way_json_merge_patch"]


def create_three_way_json_merge_patch(
    original: bytes, modified: bytes, current: bytes, *fns: mergepatch.PreconditionFunc
) -> bytes:
    """The merge patch that turns ``current`` into ``modified``, deleting only the fields ``original`` had
    and ``modified`` dropped; raises ErrConflict when the additions and the deletions touch the same field."""
    original = original or b"{}"
    modified = modified or b"{}"
    current = current or b"{}"
    add_and_change_patch, add_and_change_obj = _keep_or_delete_null(
        _jsonpatch.create_merge_patch(current, modified), False
    )
    delete_patch, delete_obj = _keep_or_delete_null(_jsonpatch.create_merge_patch(original, modified), True)
    if mergepatch.has_conflicts(add_and_change_obj, delete_obj):
        raise mergepatch.new_err_conflict(
            mergepatch.to_yaml_or_error(add_and_change_obj), mergepatch.to_yaml_or_error(delete_obj)
        )
    patch = _jsonpatch.merge_patch(delete_patch, add_and_change_patch)
    try:
        patch_map = unmarshal(patch)
    except (JSONDecodeError, ValueError):
        raise ValueError(f"failed to unmarshal patch for precondition check: {patch.decode()}") from None
    for fn in fns:
        if not fn(patch_map):
            raise ValueError(f"precondition failed for: {sprint(patch_map)}")
    return patch


def _keep_or_delete_null(patch: bytes, keep_null: bool) -> tuple[bytes, dict[Any, Any]]:
    """Only the deletions of a patch (``keep_null``), or only its additions and changes."""
    patch_map = unmarshal(patch)
    filtered = _keep_or_delete_null_in_obj(patch_map if patch_map is not None else {}, keep_null)
    return marshal(filtered), filtered


def _keep_or_delete_null_in_obj(m: dict[Any, Any], keep_null: bool) -> dict[Any, Any]:
    filtered: dict[Any, Any] = {}
    for key, val in m.items():
        if keep_null and val is None:
            filtered[key] = None
        elif val is not None:
            if isinstance(val, dict):
                if not val:
                    if not keep_null:
                        filtered[key] = val
                    continue
                sub = _keep_or_delete_null_in_obj(val, keep_null)
                if sub:
                    filtered[key] = sub
            elif isinstance(val, (list, str, float, bool, int)):
                if not keep_null:
                    filtered[key] = val
            else:  # pragma: no cover - decoded JSON has no other types
                raise TypeError(f"unknown type: {type_name(val)}")
    return filtered
