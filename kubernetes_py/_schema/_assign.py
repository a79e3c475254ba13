"""Attribute assignment with Go struct semantics for the API message classes.

Go copies a struct, slice header or map reference on assignment; protobuf forbids assigning
message, repeated and map fields at all. Each class gets a ``__setattr__`` built here from its
descriptor: scalars go straight to upb, message/list/map fields are replaced by a copy of the
value, ``None`` clears any field, and a name that is not a field raises AttributeError.
"""

from __future__ import annotations

import keyword
from typing import Any, Callable, Optional

from google.protobuf.descriptor import Descriptor

from kubernetes_py._internals.upb import Message as _UpbMessage

_base_setattr = _UpbMessage.__setattr__

_SCALAR = 0
_MESSAGE = 1
_REPEATED = 2
_SCALAR_MAP = 3
_MESSAGE_MAP = 4


def field_kinds(descriptor: Descriptor) -> dict[str, int]:
    """Map each field name of a message descriptor to how assignment treats it."""
    kinds: dict[str, int] = {}
    for field in descriptor.fields:
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            kinds[field.name] = _MESSAGE_MAP if value_field.message_type is not None else _SCALAR_MAP
        elif field.is_repeated:
            kinds[field.name] = _REPEATED
        elif field.message_type is not None:
            kinds[field.name] = _MESSAGE
        else:
            kinds[field.name] = _SCALAR
    return kinds


_Promoted = dict[str, tuple[str, ...]]
# A class's field tables: each field's kind, the message type of message-typed fields, the fields reachable by a
# keyword name with a trailing underscore, and the promoted fields' paths.
_Tables = tuple[dict[str, int], dict[str, Descriptor], dict[str, str], _Promoted]


def _prepare(descriptor: Descriptor, promoted: Optional[_Promoted]) -> _Tables:
    kinds = field_kinds(descriptor)
    field_types = {f.name: f.message_type for f in descriptor.fields if f.message_type is not None}
    # ``rule.from_ = ...`` assigns the field ``from`` (Python keywords cannot be attribute names).
    aliases = {name + "_": name for name in kinds if keyword.iskeyword(name)}
    forwards: _Promoted = {}
    for name, path in (promoted or {}).items():
        forwards[name + "_" if keyword.iskeyword(name) else name] = path
    return kinds, field_types, aliases, forwards


def _require(value: object, expected: Descriptor, text: str) -> None:
    """TypeError with ``text`` ({expected} and {got} filled in) unless ``value`` is a message of type ``expected``."""
    if getattr(value, "DESCRIPTOR", None) is not expected:
        raise TypeError(text.format(expected=expected.name, got=type(value).__name__))


def make_setattr(
    descriptor: Descriptor, promoted: Optional[_Promoted] = None
) -> Callable[[_UpbMessage, str, Any], None]:
    """Build the ``__setattr__`` of one message class; ``promoted`` maps promoted field names
    (see _schema.promoted_fields) to their path. The field tables are built on first use, so
    creating the ~1,300 classes at import stays cheap."""
    type_name = descriptor.name
    state: Optional[_Tables] = None

    def __setattr__(self: _UpbMessage, name: str, value: Any) -> None:
        nonlocal state
        if state is None:
            state = _prepare(descriptor, promoted)
        kinds, field_types, aliases, forwards = state
        if aliases:
            name = aliases.get(name, name)
        kind = kinds.get(name)
        if kind is _SCALAR:
            if value is None:
                self.ClearField(name)
            else:
                _base_setattr(self, name, value)
            return
        if kind is None:
            path = forwards.get(name)
            if path is None:
                raise AttributeError(f"{type_name} has no field {name!r}")
            target = self
            for step in path[:-1]:
                target = getattr(target, step)
            setattr(target, path[-1], value)
            return
        current = getattr(self, name)
        if value is current:
            return
        if value is None:
            self.ClearField(name)
            return
        if kind is _MESSAGE:
            _require(value, field_types[name], f"{type_name}.{name} must be a {{expected}}, not {{got}}")
            self.ClearField(name)
            getattr(self, name).CopyFrom(value)
        elif kind is _REPEATED:
            if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
                raise TypeError(f"{type_name}.{name} is a list field; cannot assign {type(value).__name__}")
            items = list(value)
            item_type = field_types.get(name)
            if item_type is not None:
                text = f"{type_name}.{name} holds {{expected}} items, not {{got}}"
                for item in items:
                    _require(item, item_type, text)
            del current[:]
            current.extend(items)
        else:
            if not hasattr(value, "items"):
                raise TypeError(f"{type_name}.{name} is a map field; cannot assign {type(value).__name__}")
            items = list(value.items())
            if kind is _MESSAGE_MAP:
                value_type = field_types[name].fields_by_name["value"].message_type
                assert value_type is not None  # a message map's values are messages
                text = f"{type_name}.{name} maps to {{expected}} values, not {{got}}"
                for _key, item in items:
                    _require(item, value_type, text)
            current.clear()
            if kind is _SCALAR_MAP:
                current.update(items)
            else:
                for key, item in items:
                    current[key].CopyFrom(item)

    return __setattr__
