"""runtime.ParameterCodec: options objects (metav1.ListOptions...) <-> URL query parameters
(k8s.io/apimachinery/pkg/runtime/codec.go and pkg/conversion/queryparams).

Parameters are ``dict[str, list[str]]`` (Go's url.Values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Union

from google.protobuf.message import Message

from kubernetes_py._go.time import format_rfc3339, is_zero, parse_rfc3339
from kubernetes_py.apimachinery.runtime.schema import GroupVersion

from . import _jsonconv
from .error import type_string
from .interfaces import Object, is_message
from .scheme import Scheme

if TYPE_CHECKING:
    from kubernetes_py.apimachinery.apis.meta.v1 import Time

_VALUE_KINDS = ("str", "bool", "int", "float")


def _go_value(v: Union[str, int, float, bool]) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        from kubernetes_py._go.strconv import go_format_float

        return go_format_float(v)
    return str(v)


def _is_zero(v: object) -> bool:
    return not v


def _time_query(m: Time) -> str:
    """metav1.Time.MarshalQueryParameter: "" for the zero time, else RFC 3339 in seconds."""
    if not m.HasField("seconds") or is_zero(m.seconds, m.nanos):
        return ""
    return format_rfc3339(m.seconds)


def convert(obj: Optional[Object]) -> dict[str, list[str]]:
    """Go's queryparams.Convert: one parameter per JSON-tagged field, following omitempty and pointers."""
    if obj is None:
        return {}
    if not is_message(obj):
        raise TypeError("expecting a pointer to a struct")
    result: dict[str, list[str]] = {}
    reg = _jsonconv._registry()
    _convert_struct(result, reg.go_name_for_message(obj.DESCRIPTOR.full_name), obj)
    return result


def _add(result: dict[str, list[str]], tag: str, value: str) -> None:
    result.setdefault(tag, []).append(value)


def _convert_struct(result: dict[str, list[str]], go_name: str, m: Message) -> None:
    reg = _jsonconv._registry()
    gt = reg._gt.types[go_name]
    fields = m.DESCRIPTOR.fields_by_name
    for f in gt.fields:
        tag = "" if f.json == "-" else f.json
        if not tag or not f.proto or f.proto not in fields:
            continue
        omitempty = f.omitempty
        t = reg.type(reg._unalias(f, fields))
        pointer = t.kind == "ptr"
        base = t.elem if pointer else t
        present = m.HasField(f.proto) if pointer else True
        if pointer and present:
            omitempty = False
        value = getattr(m, f.proto)
        if base.kind in _VALUE_KINDS:
            if pointer and not present:
                if not omitempty:
                    _add(result, tag, "")
                continue
            if omitempty and _is_zero(value):
                continue
            _add(result, tag, _go_value(value))
        elif base.kind == "list" and base.elem.kind in _VALUE_KINDS:
            for item in value:
                if omitempty and _is_zero(item):
                    continue
                _add(result, tag, _go_value(item))
        elif base.kind == "special" and base.name in (_jsonconv.TIME, _jsonconv.MICRO_TIME):
            if pointer and not present:
                if not omitempty:
                    _add(result, tag, "")
                continue
            text = _time_query(value)
            if omitempty and not text and not pointer:
                continue
            _add(result, tag, text)
        elif base.kind == "struct":
            if pointer and not present:
                continue
            if omitempty and not pointer and value.ByteSize() == 0:
                continue
            _convert_struct(result, base.name, value)


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def _parse_bool(text: str) -> bool:
    return not (text == "0" or text.lower() == "false")


def _parse_int(text: str, tag: str) -> int:
    try:
        return int(text, 10)
    except ValueError:
        raise ValueError(f'strconv.ParseInt: parsing "{text}": invalid syntax') from None


def _decode_into(parameters: Mapping[str, Sequence[str]], go_name: str, m: Message) -> None:
    reg = _jsonconv._registry()
    gt = reg._gt.types[go_name]
    fields = m.DESCRIPTOR.fields_by_name
    for f in gt.fields:
        tag = f.json
        if not tag or tag == "-" or not f.proto or f.proto not in fields:
            continue
        t = reg.type(reg._unalias(f, fields))
        base = t.elem if t.kind == "ptr" else t
        if base.kind == "struct" and t.kind == "ptr":
            sub = getattr(m, f.proto)
            before = sub.ByteSize()
            _decode_into(parameters, base.name, sub)
            if sub.ByteSize() == 0 and before == 0:
                m.ClearField(f.proto)
            continue
        if tag not in parameters:
            continue
        values = list(parameters[tag])
        if base.kind == "str":
            setattr(m, f.proto, _first(values))
        elif base.kind == "bool":
            setattr(m, f.proto, _parse_bool(values[0]) if values else False)
        elif base.kind == "int":
            setattr(m, f.proto, _parse_int(values[0], tag) if values else 0)
        elif base.kind == "list" and base.elem.kind == "str":
            getattr(m, f.proto)[:] = values
        elif base.kind == "special" and base.name == _jsonconv.TIME:
            text = _first(values)
            sub = getattr(m, f.proto)
            sub.Clear()
            if text:
                seconds, _ = parse_rfc3339(text)
                sub.seconds, sub.nanos = seconds, 0
            else:
                sub.SetInParent()


class ParameterCodec:
    """Encodes options objects as query parameters of a version and decodes them back."""

    # Options objects repeat (an empty GetOptions on every GET): their parameters are kept by content.
    _CACHE_SIZE = 256

    def __init__(self, scheme: Scheme):
        self._scheme = scheme
        self._encoded: dict[tuple[type, bytes, GroupVersion], dict[str, list[str]]] = {}

    def encode_parameters(self, obj: Object, to: GroupVersion) -> dict[str, list[str]]:
        key: Optional[tuple[type, bytes, GroupVersion]] = None
        serialize = getattr(obj, "SerializeToString", None)
        if serialize is not None:
            key = (type(obj), serialize(deterministic=True), to)
            cached = self._encoded.get(key)
            if cached is not None:
                return {k: list(v) for k, v in cached.items()}
        gvks, _ = self._scheme.object_kinds(obj)
        if to != gvks[0].group_version():
            obj = self._scheme.convert_to_version(obj, to)
        params = convert(obj)
        if key is not None:
            if len(self._encoded) >= self._CACHE_SIZE:
                self._encoded.clear()
            self._encoded[key] = {k: list(v) for k, v in params.items()}
        return params

    def decode_parameters(self, parameters: Mapping[str, Sequence[str]], from_gv: GroupVersion, into: Object) -> None:
        """Fill ``into`` (an options object) from query parameters written for ``from_gv``."""
        if not parameters:
            return
        gvks, _ = self._scheme.object_kinds(into)
        if not any(g.group_version() == from_gv for g in gvks):
            self._scheme.new(from_gv.with_kind(gvks[0].kind))
        if not is_message(into):
            raise TypeError(f"cannot decode parameters into {type_string(into)}")
        _decode_into(parameters, _jsonconv._registry().go_name_for_message(into.DESCRIPTOR.full_name), into)
        self._scheme.default(into)


def new_parameter_codec(scheme: Scheme) -> ParameterCodec:
    return ParameterCodec(scheme)
