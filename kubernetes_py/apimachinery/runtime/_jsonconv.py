"""Kubernetes' JSON rules between JSON-shaped Python values and the API message classes.

One converter serves JSON, YAML and runtime.DefaultUnstructuredConverter. It is driven by the
message descriptors plus kubernetes_py/_schema/gotypes.json (the Go struct of every message: JSON
names, omitempty/omitzero, pointers, inlined structs, types with their own MarshalJSON).

Decoding (``decode(cls, value)``) has two paths:

* the fast path rewrites, in place, only what differs between Go's JSON form and the protobuf shape
  (special types such as Time or Quantity, base64 ``[]byte``, inlined structs, the few renamed
  fields) and hands the result to the message constructor, which builds the whole tree in C;
* when that fails in any way (an unknown field, a null inside a list, a value of the wrong type...)
  the input is walked again, completely and carefully, by the checking path, which ignores unknown
  fields as Go's decoder does (or, strict, reports each with its path) and raises Go's error
  messages for values of the wrong type.

Encoding (``encode(message)``) writes what Go's ``json.Marshal`` of the Go struct writes: fields in
Go's order, omitempty/omitzero and pointer rules (a pointer field set to a zero value is written;
a non-pointer struct is always written), the special types in their text forms.

The special types (Go types with their own MarshalJSON: Time, Quantity, IntOrString, raw JSON...) are
not known here: each has a codec registered next to its type, which both paths and the encoder ask
(see _special).

A Go non-pointer field and an unset protobuf field are the same thing here: both read as the zero
value. (Go's protobuf bytes always carry non-pointer fields; ``fill_go_zero_fields`` makes a
message carry them too, for byte-exact protobuf output.)
"""

from __future__ import annotations

import base64
import binascii
import functools
import keyword
import linecache
import threading
from typing import Any, Callable, Literal, Mapping, Optional, Protocol, TypeVar, Union, overload

from google.protobuf.descriptor import Descriptor
from google.protobuf.message import Message

from kubernetes_py import _schema
from kubernetes_py._go import json as _gojson
from kubernetes_py._go.json import go_json_kind
from kubernetes_py._go.strconv import go_string
from kubernetes_py._go.time import TimeParseError, format_duration  # noqa: F401 - format_duration: for the tests
from kubernetes_py._schema import gotypes as _gotypes

from . import _special

_INT_RANGES = {
    "int8": (-(1 << 7), (1 << 7) - 1),
    "int16": (-(1 << 15), (1 << 15) - 1),
    "int32": (-(1 << 31), (1 << 31) - 1),
    "int64": (-(1 << 63), (1 << 63) - 1),
    "int": (-(1 << 63), (1 << 63) - 1),
    "uint8": (0, (1 << 8) - 1),
    "byte": (0, 255),
    "uint16": (0, (1 << 16) - 1),
    "uint32": (0, (1 << 32) - 1),
    "uint64": (0, (1 << 64) - 1),
    "uint": (0, (1 << 64) - 1),
}
_FLOATS = ("float32", "float64")
# protobuf scalar field types (FieldDescriptor.TYPE_*) -> the Go basic type they carry
_SCALAR_PROTO_TYPES = {
    9: "string",
    8: "bool",
    5: "int32",
    3: "int64",
    13: "uint32",
    4: "uint64",
    1: "float64",
    2: "float32",
    12: "[]byte",
}

_META = "k8s.io/apimachinery/pkg/apis/meta/v1."
_APIEXT1 = "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1."
_APIEXT1B = "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1."
TIME = _META + "Time"
MICRO_TIME = _META + "MicroTime"
DURATION = _META + "Duration"
FIELDS_V1 = _META + "FieldsV1"
GROUP_VERSION = _META + "GroupVersion"
QUANTITY = "k8s.io/apimachinery/pkg/api/resource.Quantity"
QUANTITY_VALUE = "k8s.io/apimachinery/pkg/api/resource.QuantityValue"
INT_OR_STRING = "k8s.io/apimachinery/pkg/util/intstr.IntOrString"
RAW_EXTENSION = "k8s.io/apimachinery/pkg/runtime.RawExtension"
UNKNOWN = "k8s.io/apimachinery/pkg/runtime.Unknown"
TYPE_META = _META + "TypeMeta"


UnmarshalTypeError = _special.UnmarshalTypeError
_Fallback = _special.Fallback

_M = TypeVar("_M", bound=Message)
# A function rewriting a JSON value (from json.loads or YAML: any of dict, list, str, int, float, bool, None) into
# the form a message constructor takes, or writing a stored field value as its JSON value.
Converter = Callable[[Any], Any]


class _Type:
    """A Go type as far as JSON is concerned.

    kind: "str", "bool", "int", "float", "bytes", "struct", "special", "wrap" (a named slice that is a
    message with ``items`` in protobuf), "list", "map", "ptr", "skip".
    """

    __slots__ = ("kind", "go", "elem", "name")

    kind: str
    go: str
    elem: _Type  # ptr, list, map, wrap: the element type; the other kinds: _NO_ELEM (a "skip" type)
    name: str

    def __init__(self, kind: str, go: str, elem: Optional[_Type] = None, name: str = ""):
        self.kind = kind
        self.go = go  # the Go type expression, for error messages
        self.elem = elem if elem is not None else _NO_ELEM
        self.name = name  # struct/special/wrap: the Go type name; int/float: the basic kind

    def __repr__(self) -> str:
        return f"_Type({self.kind}, {self.go})"


_NO_ELEM = object.__new__(_Type)
_NO_ELEM.kind, _NO_ELEM.go, _NO_ELEM.name = "skip", "", ""
_NO_ELEM.elem = _NO_ELEM


def _short(go_expr: str) -> str:
    """Go's reflect type string: "k8s.io/api/core/v1.PodPhase" -> "v1.PodPhase"."""
    out = []
    for part in go_expr.replace("]", "] ").split(" "):
        if "/" in part:
            prefix = part[: len(part) - len(part.lstrip("*[]"))]
            part = prefix + part.rsplit("/", 1)[1]
        out.append(part)
    return "".join(out)


class _Field:
    """One JSON member of a Go struct, with where it lives in the message."""

    __slots__ = ("json", "proto", "type", "omitempty", "omitzero", "via", "go_struct")

    def __init__(
        self,
        json_name: str,
        proto: str,
        typ: _Type,
        omitempty: bool,
        omitzero: bool,
        via: tuple[str, ...],
        go_struct: str,
    ):
        self.json = json_name
        self.proto = proto
        self.type = typ
        self.omitempty = omitempty
        self.omitzero = omitzero
        self.via = via  # proto names of the inlined struct fields that hold it (a tuple)
        self.go_struct = go_struct  # short Go name of the struct that declares the field


class _Struct:
    """What the converter knows about one Go struct type with a message."""

    __slots__ = ("name", "short", "cls", "fields", "by_json", "proto_only", "inlines", "fast", "encode")

    cls: type[Message]  # set first thing by _Registry._fill_struct, before anyone else sees the struct

    def __init__(self, name: str):
        self.name = name
        self.short = _short(name)
        self.fields: list[_Field] = []
        self.by_json: dict[str, _Field] = {}
        self.proto_only: tuple[str, ...] = ()
        self.inlines: list[tuple[str, str, frozenset[str]]] = []  # (proto field, inner struct, member JSON names)
        # None: not built yet; _identity: the JSON object is already in constructor form
        self.fast: Optional[Converter] = None
        self.encode: Optional[Converter] = None


class _ProtoMessage(Protocol):
    """What the converter reads of a protobuf message descriptor (protobuf's Python or upb's)."""

    @property
    def full_name(self) -> str: ...


class _ProtoField(Protocol):
    """What the converter reads of a protobuf field descriptor (protobuf's Python or upb's)."""

    @property
    def type(self) -> int: ...

    @property
    def message_type(self) -> Optional[_ProtoMessage]: ...


class _Registry:
    """Lazily built, cached type information; safe to use from many threads."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._gt = _gotypes.load()
        self._types: dict[str, _Type] = {}
        self._structs: dict[str, _Struct] = {}
        self._by_message: dict[str, str] = {full: t.name for full, t in self._gt.by_proto.items()}

    def go_name_for_message(self, full_name: str) -> str:
        try:
            return self._by_message[full_name]
        except KeyError:
            raise TypeError(f"the message {full_name} has no Go type in gotypes.json") from None

    def type(self, expr: str) -> _Type:
        t = self._types.get(expr)
        if t is None:
            with self._lock:
                t = self._types.get(expr)
                if t is None:
                    t = self._resolve(expr)
                    self._types[expr] = t
        return t

    def _resolve(self, expr: str) -> _Type:
        if expr.startswith("*"):
            return _Type("ptr", _short(expr), self.type(expr[1:]))
        if expr in ("[]byte", "[]uint8"):
            return _Type("bytes", "[]uint8")
        if expr.startswith("[]"):
            return _Type("list", _short(expr), self.type(expr[2:]))
        if expr.startswith("map["):
            parsed = _gotypes.parse_type(expr)
            return _Type("map", _short(expr), self.type(str(parsed.elem)))
        if "." not in expr:
            return self._basic(expr, expr)
        gt = self._gt.types.get(expr)
        if gt is None:
            return _Type("skip", _short(expr))
        if gt.marshal_json and gt.proto and _special.lookup(expr) is not None:
            return _Type("special", _short(expr), name=expr)
        if gt.kind == "struct":
            if not gt.proto:
                return _Type("skip", _short(expr))
            return _Type("struct", _short(expr), name=expr)
        if gt.kind == "slice" and gt.proto:
            inner = self.type(gt.underlying)
            return _Type("wrap", _short(expr), inner.elem, name=expr)
        if gt.underlying:
            base = self.type(gt.underlying)
            return _Type(base.kind, _short(expr), base.elem, base.name)
        return _Type("skip", _short(expr))

    def _unalias(self, f: _gotypes.GoField, message_fields: Mapping[str, _ProtoField]) -> str:
        """The field's Go type, with a type alias (absent from gotypes.json) replaced by the Go type of
        the field's message (v1alpha1.RuleWithOperations = v1.RuleWithOperations)."""
        expr = f.type
        named = expr.lstrip("*[]")
        if "." not in named or named.startswith("map[") or named in self._gt.types:
            return expr
        field = message_fields.get(f.proto)
        if field is None:
            return expr
        if field.message_type is None:
            target: Optional[str] = _SCALAR_PROTO_TYPES.get(field.type)
        else:
            target = self._by_message.get(field.message_type.full_name)
        return expr[: len(expr) - len(named)] + target if target else expr

    @staticmethod
    def _basic(name: str, go: str) -> _Type:
        if name == "string":
            return _Type("str", go)
        if name == "bool":
            return _Type("bool", go)
        if name in _INT_RANGES:
            return _Type("int", go, name=name)
        if name in _FLOATS:
            return _Type("float", go, name=name)
        return _Type("skip", go)

    def struct(self, name: str) -> _Struct:
        s = self._structs.get(name)
        if s is None:
            with self._lock:
                s = self._structs.get(name)
                if s is None:
                    s = _Struct(name)
                    self._structs[name] = s
                    try:
                        self._fill_struct(s)
                    except BaseException:
                        del self._structs[name]
                        raise
        return s

    def _fill_struct(self, s: _Struct) -> None:
        gt = self._gt.types[s.name]
        s.cls = _schema.message_class(gt.proto)
        message_fields = s.cls.DESCRIPTOR.fields_by_name
        fields: list[_Field] = []
        for f in gt.fields:
            if f.inline and f.type == TYPE_META:
                for member in ("kind", "apiVersion"):
                    if member in message_fields:
                        fields.append(_Field(member, member, _Type("str", "string"), True, False, (), s.short))
                continue
            type_expr = self._unalias(f, message_fields)
            if f.inline:
                if not f.proto:
                    continue
                inner = self.struct(type_expr.lstrip("*"))
                s.inlines.append((f.proto, inner.name, frozenset(m.json for m in inner.fields)))
                for promoted in inner.fields:
                    fields.append(
                        _Field(
                            promoted.json,
                            promoted.proto,
                            promoted.type,
                            promoted.omitempty,
                            promoted.omitzero,
                            (f.proto,) + promoted.via,
                            promoted.go_struct,
                        )
                    )
                continue
            if f.skipped or not f.proto or f.json == "":
                continue
            fields.append(_Field(f.json, f.proto, self.type(type_expr), f.omitempty, f.omitzero, (), s.short))
        s.fields = fields
        s.by_json = {f.json: f for f in fields}
        json_names = set(s.by_json)
        s.proto_only = tuple(sorted({f.via[0] if f.via else f.proto for f in fields} - json_names))


_REGISTRY: Optional[_Registry] = None
_REGISTRY_LOCK = threading.Lock()


def _registry() -> _Registry:
    global _REGISTRY
    if _REGISTRY is None:
        with _REGISTRY_LOCK:
            if _REGISTRY is None:
                _REGISTRY = _Registry()
    return _REGISTRY


# ---------------------------------------------------------------------------------------------
# Values shared by both directions


_go_json_text = _gojson.raw_json_text


def build_once(
    lock: threading.RLock,
    get: Callable[[], Optional[Converter]],
    put: Callable[[Optional[Converter]], None],
    build: Callable[[], Converter],
) -> Converter:
    """The generated function ``get()`` holds, else the one ``build()`` makes, once, under ``lock`` (the caller saw
    ``get()`` give None without it). A type may refer to itself: while it is built, ``get()`` gives a trampoline
    that calls the built function once there is one (a thread calling it meanwhile waits for ``lock``, which the
    builder holds); a build that fails leaves nothing behind."""
    with lock:
        current = get()
        if current is not None:
            return current
        holder: list[Converter] = []

        def trampoline(x: Any) -> Any:
            if not holder:  # being built by another thread right now: wait for it
                with lock:
                    pass
            return holder[0](x)

        put(trampoline)
        try:
            built = build()
        except BaseException:
            put(None)
            raise
        holder.append(built)
        put(built)
        return built


def _exec_generated(source: str, label: str, env: dict[str, Any]) -> dict[str, Any]:
    """Run generated source in ``env``, its text registered with linecache so that tracebacks show its lines."""
    filename = f"<{label}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), env)  # noqa: S102 - source generated from the schema
    return env


def _number_text(v: Union[int, float]) -> str:
    return repr(v) if isinstance(v, float) else str(v)


# ---------------------------------------------------------------------------------------------
# Decoding, fast path


def _require_null(v: Any) -> None:
    """A value not of the fast path's type: null (left as None), else the checker's to report."""
    if v is not None:
        raise _Fallback


def _fast_bytes(v: Any) -> Optional[bytes]:
    if v.__class__ is str:
        try:
            return base64.b64decode(v, validate=True)
        except (binascii.Error, ValueError):
            raise _Fallback from None
    _require_null(v)
    return None


def _fast_converter(t: _Type) -> Optional[Converter]:
    """A function rewriting a JSON value of type ``t`` into its constructor form, or None if none is needed."""
    kind = t.kind
    if kind in ("str", "bool", "int", "float"):
        return None
    if kind == "bytes":
        return _fast_bytes
    if kind == "ptr":
        return _fast_converter(t.elem)
    if kind == "struct":
        dec = _fast_struct(t.name)
        if dec is None:
            return None

        def convert_struct(v: Any, _dec: Converter = dec) -> Any:
            if v.__class__ is dict:
                return _dec(v)
            return v

        return convert_struct
    if kind == "special":
        return _fast_special(t.name)
    if kind == "wrap":

        def convert_wrap(v: Any) -> Optional[dict[str, list[Any]]]:
            if v.__class__ is list:
                return {"items": v}
            _require_null(v)
            return None

        return convert_wrap
    if kind == "list":
        inner = _fast_converter(t.elem)
        if inner is None:
            return None

        def convert_list(v: Any, _inner: Converter = inner) -> Optional[list[Any]]:
            if v.__class__ is list:
                return [_inner(x) for x in v]
            _require_null(v)
            return None

        return convert_list
    if kind == "map":
        inner = _fast_converter(t.elem)
        if inner is None:
            return None

        def convert_map(v: Any, _inner: Converter = inner) -> Optional[dict[str, Any]]:
            if v.__class__ is dict:
                return {k: _inner(x) for k, x in v.items()}
            _require_null(v)
            return None

        return convert_map
    return None


def _fast_special(name: str) -> Converter:
    return _special.require(name).fast


def _identity(d: Any) -> Any:
    return d


def _fast_struct_required(name: str) -> Converter:
    dec = _fast_struct(name)
    return dec if dec is not None else _identity


def _fast_struct(name: str) -> Optional[Converter]:
    """The in-place rewriter of a struct's JSON object, or None when the object is already in constructor form."""
    reg = _registry()
    s = reg.struct(name)
    fast = s.fast
    if fast is None:

        def put(f: Optional[Converter]) -> None:
            s.fast = f

        fast = build_once(reg._lock, lambda: s.fast, put, lambda: _build_fast_struct(s))
    return None if fast is _identity else fast


def _build_fast_struct(s: _Struct) -> Converter:
    """Generate ``def decode(d)``: straight-line code rewriting only what differs from the constructor form."""
    env: dict[str, Any] = {"_Fallback": _Fallback}
    body: list[str] = []
    guarded: dict[str, type] = {}  # JSON member -> the only Python type the constructor may see (or None)
    if s.proto_only:
        env["_GUARDS"] = frozenset(s.proto_only)
        body.append("    if d.keys() & _GUARDS:\n        raise _Fallback")
    for i, f in enumerate(s.fields):
        if f.via:
            continue
        t = f.type.elem if f.type.kind == "ptr" else f.type
        j, p = f.json, f.proto
        get = f"d.get({j!r})" if j == p else f"d.pop({j!r}, None)"
        struct_dec = _fast_struct(t.name) if t.kind == "struct" else None
        elem = t.elem if t.kind in ("list", "map") else None
        elem_dec = _fast_struct(elem.name) if elem is not None and elem.kind == "struct" else None
        if t.kind == "struct":
            if struct_dec is None and j == p:
                continue
            env[f"_d{i}"] = struct_dec or _identity
            body.append(f"    v = {get}")
            if j != p:
                body.append(f"    if v is not None:\n        d[{p!r}] = v")
            body.append(f"    if v.__class__ is dict:\n        _d{i}(v)")
        elif elem_dec is not None and t.kind in ("list", "map"):
            env[f"_d{i}"] = elem_dec
            container, items = ("list", "v") if t.kind == "list" else ("dict", "v.values()")
            body.append(f"    v = {get}")
            if j != p:
                body.append(f"    if v is not None:\n        d[{p!r}] = v")
            body.append(
                f"    if v.__class__ is {container}:\n        for x in {items}:\n"
                f"            if x.__class__ is dict:\n                _d{i}(x)\n"
                f"    elif v is not None:\n        raise _Fallback"
            )
        elif t.kind == "bool" or (t.kind == "list" and t.elem.kind == "bool"):
            # upb takes 0/1 for a bool field; Go's decoder does not: let the checking path say so.
            if t.kind == "bool":
                guarded[j] = bool
            else:
                body.append(
                    f"    v = d.get({j!r})\n    if v.__class__ is list and any(x.__class__ is not bool "
                    f"for x in v):\n        raise _Fallback"
                )
            if j != p:
                body.append(f"    if {j!r} in d:\n        d[{p!r}] = d.pop({j!r})")
        else:
            conv = _fast_converter(t)
            if conv is None and t.kind in ("list", "map"):
                # upb would take a string as a list of characters, or pairs as a map: Go does not.
                guarded[j] = list if t.kind == "list" else dict
            if conv is None:
                if j != p:
                    body.append(f"    if {j!r} in d:\n        d[{p!r}] = d.pop({j!r})")
                continue
            env[f"_c{i}"] = conv
            body.append(f"    v = {get}\n    if v is not None:\n        d[{p!r}] = _c{i}(v)")
    for i, (proto, inner, members) in enumerate(s.inlines):
        env[f"_M{i}"] = members
        inner_dec = _fast_struct(inner)
        env[f"_D{i}"] = inner_dec or _identity
        body.append(
            f"    ks = d.keys() & _M{i}\n    if ks:\n        sub = {{k: d.pop(k) for k in ks}}\n"
            f"        _D{i}(sub)\n        d[{proto!r}] = sub"
        )
    if guarded:
        # One set intersection finds the guarded members present; each must have its exact type.
        env["_GK"] = guarded
        body.insert(
            0,
            "    for k in d.keys() & _GK.keys():\n        v = d[k]\n"
            "        if v is not None and v.__class__ is not _GK[k]:\n            raise _Fallback",
        )
    if not body:
        return _identity
    source = "def decode(d):\n" + "\n".join(body) + "\n    return d\n"
    _exec_generated(source, f"fast JSON decoder of {s.name}", env)
    decode_struct: Converter = env["decode"]
    return decode_struct


# ---------------------------------------------------------------------------------------------
# Decoding, checking path


class _DupDict(dict[str, Any]):
    """A JSON object that had duplicate keys (strict decoding records them)."""

    __slots__ = ("duplicates",)

    duplicates: list[str]


def _pairs_with_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = _DupDict()
    dups = []
    for k, v in pairs:
        if k in d:
            dups.append(k)
        d[k] = v
    if dups:
        d.duplicates = dups
        return d
    return dict(d)


def loads_strict(text: Union[str, bytes]) -> Any:
    """json.loads that remembers duplicate keys for strict decoding."""
    return _gojson.loads(text, object_pairs_hook=_pairs_with_duplicates)


class _Checker:
    """Walks a whole JSON value against a Go type, building the constructor form."""

    def __init__(self, strict: bool):
        self.strict = strict
        self.strict_errors: list[str] = []
        self.struct_names: list[str] = []
        self.key_path: list[str] = []  # JSON member names, for type errors (Go omits indices)
        self.strict_path: list[str] = []  # with indices, for strict errors

    def _type_error(self, value: Any, t: _Type, number_text: Optional[str] = None) -> UnmarshalTypeError:
        what = go_json_kind(value)
        if number_text is not None:
            what = f"number {number_text}"
        if self.struct_names:
            return UnmarshalTypeError(
                f"json: cannot unmarshal {what} into Go struct field "
                f"{self.struct_names[-1]}.{'.'.join(self.key_path)} of type {t.go}"
            )
        return UnmarshalTypeError(f"json: cannot unmarshal {what} into Go value of type {t.go}")

    def type_error(self, value: Any, go: str, number_text: Optional[str] = None) -> UnmarshalTypeError:
        """Go's error for a JSON ``value`` that does not fit Go type ``go`` here (for the special codecs)."""
        return self._type_error(value, _Type("", go), number_text)

    def member(self, go: str, v: Any) -> Any:
        """The constructor form of ``v`` read as Go type ``go`` (for the special codecs' members)."""
        t = _registry().type(go)
        if t.kind == "struct":
            return self.struct(t.name, v)
        return self.value(t, v)

    def where(self) -> str:
        return self._where()

    def _strict_error(self, kind: str, key: str) -> None:
        path = "".join(self.strict_path)
        full = f"{path}.{key}" if path else key
        message = f'{kind} "{full}"'
        if message not in self.strict_errors and len(self.strict_errors) < 100:
            self.strict_errors.append(message)

    def value(self, t: _Type, v: Any, in_container: bool = False) -> Any:
        kind = t.kind
        if v is None:
            if in_container and kind != "ptr":
                return self.zero(t)
            return None
        if kind == "str":
            if v.__class__ is not str:
                raise self._type_error(v, t)
            return v
        if kind == "bool":
            if v.__class__ is not bool:
                raise self._type_error(v, t)
            return v
        if kind == "int":
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise self._type_error(v, t)
            low, high = _INT_RANGES[t.name]
            if isinstance(v, float) or not low <= v <= high:
                raise self._type_error(v, t, _number_text(v))
            return v
        if kind == "float":
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise self._type_error(v, t)
            return float(v)
        if kind == "bytes":
            if v.__class__ is not str:
                raise self._type_error(v, t)
            try:
                return base64.b64decode(v.replace("\r", "").replace("\n", ""), validate=True)
            except (binascii.Error, ValueError) as err:
                raise UnmarshalTypeError(f"illegal base64 data in {self._where()}: {err}") from None
        if kind == "ptr":
            return self.value(t.elem, v, False)
        if kind == "struct":
            return self.struct(t.name, v, t)
        if kind == "special":
            return self.special(t, v)
        if kind == "wrap":
            return {"items": self.list(t, v)}
        if kind == "list":
            return self.list(t, v)
        if kind == "map":
            if v.__class__ is not dict and not isinstance(v, dict):
                raise self._type_error(v, t)
            out: dict[str, Any] = {}
            for k, x in v.items():
                self.strict_path.append(f".{k}" if self.strict_path else k)
                try:
                    out[k] = self.value(t.elem, x, True)
                finally:
                    self.strict_path.pop()
            return out
        return None

    def list(self, t: _Type, v: Any) -> list[Any]:
        if not isinstance(v, list):
            raise self._type_error(v, t)
        out: list[Any] = []
        for i, x in enumerate(v):
            self.strict_path.append(f"[{i}]")
            try:
                out.append(self.value(t.elem, x, True))
            finally:
                self.strict_path.pop()
        return out

    def zero(self, t: _Type) -> Union[str, bool, int, float, bytes, dict[str, Any], None]:
        kind = t.kind
        if kind == "str":
            return ""
        if kind == "bool":
            return False
        if kind == "int":
            return 0
        if kind == "float":
            return 0.0
        if kind in ("struct", "special", "wrap"):
            return {}
        if kind == "bytes":
            return b""
        return None

    def _where(self) -> str:
        return ".".join(self.key_path) or "value"

    def struct(self, name: str, v: Any, t: Optional[_Type] = None) -> dict[str, Any]:
        s = _registry().struct(name)
        if not isinstance(v, dict):
            raise self._type_error(v, t or _Type("struct", s.short))
        out: dict[str, Any] = {}
        self.struct_names.append(s.short.rsplit(".", 1)[-1])
        try:
            if self.strict and isinstance(v, _DupDict):
                for key in v.duplicates:
                    self._strict_error("duplicate field", key)
            for key, x in v.items():
                f = s.by_json.get(key)
                if f is None:
                    if self.strict:
                        self._strict_error("unknown field", key)
                    continue
                self.key_path.append(key)
                self.strict_path.append(f".{key}" if self.strict_path else key)
                try:
                    converted = self.value(f.type, x)
                finally:
                    self.key_path.pop()
                    self.strict_path.pop()
                if converted is None:
                    continue
                target = out
                for step in f.via:
                    target = target.setdefault(step, {})
                target[f.proto] = converted
        finally:
            self.struct_names.pop()
        return out

    def special(self, t: _Type, v: Any) -> Any:
        try:
            return _special.require(t.name).check(self, v)
        except (TimeParseError, UnmarshalTypeError):
            raise
        except ValueError as err:
            raise UnmarshalTypeError(f"{self._where()}: {err}") from None


# ---------------------------------------------------------------------------------------------
# Decoding, public


def _struct_for_class(cls: type[Message]) -> _Struct:
    return _registry().struct(_registry().go_name_for_message(cls.DESCRIPTOR.full_name))


@overload
def decode(
    cls: type[_M],
    value: Any,
    strict: Literal[False] = False,
    source: Union[str, bytes, None] = None,
    original: Any = None,
) -> _M: ...


@overload
def decode(
    cls: type[_M], value: Any, strict: Literal[True], source: Union[str, bytes, None] = None, original: Any = None
) -> tuple[_M, list[str]]: ...


def decode(
    cls: type[_M], value: Any, strict: bool = False, source: Union[str, bytes, None] = None, original: Any = None
) -> Union[_M, tuple[_M, list[str]]]:
    """A new ``cls`` message from a JSON-shaped value (a dict from json.loads or YAML).

    ``value`` may be rewritten in place. If the fast path gives up, the checking path needs the
    value as it was: ``original`` (an untouched equal value), else ``source`` (the JSON text, parsed
    again), else a deep copy taken first.
    Raises UnmarshalTypeError for values of the wrong type. With ``strict``, returns
    ``(message, [strict error texts])``.
    """
    if not isinstance(value, dict):
        raise UnmarshalTypeError(
            f"json: cannot unmarshal {go_json_kind(value)} into Go value of type {_struct_for_class(cls).short}"
        )
    if strict:
        checker = _Checker(True)
        kwargs = checker.struct(_struct_for_class(cls).name, value)
        return _construct(cls, kwargs), checker.strict_errors
    if original is None and source is None:
        from ._jsonvalue import deep_copy_json_value

        try:
            original = deep_copy_json_value(value)
        except TypeError:
            original = None
    s = _struct_for_class(cls)
    fast = _fast_struct(s.name)
    try:
        kwargs = fast(value) if fast is not None else value
        return cls(**kwargs)
    except (_Fallback, ValueError, TypeError, KeyError, AttributeError):
        pass
    if original is None and source is not None:
        original = _gojson.loads(source)
    if original is None:
        raise UnmarshalTypeError(f"cannot decode {s.short} from a value that is not JSON-shaped")
    kwargs = _Checker(False).struct(s.name, original)
    return _construct(cls, kwargs)


def _construct(cls: type[_M], kwargs: dict[str, Any]) -> _M:
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as err:
        raise UnmarshalTypeError(f"cannot build {cls.__name__}: {err}") from None


def decode_into(message: Message, value: Any, strict: bool = False) -> list[str]:
    """Decode a JSON-shaped value into an existing message (replacing its content)."""
    errors: list[str] = []
    if strict:
        result, errors = decode(type(message), value, strict=True)
    else:
        result = decode(type(message), value)
    message.Clear()
    message.MergeFrom(result)
    return errors


# ---------------------------------------------------------------------------------------------
# Encoding


def canonical_quantity_text(text: str) -> str:
    """What Go writes for a Quantity holding ``text`` (resource's canonical_quantity_text)."""
    from kubernetes_py.apimachinery.api.resource.quantity import canonical_quantity_text as canonical

    return canonical(text)


def _special_encoder(name: str) -> Converter:
    return _special.require(name).encode


def _value_encoder(t: _Type) -> Optional[Converter]:
    """A function turning a stored value of type ``t`` into its JSON-shaped form, None for identity."""
    kind = t.kind
    if kind in ("str", "bool", "int"):
        return None
    if kind == "float":
        return None
    if kind == "bytes":
        return _enc_bytes
    if kind == "ptr":
        return _value_encoder(t.elem)
    if kind == "struct":
        return _struct_encoder(t.name)
    if kind == "special":
        return _special_encoder(t.name)
    if kind == "wrap":
        return _enc_wrap
    if kind == "list":
        inner = _value_encoder(t.elem)
        if inner is None:
            return list

        def encode_list(v: Any, _inner: Converter = inner) -> list[Any]:
            return [_inner(x) for x in v]

        return encode_list
    if kind == "map":
        # Go's json.Marshal writes a map's keys sorted (byte order of the UTF-8, which is code point order);
        # keys then lookups, as upb map containers are much slower through items().
        inner = _value_encoder(t.elem)
        if inner is None:
            return _sorted_map

        def encode_map(v: Any, _inner: Converter = inner) -> dict[str, Any]:
            return {k: _inner(v[k]) for k in sorted(v)}

        return encode_map
    return None


def _sorted_map(v: Any) -> dict[str, Any]:
    return {k: v[k] for k in sorted(v)}


def _map_from_wire(owner: Message, name: str, inner: Optional[Converter]) -> dict[str, Any]:
    """A map<string, V> field read from its owner's protobuf bytes, keys as Go writes them in JSON (each byte
    that is not UTF-8 as U+FFFD), sorted by their bytes as Go sorts them; the last entry of a key wins."""
    number = owner.DESCRIPTOR.fields_by_name[name].number
    entry_cls = getattr(owner, name).GetEntryClass()
    string_values = entry_cls.DESCRIPTOR.fields_by_name["value"].type == 9  # TYPE_STRING
    from .serializer.protobuf.protobuf import _varint

    entries: dict[bytes, Any] = {}
    data = owner.SerializeToString()
    pos, end = 0, len(data)
    while pos < end:
        key, pos = _varint(data, pos, end, "a map entry")
        wire = key & 7
        if wire == 0:
            _, pos = _varint(data, pos, end, "a map entry")
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:  # 2 (groups are not in Kubernetes' protos)
            length, pos = _varint(data, pos, end, "a map entry")
            if key >> 3 == number:
                entry = entry_cls.FromString(data[pos : pos + length])
                raw_key = entry.key if isinstance(entry.key, bytes) else entry.key.encode()
                value = entry.value
                value = go_string(value) if string_values else value
                entries[raw_key] = inner(value) if inner is not None else value
            pos += length
    return {go_string(k): entries[k] for k in sorted(entries)}


def _enc_bytes(v: bytes) -> str:
    return base64.b64encode(v).decode("ascii")


def _enc_wrap(m: Any) -> list[Any]:
    return list(m.items)


def _struct_encoder(name: str) -> Converter:
    """The encoder of one struct: generated Python source, one straight-line function per struct."""
    reg = _registry()
    s = reg.struct(name)
    if s.encode is not None:
        return s.encode

    def put(f: Optional[Converter]) -> None:
        s.encode = f

    return build_once(reg._lock, lambda: s.encode, put, lambda: _generate_encoder(s))


def _attr(expr: str, name: str) -> str:
    return f"getattr({expr}, {name!r})" if keyword.iskeyword(name) or not name.isidentifier() else f"{expr}.{name}"


def _generate_encoder(s: _Struct) -> Converter:
    """Source of ``def encode(m) -> dict`` writing the struct's fields in Go's order."""
    env: dict[str, Any] = {"_b64": _enc_bytes}
    lines = ["def encode(m):", "    out = {}"]
    holders: dict[tuple[str, ...], str] = {(): "m"}

    def holder(via: tuple[str, ...]) -> str:
        if via not in holders:
            parent = holder(via[:-1])
            var = f"h{len(holders)}"
            lines.append(f"    {var} = {_attr(parent, via[-1])}")
            holders[via] = var
        return holders[via]

    for i, f in enumerate(s.fields):
        h = holder(f.via)
        key, t = f.json, f.type
        pointer = t.kind == "ptr"
        base = t.elem if pointer else t
        kind = base.kind
        get = _attr(h, f.proto)
        enc_name = f"_e{i}"
        enc = None
        if kind not in ("str", "bool", "int", "float", "list", "map", "wrap"):
            enc = _value_encoder(base)
        elif kind in ("list", "map"):
            enc = _value_encoder(base)
        if enc is not None:
            env[enc_name] = enc
        null = "" if f.omitempty else f"\n    else:\n        out[{key!r}] = None"
        if kind == "map":
            # A key protobuf cannot decode (a Go string that is not UTF-8) makes the map unreadable: then read it
            # from the owner's wire bytes.
            env[f"_w{i}"] = functools.partial(_map_from_wire, name=f.proto, inner=_value_encoder(base.elem))
            lines.append(
                f"    v = {get}\n    if v:\n        try:\n            out[{key!r}] = {enc_name}(v)\n"
                f"        except (TypeError, UnicodeDecodeError):\n            out[{key!r}] = _w{i}({h}){null}"
            )
        elif kind == "list":
            lines.append(f"    v = {get}\n    if v:\n        out[{key!r}] = {enc_name}(v){null}")
        elif kind == "wrap":
            lines.append(f"    v = {get}.items\n    if v:\n        out[{key!r}] = list(v){null}")
        elif kind in ("str", "bool", "int", "float") and not pointer:
            if f.omitempty:
                lines.append(f"    v = {get}\n    if v:\n        out[{key!r}] = v")
            else:
                lines.append(f"    out[{key!r}] = {get}")
        elif kind == "bytes" and not pointer:
            # []byte: nil is absent (null, or left out with omitempty); empty is "" (left out with omitempty)
            if f.omitempty:
                lines.append(
                    f"    if {h}.HasField({f.proto!r}):\n        v = {get}\n        if v:\n"
                    f"            out[{key!r}] = _b64(v)"
                )
            else:
                lines.append(
                    f"    if {h}.HasField({f.proto!r}):\n        out[{key!r}] = _b64({get})\n"
                    f"    else:\n        out[{key!r}] = None"
                )
        elif pointer:
            value = f"{enc_name}({get})" if enc is not None else get
            lines.append(f"    if {h}.HasField({f.proto!r}):\n        out[{key!r}] = {value}{null}")
        elif f.omitzero and kind == "special" and _special.require(base.name).is_zero is not None:
            env[f"_z{i}"] = _special.require(base.name).is_zero
            lines.append(f"    v = {get}\n    if not _z{i}(v):\n        out[{key!r}] = {enc_name}(v)")
        else:
            lines.append(f"    out[{key!r}] = {enc_name}({get})")
    lines.append("    return out")
    source = "\n".join(lines) + "\n"
    encode_struct: Converter = _exec_generated(source, f"json encoder of {s.name}", env)["encode"]
    return encode_struct


def encode(message: Message) -> dict[str, Any]:
    """The JSON-shaped form (dict) Go's json.Marshal writes for a message."""
    out: dict[str, Any] = _struct_encoder(_struct_for_class(type(message)).name)(message)
    return out


def message_descriptor(cls: type[Message]) -> Descriptor:
    """The descriptor of a message class (upb's descriptors are protobuf's Descriptor at run time: isinstance holds,
    which protobuf's stubs do not know)."""
    descriptor: Descriptor = cls.DESCRIPTOR  # type: ignore[assignment]
    return descriptor


def message_class_for_go_type(go_name: str) -> type[Message]:
    """The message class of a Go struct type name ("k8s.io/api/core/v1.Pod")."""
    return _registry().struct(go_name).cls
