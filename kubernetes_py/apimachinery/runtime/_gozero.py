"""Make a message carry every field Go's protobuf encoder writes.

Go's generated marshallers write a non-pointer field even when it holds the zero value (an empty
string, 0, an empty struct), while protobuf writes only fields that are set. ``fill_go_zero_fields``
sets those fields on a message (a copy, normally) so that ``SerializeToString()`` gives Go's bytes.
It also clears the apiVersion/kind fields the schema adds for TypeMeta: Go never writes TypeMeta
inside a protobuf body. Special types follow their Go marshallers, as their codecs say (``fill``, ``c_fill``,
see _special): a zero metav1.Time is an empty message and a non-zero one carries seconds and nanos=0; a
Quantity always carries its string.
"""

from __future__ import annotations

import keyword
import threading
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence, Union

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from kubernetes_py._internals.upb import Message as _UpbMessage

from . import _jsonaccel, _jsonconv, _special
from ._jsonaccel import Plan, Ref
from ._special import Description

if TYPE_CHECKING:
    from kubernetes_py._schema.messages import Unknown

    from . import _json2pb

# Sets a field of a message, marking it present even at its zero value (upb's setattr: the message classes are
# upb's at run time, protobuf's Message to the checker).
_set: Callable[[Message, str, Any], None] = _UpbMessage.__setattr__  # type: ignore[assignment]
_lock = threading.RLock()
# Makes a message (of one Go struct) carry what Go writes; generated per struct.
Filler = Callable[[Message], None]
# A message as a caller's checker may see it: protobuf's Message (the API classes' stubs) or upb's (the class they
# derive from at run time, which isinstance counts as protobuf's Message).
AnyMessage = Union[Message, _UpbMessage]
_plans: dict[str, Filler] = {}


def _fill_nothing(m: Message) -> None:
    return None


def _special_filler(name: str) -> Filler:
    codec = _special.require(name)
    if not codec.fills():
        return _fill_nothing
    fill = codec.fill
    return lambda m: fill(m, _set)


def _elem_filler(t: _jsonconv._Type) -> Optional[Filler]:
    """The filler for one element of type ``t`` (a message), or None when nothing is needed."""
    if t.kind == "struct":
        return _filler(t.name)
    if t.kind == "special":
        f = _special_filler(t.name)
        return None if f is _fill_nothing else f
    return None


def _filler(go_name: str) -> Filler:
    f = _plans.get(go_name)
    if f is not None:
        return f

    def put(f: Optional[Filler]) -> None:
        if f is None:
            _plans.pop(go_name, None)
        else:
            _plans[go_name] = f

    return _jsonconv.build_once(_lock, lambda: _plans.get(go_name), put, lambda: _build(go_name))


def _build(go_name: str) -> Filler:
    reg = _jsonconv._registry()
    gt = reg._gt.types[go_name]
    cls = reg.struct(go_name).cls
    message_fields = cls.DESCRIPTOR.fields_by_name
    scalars: list[str] = []
    structs: list[tuple[str, Filler]] = []
    pointers: list[tuple[str, Filler]] = []
    repeated: list[tuple[str, Filler]] = []
    maps: list[tuple[str, Filler]] = []
    for f in gt.fields:
        if not f.proto or f.proto not in message_fields:
            continue
        t = reg.type(reg._unalias(f, message_fields))
        kind = t.kind
        if kind == "ptr":
            elem = _elem_filler(t.elem)
            if elem is not None:
                pointers.append((f.proto, elem))
            continue
        if kind in ("str", "bool", "int", "float"):
            scalars.append(f.proto)
        elif kind in ("struct", "special"):
            elem = _elem_filler(t) or _fill_nothing
            structs.append((f.proto, elem))
        elif kind == "list":
            elem = _elem_filler(t.elem)
            if elem is not None:
                repeated.append((f.proto, elem))
        elif kind == "map":
            elem = _elem_filler(t.elem)
            if elem is not None:
                maps.append((f.proto, elem))
    added = set(reg._gt.type_meta_fields.values())
    type_meta = [n for n in ("apiVersion", "kind") if n in message_fields and message_fields[n].number in added]
    env: dict[str, Any] = {"_set": _set}
    lines = ["def fill(m):"]
    for name in type_meta:
        lines.append(f"    m.ClearField({name!r})")
    for name in scalars:
        lines.append(f"    _set(m, {name!r}, {_attr('m', name)})")
    # the fields holding messages: each is given to its filler ({f}), found as the template says ({v}: the field)
    for prefix, subs, template in (
        ("_s", structs, "    c = {v}\n    c.SetInParent()\n    {f}(c)"),
        ("_p", pointers, "    if m.HasField({name!r}):\n        {f}({v})"),
        ("_r", repeated, "    for c in {v}:\n        {f}(c)"),
        ("_m", maps, "    mp = {v}\n    for k in mp:\n        {f}(mp[k])"),
    ):
        for i, (name, sub) in enumerate(subs):
            env[f"{prefix}{i}"] = sub
            lines.append(template.format(f=f"{prefix}{i}", v=_attr("m", name), name=name))
    lines.append("    return None")
    source = "\n".join(lines) + "\n"
    fill: Filler = _jsonconv._exec_generated(source, f"protobuf zero-field filler of {go_name}", env)["fill"]
    return fill


def _attr(expr: str, name: str) -> str:
    return f"getattr({expr}, {name!r})" if keyword.iskeyword(name) or not name.isidentifier() else f"{expr}.{name}"


# ---------------------------------------------------------------------------------------------
# The C path (_json2pb's fill): the same plan, applied to protobuf's bytes instead of a message copy

if _jsonaccel.AVAILABLE:
    # The fill actions, as the extension defines them (csrc/json2pb/json2pb.h).
    _C = _jsonaccel._json2pb
    A_ZERO_VARINT, A_ZERO_LEN, A_ZERO_FIXED64, A_ZERO_FIXED32 = (
        _C.A_ZERO_VARINT,
        _C.A_ZERO_LEN,
        _C.A_ZERO_FIXED64,
        _C.A_ZERO_FIXED32,
    )
    A_STRUCT, A_MAP, A_DROP = _C.A_STRUCT, _C.A_MAP, _C.A_DROP
    _ZERO_BY_PROTO_TYPE = {1: A_ZERO_FIXED64, 2: A_ZERO_FIXED32, 9: A_ZERO_LEN, 12: A_ZERO_LEN}


class _FillContext:
    """What a special codec's ``c_fill`` is given: the extension's constants and the struct action of a plan."""

    def __init__(self, ref: Ref):
        self.kinds = _jsonaccel._json2pb
        self._ref = ref

    def zero_plan(self, message: Descriptor, names: Sequence[str], nonpointer: int) -> Description:
        """A struct action writing the fields ``names`` of ``message`` at their zero value when absent."""
        numbered = sorted((message.fields_by_name[n] for n in names), key=lambda fd: fd.number)

        def plan(ref: Ref) -> list[Description]:
            return [(fd.number, _ZERO_BY_PROTO_TYPE.get(fd.type, A_ZERO_VARINT), 1, -1, 0, 0, None) for fd in numbered]

        return (A_STRUCT, nonpointer, self._ref("=" + message.full_name, plan), 0, 0, None)


class _FillDescriber:
    """What Go writes, field by field, for each message (as _build plans it), handed to the C extension."""

    def __init__(self, schema: _json2pb.Schema):
        self.schema = schema
        self._catalog = _jsonaccel.Catalog(schema.define_fill)  # Go name (or "=" + message) -> fill index

    def index(self, go_name: str) -> Optional[int]:
        return self._catalog.index(go_name, self._plan(go_name))

    def _plan(self, go_name: str) -> Plan:
        return lambda ref: self._struct_fields(go_name, ref)

    def _struct_fields(self, go_name: str, ref: Ref) -> list[Description]:
        reg = _jsonconv._registry()
        gt = reg._gt.types[go_name]
        message_fields = _jsonconv.message_descriptor(reg.struct(go_name).cls).fields_by_name
        fields: dict[int, Description] = {}
        for f in gt.fields:
            if not f.proto or f.proto not in message_fields:
                continue
            fd = message_fields[f.proto]
            action = self._action(reg.type(reg._unalias(f, message_fields)), fd, ref)
            if action is not None:
                fields[fd.number] = (fd.number,) + action
        added = set(reg._gt.type_meta_fields.values())
        for name in ("apiVersion", "kind"):
            if name in message_fields and message_fields[name].number in added:
                fields[message_fields[name].number] = (message_fields[name].number, A_DROP, 0, -1, 0, 0, None)
        return [fields[n] for n in sorted(fields)]

    def _action(self, t: _jsonconv._Type, fd: FieldDescriptor, ref: Ref) -> Optional[Description]:
        """(action, nonpointer, index, n1, n2, elem) for a Go field of type ``t`` held by ``fd``; None: copied."""
        kind = t.kind
        if kind in ("str", "bool", "int", "float"):
            return (_ZERO_BY_PROTO_TYPE.get(fd.type, A_ZERO_VARINT), 1, -1, 0, 0, None)
        if kind in ("struct", "special"):
            return self._message(t, fd.message_type, ref, 1)
        if kind in ("ptr", "list") and t.elem.kind in ("struct", "special"):
            return self._message(t.elem, fd.message_type, ref, 0)
        if kind == "map" and t.elem.kind in ("struct", "special"):
            assert fd.message_type is not None, "a map field holds entry messages"
            value = fd.message_type.fields_by_name["value"]
            return (A_MAP, 0, -1, 0, 0, (value.number,) + self._message(t.elem, value.message_type, ref, 0))
        return None

    def _message(self, t: _jsonconv._Type, message: Optional[Descriptor], ref: Ref, nonpointer: int) -> Description:
        if t.kind == "struct":
            return (A_STRUCT, nonpointer, ref(t.name, self._plan(t.name)), 0, 0, None)
        assert message is not None, "a special type is a message"
        return _special.require(t.name).c_fill(message, _FillContext(ref), nonpointer)


_FILL: list[Optional[_FillDescriber]] = []


def _fill_describer() -> Optional[_FillDescriber]:
    if not _FILL:
        with _lock:
            if not _FILL:
                _FILL.append(_FillDescriber(_jsonaccel.schema()) if _jsonaccel.AVAILABLE else None)
    return _FILL[0]


_fills: dict[type, Optional[tuple[_FillDescriber, int]]] = {}
"""A message class: the describer and its fill index, None for a class the C extension does not fill (found once
per class)."""


def _c_go_protobuf_bytes(message: Message) -> Optional[bytes]:
    cls = type(message)
    if cls in _fills:
        fill = _fills[cls]
    else:
        describer = _fill_describer()
        if describer is None:
            return None
        try:
            go_name = _jsonconv._registry().go_name_for_message(message.DESCRIPTOR.full_name)
        except TypeError:
            index = None
        else:
            index = describer.index(go_name)
        fill = _fills[cls] = None if index is None else (describer, index)
    if fill is None:
        return None
    return fill[0].schema.fill(fill[1], message.SerializeToString(deterministic=True))


def fill_go_zero_fields(message: Message) -> None:
    """Set, in place, every field Go's protobuf encoder would write for this message (see module doc)."""
    go_name = _jsonconv._registry().go_name_for_message(message.DESCRIPTOR.full_name)
    _filler(go_name)(message)


def go_protobuf_bytes(message: AnyMessage) -> bytes:
    """The protobuf body Go writes for this object (without TypeMeta): by the C extension from protobuf's
    own bytes, else from a filled copy."""
    m: Message = message  # type: ignore[assignment]  # upb's Message is protobuf's at run time (see AnyMessage)
    fast = _c_go_protobuf_bytes(m)
    return fast if fast is not None else _python_go_protobuf_bytes(m)


def _python_go_protobuf_bytes(message: Message) -> bytes:
    clone = type(message)()
    clone.CopyFrom(message)
    fill_go_zero_fields(clone)
    return clone.SerializeToString(deterministic=True)


def go_protobuf_bytes_of_unknown(unk: Unknown) -> bytes:
    """runtime.Unknown as Go writes it: typeMeta, raw (when set), contentEncoding and contentType."""
    clone = type(unk)()
    clone.CopyFrom(unk)
    clone.typeMeta.SetInParent()
    _set(clone.typeMeta, "apiVersion", clone.typeMeta.apiVersion)
    _set(clone.typeMeta, "kind", clone.typeMeta.kind)
    _set(clone, "contentEncoding", clone.contentEncoding)
    _set(clone, "contentType", clone.contentType)
    return clone.SerializeToString(deterministic=True)
