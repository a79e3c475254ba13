"""The C paths of the JSON codec: ``_json2pb`` (sources in csrc/json2pb), an optional extension module.

It is compiled when the package is installed on a machine with a C compiler, and does three things:

* ``transcode``: reads JSON once and writes the protobuf encoding of the very message that the Python
  decoder (_jsonconv) builds from the same bytes; upb's parser turns that into the message, in C. That is
  several times faster than ``json.loads`` plus the Python walk plus upb's constructor;
* ``to_json``: writes a typed object's compact JSON, as the Python encoder does, from its protobuf bytes;
* Go's protobuf bytes of a message (described and called by _gozero).

This module describes each message to it, from the registry the Python codec follows (JSON member names,
the fields of inlined Go structs, Go types, omitempty); each special type (Time, Quantity, ...) describes
itself (its codec's ``c_json``, see _special), through the Python converters of its codec where the C path
does not know it, whose results it caches. The constants of the descriptions are the extension's own. For anything but
plain, valid input of the expected
shapes it answers None and the caller runs the Python path, which decides every error. Without the
extension, every function here answers None.
"""

from __future__ import annotations

import threading
from typing import Callable, Optional

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from kubernetes_py._go import json as _gojson

from . import _special
from . import _jsonconv as _jc
from ._special import Description, SpecialCodec

try:
    from . import _json2pb as _json2pb
except ImportError:  # installed without a C compiler: the Python decoder does all the work
    _json2pb = None  # type: ignore[assignment]  # the extension is optional: every use checks for None

AVAILABLE = _json2pb is not None

if _json2pb is not None:
    # The value kinds, member flags (Go's omitempty and omitzero, a pointer, a member only read) and the ways of
    # writing a special type in JSON (S_*), as the extension defines them (csrc/json2pb/json2pb.h).
    T_UNSUPPORTED, T_STRING, T_BOOL = _json2pb.T_UNSUPPORTED, _json2pb.T_STRING, _json2pb.T_BOOL
    T_INT32, T_INT64, T_BYTES, T_MESSAGE = _json2pb.T_INT32, _json2pb.T_INT64, _json2pb.T_BYTES, _json2pb.T_MESSAGE
    T_SPECIAL, T_INT_OR_STRING, T_RAW = _json2pb.T_SPECIAL, _json2pb.T_INT_OR_STRING, _json2pb.T_RAW
    T_WRAP, T_LIST, T_MAP = _json2pb.T_WRAP, _json2pb.T_LIST, _json2pb.T_MAP
    F_OMITEMPTY, F_OMITZERO, F_POINTER, F_NOT_WRITTEN = (
        _json2pb.F_OMITEMPTY,
        _json2pb.F_OMITZERO,
        _json2pb.F_POINTER,
        _json2pb.F_NOT_WRITTEN,
    )
    S_FORMAT, S_TIME, S_MICRO_TIME, S_QUANTITY = (
        _json2pb.S_FORMAT,
        _json2pb.S_TIME,
        _json2pb.S_MICRO_TIME,
        _json2pb.S_QUANTITY,
    )
    _MAX_VIA = _json2pb.MAX_VIA
    _UNSUPPORTED: Description = (T_UNSUPPORTED, -1, 0, 0, 0, None)
    # (Go kind, protobuf field type) -> value kind
    _SCALARS = {
        ("str", 9): T_STRING,
        ("bool", 8): T_BOOL,
        ("int", 5): T_INT32,
        ("int", 3): T_INT64,
        ("bytes", 12): T_BYTES,
    }


# A description's plan: given ``ref`` (the index of another key's description, planned by its own plan), the
# description's fields.
Ref = Callable[[str, "Plan"], int]
Plan = Callable[[Ref], list[Description]]


def _raw_text(span: bytes) -> bytes:
    """The bytes the Python decoder keeps for embedded JSON (FieldsV1, RawExtension) that is not in compact form."""
    text: bytes = _jc._go_json_text(_gojson.loads(span))
    return text


def _special_converter(name: str, cls: type[Message]) -> Callable[[str], bytes]:
    """The C path's converter of a JSON string to the bytes of a special type's message (its codec's ``fast``)."""
    fast = _jc._fast_special(name)

    def convert(text: str) -> bytes:
        return cls(**fast(text)).SerializeToString()

    return convert


_KINDS_WITHOUT_TYPE_META: list[frozenset[str]] = []


def _kinds_without_type_meta() -> frozenset[str]:
    """Go names of the scheme's kinds whose JSON objects have no apiVersion or no kind member."""
    if not _KINDS_WITHOUT_TYPE_META:
        registry = _jc._registry()
        names: set[str] = set()
        for kind in registry._gt.scheme_kinds:
            if registry._gt.types[kind.type].proto and not {"apiVersion", "kind"} <= set(
                registry.struct(kind.type).by_json
            ):
                names.add(kind.type)
        _KINDS_WITHOUT_TYPE_META.append(frozenset(names))
    return _KINDS_WITHOUT_TYPE_META[0]


def _special_formatter(name: str, cls: type[Message]) -> Callable[[bytes], bytes]:
    """The C path's writer of a special type's JSON from its message's bytes (its codec's ``encode``)."""
    encode = _jc._special_encoder(name)

    def format_json(data: bytes) -> bytes:
        text: bytes = _jc._go_json_text(encode(cls.FromString(data)))
        return text

    return format_json


def _is_map(fd: FieldDescriptor) -> bool:
    return fd.message_type is not None and fd.message_type.GetOptions().map_entry


Unsupported = _special.Unsupported


class Catalog:
    """Indices of descriptions handed to the C extension, built on first use of each root.

    ``index(key, plan)`` describes ``key`` by ``plan(ref)``, which returns its description and calls
    ``ref(other_key, other_plan)`` for the index of each description it refers to; everything a root reaches
    that is new is defined with ``define(index, description)`` and published together, so another thread never
    sees an index whose description is missing. A plan raising Unsupported leaves its root without an index.
    """

    def __init__(self, define: Callable[[int, list[Description]], None]):
        self._define = define
        self._index: dict[str, Optional[int]] = {}  # published; None: unsupported
        self._next = 0
        self._lock = threading.Lock()

    def index(self, key: str, plan: Plan) -> Optional[int]:
        if key not in self._index:
            with self._lock:
                if key not in self._index:
                    self._describe(key, plan)
        return self._index[key]

    def _describe(self, root: str, root_plan: Plan) -> None:
        new: dict[str, int] = {}
        queue: list[tuple[str, Plan]] = []

        def ref(key: str, plan: Plan) -> int:
            index = self._index.get(key, new.get(key))
            if index is None:
                if key in self._index:
                    raise Unsupported(key)
                index = new[key] = self._next + len(new)
                queue.append((key, plan))
            return index

        try:
            ref(root, root_plan)
            definitions: list[tuple[int, list[Description]]] = []
            while queue:
                key, plan = queue.pop()
                definitions.append((new[key], plan(ref)))
        except Unsupported:
            self._index[root] = None
            return
        for index, description in definitions:
            self._define(index, description)
        self._next += len(new)
        self._index.update(new)


class _Describer:
    """Message descriptions for decoding and writing JSON, handed to one _json2pb.Schema."""

    def __init__(self) -> None:
        self.schema = _json2pb.Schema()
        self.schema.set_raw_converter(_raw_text)
        self.schema.set_quantity_converter(_jc.canonical_quantity_text)
        self._catalog = Catalog(self.schema.define)
        self._specials: dict[str, int] = {}
        self.kinds = _json2pb  # the constants, for the special codecs' c_json

    def message_index(self, name: str) -> Optional[int]:
        """The index of the description of a Go struct, None when the C path cannot take it."""
        return self._catalog.index(name, self._plan(name))

    def _plan(self, name: str) -> Plan:
        return lambda ref: self._fields(_jc._registry().struct(name), ref)

    def _fields(self, s: _jc._Struct, ref: Ref) -> list[Description]:
        fields: list[Description] = []
        for f in s.fields:
            desc = _jc.message_descriptor(s.cls)
            via = []
            for step in f.via:
                holder = desc.fields_by_name[step]
                via.append(holder.number)
                assert holder.message_type is not None, "an inlined struct is a message field"
                desc = holder.message_type
            fd = desc.fields_by_name.get(f.proto)
            if fd is None or len(via) > _MAX_VIA:
                fields.append((f.json.encode(), 1, (), _UNSUPPORTED))
                continue
            flags = (
                (F_OMITEMPTY if f.omitempty else 0)
                | (F_OMITZERO if f.omitzero else 0)
                | (F_POINTER if f.type.kind == "ptr" else 0)
            )
            fields.append((f.json.encode(), fd.number, tuple(via), self._type(f.type, fd, ref), flags))
        if s.name in _kinds_without_type_meta():
            # peek_type_meta stops reading once it has apiVersion and kind, relying on the transcoder to
            # refuse a repeated one. A kind whose object has neither member (metav1.WatchEvent) would
            # ignore them: make any value of them send the input to the Python decoder.
            fields.extend(
                (member, 1, (), _UNSUPPORTED, F_NOT_WRITTEN)
                for member in (b"apiVersion", b"kind")
                if member.decode() not in s.by_json
            )
        return fields

    def _type(self, t: _jc._Type, fd: FieldDescriptor, ref: Ref, element: bool = False) -> Description:
        """The value kind of Go type ``t`` held by protobuf field ``fd`` (its element type when ``element``)."""
        kind = t.kind
        if kind == "ptr":
            return self._type(t.elem, fd, ref, element)
        if kind in ("list", "map"):
            if element or not fd.is_repeated:
                return _UNSUPPORTED
            if kind == "list":
                if _is_map(fd):
                    return _UNSUPPORTED
                inner = self._type(t.elem, fd, ref, True)
            else:
                entry = fd.message_type
                if entry is None or not _is_map(fd) or entry.fields_by_name["key"].type != 9:
                    return _UNSUPPORTED
                inner = self._type(t.elem, entry.fields_by_name["value"], ref, True)
            if inner[0] == T_UNSUPPORTED:
                return _UNSUPPORTED
            return (T_LIST if kind == "list" else T_MAP, -1, 0, 0, 0, inner)
        if fd.is_repeated and not element:
            return _UNSUPPORTED
        if kind in ("str", "bool", "int", "bytes"):
            return (_SCALARS[(kind, fd.type)], -1, 0, 0, 0, None) if (kind, fd.type) in _SCALARS else _UNSUPPORTED
        message = fd.message_type
        if message is None:
            return _UNSUPPORTED
        if kind == "struct":
            struct = _jc._registry().struct(t.name)
            if struct.cls.DESCRIPTOR.full_name != message.full_name:
                return _UNSUPPORTED
            return (T_MESSAGE, ref(t.name, self._plan(t.name)), 0, 0, 0, None)
        if kind == "wrap":
            items = message.fields_by_name.get("items")
            if items is None or not items.is_repeated or t.elem.kind not in ("str", "bool", "int", "bytes"):
                return _UNSUPPORTED
            inner = self._type(t.elem, items, ref, True)
            if inner[0] == T_UNSUPPORTED:
                return _UNSUPPORTED
            return (T_WRAP, -1, items.number, 0, 0, inner)
        if kind == "special":
            return self._special(t.name, message)
        return _UNSUPPORTED

    def _special(self, name: str, message: Descriptor) -> Description:
        return _special.require(name).c_json(message, self)

    def special(self, codec: SpecialCodec, mode: int) -> int:
        """The index of a special type's converters in the schema (added once): ``mode`` S_FORMAT writes its JSON
        through the codec's ``encode``, the others are written by the C path itself."""
        index = self._specials.get(codec.go_name)
        if index is None:
            from kubernetes_py import _schema

            message = _jc._registry()._gt.types[codec.go_name].proto
            cls = _schema.message_class(message)
            formatter = _special_formatter(codec.go_name, cls) if mode == S_FORMAT else None
            index = self._specials[codec.go_name] = self.schema.add_special(
                _special_converter(codec.go_name, cls), mode, formatter
            )
        return index


_DESCRIBER: Optional[_Describer] = None
_DESCRIBER_LOCK = threading.Lock()


def _describer() -> _Describer:
    global _DESCRIBER
    if _DESCRIBER is None:
        with _DESCRIBER_LOCK:
            if _DESCRIBER is None:
                _DESCRIBER = _Describer()
    return _DESCRIBER


def schema() -> _json2pb.Schema:
    """The one _json2pb.Schema (the C extension must be built)."""
    return _describer().schema


def _message_index(cls: type[Message]) -> Optional[int]:
    """The index of the description of a message class, None without the C extension or one for the class."""
    if _json2pb is None:
        return None
    try:
        name = _jc._registry().go_name_for_message(cls.DESCRIPTOR.full_name)
    except (TypeError, AttributeError):
        return None
    return _describer().message_index(name)


def transcode(cls: type[Message], data: bytes) -> Optional[bytes]:
    """The protobuf bytes of the ``cls`` message that JSON ``data`` decodes to, or None when the
    Python decoder must decode it (no C extension, or input that is not plain)."""
    index = _message_index(cls)
    return _describer().schema.transcode(index, data) if index is not None else None


def to_json(message: Message) -> Optional[bytes]:
    """The compact JSON (without a newline) that the Python encoder writes for ``message``, or None when it
    must write it itself (no C extension, a type the C path does not describe, or a value it leaves to it)."""
    index = _message_index(type(message))
    return _describer().schema.to_json(index, message.SerializeToString()) if index is not None else None


def peek_type_meta(data: bytes) -> Optional[tuple[Optional[str], Optional[str]]]:
    """(apiVersion, kind) of a JSON object without decoding it (None for a member that is absent), or
    None when unsure (no C extension, not plain JSON, a member that is not a string)."""
    if _json2pb is None:
        return None
    return _json2pb.type_meta(data)
