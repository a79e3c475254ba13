"""Patch metadata (merge keys and strategies) looked up from the Go struct tags of typed objects.

Go's PatchMetaFromStruct walks reflect types; ours walks the same types as gotypes.json describes them
(``patch_strategy`` / ``patch_merge_key`` come from the ``patchStrategy`` / ``patchMergeKey`` tags).
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any, Mapping, Optional, Protocol, runtime_checkable

from kubernetes_py._schema import gotypes
from kubernetes_py._schema.gotypes import TypeExpr, parse_type
from kubernetes_py.apimachinery.util import mergepatch

from .errors import StrategicPatchError

__all__ = [
    "PatchMeta",
    "LookupPatchMeta",
    "PatchMetaFromStruct",
    "new_patch_meta_from_struct",
    "get_tag_struct_type_or_die",
]

_UNSTRUCTURED = "k8s.io/apimachinery/pkg/apis/meta/v1/unstructured.Unstructured"
_UNSTRUCTURED_LIST = "k8s.io/apimachinery/pkg/apis/meta/v1/unstructured.UnstructuredList"
# The two Go structs that are not API types: their only JSON-visible field has no tag.
_SYNTHETIC_FIELDS = {
    _UNSTRUCTURED: (("Object", "map[string]interface{}"),),
    _UNSTRUCTURED_LIST: (("Object", "map[string]interface{}"), ("Items", f"[]{_UNSTRUCTURED}")),
}


@dataclasses.dataclass
class PatchMeta:
    """The patch strategies and merge key of one field."""

    patch_strategies: Optional[list[str]] = None
    patch_merge_key: str = ""

    def get_patch_strategies(self) -> list[str]:
        return [] if self.patch_strategies is None else self.patch_strategies

    def set_patch_strategies(self, ps: list[str]) -> None:
        self.patch_strategies = ps

    def get_patch_merge_key(self) -> str:
        return self.patch_merge_key

    def set_patch_merge_key(self, pmk: str) -> None:
        self.patch_merge_key = pmk


@runtime_checkable
class LookupPatchMeta(Protocol):
    """Go's LookupPatchMeta interface: the metadata of a struct's field and of a list field's elements."""

    def lookup_patch_metadata_for_struct(self, key: str) -> tuple["LookupPatchMeta", PatchMeta]: ...

    def lookup_patch_metadata_for_slice(self, key: str) -> tuple["LookupPatchMeta", PatchMeta]: ...

    def name(self) -> str: ...


def _kind(t: TypeExpr, types: Mapping[str, gotypes.GoType]) -> str:
    """reflect.Kind().String() of a Go type expression."""
    if t.op == "pointer":
        return "ptr"
    if t.op in ("slice", "map"):
        return t.op
    if t.op == "basic":
        if t.name in ("interface{}", "any"):
            return "interface"
        return {"byte": "uint8", "rune": "int32"}.get(t.name, t.name)
    if t.name in _SYNTHETIC_FIELDS:
        return "struct"
    kind = _go_type(t.name, types).kind
    return {"bytes": "slice", "pointer": "ptr"}.get(kind, kind)


def _go_type(name: str, types: Mapping[str, gotypes.GoType]) -> gotypes.GoType:
    try:
        return types[name]
    except KeyError:
        raise StrategicPatchError(f"no Go type {name!r} in gotypes.json") from None


def _underlying(t: TypeExpr, types: Mapping[str, gotypes.GoType]) -> TypeExpr:
    """The underlying type expression of a named non-struct type (ResourceList -> map[...]...)."""
    if t.op == "named" and t.name not in _SYNTHETIC_FIELDS:
        go = _go_type(t.name, types)
        if go.underlying:
            return parse_type(go.underlying)
    return t


def _elem(t: TypeExpr, types: Mapping[str, gotypes.GoType]) -> TypeExpr:
    u = _underlying(t, types)
    if u.elem is None:
        raise StrategicPatchError(f"type {t} has no element type")
    return u.elem


def _short_name(t: TypeExpr) -> str:
    """reflect.Type.Name(): the bare name of a named type, "" for unnamed ones."""
    if t.op == "named":
        return t.name.rsplit(".", 1)[1]
    if t.op == "basic" and t.name not in ("interface{}", "any"):
        return t.name
    return ""


def _embedded_struct(field: gotypes.GoField, types: Mapping[str, gotypes.GoType]) -> Optional[str]:
    """The name of the struct an inline field embeds (directly or through a pointer); None for anything else."""
    inner = parse_type(field.type)
    if inner.op == "pointer":
        inner = _elem(inner, types)
    if inner.op == "named" and _kind(inner, types) == "struct":
        return str(inner.name)
    return None


def _json_fields(name: str, types: Mapping[str, gotypes.GoType]) -> list[tuple[str, str]]:
    """(JSON name, Go type expression) of the fields encoding/json sees in a struct, embedded ones promoted;
    at a name clash the shallower field wins."""
    if name in _SYNTHETIC_FIELDS:
        return list(_SYNTHETIC_FIELDS[name])
    found: dict[str, tuple[int, int, str]] = {}
    order = 0

    def walk(type_name: str, depth: int, seen: frozenset[Any]) -> None:
        nonlocal order
        if type_name in seen:
            return
        for field in _go_type(type_name, types).fields:
            if field.skipped:
                continue
            if field.inline:
                embedded = _embedded_struct(field, types)
                if embedded is not None:
                    walk(embedded, depth + 1, seen | {type_name})
                continue
            order += 1
            if field.json not in found or found[field.json][0] > depth:
                found[field.json] = (depth, order, field.type)

    walk(name, 0, frozenset())
    return [(json_name, t) for json_name, (_, _, t) in sorted(found.items(), key=lambda kv: kv[1][1])]


def _field_tags(struct_name: str, json_name: str, types: Mapping[str, gotypes.GoType]) -> tuple[str, str]:
    """The patchStrategy and patchMergeKey tags of the field that carries ``json_name``."""
    if struct_name in _SYNTHETIC_FIELDS:
        return "", ""
    for field in _go_type(struct_name, types).fields:
        if field.skipped:
            continue
        if field.inline:
            embedded = _embedded_struct(field, types)
            if embedded is not None:
                tags = _field_tags_if_present(embedded, json_name, types)
                if tags is not None:
                    return tags
            continue
        if field.json == json_name:
            return field.patch_strategy, field.patch_merge_key
    return "", ""


def _field_tags_if_present(
    struct_name: str, json_name: str, types: Mapping[str, gotypes.GoType]
) -> Optional[tuple[str, str]]:
    if any(name == json_name for name, _ in _json_fields(struct_name, types)):
        return _field_tags(struct_name, json_name, types)
    return None


_field_cache_lock = threading.Lock()
# (id of a types mapping, struct name) -> ordered {JSON name: (Go type, patchStrategy, patchMergeKey)}; the
# mappings themselves are kept in _cached_types so that their ids stay unique.
_field_cache: dict[tuple[int, str], dict[str, tuple[TypeExpr, str, str]]] = {}
_cached_types: dict[int, Mapping[str, gotypes.GoType]] = {}


def _struct_fields(name: str, types: Mapping[str, gotypes.GoType]) -> dict[str, tuple[TypeExpr, str, str]]:
    """The JSON fields of a struct with their parsed type and patch tags (cached)."""
    key = (id(types), name)
    fields = _field_cache.get(key)
    if fields is None:
        fields = {}
        for json_name, type_expr in _json_fields(name, types):
            strategy, merge_key = _field_tags(name, json_name, types)
            fields[json_name] = (parse_type(type_expr), strategy, merge_key)
        with _field_cache_lock:
            _cached_types[id(types)] = types
            _field_cache[key] = fields
    return fields


class PatchMetaFromStruct(LookupPatchMeta):
    """Patch metadata from the struct tags of a Go type (Go's PatchMetaFromStruct; ``t`` is its type).

    ``types`` describes the Go types by name (default: gotypes.json's); tests pass their own structs."""

    def __init__(self, t: TypeExpr, types: Optional[Mapping[str, gotypes.GoType]] = None):
        self.t = t
        self.types = types if types is not None else gotypes.load().types

    def __repr__(self) -> str:
        return f"PatchMetaFromStruct({self.t})"

    def lookup_patch_metadata_for_struct(self, key: str) -> tuple["PatchMetaFromStruct", PatchMeta]:
        t = self.t
        types = self.types
        if t.op == "pointer":
            t = _elem(t, types)
        kind = _kind(t, types)
        if kind != "struct":
            raise StrategicPatchError(f"merging an object in json but data type is not struct, instead is: {kind}")
        fields = _struct_fields(t.name, types)
        match = fields.get(key)
        if match is None:
            folded = key.casefold()
            match = next((f for name, f in fields.items() if name.casefold() == folded), None)
        if match is None:
            raise StrategicPatchError(f'unable to find api field in struct {_short_name(t)} for the json field "{key}"')
        field_type, strategy, merge_key = match
        return PatchMetaFromStruct(field_type, types), PatchMeta(strategy.split(","), merge_key)

    def lookup_patch_metadata_for_slice(self, key: str) -> tuple["PatchMetaFromStruct", PatchMeta]:
        subschema, patch_meta = self.lookup_patch_metadata_for_struct(key)
        t, types = subschema.t, self.types
        kind = _kind(t, types)
        if kind in ("slice", "array"):
            elem = _elem(t, types)
            if _kind(elem, types) in ("slice", "array"):
                raise StrategicPatchError("unexpected slice of slice")
        elif kind == "ptr":
            t = _elem(t, types)
            if _kind(t, types) in ("slice", "array"):
                t = _elem(t, types)
            elem = t
        else:
            raise StrategicPatchError(f"expected slice or array type, but got: {_kind(self.t, types)}")
        return PatchMetaFromStruct(elem, types), patch_meta

    def name(self) -> str:
        return _kind(self.t, self.types)


def _struct_type_of(data_struct: Any) -> TypeExpr:
    if data_struct is None:
        raise mergepatch.err_bad_arg_kind("struct", None)
    if isinstance(data_struct, type):
        cls = data_struct
    else:
        cls = type(data_struct)
    from kubernetes_py.apimachinery.apis.meta.v1 import unstructured

    if issubclass(cls, unstructured.UnstructuredList):
        return TypeExpr("named", name=_UNSTRUCTURED_LIST)
    if issubclass(cls, unstructured.Unstructured):
        return TypeExpr("named", name=_UNSTRUCTURED)
    descriptor = getattr(cls, "DESCRIPTOR", None)
    if descriptor is None or not hasattr(descriptor, "full_name"):
        kind = {dict: "map", list: "slice", str: "string", bool: "bool", int: "int", float: "float64"}.get(cls, "ptr")
        raise mergepatch.err_bad_arg_kind("struct", data_struct, kind)
    go = gotypes.load().for_message(descriptor.full_name)
    if go.kind != "struct":
        raise mergepatch.err_bad_arg_kind("struct", data_struct, go.kind)
    return TypeExpr("named", name=go.name)


def new_patch_meta_from_struct(data_struct: Any) -> PatchMetaFromStruct:
    """The patch metadata of a typed object's Go type (an API message instance or class, or Unstructured)."""
    return PatchMetaFromStruct(_struct_type_of(data_struct))


def get_tag_struct_type_or_die(data_struct: Any) -> TypeExpr:
    """The Go struct type behind ``data_struct`` (raises when it is not a struct)."""
    return _struct_type_of(data_struct)
