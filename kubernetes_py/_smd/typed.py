"""sigs.k8s.io/structured-merge-diff/v6/typed: values paired with their schema type, and what structured merge
does with them: validation, the set of fields a value sets (``to_field_set``), merging (``merge``: the right
side wins), comparing (``compare``: added, modified and removed fields), removing and extracting fields, and
reconciling a field set with a schema whose atomicity changed.

Values are decoded JSON; MISSING stands for Go's nil value (no value), None for a JSON null. Map keys are
walked in the map's own order where Go walks them unordered, so when several errors are possible the first
reported may differ from Go's run to run choice.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Protocol, Sequence, TypeVar

from kubernetes_py._go.fmt import go_sprint, go_type_name

from kubernetes_py._go.strconv import go_quote
from . import fieldpath
from . import schema as _schema
from . import value as _value
from .fieldpath import PathElement, Set
from .value import MISSING, Field

__all__ = [
    "YAMLObject",
    "Parser",
    "ParseableType",
    "TypedValue",
    "ValidationError",
    "ValidationErrors",
    "ValidationOptions",
    "AllowDuplicates",
    "Comparison",
    "new_parser",
    "as_typed",
    "as_typed_unvalidated",
    "reconcile_field_set_with_schema",
    "DeducedParseableType",
    "with_append_key_fields",
]

YAMLObject = str
ValidationOptions = int
AllowDuplicates: ValidationOptions = 0


class ValidationError:
    __slots__ = ("path", "error_message")

    def __init__(self, path: str, error_message: str):
        self.path, self.error_message = path, error_message

    def __str__(self) -> str:
        return self.error_message if not self.path else f"{self.path}: {self.error_message}"


class ValidationErrors(ValueError):
    """One or more validation errors (Go's typed.ValidationErrors)."""

    def __init__(self, errors: _Errors):
        self.errors = list(errors)
        super().__init__(self._text())

    def _text(self) -> str:
        if len(self.errors) == 1:
            return str(self.errors[0])
        return "\n".join(["errors:"] + ["  " + str(e) for e in self.errors])


_Errors = list[ValidationError]


class _AtomHandler(Protocol):
    """Go's schema.atomHandler: what a walk does at a scalar, a list and a map."""

    def do_scalar(self, t: str) -> _Errors: ...

    def do_list(self, t: _schema.List) -> _Errors: ...

    def do_map(self, t: _schema.Map) -> _Errors: ...


def _errorf(message: str) -> _Errors:
    return [ValidationError("", message)]


def _with_prefix(errs: _Errors, prefix: str) -> _Errors:
    for e in errs:
        e.path = prefix + e.path
    return errs


def _value_text(v: Any) -> str:
    # Go prints the value.Value wrapper (a pointer to a struct holding the decoded value) with %v.
    return "&{" + go_sprint(v) + "}"


# --- shared helpers (helpers.go) ---


def _named(tr: _schema.TypeRef) -> str:
    return tr.named_type if tr.named_type is not None else "inlined type"


_SCALAR_TYPES = (str, int, float, bool)


def _deduce_atom(atom: _schema.Atom, val: Any) -> _schema.Atom:
    """The part of ``atom`` that fits the kind of ``val`` (all of it for a missing or null value, or when the
    atom has no such part)."""
    t = type(val)
    if t is dict:
        return atom.only("map") if atom.map is not None else atom
    if t is list or t is tuple:
        return atom.only("list") if atom.list is not None else atom
    if t in _SCALAR_TYPES or isinstance(val, _SCALAR_TYPES):
        return atom.only("scalar") if atom.scalar is not None else atom
    return atom


def _handle_atom(a: _schema.Atom, tr: _schema.TypeRef, handler: _AtomHandler) -> _Errors:
    if a.map is not None:
        return handler.do_map(a.map)
    if a.scalar is not None:
        return handler.do_scalar(a.scalar)
    if a.list is not None:
        return handler.do_list(a.list)
    name = "named type: " + tr.named_type if tr.named_type is not None else "inlined"
    return _errorf(f"schema error: invalid atom: {name}")


def _resolve_schema(s: _schema.Schema, tr: _schema.TypeRef, v: Any, handler: _AtomHandler) -> _Errors:
    a, ok = s.resolve(tr)
    if not ok:
        return _errorf(f"schema error: no type found matching: {_named(tr)}")
    return _handle_atom(_deduce_atom(a, v), tr, handler)


class _Err(Exception):
    pass


def _list_value(val: Any) -> Optional[Sequence[Any]]:
    if val is None:
        return None
    if not _value.is_list(val):
        raise _Err(f"expected list, got {_value_text(val)}")
    return val


def _map_value(val: Any) -> Optional[dict[Any, Any]]:
    if val is MISSING:
        raise _Err("expected map, got nil")
    if val is None:
        return None
    if not _value.is_map(val):
        raise _Err(f"expected map, got {_value_text(val)}")
    return val


_V = TypeVar("_V")


def _checked(getter: Callable[[Any], Optional[_V]], val: Any) -> tuple[Optional[_V], _Errors]:
    """(``getter(val)``, no errors), or (None, the validation error) for a value of the wrong kind."""
    try:
        return getter(val), []
    except _Err as err:
        return None, _errorf(str(err))


def _associative_key_default(s: _schema.Schema, lst: _schema.List, field_name: str) -> Any:
    atom, ok = s.resolve(lst.element_type)
    if not ok:
        raise _Err("invalid elementType for list")
    if atom.map is None:
        raise _Err("associative list may not have non-map types")
    f = atom.map.find_field(field_name)
    return None if f is None else f.default


def _keyed_item_to_path_element(s: _schema.Schema, lst: _schema.List, child: Any) -> PathElement:
    if child is None:
        raise _Err("associative list with keys may not have a null element")
    if not _value.is_map(child):
        raise _Err("associative list with keys may not have non-map elements")
    key = []
    for name in lst.keys:
        if name in child:
            key.append(Field(name, child[name]))
            continue
        try:
            default = _associative_key_default(s, lst, name)
        except _Err as err:
            raise _Err(f"couldn't find default value for {name}: {err}") from None
        if default is not None:
            key.append(Field(name, default))
    if lst.keys and not key:
        keys = "[" + " ".join(go_quote(k) for k in lst.keys) + "]"
        raise _Err(
            f"associative list with keys has an element that omits all key fields {keys} "
            "(and doesn't have default values for any key fields)"
        )
    key.sort(key=lambda f: f.name)
    return PathElement(key=key)


def _set_item_to_path_element(child: Any) -> PathElement:
    if _value.is_map(child):
        raise _Err("associative list without keys has an element that's a map type")
    if _value.is_list(child):
        raise _Err("not supported: associative list with lists as elements")
    if child is None:
        raise _Err("associative list without keys has an element that's an explicit null")
    return PathElement(value=child)


def _list_item_to_path_element(s: _schema.Schema, lst: _schema.List, child: Any) -> PathElement:
    if lst.element_relationship != _schema.Associative:
        raise _Err("invalid indexing of non-associative list")
    if lst.keys:
        return _keyed_item_to_path_element(s, lst, child)
    return _set_item_to_path_element(child)


def _pe_or_empty(s: _schema.Schema, lst: _schema.List, child: Any) -> PathElement:
    try:
        return _list_item_to_path_element(s, lst, child)
    except _Err:
        return PathElement()


# --- validation (validate.go) ---


def _validate_scalar(t: str, v: Any, prefix: str) -> _Errors:
    if v is MISSING or v is None:
        return []
    if t == _schema.Numeric:
        if not _value.is_number(v):
            return _errorf(f"{prefix}expected numeric (int or float), got {go_type_name(v)}")
    elif t == _schema.String:
        if not _value.is_string(v):
            return _errorf(f"{prefix}expected string, got &value.valueUnstructured{{Value:{go_sprint(v)}}}")
    elif t == _schema.Boolean:
        if not _value.is_bool(v):
            return _errorf(f"{prefix}expected boolean, got {_value_text(v)}")
    elif t == _schema.Untyped:
        if not _value.is_scalar(v):
            return _errorf(f"{prefix}expected any scalar, got {_value_text(v)}")
    else:
        return _errorf(f"{prefix}unexpected scalar type in schema: {t}")
    return []


class _Validator:
    def __init__(self, s: _schema.Schema, allow_duplicates: bool):
        self.schema, self.allow_duplicates = s, allow_duplicates
        self.value: Any = MISSING

    def validate(self, tr: _schema.TypeRef, v: Any) -> _Errors:
        saved, self.value = self.value, v
        try:
            return _resolve_schema(self.schema, tr, v, self)
        finally:
            self.value = saved

    def do_scalar(self, t: str) -> _Errors:
        return _validate_scalar(t, self.value, "")

    def do_list(self, t: _schema.List) -> _Errors:
        lst, errs = _checked(_list_value, self.value)
        if lst is None:
            return errs
        observed: set[Any] = set()
        for i, child in enumerate(lst):
            if t.element_relationship != _schema.Associative:
                pe = PathElement(index=i)
            else:
                try:
                    pe = _list_item_to_path_element(self.schema, t, child)
                except _Err as err:
                    errs += _errorf(f"element {i}: {err}")
                    return errs
                if pe in observed and not self.allow_duplicates:
                    errs += _errorf(f"duplicate entries for key {pe}")
                observed.add(pe)
            errs += _with_prefix(self.validate(t.element_type, child), str(pe))
        return errs

    def do_map(self, t: _schema.Map) -> _Errors:
        m, errs = _checked(_map_value, self.value)
        if m is None:
            return errs
        for key, val in m.items():
            pe = PathElement(field_name=key)
            sf = t.find_field(key)
            if sf is not None:
                tr = sf.type
            elif t.element_type.is_zero():
                errs += _with_prefix(_errorf("field not declared in schema"), str(pe))
                break
            else:
                tr = t.element_type
            errs += _with_prefix(self.validate(tr, val), str(pe))
        return errs


# --- the field set of a value (tofieldset.go) ---


class _ToFieldSet:
    def __init__(self, s: _schema.Schema):
        self.schema = s
        self.set = Set()
        self.path: tuple[Any, ...] = ()
        self.value: Any = MISSING

    def walk(self, tr: _schema.TypeRef, v: Any, path: tuple[Any, ...]) -> _Errors:
        saved = self.value, self.path
        self.value, self.path = v, path
        try:
            return _resolve_schema(self.schema, tr, v, self)
        finally:
            self.value, self.path = saved

    def do_scalar(self, t: str) -> _Errors:
        self.set.insert(self.path)
        return []

    def _walked(self, getter: Callable[[Any], Optional[_V]], relationship: str) -> Optional[_V]:
        """The list or map to walk; None when there is none or it is atomic (a leaf, whose path is inserted)."""
        value = _deref(getter, self.value)
        if relationship == _schema.Atomic:
            self.set.insert(self.path)
            return None
        return value

    def do_list(self, t: _schema.List) -> _Errors:
        lst = self._walked(_list_value, t.element_relationship)
        if lst is None:
            return []
        errs: _Errors = []
        seen: set[Any] = set()
        duplicates: set[Any] = set()
        pes = [_pe_or_empty(self.schema, t, child) for child in lst]
        for pe in pes:
            if pe in seen:
                if pe not in duplicates:
                    self.set.insert(self.path + (pe,))
                    duplicates.add(pe)
            else:
                seen.add(pe)
        path = self.path
        for pe, child in zip(pes, lst):
            if pe in duplicates:
                continue
            errs += self.walk(t.element_type, child, path + (pe,))
            self.set.insert(path + (pe,))
        return errs

    def do_map(self, t: _schema.Map) -> _Errors:
        m = self._walked(_map_value, t.element_relationship)
        if m is None:
            return []
        errs: _Errors = []
        path = self.path
        for key, val in m.items():
            pe = PathElement(field_name=key)
            sf = t.find_field(key)
            tr = sf.type if sf is not None else t.element_type
            errs += self.walk(tr, val, path + (pe,))
            if val is None or (_value.is_map(val) and not val):
                self.set.insert(path + (pe,))
            elif sf is None:
                self.set.insert(path + (pe,))
        return errs


# --- walking two values together: what merging and comparing share ---


class _PairNode:
    """One step of a walk over two values of the same type (lhs and rhs, either MISSING): scalars and atomic or
    empty lists and maps are leaves (``do_leaf``); lists go to the walker's ``visit_list_items``; ``_maps`` gives
    the two maps to walk key by key, or None when they were a leaf."""

    __slots__ = ("walker", "lhs", "rhs", "in_leaf")

    def __init__(self, walker: Any, lhs: Any, rhs: Any):
        self.walker, self.lhs, self.rhs = walker, lhs, rhs
        self.in_leaf = False

    def do_leaf(self) -> None:
        raise NotImplementedError

    def do_map(self, t: _schema.Map) -> _Errors:
        raise NotImplementedError

    def do_scalar(self, t: str) -> _Errors:
        lerrs = _validate_scalar(t, self.lhs, "lhs: ")
        rerrs = _validate_scalar(t, self.rhs, "rhs: ")
        if lerrs and rerrs:
            return lerrs + rerrs
        self.do_leaf()
        return []

    def do_list(self, t: _schema.List) -> _Errors:
        lhs = _deref(_list_value, self.lhs)
        rhs = _deref(_list_value, self.rhs)
        if t.element_relationship == _schema.Atomic or (not lhs and not rhs):
            self.do_leaf()
            return []
        errs: list[Any] = self.walker.visit_list_items(self, t, lhs, rhs)
        return errs

    def _maps(self, t: _schema.Map) -> Optional[tuple[dict[Any, Any], dict[Any, Any]]]:
        lhs = _deref(_map_value, self.lhs)
        rhs = _deref(_map_value, self.rhs)
        if t.element_relationship == _schema.Atomic or (not lhs and not rhs):
            self.do_leaf()
            return None
        return lhs or {}, rhs or {}


_Node = TypeVar("_Node", bound=_PairNode)


def _walk_pair(
    s: _schema.Schema, tr: _schema.TypeRef, lhs: Any, rhs: Any, new_node: Callable[[], _Node]
) -> tuple[Optional[_Node], list[Any]]:
    """Resolves ``tr`` and walks lhs and rhs with a node from ``new_node`` (both sides' atoms, when they differ,
    the lhs one with a throwaway node first). The node is None when there was nothing to walk."""
    if lhs is MISSING and rhs is MISSING:
        return None, _errorf("at least one of lhs and rhs must be provided")
    a, ok = s.resolve(tr)
    if not ok:
        return None, _errorf(f"schema error: no type found matching: {tr.named_type}")
    alhs, arhs = _deduce_atom(a, lhs), _deduce_atom(a, rhs)
    node = new_node()
    errs: _Errors = []
    if rhs is MISSING:
        errs += _handle_atom(alhs, tr, node)
    elif lhs is MISSING or alhs.equals(arhs):
        errs += _handle_atom(arhs, tr, node)
    else:
        errs += _handle_atom(alhs, tr, new_node())
        errs += _handle_atom(arhs, tr, node)
    return node, errs


# --- merging (merge.go) ---


class _MergeNode(_PairNode):
    __slots__ = ("out",)

    def __init__(self, walker: "_Merger", lhs: Any, rhs: Any):
        super().__init__(walker, lhs, rhs)
        self.out: Any = MISSING

    def do_leaf(self) -> None:
        if self.in_leaf:
            return
        self.in_leaf = True
        # ruleKeepRHS
        if self.rhs is not MISSING:
            self.out = self.rhs
        elif self.lhs is not MISSING:
            self.out = self.lhs

    def do_map(self, t: _schema.Map) -> _Errors:
        maps = self._maps(t)
        if maps is None:
            return []
        lhs, rhs = maps
        errs: _Errors = []
        out: dict[Any, Any] = {}
        for key in _zip_keys(lhs, rhs):
            sf = t.find_field(key)
            tr = sf.type if sf is not None else t.element_type
            child_out, child_errs = self.walker.merge(tr, lhs.get(key, MISSING), rhs.get(key, MISSING))
            errs += _with_prefix(child_errs, "." + key)
            if child_out is not MISSING:
                out[key] = child_out
        if out:
            self.out = out
        return errs


def _deref(getter: Callable[[Any], Optional[_V]], v: Any) -> Optional[_V]:
    if v is MISSING:
        return None
    try:
        return getter(v)
    except _Err:
        return None


def _zip_keys(lhs: dict[Any, Any], rhs: dict[Any, Any]) -> list[Any]:
    return list(lhs) + [k for k in rhs if k not in lhs]


class _Merger:
    def __init__(self, s: _schema.Schema):
        self.schema = s

    def merge(self, tr: _schema.TypeRef, lhs: Any, rhs: Any) -> tuple[Any, list[Any]]:
        node, errs = _walk_pair(self.schema, tr, lhs, rhs, lambda: _MergeNode(self, lhs, rhs))
        return (MISSING if node is None else node.out), errs

    def _index(
        self, t: _schema.List, lst: Optional[list[Any]], allow_duplicates: bool
    ) -> tuple[list[Any], dict[Any, Any], list[Any]]:
        errs: _Errors = []
        observed: dict[Any, Any] = {}
        pes: list[Any] = []
        for i, child in enumerate(lst or ()):
            try:
                pe = _list_item_to_path_element(self.schema, t, child)
            except _Err as err:
                errs += _errorf(f"element {i}: {err}")
                continue
            if pe in observed:
                if not allow_duplicates:
                    errs += _errorf(f"duplicate entries for key {pe}")
                    continue
                observed[pe] = None
            else:
                observed[pe] = child
            pes.append(pe)
        return pes, observed, errs

    def visit_list_items(
        self, node: _MergeNode, t: _schema.List, lhs: Optional[list[Any]], rhs: Optional[list[Any]]
    ) -> list[Any]:
        out: list[Any] = []
        rhs_pes, observed_rhs, rhs_errs = self._index(t, rhs, False)
        lhs_pes, observed_lhs, lhs_errs = self._index(t, lhs, True)
        errs = rhs_errs + lhs_errs
        if errs:
            return errs
        shared_order = [pe for pe in rhs_pes if pe in observed_lhs]
        next_shared = shared_order.pop(0) if shared_order else None
        merged_rhs: set[Any] = set()
        l_len, r_len = len(lhs_pes), len(rhs_pes)
        li = ri = 0

        def merge_item(pe: PathElement, lchild: Any, rchild: Any) -> None:
            # Go drops the item's errors here (a shadowed variable); so do we.
            item_out, _ = self.merge(t.element_type, lchild, rchild)
            if item_out is not MISSING:
                out.append(item_out)

        while li < l_len or ri < r_len:
            if li < l_len and ri < r_len:
                pe = lhs_pes[li]
                if pe == rhs_pes[ri]:
                    merged_rhs.add(pe)
                    merge_item(pe, observed_lhs.get(pe, MISSING), observed_rhs.get(pe, MISSING))
                    li += 1
                    ri += 1
                    next_shared = shared_order.pop(0) if shared_order else None
                    continue
                if pe in observed_rhs and next_shared is not None and next_shared != lhs_pes[li]:
                    li += 1
                    continue
            if li < l_len:
                assert lhs is not None  # lhs_pes has one element per item of lhs
                pe = lhs_pes[li]
                if pe not in observed_rhs:
                    merge_item(pe, lhs[li], MISSING)
                    li += 1
                    continue
                if pe in merged_rhs:
                    li += 1
            if ri < r_len:
                pe = rhs_pes[ri]
                merged_rhs.add(pe)
                merge_item(pe, observed_lhs.get(pe, MISSING), observed_rhs.get(pe, MISSING))
                ri += 1
                if next_shared is not None and next_shared == pe:
                    next_shared = shared_order.pop(0) if shared_order else None
        if out:
            node.out = out
        return errs


# --- comparing (compare.go) ---


class Comparison:
    """The fields a change removed, modified and added."""

    def __init__(self) -> None:
        self.removed, self.modified, self.added = Set(), Set(), Set()

    def is_same(self) -> bool:
        return self.removed.empty() and self.modified.empty() and self.added.empty()

    def __str__(self) -> str:
        out = ""
        if not self.modified.empty():
            out += f"- Modified Fields:\n{self.modified}\n"
        if not self.added.empty():
            out += f"- Added Fields:\n{self.added}\n"
        if not self.removed.empty():
            out += f"- Removed Fields:\n{self.removed}\n"
        return out

    def exclude_fields(self, fields: Optional[Set]) -> "Comparison":
        if fields is None or fields.empty():
            return self
        self.removed = self.removed.recursive_difference(fields)
        self.modified = self.modified.recursive_difference(fields)
        self.added = self.added.recursive_difference(fields)
        return self

    def filter_fields(self, f: Optional[fieldpath.Filter]) -> "Comparison":
        if f is None:
            return self
        self.removed, self.modified, self.added = f.filter(self.removed), f.filter(self.modified), f.filter(self.added)
        return self


class _CompareNode(_PairNode):
    __slots__ = ("path",)

    def __init__(self, walker: "_Comparer", lhs: Any, rhs: Any, path: tuple[Any, ...]):
        super().__init__(walker, lhs, rhs)
        self.path = path

    def do_leaf(self) -> None:
        if self.in_leaf:
            return
        self.in_leaf = True
        c = self.walker.comparison
        if self.lhs is MISSING:
            c.added.insert(self.path)
        elif self.rhs is MISSING:
            c.removed.insert(self.path)
        elif not _value.equals(self.rhs, self.lhs):
            c.modified.insert(self.path)

    def do_map(self, t: _schema.Map) -> _Errors:
        maps = self._maps(t)
        if maps is None:
            return []
        lhs, rhs = maps
        errs: _Errors = []
        for key in _zip_keys(lhs, rhs):
            sf = t.find_field(key)
            tr = sf.type if sf is not None else t.element_type
            pe = PathElement(field_name=key)
            errs += _with_prefix(
                self.walker.compare(tr, lhs.get(key, MISSING), rhs.get(key, MISSING), self.path + (pe,)), str(pe)
            )
        return errs


class _Comparer:
    def __init__(self, s: _schema.Schema):
        self.schema = s
        self.comparison = Comparison()

    def compare(self, tr: _schema.TypeRef, lhs: Any, rhs: Any, path: tuple[Any, ...]) -> _Errors:
        node, errs = _walk_pair(self.schema, tr, lhs, rhs, lambda: _CompareNode(self, lhs, rhs, path))
        if node is not None and not node.in_leaf:
            if lhs is MISSING:
                self.comparison.added.insert(path)
            elif rhs is MISSING:
                self.comparison.removed.insert(path)
        return errs

    def visit_list_items(
        self, node: _CompareNode, t: _schema.List, lhs: Optional[list[Any]], rhs: Optional[list[Any]]
    ) -> list[Any]:
        errs: _Errors = []
        lvalues = self._group(t, lhs, errs)
        rvalues = self._group(t, rhs, errs)
        all_pes = list(lvalues) + [pe for pe in rvalues if pe not in lvalues]
        c = self.comparison
        for pe in all_pes:
            llist, rlist = lvalues.get(pe, []), rvalues.get(pe, [])
            if not llist and not rlist:
                return errs
            if len(llist) <= 1 and len(rlist) <= 1:
                errs += self._item(t, node, pe, llist[0] if llist else MISSING, rlist[0] if rlist else MISSING)
            elif len(llist) >= 2 and len(rlist) >= 2:
                if len(llist) != len(rlist) or not all(_value.equals(a, b) for a, b in zip(llist, rlist)):
                    c.modified.insert(node.path + (pe,))
            elif len(llist) >= 2:
                if rlist:
                    errs += self._item(t, node, pe, MISSING, rlist[0])
                c.removed.insert(node.path + (pe,))
            else:
                if llist:
                    errs += self._item(t, node, pe, llist[0], MISSING)
                c.added.insert(node.path + (pe,))
        return errs

    def _group(self, t: _schema.List, lst: Optional[list[Any]], errs: list[Any]) -> dict[PathElement, list[Any]]:
        """The list's items by path element, in first-seen order; an item without one adds to ``errs``."""
        groups: dict[PathElement, list[Any]] = {}
        for i, child in enumerate(lst or ()):
            try:
                pe = _list_item_to_path_element(self.schema, t, child)
            except _Err as err:
                errs += _errorf(f"element {i}: {err}")
                continue
            groups.setdefault(pe, []).append(child)
        return groups

    def _item(self, t: _schema.List, node: _CompareNode, pe: PathElement, lchild: Any, rchild: Any) -> _Errors:
        return _with_prefix(self.compare(t.element_type, lchild, rchild, node.path + (pe,)), str(pe))


# --- removing and extracting (remove.go) ---


class _Remover:
    def __init__(self, s: _schema.Schema, value: Any, to_remove: Set, should_extract: bool):
        self.schema, self.value, self.to_remove, self.should_extract = s, value, to_remove, should_extract
        self.out: Any = None

    def do_scalar(self, t: str) -> _Errors:
        self.out = self.value
        return []

    def _whole(self, is_kind: Callable[[Any], bool], t: _schema.List | _schema.Map) -> bool:
        """True when the walk stops at this value: not of the schema's kind, or empty or atomic (extracted
        whole)."""
        if not is_kind(self.value):
            return True
        if not self.value or t.element_relationship == _schema.Atomic:
            if self.should_extract:
                self.out = self.value
            return True
        return False

    def do_list(self, t: _schema.List) -> _Errors:
        if self._whole(_value.is_list, t):
            return []
        lst = self.value
        new_items = []
        for item in lst:
            pe = _pe_or_empty(self.schema, t, item)
            is_exact = self.to_remove.has((pe,))
            sub = self.to_remove.with_prefix(pe)
            is_prefix = not sub.empty()
            if self.should_extract:
                if is_prefix:
                    item = _remove_items(item, sub, self.schema, t.element_type, True)
                if is_exact or is_prefix:
                    new_items.append(item)
            else:
                if is_exact:
                    continue
                if is_prefix:
                    item = _remove_items(item, sub, self.schema, t.element_type, False)
                new_items.append(item)
        if new_items:
            self.out = new_items
        return []

    def do_map(self, t: _schema.Map) -> _Errors:
        if self._whole(_value.is_map, t):
            return []
        m = self.value
        new_map = {}
        for k, val in m.items():
            pe = PathElement(field_name=k)
            sf = t.find_field(k)
            ftype = sf.type if sf is not None else t.element_type
            if self.to_remove.has((pe,)):
                if self.should_extract:
                    new_map[k] = _remove_items(val, self.to_remove, self.schema, ftype, True)
                continue
            sub = self.to_remove.with_prefix(pe)
            if not sub.empty():
                val = _remove_items(val, sub, self.schema, ftype, self.should_extract)
            elif self.should_extract:
                continue
            new_map[k] = val
        if new_map:
            self.out = new_map
        return []


def _remove_items(val: Any, to_remove: Set, s: _schema.Schema, tr: _schema.TypeRef, should_extract: bool) -> Any:
    w = _Remover(s, val, to_remove, should_extract)
    _resolve_schema(s, tr, val, w)
    return w.out


# --- reconciling a field set with a changed schema (reconcile_schema.go) ---


def _is_untyped_deduced_ref(t: _schema.TypeRef) -> bool:
    if t.named_type is not None:
        return t.named_type == "__untyped_deduced_"
    return t.inlined.scalar == "untyped"


class _Reconciler:
    def __init__(self, s: _schema.Schema, field_set: Optional[Set], path: tuple[Any, ...], is_atomic: bool):
        self.schema, self.field_set, self.path, self.is_atomic = s, field_set, path, is_atomic
        self.to_remove: Optional[Set] = None
        self.to_add: Optional[Set] = None

    def reconcile(self, tr: _schema.TypeRef) -> _Errors:
        a, ok = self.schema.resolve(tr)
        if not ok:
            return _errorf(f"could not resolve {tr}")
        return _handle_atom(a, tr, self)

    def do_scalar(self, t: str) -> _Errors:
        return []

    def _descend(self, pe: PathElement, tr: _schema.TypeRef, element: Set, is_member: bool) -> _Errors:
        child_set = element.children.get(pe)
        child = _Reconciler(self.schema, child_set, self.path + (pe,), is_member and child_set is None)
        errs = child.reconcile(tr)
        if child.to_remove is not None:
            self.to_remove = child.to_remove if self.to_remove is None else self.to_remove.union(child.to_remove)
        if child.to_add is not None:
            self.to_add = child.to_add if self.to_add is None else self.to_add.union(child.to_add)
        return errs

    def _visit(self, element: Set, type_at: Callable[[PathElement], Optional[_schema.TypeRef]]) -> _Errors:
        errs: _Errors = []
        for pe in fieldpath._sorted(element.children):
            if pe in element.members:
                continue
            tr = type_at(pe)
            if tr is not None:
                errs += self._descend(pe, tr, element, False)
        for pe in fieldpath._sorted(element.members):
            tr = type_at(pe)
            if tr is not None:
                errs += self._descend(pe, tr, element, True)
        return errs

    def do_list(self, t: _schema.List) -> _Errors:
        if not self.is_atomic and t.element_relationship == _schema.Atomic:
            self.to_remove = fieldpath.new_set(self.path)
            self.to_add = fieldpath.new_set(self.path)
            return []
        if self.field_set is not None:
            return self._visit(self.field_set, lambda pe: t.element_type)
        return []

    def do_map(self, t: _schema.Map) -> _Errors:
        if _is_untyped_deduced_ref(t.element_type) and not t.fields:
            return []
        if not self.is_atomic and t.element_relationship == _schema.Atomic:
            if self.field_set is not None and self.field_set.size() > 0:
                self.to_remove = fieldpath.new_set(self.path)
                self.to_add = fieldpath.new_set(self.path)
            return []
        if self.field_set is not None:

            def type_at(pe: PathElement) -> Optional[_schema.TypeRef]:
                tr = t.element_type
                if pe.field_name is not None:
                    sf = t.find_field(pe.field_name)
                    if sf is not None:
                        tr = sf.type
                return None if tr.is_zero() else tr

            return self._visit(self.field_set, type_at)
        return []


def reconcile_field_set_with_schema(field_set: Set, tv: "TypedValue") -> Optional[Set]:
    """``field_set`` adjusted to atomic types of the schema of ``tv`` (fields owned inside what is now atomic
    become ownership of the atomic whole), or None when nothing changes."""
    r = _Reconciler(tv.schema(), field_set, (), False)
    errs = r.reconcile(tv.type_ref())
    if errs:
        raise ValueError(f"errors reconciling field set with schema: {ValidationErrors(errs)}")
    if r.to_add is None and r.to_remove is None:
        return None
    out = field_set
    if r.to_remove is not None:
        out = out.recursive_difference(r.to_remove)
    if r.to_add is not None:
        out = out.union(r.to_add)
    return out


# --- TypedValue, Parser ---


def with_append_key_fields() -> Callable[[dict[Any, Any]], None]:
    def opt(options: dict[Any, Any]) -> None:
        options["append_key_fields"] = True

    return opt


class TypedValue:
    """A value with its type in a schema."""

    __slots__ = ("_value", "_type_ref", "_schema")

    def __init__(self, v: Any, s: _schema.Schema, type_ref: _schema.TypeRef):
        self._value, self._schema, self._type_ref = v, s, type_ref

    def type_ref(self) -> _schema.TypeRef:
        return self._type_ref

    def as_value(self) -> Any:
        return self._value

    def schema(self) -> _schema.Schema:
        return self._schema

    def validate(self, *opts: ValidationOptions) -> None:
        errs = _Validator(self._schema, AllowDuplicates in opts).validate(self._type_ref, self._value)
        if errs:
            raise ValidationErrors(errs)

    def to_field_set(self) -> Set:
        w = _ToFieldSet(self._schema)
        errs = w.walk(self._type_ref, self._value, ())
        if errs:
            raise ValidationErrors(errs)
        return w.set

    def merge(self, pso: "TypedValue") -> "TypedValue":
        """This value with ``pso`` merged over it (``pso`` wins where both set a field)."""
        self._check_same_type(pso)
        out, errs = _Merger(self._schema).merge(self._type_ref, self._value, pso._value)
        if errs:
            raise ValidationErrors(errs)
        return TypedValue(None if out is MISSING else out, self._schema, self._type_ref)

    def compare(self, rhs: "TypedValue") -> Comparison:
        """The fields that going from this value to ``rhs`` removes, modifies and adds."""
        self._check_same_type(rhs)
        w = _Comparer(self._schema)
        errs = w.compare(self._type_ref, self._value, rhs._value, ())
        if errs:
            raise ValidationErrors(errs)
        return w.comparison

    def _check_same_type(self, other: "TypedValue") -> None:
        if self._schema is not other._schema:
            raise ValidationErrors(_errorf("expected objects with types from the same schema"))
        if not self._type_ref.equals(other._type_ref):
            raise ValidationErrors(
                _errorf(f"expected objects of the same type, but got {self._type_ref} and {other._type_ref}")
            )

    def remove_items(self, items: Set) -> "TypedValue":
        return TypedValue(
            _remove_items(self._value, items, self._schema, self._type_ref, False), self._schema, self._type_ref
        )

    def extract_items(self, items: Set, *opts: Callable[[dict[Any, Any]], None]) -> "TypedValue":
        options: dict[Any, Any] = {}
        for opt in opts:
            opt(options)
        if options.get("append_key_fields"):
            try:
                tv_set = self.to_field_set()
            except ValidationErrors:
                tv_set = None
            if tv_set is not None:
                key_paths = Set()
                for path in items.iterate():
                    if not tv_set.has(path):
                        continue
                    for i, pe in enumerate(path):
                        if pe.key is None:
                            continue
                        for f in pe.key:
                            key_paths.insert(tuple(path[: i + 1]) + (PathElement(field_name=f.name),))
                items = items.union(key_paths)
        return TypedValue(
            _remove_items(self._value, items, self._schema, self._type_ref, True), self._schema, self._type_ref
        )

    def empty(self) -> "TypedValue":
        return TypedValue(None, self._schema, self._type_ref)


def as_typed(v: Any, s: _schema.Schema, type_ref: _schema.TypeRef, *opts: ValidationOptions) -> TypedValue:
    tv = TypedValue(v, s, type_ref)
    tv.validate(*opts)
    return tv


def as_typed_unvalidated(v: Any, s: _schema.Schema, type_ref: _schema.TypeRef) -> TypedValue:
    return TypedValue(v, s, type_ref)


class ParseableType:
    """A named type of a parser's schema: makes TypedValues from YAML, decoded JSON or API objects."""

    def __init__(self, type_ref: _schema.TypeRef, s: _schema.Schema):
        self.type_ref, self.schema = type_ref, s

    def is_valid(self) -> bool:
        return self.schema.resolve(self.type_ref)[1]

    def from_yaml(self, obj: YAMLObject, *opts: ValidationOptions) -> TypedValue:
        from kubernetes_py._goyaml import yaml_to_json

        return as_typed(yaml_to_json(obj), self.schema, self.type_ref, *opts)

    def from_unstructured(self, content: Any, *opts: ValidationOptions) -> TypedValue:
        return as_typed(content, self.schema, self.type_ref, *opts)

    def from_structured(self, obj: Any, *opts: ValidationOptions) -> TypedValue:
        """From a typed API object, through its unstructured (JSON) form as Go's reflection reads it."""
        from kubernetes_py.apimachinery import runtime

        return as_typed(runtime.DefaultUnstructuredConverter.to_unstructured(obj), self.schema, self.type_ref, *opts)


class Parser:
    """A schema and its named types (Go's typed.Parser)."""

    def __init__(self, s: _schema.Schema):
        self.schema = s

    def type_names(self) -> list[str]:
        return [t.name for t in self.schema.types]

    def type(self, name: str) -> ParseableType:
        return ParseableType(_schema.TypeRef(named_type=name), self.schema)


def new_parser(schema_yaml: YAMLObject) -> Parser:
    """A parser for a schema written in YAML (``types: [...]``); raises ValueError when the schema is not
    one the schema of schemas accepts."""
    from kubernetes_py._goyaml import yaml_to_json

    try:
        doc = yaml_to_json(schema_yaml)
        return Parser(_schema.schema_from_document(doc))
    except (ValueError, _schema.SchemaError) as err:
        raise ValueError(f"unable to validate schema: {err}") from None


def parser_from_document(doc: Any) -> Parser:
    """A parser for an already decoded schema document (the package data generated from client-go)."""
    return Parser(_schema.schema_from_document(doc))


DeducedParseableType = new_parser("""types:
- name: __untyped_atomic_
  scalar: untyped
  list:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
  map:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
- name: __untyped_deduced_
  scalar: untyped
  list:
    elementType:
      namedType: __untyped_atomic_
    elementRelationship: atomic
  map:
    elementType:
      namedType: __untyped_deduced_
    elementRelationship: separable
""").type("__untyped_deduced_")
