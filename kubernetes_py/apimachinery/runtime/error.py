"""The errors of k8s.io/apimachinery/pkg/runtime (error.go), as exceptions with Go's messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence, Union

from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind

if TYPE_CHECKING:
    from .interfaces import GroupVersioner, Object


def type_string(t: object) -> str:
    """What Go's %v prints for a reflect.Type of an API type: ``v1.Pod`` (package name and type name)."""
    if t is None:
        return "<nil>"
    if not isinstance(t, type):
        t = type(t)
    module = getattr(t, "__module__", "") or ""
    return f"{module.rsplit('.', 1)[-1]}.{t.__name__}" if module else t.__name__


def _go_quote(s: str) -> str:
    from kubernetes_py._go.strconv import go_quote

    return go_quote(s)


class NotRegisteredError(Exception):
    """A kind or type the scheme does not know (Go's notRegisteredErr; see is_not_registered_error)."""

    def __init__(
        self,
        scheme_name: str,
        gvk: Optional[GroupVersionKind] = None,
        target: Optional[GroupVersioner] = None,
        t: Optional[type] = None,
    ):
        self.scheme_name = scheme_name
        self.gvk = gvk
        self.target = target
        self.t = t
        super().__init__(self._message())

    def _message(self) -> str:
        name = _go_quote(self.scheme_name)
        if self.t is not None and self.target is not None:
            target = _go_quote(str(self.target))
            return f"{type_string(self.t)} is not suitable for converting to {target} in scheme {name}"
        gvk = self.gvk if self.gvk is not None else GroupVersionKind()  # Go's zero GroupVersionKind
        if not gvk.empty() and self.target is not None:
            return (
                f"{_go_quote(str(gvk.group_version()))} is not suitable for converting to "
                f"{_go_quote(str(self.target))} in scheme {name}"
            )
        if self.t is not None:
            return f"no kind is registered for the type {type_string(self.t)} in scheme {name}"
        if not gvk.kind:
            return f"no version {_go_quote(str(gvk.group_version()))} has been registered in scheme {name}"
        if gvk.version == APIVersionInternal:
            return (
                f"no kind {_go_quote(gvk.kind)} is registered for the internal version of group "
                f"{_go_quote(gvk.group)} in scheme {name}"
            )
        return (
            f"no kind {_go_quote(gvk.kind)} is registered for version "
            f"{_go_quote(str(gvk.group_version()))} in scheme {name}"
        )


APIVersionInternal = "__internal"


def new_not_registered_err_for_kind(scheme_name: str, gvk: GroupVersionKind) -> NotRegisteredError:
    return NotRegisteredError(scheme_name, gvk=gvk)


def new_not_registered_err_for_type(scheme_name: str, t: type) -> NotRegisteredError:
    return NotRegisteredError(scheme_name, t=t)


def new_not_registered_err_for_target(scheme_name: str, t: type, target: GroupVersioner) -> NotRegisteredError:
    return NotRegisteredError(scheme_name, t=t, target=target)


def new_not_registered_gvk_err_for_target(
    scheme_name: str, gvk: GroupVersionKind, target: GroupVersioner
) -> NotRegisteredError:
    return NotRegisteredError(scheme_name, gvk=gvk, target=target)


def is_not_registered_error(err: Optional[BaseException]) -> bool:
    return isinstance(err, NotRegisteredError)


class _MissingFieldError(ValueError):
    """The data (``data``) has no ``field``."""

    field = ""

    def __init__(self, data: str):
        self.data = data
        super().__init__(f"Object '{self.field}' is missing in '{data}'")


class MissingKindError(_MissingFieldError):
    """The data has no ``kind`` (Go's missingKindErr)."""

    field = "Kind"


class MissingVersionError(_MissingFieldError):
    """The data has no ``apiVersion`` (Go's missingVersionErr)."""

    field = "apiVersion"


def new_missing_kind_err(data: str) -> MissingKindError:
    return MissingKindError(data)


def new_missing_version_err(data: str) -> MissingVersionError:
    return MissingVersionError(data)


def is_missing_kind(err: Optional[BaseException]) -> bool:
    return isinstance(err, MissingKindError)


def is_missing_version(err: Optional[BaseException]) -> bool:
    return isinstance(err, MissingVersionError)


# One problem a strict decoder found (Go's error): the text of an unknown or duplicate field, or an exception.
StrictError = Union[str, BaseException]


class StrictDecodingError(ValueError):
    """Unknown or duplicate fields found by a strict decoder; the object was still decoded. A decoder that raises
    it sets the decoded object and kind on it (``obj``, ``gvk``), as Go returns them beside the error."""

    obj: Optional[Object] = None
    gvk: Optional[GroupVersionKind] = None

    def __init__(self, errors: Sequence[StrictError]):
        self._errors = list(errors)
        super().__init__("strict decoding error: " + ", ".join(str(e) for e in self._errors))

    def errors(self) -> list[StrictError]:
        return list(self._errors)


def strict_decoding_result(
    obj: Object, gvk: GroupVersionKind, errors: Sequence[StrictError]
) -> tuple[Object, GroupVersionKind]:
    """A decoder's ``(obj, gvk)``, or, with strict ``errors``, a StrictDecodingError carrying them."""
    if errors:
        err = StrictDecodingError(errors)
        err.obj, err.gvk = obj, gvk
        raise err
    return obj, gvk


def new_strict_decoding_error(errors: Sequence[StrictError]) -> StrictDecodingError:
    return StrictDecodingError(errors)


def is_strict_decoding_error(err: Optional[BaseException]) -> bool:
    return isinstance(err, StrictDecodingError)


def as_strict_decoding_error(err: Optional[BaseException]) -> tuple[Optional[StrictDecodingError], bool]:
    if isinstance(err, StrictDecodingError):
        return err, True
    return None, False
