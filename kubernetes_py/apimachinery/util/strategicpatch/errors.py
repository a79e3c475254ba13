"""The error types of k8s.io/apimachinery/pkg/util/strategicpatch."""

from __future__ import annotations

from kubernetes_py._go.strconv import go_quote

__all__ = ["LookupPatchMetaError", "FieldNotFoundError", "InvalidTypeError", "StrategicPatchError"]


class StrategicPatchError(ValueError):
    """An error of the strategic merge patch algorithm (Go returns a fmt.Errorf value)."""


class LookupPatchMetaError(StrategicPatchError):
    def __init__(self, path: str, err: BaseException):
        super().__init__(f"LookupPatchMetaError({path}): {err}")
        self.path, self.err = path, err


class FieldNotFoundError(StrategicPatchError):
    def __init__(self, path: str, field: str):
        super().__init__(f"unable to find api field {go_quote(field)} in {path}")
        self.path, self.field = path, field


class InvalidTypeError(StrategicPatchError):
    def __init__(self, path: str, expected: str, actual: str):
        super().__init__(f"invalid type for {path}: got {go_quote(actual)}, expected {go_quote(expected)}")
        self.path, self.expected, self.actual = path, expected, actual
