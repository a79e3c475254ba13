"""The JSON forms of apiextensions' JSON and JSONSchemaPropsOr* types, the same in v1 and v1beta1 (Go's
marshal.go of each version): ``register_codecs(go_package)`` registers them for one version.

JSONSchemaPropsOrArray is a schema or an array of schemas, JSONSchemaPropsOrBool a schema or a boolean
(a schema meaning true), JSONSchemaPropsOrStringArray a schema or an array of strings. The C extension is
not given them (they stay on the Python path)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from google.protobuf.descriptor import Descriptor
from google.protobuf.message import Message

from kubernetes_py.apimachinery.runtime._special import (
    Fallback,
    RawJSONCodec,
    SpecialCodec,
    UnmarshalTypeError,
    Unsupported,
    register,
)

if TYPE_CHECKING:
    from kubernetes_py.apiextensions_apiserver.apis.apiextensions import v1, v1beta1

    _OrArray = Union[v1.JSONSchemaPropsOrArray, v1beta1.JSONSchemaPropsOrArray]
    _OrBool = Union[v1.JSONSchemaPropsOrBool, v1beta1.JSONSchemaPropsOrBool]
    _OrStringArray = Union[v1.JSONSchemaPropsOrStringArray, v1beta1.JSONSchemaPropsOrStringArray]

_SetField = Callable[[Any, str, Any], None]


class _OrCodec(SpecialCodec):
    """What the three JSONSchemaPropsOr* codecs share: their JSONSchemaProps member."""

    def __init__(self, go_package: str, name: str):
        self.go_name = f"{go_package}.{name}"
        self.props = f"{go_package}.JSONSchemaProps"

    def fast_props(self, v: Any) -> Any:
        if v.__class__ is not dict:
            raise Fallback
        from kubernetes_py.apimachinery.runtime import _jsonconv

        return _jsonconv._fast_struct_required(self.props)(v)

    def encode_props(self, m: Message) -> Any:
        from kubernetes_py.apimachinery.runtime import _jsonconv

        return _jsonconv._struct_encoder(self.props)(m)

    def fill_props(self, m: Message) -> None:
        from kubernetes_py.apimachinery.runtime import _gozero

        _gozero._filler(self.props)(m)

    def c_json(self, message: Descriptor, c: Any) -> tuple[Any, ...]:
        return (c.kinds.T_UNSUPPORTED, -1, 0, 0, 0, None)

    def c_fill(self, message: Descriptor, c: Any, nonpointer: int) -> tuple[Any, ...]:
        raise Unsupported(self.go_name)


class _OrListCodec(_OrCodec):
    """A schema (a JSON object) or a list (a JSON array, in the message's ``list_field``); null is nothing."""

    list_field = ""

    def fast_list(self, v: list[Any]) -> list[Any]:
        raise NotImplementedError

    def check_list(self, checker: Any, v: list[Any]) -> list[Any]:
        raise NotImplementedError

    def encode_list(self, items: Any) -> list[Any]:
        raise NotImplementedError

    def fast(self, v: Any) -> Optional[dict[str, Any]]:
        if v.__class__ is dict:
            return {"schema": self.fast_props(v)}
        if v.__class__ is list:
            return {self.list_field: self.fast_list(v)}
        if v is None:
            return None
        raise Fallback

    def check(self, checker: Any, v: Any) -> dict[str, Any]:
        if isinstance(v, dict):
            return {"schema": checker.member(self.props, v)}
        if isinstance(v, list):
            return {self.list_field: self.check_list(checker, v)}
        return {}

    def encode(self, m: Union[_OrArray, _OrStringArray]) -> Any:
        items = getattr(m, self.list_field)
        if len(items):
            return self.encode_list(items)
        return self.encode_props(m.schema) if m.HasField("schema") else None


class _OrArrayCodec(_OrListCodec):
    list_field = "jSONSchemas"

    def fast_list(self, v: list[Any]) -> list[Any]:
        return [self.fast_props(x) for x in v]

    def check_list(self, checker: Any, v: list[Any]) -> list[Any]:
        return [checker.member(self.props, x) for x in v]

    def encode_list(self, items: Any) -> list[Any]:
        return [self.encode_props(x) for x in items]

    def fill(self, m: _OrArray, set_field: _SetField) -> None:
        if m.HasField("schema"):
            self.fill_props(m.schema)
        for x in m.jSONSchemas:
            self.fill_props(x)


class _OrBoolCodec(_OrCodec):
    def fast(self, v: Any) -> dict[str, Any]:
        if v.__class__ is dict:
            return {"allows": True, "schema": self.fast_props(v)}
        if v.__class__ is bool:
            return {"allows": v}
        raise Fallback

    def check(self, checker: Any, v: Any) -> dict[str, Any]:
        if isinstance(v, dict):
            return {"allows": True, "schema": checker.member(self.props, v)}
        if isinstance(v, bool):
            return {"allows": v}
        raise UnmarshalTypeError("boolean or JSON schema expected")

    def encode(self, m: _OrBool) -> Any:
        if m.HasField("schema"):
            return self.encode_props(m.schema)
        return bool(m.allows)

    def fill(self, m: _OrBool, set_field: _SetField) -> None:
        set_field(m, "allows", m.allows)
        if m.HasField("schema"):
            self.fill_props(m.schema)


class _OrStringArrayCodec(_OrListCodec):
    list_field = "property"

    def fast_list(self, v: list[Any]) -> list[Any]:
        return v

    def check_list(self, checker: Any, v: list[Any]) -> list[Any]:
        strings: list[Any] = checker.member("[]string", v)
        return strings

    def encode_list(self, items: Any) -> list[Any]:
        return list(items)

    def fill(self, m: _OrStringArray, set_field: _SetField) -> None:
        if m.HasField("schema"):
            self.fill_props(m.schema)


def register_codecs(go_package: str) -> None:
    """Register the codecs of one version's JSON and JSONSchemaPropsOr* types."""
    register(RawJSONCodec(f"{go_package}.JSON", "raw", "*v1.JSON"))
    register(_OrArrayCodec(go_package, "JSONSchemaPropsOrArray"))
    register(_OrBoolCodec(go_package, "JSONSchemaPropsOrBool"))
    register(_OrStringArrayCodec(go_package, "JSONSchemaPropsOrStringArray"))
