"""The errors of k8s.io/apimachinery/pkg/util/mergepatch, with Go's messages."""

from __future__ import annotations

from typing import Any

from kubernetes_py._go.fmt import go_sprint as sprint
from kubernetes_py._go.reflect import kind_name, type_name

__all__ = [
    "MergePatchError",
    "ErrBadJSONDoc",
    "ErrNoListOfLists",
    "ErrBadPatchFormatForPrimitiveList",
    "ErrBadPatchFormatForRetainKeys",
    "ErrBadPatchFormatForSetElementOrderList",
    "ErrPatchContentNotMatchRetainKeys",
    "ErrUnsupportedStrategicMergePatchFormat",
    "err_no_merge_key",
    "err_bad_arg_type",
    "err_bad_arg_kind",
    "err_bad_patch_type",
    "ErrPreconditionFailed",
    "new_err_precondition_failed",
    "is_precondition_failed",
    "ErrConflict",
    "new_err_conflict",
    "is_conflict",
]


class MergePatchError(ValueError):
    """An error of the merge patch packages (Go returns a plain error value; its text is the message)."""


# Sentinel errors: compare with ``is`` (Go compares these error values with ==).
ErrBadJSONDoc = MergePatchError("invalid JSON document")
ErrNoListOfLists = MergePatchError("lists of lists are not supported")
ErrBadPatchFormatForPrimitiveList = MergePatchError("invalid patch format of primitive list")
ErrBadPatchFormatForRetainKeys = MergePatchError("invalid patch format of retainKeys")
ErrBadPatchFormatForSetElementOrderList = MergePatchError("invalid patch format of setElementOrder list")
ErrPatchContentNotMatchRetainKeys = MergePatchError("patch content doesn't match retainKeys list")
ErrUnsupportedStrategicMergePatchFormat = MergePatchError("strategic merge patch format is not supported")


def err_no_merge_key(m: dict[Any, Any], k: str) -> MergePatchError:
    return MergePatchError(f"map: {sprint(m)} does not contain declared merge key: {k}")


def err_bad_arg_type(expected: str, actual: Any) -> MergePatchError:
    """``expected`` is the Go type name wanted (Go passes a typed nil and prints its reflect type)."""
    return MergePatchError(f"expected a {expected}, but received a {type_name(actual)}")


def err_bad_arg_kind(expected_kind: str, actual: Any, actual_kind: str = "") -> MergePatchError:
    return MergePatchError(f"expected a {expected_kind}, but received a {actual_kind or kind_name(actual)}")


def err_bad_patch_type(t: Any, m: dict[Any, Any]) -> MergePatchError:
    text = t if isinstance(t, str) else _bad_verb_s(t)
    return MergePatchError(f"unknown patch type: {text} in map: {sprint(m)}")


def _bad_verb_s(value: Any) -> str:
    """fmt's %s of a non-string value: %!s(type=value)."""
    if value is None:
        return "%!s(<nil>)"
    return f"%!s({type_name(value)}={sprint(value)})"


class ErrPreconditionFailed(MergePatchError):
    """A precondition function rejected the patch."""


def new_err_precondition_failed(target: dict[Any, Any]) -> ErrPreconditionFailed:
    return ErrPreconditionFailed(f"precondition failed for: {sprint(target)}")


def is_precondition_failed(err: BaseException) -> bool:
    return isinstance(err, ErrPreconditionFailed)


class ErrConflict(MergePatchError):
    """A three-way patch conflicts with changes made from original to current."""


def new_err_conflict(patch: str, current: str) -> ErrConflict:
    return ErrConflict(f"patch:\n{patch}\nconflicts with changes made from original to current:\n{current}\n")


def is_conflict(err: BaseException) -> bool:
    return isinstance(err, ErrConflict)
