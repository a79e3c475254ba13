"""What client-go takes from gopkg.in/evanphx/json-patch.v4: RFC 6902 JSON patch (``decode_patch``,
``Patch.apply``) and RFC 7386 merge patch (``merge_patch``), with that library's behaviour and error texts:
values stay raw JSON text until an operation looks inside them. Private: client-go does not re-export it."""

from kubernetes_py._go.json import JSONSyntaxError

from .merge import (
    ErrBadJSONDoc,
    ErrBadJSONPatch,
    ErrBadMergeTypes,
    MergePatchError,
    create_merge_patch,
    merge_merge_patches,
    merge_patch,
)
from .patch import (
    ErrInvalid,
    ErrInvalidIndex,
    ErrMissing,
    ErrTestFailed,
    ErrUnknownType,
    JSONPatchError,
    Operation,
    Patch,
    decode_patch,
    equal,
)
from ._lazy import UnmarshalTypeError

__all__ = [
    "JSONSyntaxError",
    "ErrBadJSONDoc",
    "ErrBadJSONPatch",
    "ErrBadMergeTypes",
    "MergePatchError",
    "create_merge_patch",
    "merge_merge_patches",
    "merge_patch",
    "ErrInvalid",
    "ErrInvalidIndex",
    "ErrMissing",
    "ErrTestFailed",
    "ErrUnknownType",
    "JSONPatchError",
    "Operation",
    "Patch",
    "decode_patch",
    "equal",
    "UnmarshalTypeError",
]
