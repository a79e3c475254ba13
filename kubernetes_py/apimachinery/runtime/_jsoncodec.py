"""The JSON codec's two entry points for serializer/json, which knows kinds only (as Go's json.go does).

``decode(data, resolve, yaml=..., strict=...)`` reads a JSON or YAML text as a ``Document`` and hands it to
``resolve`` (the serializer's choice of the object to decode into, by apiVersion and kind), which returns its
result. It tries the C path first (_jsonaccel: apiVersion and kind peeked from the bytes, the object transcoded
to protobuf in C) and, when that path is unsure or anything goes wrong on it, runs ``resolve`` again on the
Python path (json.loads, _jsonconv), which decides every error: the C path never answers differently, only
faster.

``encode(obj, pretty=False)`` writes an object's JSON text (typed objects compact by the C path when it can),
``to_json_value(obj)`` its JSON-shaped value (for YAML).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol, TypeVar, Union

from google.protobuf.message import DecodeError, Message

from kubernetes_py import _goyaml
from kubernetes_py._go import json as _gojson
from kubernetes_py._go.json import go_json_kind
from kubernetes_py.apimachinery.runtime import _jsonaccel, _jsonconv
from kubernetes_py.apimachinery.runtime.interfaces import Object, is_message, is_unknown, is_unstructured
from kubernetes_py.apimachinery.runtime.schema import GroupVersionKind, parse_group_version

if TYPE_CHECKING:
    from kubernetes_py._schema.messages import Unknown

_M = TypeVar("_M", bound=Message)
_R = TypeVar("_R")


class Fallback(Exception):
    """The C path cannot decide: the Python path decodes the input."""


class MetaFactory(Protocol):
    """What finds apiVersion and kind in a decoded JSON value (serializer/json's MetaFactory)."""

    def interpret_value(self, value: Any) -> GroupVersionKind: ...


class Document:
    """One text to decode, as ``resolve`` sees it."""

    def type_meta(self, meta: MetaFactory) -> GroupVersionKind:
        """apiVersion and kind of the text (through the serializer's MetaFactory ``meta`` on the Python path)."""
        raise NotImplementedError

    def decode(self, cls: type[_M]) -> tuple[_M, list[str]]:
        """A new ``cls`` message and its strict errors."""
        raise NotImplementedError

    def decode_into(self, into: Object) -> list[str]:
        """Decode into an existing object (a message or an Unstructured); its strict errors."""
        raise NotImplementedError

    def into_unknown(self, into: Unknown, gvk: GroupVersionKind) -> None:
        """Keep the text itself in a runtime.Unknown."""
        raise NotImplementedError


class _CDocument(Document):
    """The C path: apiVersion and kind peeked, typed objects transcoded; anything else is a Fallback."""

    def __init__(self, data: bytes, type_meta: tuple[Optional[str], Optional[str]]):
        self._data, self._type_meta = data, type_meta

    def type_meta(self, meta: MetaFactory) -> GroupVersionKind:
        try:
            gv = parse_group_version(self._type_meta[0] or "")
        except ValueError:
            raise Fallback from None
        return GroupVersionKind(gv.group, gv.version, self._type_meta[1] or "")

    def _transcode(self, cls: type[Message]) -> bytes:
        if is_unknown(cls) or not hasattr(cls, "DESCRIPTOR"):
            raise Fallback
        encoded = _jsonaccel.transcode(cls, self._data)
        if encoded is None:
            raise Fallback
        return encoded

    def decode(self, cls: type[_M]) -> tuple[_M, list[str]]:
        try:
            return cls.FromString(self._transcode(cls)), []
        except DecodeError:
            raise Fallback from None

    def decode_into(self, into: Object) -> list[str]:
        if not is_message(into):  # an Unstructured: the Python path
            raise Fallback
        encoded = self._transcode(type(into))
        into.Clear()
        try:
            into.MergeFromString(encoded)
        except DecodeError:
            raise Fallback from None
        return []

    def into_unknown(self, into: Unknown, gvk: GroupVersionKind) -> None:
        raise Fallback


class _PyDocument(Document):
    """The Python path: the text parsed once (JSON, or YAML's first document), decoded by _jsonconv."""

    def __init__(self, data: bytes, original: Union[bytes, str], yaml: bool, strict: bool):
        self._original, self._yaml, self._strict = original, yaml, strict
        if yaml:
            self._value: Any = _goyaml.yaml_to_json(data)
            self._source: Optional[bytes] = None
        else:
            try:
                self._value = _jsonconv.loads_strict(data) if strict else _gojson.loads(data)
            except json.JSONDecodeError as err:
                raise ValueError(
                    f"couldn't get version/kind; json parse error: {_gojson.describe_json_error(err)}"
                ) from None
            self._source = data
        self._is_null = self._value is None

    def type_meta(self, meta: MetaFactory) -> GroupVersionKind:
        return meta.interpret_value(None if self._is_null else self._value)

    @property
    def _object(self) -> Any:
        return {} if self._is_null else self._value

    def decode(self, cls: type[_M]) -> tuple[_M, list[str]]:
        if self._strict:
            obj, errors = _jsonconv.decode(cls, self._object, strict=True)
            return obj, self._yaml_strict_errors() + errors
        return _jsonconv.decode(cls, self._object, source=self._source), []

    def decode_into(self, into: Object) -> list[str]:
        if is_message(into):
            result, errors = self.decode(type(into))
            into.Clear()
            into.MergeFrom(result)
            return errors
        if not is_unstructured(into):
            raise TypeError(f"cannot decode JSON into {type(into).__name__}: neither an API message nor unstructured")
        value = self._object
        # interface{} keeps an integer beyond int64 as a float: parse again only when the text may hold one
        # (strict parsing also kept its duplicate-key bookkeeping in the value, and null was read as {}).
        source = self._source
        if source is not None and (self._strict or not value or _has_long_digits(source)):
            value = _gojson.loads_preserving_ints(source)
        if hasattr(into, "items") and isinstance(value, dict):
            from kubernetes_py.apimachinery.apis.meta.v1.unstructured.scheme import UnstructuredJSONScheme

            UnstructuredJSONScheme._to_list(value, into)  # type: ignore[arg-type]  # with items: a list
        else:
            if not isinstance(value, dict):
                raise ValueError(
                    f"json: cannot unmarshal {go_json_kind(value)} into Go value of type map[string]interface {{}}"
                )
            into.set_unstructured_content(value)
        return self._yaml_strict_errors()

    def into_unknown(self, into: Unknown, gvk: GroupVersionKind) -> None:
        original = self._original
        into.raw = bytes(original) if not isinstance(original, str) else original.encode()
        into.contentType = "application/json"
        into.typeMeta.apiVersion, into.typeMeta.kind = gvk.to_api_version_and_kind()

    def _yaml_strict_errors(self) -> list[str]:
        if not (self._yaml and self._strict and self._original is not None):
            return []
        from kubernetes_py.apimachinery.runtime.serializer.json.json import yaml_duplicate_keys_error

        problem = yaml_duplicate_keys_error(self._original)
        return [problem] if problem else []


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")


def _has_long_digits(data: bytes) -> bool:
    """Whether ``data`` has 19 digits in a row, the shortest integer text that can leave int64 (a regular
    expression backtracks on every shorter run: this is a translation and a substring search, both in C)."""
    return b"0" * 19 in bytes(data).translate(_DIGITS_AS_ZERO)


def decode(
    original_data: Union[bytes, str], resolve: Callable[[Document], _R], yaml: bool = False, strict: bool = False
) -> _R:
    """``resolve(document)`` of the text ``original_data`` (bytes or str), by the C path when it is sure."""
    data = original_data.encode("utf-8") if isinstance(original_data, str) else original_data
    if not yaml and not strict:
        type_meta = _jsonaccel.peek_type_meta(data)
        if type_meta is not None:
            try:
                return resolve(_CDocument(data, type_meta))
            except Exception:  # noqa: BLE001 - the Python path below gives the answer, errors included
                pass
    return resolve(_PyDocument(data, original_data, yaml, strict))


def to_json_value(obj: Object) -> Any:
    """The JSON-shaped value of an object: an Unstructured's content, an Unknown's raw JSON, a typed object's
    fields as Go's json.Marshal writes them."""
    if is_unstructured(obj):
        from kubernetes_py.apimachinery.apis.meta.v1.unstructured import UnstructuredList

        if isinstance(obj, UnstructuredList):
            content = dict(obj.object or {})
            content["items"] = [item.object for item in obj.items]
            return content
        return obj.unstructured_content()
    if is_unknown(obj):
        return _gojson.loads(obj.raw)
    return _jsonconv.encode(obj)  # type: ignore[arg-type]  # neither Unstructured nor Unknown: a typed message


def encode(obj: Object, pretty: bool = False) -> bytes:
    """The JSON text of an object (without a newline): compact, or indented by two spaces; an Unstructured's
    keys sorted, as Go's maps are."""
    if not pretty and not is_unstructured(obj) and not is_unknown(obj):
        text: Optional[bytes] = _jsonaccel.to_json(obj)  # type: ignore[arg-type]  # as in to_json_value
        if text is not None:
            return text
    return _gojson.dumps(to_json_value(obj), sort_keys=is_unstructured(obj), indent=pretty)
