"""Validation errors about one field (Go's ``field.Error``) and lists of them."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional, cast

from kubernetes_py._go.fmt import go_sprint
from kubernetes_py._go.json import go_json
from kubernetes_py._go.strconv import go_quote
from kubernetes_py.apimachinery.util.errors import Aggregate, filter_out, new_aggregate
from kubernetes_py.apimachinery.util.validation.field.path import Path, path_string


ErrorType = str  # the machine-readable kind of a field error ("FieldValueInvalid", ...)


ErrorTypeNotFound = ErrorType("FieldValueNotFound")
ErrorTypeRequired = ErrorType("FieldValueRequired")
ErrorTypeDuplicate = ErrorType("FieldValueDuplicate")
ErrorTypeInvalid = ErrorType("FieldValueInvalid")
ErrorTypeNotSupported = ErrorType("FieldValueNotSupported")
ErrorTypeForbidden = ErrorType("FieldValueForbidden")
ErrorTypeTooLong = ErrorType("FieldValueTooLong")
ErrorTypeTooMany = ErrorType("FieldValueTooMany")
ErrorTypeTooFew = ErrorType("FieldValueTooFew")
ErrorTypeInternal = ErrorType("InternalError")
ErrorTypeTypeInvalid = ErrorType("FieldValueTypeInvalid")
ErrorTypeTooShort = ErrorType("FieldValueTooShort")


def error_type_string(t: str) -> str:
    """Go's ``ErrorType.String()``: the words a message uses for the type (``Invalid value``)."""
    return _TYPE_TEXT.get(t, f"<unknown error {go_quote(t)}>")


_TYPE_TEXT = {
    "FieldValueNotFound": "Not found",
    "FieldValueRequired": "Required value",
    "FieldValueDuplicate": "Duplicate value",
    "FieldValueInvalid": "Invalid value",
    "FieldValueNotSupported": "Unsupported value",
    "FieldValueForbidden": "Forbidden",
    "FieldValueTooLong": "Too long",
    "FieldValueTooMany": "Too many",
    "FieldValueTooFew": "Too few",
    "InternalError": "Internal error",
    "FieldValueTypeInvalid": "Invalid value",
    "FieldValueTooShort": "Too short",
}


class _OmitValue:
    """Marker bad value: the message shows only the error type."""

    def __repr__(self) -> str:
        return "OmitValue"


OmitValue = _OmitValue()

_TYPE_ONLY = {"FieldValueRequired", "FieldValueForbidden", "FieldValueTooLong", "FieldValueTooShort", "InternalError"}
_WITH_VALUE = {
    "FieldValueInvalid",
    "FieldValueTypeInvalid",
    "FieldValueNotSupported",
    "FieldValueNotFound",
    "FieldValueDuplicate",
    "FieldValueTooMany",
    "FieldValueTooFew",
}


def _format_bad_value(value: Any) -> str:
    if isinstance(value, (bool, int, float)):
        return go_sprint(value)
    if isinstance(value, str) and type(value) is str:
        return go_quote(value)
    try:
        return go_json(value)
    except (TypeError, ValueError):
        return str(value)


class Error(Exception):
    """A validation error about one field: ``<field>: <Type text>[: <value>][: <detail>]``."""

    def __init__(self, type: ErrorType, field: str, bad_value: Any = None, detail: str = "", origin: str = ""):
        self.type = str(type)
        self.field = field
        self.bad_value = bad_value
        self.detail = detail
        self.origin = origin
        self.covered_by_declarative = False
        super().__init__()

    def error_body(self) -> str:
        t = self.type
        if t in _TYPE_ONLY:
            s = error_type_string(t)
        elif t in _WITH_VALUE:
            if self.bad_value is OmitValue:
                s = error_type_string(t)
            else:
                s = f"{error_type_string(t)}: {_format_bad_value(self.bad_value)}"
        else:
            s = internal_error(
                None, Exception(f"unhandled error code: {error_type_string(t)}: please report this")
            ).error_body()
        if self.detail:
            s += f": {self.detail}"
        return s

    def __str__(self) -> str:
        return f"{self.field}: {self.error_body()}"

    def __repr__(self) -> str:
        return f"field.Error({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Error):
            return NotImplemented
        return (self.type, self.field, self.bad_value, self.detail) == (
            other.type,
            other.field,
            other.bad_value,
            other.detail,
        )

    __hash__ = Exception.__hash__

    def with_origin(self, origin: str) -> "Error":
        self.origin = origin
        return self


class ErrorList(list[Any]):
    """A list of field errors (Go's ``field.ErrorList``)."""

    def to_aggregate(self) -> Optional[Aggregate]:
        """All the errors as one Aggregate exception, dropping repeated messages; None for an empty list."""
        if not self:
            return None
        seen = set()
        errs = []
        for err in self:
            msg = str(err)
            if msg in seen:
                continue
            seen.add(msg)
            errs.append(err)
        return new_aggregate(errs)

    def filter(self, *fns: Callable[[BaseException], bool]) -> "ErrorList":
        err = filter_out(self.to_aggregate(), *fns)
        if err is None:
            return ErrorList()
        # Go: FilterOut takes an Aggregate and returns an Aggregate (err.(utilerrors.Aggregate))
        return ErrorList(cast(Aggregate, err).errors())

    def with_origin(self, origin: str) -> "ErrorList":
        for err in self:
            err.origin = origin
        return self

    def prefix_detail(self, prefix: str) -> "ErrorList":
        for err in self:
            err.detail = prefix + err.detail
        return self


def new_error_type_matcher(t: ErrorType) -> Callable[[BaseException], bool]:
    return lambda err: isinstance(err, Error) and err.type == t


def type_invalid(field: Optional[Path], value: Any, detail: str) -> Error:
    return Error(ErrorTypeTypeInvalid, path_string(field), value, detail)


def not_found(field: Optional[Path], value: Any) -> Error:
    return Error(ErrorTypeNotFound, path_string(field), value)


def required(field: Optional[Path], detail: str) -> Error:
    return Error(ErrorTypeRequired, path_string(field), "", detail)


def duplicate(field: Optional[Path], value: Any) -> Error:
    return Error(ErrorTypeDuplicate, path_string(field), value)


def invalid(field: Optional[Path], value: Any, detail: str) -> Error:
    return Error(ErrorTypeInvalid, path_string(field), value, detail)


def not_supported(field: Optional[Path], value: Any, valid_values: Iterable[str]) -> Error:
    valid = list(valid_values)
    detail = ""
    if valid:
        detail = "supported values: " + ", ".join(go_quote(str(v)) for v in valid)
    return Error(ErrorTypeNotSupported, path_string(field), value, detail)


def forbidden(field: Optional[Path], detail: str) -> Error:
    return Error(ErrorTypeForbidden, path_string(field), "", detail)


def _limit(limit: int, phrase: str, one: str, many: str, unbounded: str) -> str:
    """Go's detail for a size limit: "<phrase> <limit> <unit>", or ``unbounded`` when the limit is negative."""
    if limit < 0:
        return unbounded
    return f"{phrase} {limit} {one if limit == 1 else many}"


def too_long(field: Optional[Path], value: Any, max_length: int) -> Error:
    msg = _limit(max_length, "may not be more than", "byte", "bytes", "value is too long")
    return Error(ErrorTypeTooLong, path_string(field), "<value omitted>", msg)


def too_long_max_length(field: Optional[Path], value: Any, max_length: int) -> Error:
    return too_long(field, "", max_length)


def too_short(field: Optional[Path], value: str, min_length: int) -> Error:
    msg = _limit(min_length, "must be at least", "character", "characters", "value is too short")
    return Error(ErrorTypeTooShort, path_string(field), value, msg)


def too_many(field: Optional[Path], actual_quantity: int, max_quantity: int) -> Error:
    msg = _limit(max_quantity, "must have at most", "item", "items", "has too many items")
    actual = actual_quantity if actual_quantity >= 0 else OmitValue
    return Error(ErrorTypeTooMany, path_string(field), actual, msg)


def too_few(field: Optional[Path], actual_quantity: int, min_quantity: int) -> Error:
    msg = _limit(min_quantity, "must have at least", "item", "items", "has too few items")
    return Error(ErrorTypeTooFew, path_string(field), actual_quantity, msg)


def internal_error(field: Optional[Path], err: BaseException) -> Error:
    return Error(ErrorTypeInternal, path_string(field), err, str(err))
