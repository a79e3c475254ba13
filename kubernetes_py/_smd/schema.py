"""sigs.k8s.io/structured-merge-diff/v6/schema: the type system structured merge works with.

A Schema is a list of named TypeDefs; a TypeRef names one (or inlines an Atom) and may override its element
relationship. An Atom is a scalar, a list and/or a map (the deduced types have all three). Built from the
decoded form of the schema YAML (``types: [...]``) by ``schema_from_document``, which refuses any key the
schema of schemas does not declare, as Go's parser does by validating against it.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any, Optional

__all__ = [
    "Schema",
    "TypeDef",
    "TypeRef",
    "Atom",
    "Map",
    "List",
    "StructField",
    "Union",
    "UnionField",
    "Scalar",
    "Numeric",
    "String",
    "Boolean",
    "Untyped",
    "Associative",
    "Atomic",
    "Separable",
    "schema_from_document",
    "SchemaError",
]

Scalar = str
Numeric, String, Boolean, Untyped = "numeric", "string", "boolean", "untyped"
ElementRelationship = str
Associative, Atomic, Separable = "associative", "atomic", "separable"


class SchemaError(ValueError):
    """A schema document that the schema of schemas does not accept."""


@dataclasses.dataclass(eq=True)
class TypeRef:
    named_type: Optional[str] = None
    inlined: "Atom" = dataclasses.field(default_factory=lambda: Atom())
    element_relationship: Optional[str] = None
    nullable: bool = False

    def equals(self, other: "TypeRef") -> bool:
        return self is other or self == other

    def is_zero(self) -> bool:
        return (
            self.named_type is None
            and self.inlined.is_zero()
            and self.element_relationship is None
            and not self.nullable
        )

    def __str__(self) -> str:
        if self.named_type is not None:
            return self.named_type
        return "inlined type"


@dataclasses.dataclass(eq=True)
class Atom:
    scalar: Optional[str] = None
    list: Optional["List"] = None
    map: Optional["Map"] = None

    def is_zero(self) -> bool:
        return self.scalar is None and self.list is None and self.map is None

    def equals(self, other: "Atom") -> bool:
        return self.scalar == other.scalar and _same(self.list, other.list) and _same(self.map, other.map)

    def only(self, part: str) -> "Atom":
        """An Atom of just this atom's scalar, list or map (made once, then kept)."""
        cache: dict[str, Atom] = self.__dict__.setdefault("_only", {})
        atom = cache.get(part)
        if atom is None:
            atom = cache[part] = Atom(**{part: getattr(self, part)})
        return atom


def _same(a: Any, b: Any) -> bool:
    return a is b or a == b


@dataclasses.dataclass(eq=True)
class StructField:
    name: str = ""
    type: TypeRef = dataclasses.field(default_factory=TypeRef)
    default: Any = None


@dataclasses.dataclass(eq=True)
class UnionField:
    field_name: str = ""
    discriminator_value: str = ""


@dataclasses.dataclass(eq=True)
class Union:
    discriminator: Optional[str] = None
    deduce_invalid_discriminator: bool = False
    fields: tuple[Any, ...] = ()


@dataclasses.dataclass(eq=True)
class Map:
    fields: tuple[Any, ...] = ()
    unions: tuple[Any, ...] = ()
    element_type: TypeRef = dataclasses.field(default_factory=TypeRef)
    element_relationship: str = ""
    _index: Optional[dict[Any, Any]] = dataclasses.field(default=None, compare=False, repr=False)

    def find_field(self, name: str) -> Optional[StructField]:
        """The struct field called ``name``, or None."""
        index = self._index
        if index is None:
            index = self._index = {f.name: f for f in self.fields}
        return index.get(name)

    def copy_with_relationship(self, relationship: str) -> "Map":
        return Map(self.fields, self.unions, self.element_type, relationship, self._index)


@dataclasses.dataclass(eq=True)
class List:
    element_type: TypeRef = dataclasses.field(default_factory=TypeRef)
    element_relationship: str = ""
    keys: tuple[Any, ...] = ()


@dataclasses.dataclass(eq=True)
class TypeDef:
    name: str = ""
    atom: Atom = dataclasses.field(default_factory=Atom)


class Schema:
    """Named types, resolved by TypeRef (Go's schema.Schema)."""

    def __init__(self, types: tuple[Any, ...] = ()):
        self.types: tuple[Any, ...] = tuple(types)
        self._by_name = {t.name: t for t in self.types}
        self._lock = threading.Lock()
        self._resolved: dict[Any, Any] = {}

    def find_named_type(self, name: str) -> Optional[TypeDef]:
        return self._by_name.get(name)

    def _resolve_no_overrides(self, tr: TypeRef) -> Optional[Atom]:
        if tr.named_type is not None:
            t = self._by_name.get(tr.named_type)
            return None if t is None else t.atom
        return tr.inlined

    def resolve(self, tr: TypeRef) -> tuple[Atom, bool]:
        """The atom ``tr`` stands for, with its element relationship override applied; (Atom(), False)
        when it names no type or overrides a scalar's relationship."""
        if tr.element_relationship is None:
            atom = self._resolve_no_overrides(tr)
            return (Atom(), False) if atom is None else (atom, True)
        key = (tr.named_type, id(tr.inlined), tr.element_relationship)
        with self._lock:
            cached = self._resolved.get(key)
            if cached is not None:
                return cached, True
            atom = self._resolve_no_overrides(tr)
            if atom is None:
                return Atom(), False
            if atom.map is not None:
                result = Atom(map=atom.map.copy_with_relationship(tr.element_relationship))
            elif atom.list is not None:
                result = Atom(list=dataclasses.replace(atom.list, element_relationship=tr.element_relationship))
            else:
                return Atom(), False
            self._resolved[key] = result
            return result, True


# --- building from the decoded schema document ---

_TYPEDEF_KEYS = {"name", "scalar", "list", "map"}
_TYPEREF_KEYS = {"namedType", "scalar", "list", "map", "elementRelationship", "nullable"}
_MAP_KEYS = {"fields", "unions", "elementType", "elementRelationship"}
_LIST_KEYS = {"elementType", "elementRelationship", "keys"}
_FIELD_KEYS = {"name", "type", "default"}
_UNION_KEYS = {"discriminator", "deduceInvalidDiscriminator", "fields"}
_UNION_FIELD_KEYS = {"fieldName", "discriminatorValue"}


def _check(doc: Any, keys: set[Any], where: str) -> dict[Any, Any]:
    if doc is None:
        return {}
    if not isinstance(doc, dict):
        raise SchemaError(f"{where}: expected map, got {doc!r}")
    extra = sorted(set(doc) - keys)
    if extra:
        raise SchemaError(f"{where}.{extra[0]}: field not declared in schema")
    return doc


def _str(doc: dict[Any, Any], key: str, where: str, default: Any = None) -> Any:
    v = doc.get(key, default)
    if v is not None and not isinstance(v, str):
        raise SchemaError(f"{where}.{key}: expected string, got {v!r}")
    return v


def _atom(doc: dict[Any, Any], where: str) -> Atom:
    scalar = _str(doc, "scalar", where)
    lst = _list(doc["list"], where + ".list") if doc.get("list") is not None else None
    mp = _map(doc["map"], where + ".map") if doc.get("map") is not None else None
    return Atom(scalar=scalar, list=lst, map=mp)


def _typeref(doc: Any, where: str) -> TypeRef:
    doc = _check(doc, _TYPEREF_KEYS, where)
    nullable = doc.get("nullable", False)
    if not isinstance(nullable, bool):
        raise SchemaError(f"{where}.nullable: expected boolean, got {nullable!r}")
    return TypeRef(
        named_type=_str(doc, "namedType", where),
        inlined=_atom(doc, where),
        element_relationship=_str(doc, "elementRelationship", where),
        nullable=nullable,
    )


def _map(doc: Any, where: str) -> Map:
    doc = _check(doc, _MAP_KEYS, where)
    fields = []
    for i, f in enumerate(doc.get("fields") or ()):
        fw = f"{where}.fields[{i}]"
        f = _check(f, _FIELD_KEYS, fw)
        fields.append(
            StructField(
                name=_str(f, "name", fw, ""), type=_typeref(f.get("type"), fw + ".type"), default=f.get("default")
            )
        )
    unions = []
    for i, u in enumerate(doc.get("unions") or ()):
        uw = f"{where}.unions[{i}]"
        u = _check(u, _UNION_KEYS, uw)
        ufields = tuple(
            UnionField(
                field_name=_str(_check(x, _UNION_FIELD_KEYS, uw), "fieldName", uw, ""),
                discriminator_value=_str(x, "discriminatorValue", uw, ""),
            )
            for x in (u.get("fields") or ())
        )
        unions.append(
            Union(
                discriminator=_str(u, "discriminator", uw),
                deduce_invalid_discriminator=bool(u.get("deduceInvalidDiscriminator", False)),
                fields=ufields,
            )
        )
    return Map(
        fields=tuple(fields),
        unions=tuple(unions),
        element_type=_typeref(doc.get("elementType"), where),
        element_relationship=_str(doc, "elementRelationship", where, "") or "",
    )


def _list(doc: Any, where: str) -> List:
    doc = _check(doc, _LIST_KEYS, where)
    keys = doc.get("keys") or ()
    if not isinstance(keys, (list, tuple)) or not all(isinstance(k, str) for k in keys):
        raise SchemaError(f"{where}.keys: expected a list of strings, got {keys!r}")
    return List(
        element_type=_typeref(doc.get("elementType"), where + ".elementType"),
        element_relationship=_str(doc, "elementRelationship", where, "") or "",
        keys=tuple(keys),
    )


def schema_from_document(doc: Any) -> Schema:
    """The Schema of a decoded schema document (``{"types": [{"name": ..., "map": {...}}, ...]}``)."""
    doc = _check(doc, {"types"}, "")
    types = []
    for i, t in enumerate(doc.get("types") or ()):
        where = f".types[{i}]"
        t = _check(t, _TYPEDEF_KEYS, where)
        types.append(TypeDef(name=_str(t, "name", where, ""), atom=_atom(t, where)))
    return Schema(tuple(types))
