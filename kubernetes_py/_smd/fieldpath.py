"""sigs.k8s.io/structured-merge-diff/v6/fieldpath: path elements, paths, field sets, managed fields and the
FieldsV1 JSON encoding of sets (``{"f:spec":{"f:replicas":{}}}``).

A Set is a tree: ``members`` are the path elements owned at this level, ``children`` the sub-sets below a
path element. Both iterate in path-element order (field names < keys < values < indexes), as Go's sorted
slices do; set operations keep Go's structure exactly, empty child sets included, since ``equals`` is
structural.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Callable, Iterable, Iterator, Optional, Protocol, Sequence

from kubernetes_py._go.json import go_json_string

from kubernetes_py._go.strconv import go_atoi
from . import value as _value
from .value import MISSING, Field

__all__ = [
    "PathElement",
    "Path",
    "Set",
    "VersionedSet",
    "ManagedFields",
    "APIVersion",
    "Filter",
    "field_name_element",
    "key_element",
    "key_element_by_fields",
    "value_element",
    "index_element",
    "key_by_fields",
    "make_path",
    "make_path_or_die",
    "new_set",
    "new_versioned_set",
    "new_exclude_set_filter",
    "serialize_path_element",
    "deserialize_path_element",
    "ErrUnknownPathElementType",
    "set_from_value",
    "managed_fields_equals",
    "managed_fields_copy",
    "managed_fields_difference",
]

APIVersion = str


def _canonical(v: Any) -> Any:
    """A hashable form of a value whose equality is value.equals."""
    if _value.is_number(v):
        return ("n", v)
    if _value.is_string(v):
        return ("s", v)
    if _value.is_bool(v):
        return ("b", v)
    if v is None:
        return ("z",)
    if _value.is_list(v):
        return ("l", tuple(_canonical(x) for x in v))
    if _value.is_map(v):
        return ("m", tuple(sorted((k, _canonical(x)) for k, x in v.items())))
    raise TypeError(f"not a value: {v!r}")


class PathElement:
    """One step of a path: a field name, an associative list item's key fields, a set item's value, or a
    list index. Exactly one is set; ``value`` is MISSING when unset (a JSON null is a value)."""

    __slots__ = ("field_name", "key", "value", "index", "_hkey")

    def __init__(
        self,
        field_name: Optional[str] = None,
        key: Optional[list[Field]] = None,
        value: Any = MISSING,
        index: Optional[int] = None,
    ):
        self.field_name, self.key, self.value, self.index = field_name, key, value, index
        if field_name is not None:
            self._hkey: tuple[Any, ...] = ("f", field_name)
        elif key is not None:
            self._hkey = ("k", tuple((f.name, _canonical(f.value)) for f in key))
        elif value is not MISSING:
            self._hkey = ("v", _canonical(value))
        elif index is not None:
            self._hkey = ("i", index)
        else:
            self._hkey = ("",)

    def compare(self, rhs: "PathElement") -> int:
        """Go's PathElement.Compare: field names < keys < values < indexes, then within the kind."""
        a, b = self._hkey[0], rhs._hkey[0]
        if a != b:
            order = "fkvi"
            return -1 if order.index(a) < order.index(b) else 1
        if a == "f":
            return _cmp(self.field_name, rhs.field_name)
        if a == "k":
            assert self.key is not None and rhs.key is not None  # the "k" kind is a key's
            return _field_list_compare(self.key, rhs.key)
        if a == "v":
            return _value.compare(self.value, rhs.value)
        if a == "i":
            return _cmp(self.index, rhs.index)
        return 0

    def less(self, rhs: "PathElement") -> bool:
        return self.compare(rhs) < 0

    def equals(self, rhs: "PathElement") -> bool:
        return self._hkey == rhs._hkey

    __lt__ = less

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PathElement) and self._hkey == other._hkey

    def __hash__(self) -> int:
        return hash(self._hkey)

    def __str__(self) -> str:
        if self.field_name is not None:
            return "." + self.field_name
        if self.key is not None:
            return "[" + ",".join(f"{f.name}={_value.to_string(f.value)}" for f in self.key) + "]"
        if self.value is not MISSING:
            return f"[={_value.to_string(self.value)}]"
        if self.index is not None:
            return f"[{self.index}]"
        return "{{invalid path element}}"

    def __repr__(self) -> str:
        return f"PathElement({self})"

    def copy(self) -> "PathElement":
        return self


def _cmp(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)


def _field_list_compare(lhs: list[Field], rhs: list[Field]) -> int:
    for a, b in zip(lhs, rhs):
        c = _cmp(a.name, b.name) or _value.compare(a.value, b.value)
        if c:
            return c
    return _cmp(len(lhs), len(rhs))


_pe_key = functools.cmp_to_key(PathElement.compare)


def _sorted(elements: Iterable[PathElement]) -> list[PathElement]:
    return sorted(elements, key=_pe_key)


def field_name_element(name: str) -> PathElement:
    return PathElement(field_name=name)


def key_element(*fields: Field) -> PathElement:
    return PathElement(key=list(fields))


def key_by_fields(*name_values: Any) -> list[Field]:
    """A sorted key field list from alternating names and values."""
    if len(name_values) % 2:
        raise ValueError("must have a value for every name")
    out = [Field(name_values[i], name_values[i + 1]) for i in range(0, len(name_values) - 1, 2)]
    out.sort(key=lambda f: f.name)
    return out


def key_element_by_fields(*name_values: Any) -> PathElement:
    return PathElement(key=key_by_fields(*name_values))


def value_element(v: Any) -> PathElement:
    return PathElement(value=v)


def index_element(index: int) -> PathElement:
    return PathElement(index=index)


class Path(tuple["PathElement", ...]):
    """A sequence of path elements; ``str`` is Go's text (``.spec.containers[name="c"].image``)."""

    def __str__(self) -> str:
        return "".join(str(pe) for pe in self)

    def __repr__(self) -> str:
        return f"Path({self})"

    def equals(self, other: "Path") -> bool:
        return tuple(self) == tuple(other)

    def compare(self, rhs: "Path") -> int:
        for a, b in zip(self, rhs):
            c = a.compare(b)
            if c:
                return c
        return _cmp(len(self), len(rhs))

    def copy(self) -> "Path":
        return self


def make_path(*parts: Any) -> Path:
    """A path from path elements, field names (str), indexes (int) and key field lists (non-empty lists of
    Field)."""
    out = []
    for p in parts:
        if isinstance(p, PathElement):
            out.append(p)
        elif isinstance(p, bool):
            raise ValueError(f"unable to make {p!r} into a path element")
        elif isinstance(p, int):
            out.append(PathElement(index=p))
        elif isinstance(p, str):
            out.append(PathElement(field_name=p))
        elif isinstance(p, list):
            if not p:
                raise ValueError("associative list key type path elements must have at least one key (got zero)")
            out.append(PathElement(key=p))
        else:
            raise ValueError(f"unable to make {p!r} into a path element")
    return Path(out)


make_path_or_die = make_path


class Set:
    """A set of paths, as a tree (Go's fieldpath.Set)."""

    __slots__ = ("members", "children")

    def __init__(self) -> None:
        self.members: dict[PathElement, None] = {}
        self.children: dict[PathElement, Set] = {}

    @classmethod
    def _of(cls, members: dict[PathElement, None], children: dict[PathElement, Set]) -> "Set":
        s = cls()
        s.members, s.children = members, children
        return s

    def copy(self) -> "Set":
        return Set._of(dict(self.members), {pe: c.copy() for pe, c in self.children.items()})

    def insert(self, p: Sequence[PathElement]) -> None:
        if not p:
            return
        s = self
        for pe in p[:-1]:
            s = s.descend(pe)
        s.members[p[-1]] = None

    def descend(self, pe: PathElement) -> "Set":
        """The child set under ``pe``, created empty when missing (Go's SetNodeMap.Descend)."""
        child = self.children.get(pe)
        if child is None:
            child = self.children[pe] = Set()
        return child

    def union(self, s2: "Set") -> "Set":
        members = dict(self.members)
        members.update(s2.members)
        children = dict(self.children)
        for pe, c2 in s2.children.items():
            c1 = children.get(pe)
            children[pe] = c2 if c1 is None else c1.union(c2)
        return Set._of(members, children)

    def intersection(self, s2: "Set") -> "Set":
        members = {pe: None for pe in self.members if pe in s2.members}
        children = {}
        for pe, c1 in self.children.items():
            c2 = s2.children.get(pe)
            if c2 is not None:
                res = c1.intersection(c2)
                if not res.empty():
                    children[pe] = res
        return Set._of(members, children)

    def difference(self, s2: "Set") -> "Set":
        return self._difference(s2, False)

    def recursive_difference(self, s2: "Set") -> "Set":
        """The paths of this set that are neither in ``s2`` nor below a member of ``s2``."""
        return self._difference(s2, True)

    def _difference(self, s2: "Set", recursive: bool) -> "Set":
        members = {pe: None for pe in self.members if pe not in s2.members}
        children = {}
        for pe, c1 in self.children.items():
            if recursive and pe in s2.members:
                continue
            c2 = s2.children.get(pe)
            if c2 is None:
                children[pe] = c1
            else:
                diff = c1._difference(c2, recursive)
                if not diff.empty():
                    children[pe] = diff
        return Set._of(members, children)

    def ensure_named_fields_are_members(self, sc: Any, tr: Any) -> "Set":
        """This set with the field-name children that the schema declares as struct fields also made
        members (so removing the set removes those fields themselves)."""
        atom, _ = sc.resolve(tr)
        members = dict(self.members)
        amap = atom.map if atom is not None else None
        for pe in self.children:
            if pe.field_name is not None and amap is not None and amap.find_field(pe.field_name) is not None:
                members[pe] = None
        children = {}
        from .schema import TypeRef

        for pe, child in self.children.items():
            ctr = TypeRef()
            if pe.field_name is not None and amap is not None:
                ctr = amap.element_type
                sf = amap.find_field(pe.field_name)
                if sf is not None:
                    ctr = sf.type
            elif pe.key is not None and atom is not None and atom.list is not None:
                ctr = atom.list.element_type
            children[pe] = child.ensure_named_fields_are_members(sc, ctr)
        return Set._of(members, children)

    def size(self) -> int:
        return len(self.members) + sum(c.size() for c in self.children.values())

    def empty(self) -> bool:
        return not self.members and all(c.empty() for c in self.children.values())

    def has(self, p: Sequence[PathElement]) -> bool:
        if not p:
            return False
        s = self
        for pe in p[:-1]:
            child = s.children.get(pe)
            if child is None:
                return False
            s = child
        return p[-1] in s.members

    def equals(self, s2: "Set") -> bool:
        if self.members.keys() != s2.members.keys() or self.children.keys() != s2.children.keys():
            return False
        return all(c.equals(s2.children[pe]) for pe, c in self.children.items())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Set) and self.equals(other)

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.iterate())

    def __repr__(self) -> str:
        return f"Set({self.to_json().decode()})"

    def iterate(self) -> Iterator[Path]:
        """Every path: this level's members (sorted), then each child's paths (children sorted), as Go's
        Set.Iterate walks them."""
        yield from self._iterate_prefix(())

    def _iterate_prefix(self, prefix: tuple[PathElement, ...]) -> Iterator[Path]:
        for pe in _sorted(self.members):
            yield Path(prefix + (pe,))
        for pe in _sorted(self.children):
            yield from self.children[pe]._iterate_prefix(prefix + (pe,))

    def with_prefix(self, pe: PathElement) -> "Set":
        child = self.children.get(pe)
        return child if child is not None else Set()

    def leaves(self) -> "Set":
        members = {pe: None for pe in self.members if pe not in self.children}
        return Set._of(members, {pe: c.leaves() for pe, c in self.children.items()})

    # --- FieldsV1 JSON ---

    def to_json(self) -> bytes:
        """The FieldsV1 encoding: ``{"f:a":{},"f:b":{".":{},"f:c":{}}}``, elements in sorted order."""
        out: list[str] = ["{"]
        self._emit_contents(False, out)
        out.append("}")
        return "".join(out).encode("utf-8")

    def _emit_contents(self, include_self: bool, out: list[str]) -> None:
        first = True

        def pre_write() -> None:
            nonlocal first
            if first:
                first = False
            else:
                out.append(",")

        if include_self and (self.members or self.children):
            pre_write()
            out.append('".":{}')
        for pe in _sorted(set(self.members) | set(self.children)):
            pre_write()
            out.append(go_json_string(serialize_path_element(pe)))
            out.append(":")
            child = self.children.get(pe)
            if child is None:
                out.append("{}")
                continue
            out.append("{")
            child._emit_contents(pe in self.members, out)
            out.append("}")

    def from_json(self, data: bytes | str) -> None:
        """Replace this set with the one ``data`` (FieldsV1 JSON) encodes; raises ValueError on bad input."""
        if isinstance(data, (bytes, bytearray, memoryview)):
            data = bytes(data).decode("utf-8")
        try:
            doc = json.loads(data, object_pairs_hook=_Pairs)
        except json.JSONDecodeError as err:
            raise ValueError(f"ReadMapCB: {err}") from None
        found = None if doc is None else _read_v1(doc)[0]  # a bare null is the empty set
        if found is None:
            found = Set()
        self.members, self.children = found.members, found.children


class _Pairs(list[Any]):
    """A JSON object as its (key, value) pairs in document order."""

    def __init__(self, pairs: list[Any]):
        super().__init__(pairs)


def _read_v1(doc: Any) -> tuple[Optional[Set], bool]:
    if not isinstance(doc, _Pairs):
        raise ValueError("ReadMapCB: expect { or n, but found " + json.dumps(doc)[:1])
    children: Optional[Set] = None
    is_member = False
    for key, val in doc:
        if key == ".":
            is_member = True
            continue
        try:
            pe = deserialize_path_element(key)
        except _UnknownPathElementType:
            continue
        except ValueError as err:
            raise ValueError(f"parsing key as path element: {err}") from None
        grandchildren, child_is_member = _read_v1(val)
        if child_is_member:
            if children is None:
                children = Set()
            children.members[pe] = None
        if grandchildren is not None:
            if children is None:
                children = Set()
            children.children[pe] = grandchildren
    if children is None:
        is_member = True
    return children, is_member


class _UnknownPathElementType(ValueError):
    pass


ErrUnknownPathElementType = _UnknownPathElementType("unknown path element type")


def serialize_path_element(pe: PathElement) -> str:
    """The FieldsV1 key of a path element: ``f:name``, ``k:{"name":"x"}``, ``v:"x"``, ``i:0``."""
    if pe.field_name is not None:
        return "f:" + pe.field_name
    if pe.key is not None:
        return "k:{" + ",".join(f"{go_json_string(f.name)}:{_value.to_json(f.value)}" for f in pe.key) + "}"
    if pe.value is not MISSING:
        return "v:" + _value.to_json(pe.value)
    if pe.index is not None:
        return "i:" + str(pe.index)
    raise ValueError("invalid PathElement")


def deserialize_path_element(s: str) -> PathElement:
    """The path element of a FieldsV1 key; ErrUnknownPathElementType for a kind other than f/k/v/i."""
    b = s.encode("utf-8")
    if len(b) < 2:
        raise ValueError("key must be 2 characters long:")
    if b[1:2] != b":":
        raise ValueError(f"missing colon: {s}")
    kind, rest = b[:1], b[2:].decode("utf-8", "replace")
    if kind == b"f":
        return PathElement(field_name=rest)
    if kind == b"v":
        return PathElement(value=_parse_json_value(rest))
    if kind == b"k":
        doc = _parse_json_value(rest, pairs=True)
        if not isinstance(doc, _Pairs):
            raise ValueError("ReadObjectCB: expect { or n")
        fields = [Field(k, _plain(v)) for k, v in doc]
        fields.sort(key=lambda f: f.name)
        return PathElement(key=fields)
    if kind == b"i":
        return PathElement(index=go_atoi(rest))
    raise ErrUnknownPathElementType


def _plain(v: Any) -> Any:
    if isinstance(v, _Pairs):
        return {k: _plain(x) for k, x in v}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _parse_json_value(text: str, pairs: bool = False) -> Any:
    from kubernetes_py._go.json import go_json_int

    try:
        v = json.loads(text, parse_int=go_json_int, object_pairs_hook=_Pairs if pairs else None)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            raise ValueError("managedFields parsing: unexpected trailing data after JSON object") from None
        raise ValueError(str(err)) from None
    return v


def new_set(*paths: Sequence[PathElement]) -> Set:
    s = Set()
    for p in paths:
        s.insert(p)
    return s


class VersionedSet:
    """A set of fields with the API version it is expressed in and whether it was applied."""

    __slots__ = ("_set", "_api_version", "_applied")

    def __init__(self, s: Set, api_version: APIVersion, applied: bool):
        self._set, self._api_version, self._applied = s, api_version, applied

    def set(self) -> Set:
        return self._set

    def api_version(self) -> APIVersion:
        return self._api_version

    def applied(self) -> bool:
        return self._applied

    def __repr__(self) -> str:
        return f"VersionedSet({self._set!r}, {self._api_version!r}, applied={self._applied})"


def new_versioned_set(s: Set, api_version: APIVersion, applied: bool) -> VersionedSet:
    return VersionedSet(s, api_version, applied)


ManagedFields = dict[str, VersionedSet]  # manager identifier -> VersionedSet


def managed_fields_equals(lhs: ManagedFields, rhs: ManagedFields) -> bool:
    if len(lhs) != len(rhs):
        return False
    for manager, left in lhs.items():
        right = rhs.get(manager)
        if right is None or left.api_version() != right.api_version() or left.applied() != right.applied():
            return False
        if not left.set().equals(right.set()):
            return False
    return True


def managed_fields_copy(lhs: ManagedFields) -> ManagedFields:
    return dict(lhs)


def managed_fields_difference(lhs: ManagedFields, rhs: ManagedFields) -> ManagedFields:
    diff: ManagedFields = {}
    for manager, left in lhs.items():
        right = rhs.get(manager)
        if right is None:
            if not left.set().empty():
                diff[manager] = left
            continue
        if left.api_version() != right.api_version():
            diff[manager] = right
            continue
        new = left.set().difference(right.set()).union(right.set().difference(left.set()))
        if not new.empty():
            diff[manager] = VersionedSet(new, right.api_version(), False)
    for manager, s in rhs.items():
        if manager not in lhs and not s.set().empty():
            diff[manager] = s
    return diff


class Filter(Protocol):
    """Go's fieldpath.Filter: narrows a set."""

    def filter(self, s: Set) -> Set: ...


class _ExcludeFilter(Filter):
    def __init__(self, exclude: Set):
        self._exclude = exclude

    def filter(self, s: Set) -> Set:
        return s.recursive_difference(self._exclude)


def new_exclude_set_filter(exclude: Set) -> Filter:
    return _ExcludeFilter(exclude)


_ASSOCIATIVE_LIST_CANDIDATE_FIELD_NAMES = ("key", "id", "name")


def set_from_value(v: Any) -> Set:
    """The leaf paths of an untyped value, list items keyed by a guessed key (key, id or name) when they
    have one (Go's fieldpath.SetFromValue)."""
    s = Set()
    _walk(v, (), s.insert)
    return s


def _walk(v: Any, path: tuple[PathElement, ...], do: Callable[[Path], None]) -> None:
    if _value.is_list(v):
        for i, item in enumerate(v):
            _walk(item, path + (_guess_list_element(i, item),), do)
        return
    if _value.is_map(v):
        for k, item in v.items():
            _walk(item, path + (PathElement(field_name=k),), do)
        return
    if path:
        do(Path(path))


def _guess_list_element(index: int, item: Any) -> PathElement:
    if not _value.is_map(item):
        return PathElement(index=index)
    keys = [
        Field(name, item[name])
        for name in _ASSOCIATIVE_LIST_CANDIDATE_FIELD_NAMES
        if name in item and _value.is_scalar(item[name])
    ]
    if keys:
        keys.sort(key=lambda f: f.name)
        return PathElement(key=keys)
    return PathElement(index=index)
