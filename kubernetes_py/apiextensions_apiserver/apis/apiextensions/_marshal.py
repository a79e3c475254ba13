"""The JSON forms of apiextensions' JSON and JSONSchemaPropsOr* types, the same in v1 and v1beta1 (Go's
marshal.go of each version): ``register_codecs(go_package)`` registers them for one version.

JSONSchemaPropsOrArray is a schema or an array of schemas, JSONSchemaPropsOrBool a schema or a boolean
(a schema meaning true), JSONSchemaPropsOrStringArray a schema or an array of strings. The C extension is
not given them (they stay on the Python path)."""

from __future__ import annotations

from typing import Any

from kubernetes_py.apimachinery.runtime._special import (
    Fallback,
    RawJSONCodec,
    SpecialCodec,
    UnmarshalTypeError,
    Unsupported,
    register,
)


def _struct_codecs():
    from kubernetes_py.apimachinery.runtime import _gozero, _jsonconv

    return _jsonconv, _gozero


class _OrCodec(SpecialCodec):
    """What the three JSONSchemaPropsOr* codecs share: their JSONSchemaProps member."""

    def __init__(self, go_package: str, name: str):
        self.go_name = f"{go_package}.{name}"
        self.props = f"{go_package}.JSONSchemaProps"

    def fast_props(self, v):
        if v.__class__ is not dict:
            raise Fallback
        jsonconv, _ = _struct_codecs()
        return jsonconv._fast_struct_required(self.props)(v)

    def encode_props(self, m):
        jsonconv, _ = _struct_codecs()
        return jsonconv._struct_encoder(self.props)(m)

    def fill_props(self, m) -> None:
        _, gozero = _struct_codecs()
        gozero._filler(self.props)(m)

    def c_json(self, message, c) -> tuple[Any, ...]:
        return (c.kinds.T_UNSUPPORTED, -1, 0, 0, 0, None)

    def c_fill(self, message, c, nonpointer: int) -> tuple[Any, ...]:
        raise Unsupported(self.go_name)


class _OrArrayCodec(_OrCodec):
    def fast(self, v):
        if v.__class__ is dict:
            return {"schema": self.fast_props(v)}
        if v.__class__ is list:
            return {"jSONSchemas": [self.fast_props(x) for x in v]}
        if v is None:
            return None
        raise Fallback

    def check(self, checker, v):
        if isinstance(v, dict):
            return {"schema": checker.member(self.props, v)}
        if isinstance(v, list):
            return {"jSONSchemas": [checker.member(self.props, x) for x in v]}
        return {}

    def encode(self, m):
        if len(m.jSONSchemas):
            return [self.encode_props(x) for x in m.jSONSchemas]
        return self.encode_props(m.schema) if m.HasField("schema") else None

    def fill(self, m, set_field) -> None:
        if m.HasField("schema"):
            self.fill_props(m.schema)
        for x in m.jSONSchemas:
            self.fill_props(x)


class _OrBoolCodec(_OrCodec):
    def fast(self, v):
        if v.__class__ is dict:
            return {"allows": True, "schema": self.fast_props(v)}
        if v.__class__ is bool:
            return {"allows": v}
        raise Fallback

    def check(self, checker, v):
        if isinstance(v, dict):
            return {"allows": True, "schema": checker.member(self.props, v)}
        if isinstance(v, bool):
            return {"allows": v}
        raise UnmarshalTypeError("boolean or JSON schema expected")

    def encode(self, m):
        if m.HasField("schema"):
            return self.encode_props(m.schema)
        return bool(m.allows)

    def fill(self, m, set_field) -> None:
        set_field(m, "allows", m.allows)
        if m.HasField("schema"):
            self.fill_props(m.schema)


class _OrStringArrayCodec(_OrCodec):
    def fast(self, v):
        if v.__class__ is dict:
            return {"schema": self.fast_props(v)}
        if v.__class__ is list:
            return {"property": v}
        if v is None:
            return None
        raise Fallback

    def check(self, checker, v):
        if isinstance(v, dict):
            return {"schema": checker.member(self.props, v)}
        if isinstance(v, list):
            return {"property": checker.member("[]string", v)}
        return {}

    def encode(self, m):
        if len(m.property):
            return list(m.property)
        return self.encode_props(m.schema) if m.HasField("schema") else None

    def fill(self, m, set_field) -> None:
        if m.HasField("schema"):
            self.fill_props(m.schema)


def register_codecs(go_package: str) -> None:
    """Register the codecs of one version's JSON and JSONSchemaPropsOr* types."""
    register(RawJSONCodec(f"{go_package}.JSON", "raw", "*v1.JSON"))
    register(_OrArrayCodec(go_package, "JSONSchemaPropsOrArray"))
    register(_OrBoolCodec(go_package, "JSONSchemaPropsOrBool"))
    register(_OrStringArrayCodec(go_package, "JSONSchemaPropsOrStringArray"))
