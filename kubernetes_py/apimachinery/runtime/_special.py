"""The special types of the JSON codec: Go types with their own MarshalJSON and UnmarshalJSON.

metav1.Time, MicroTime, Duration, FieldsV1 and GroupVersion, resource.Quantity, intstr.IntOrString,
runtime.RawExtension and Unknown, apiextensions' JSON and JSONSchemaPropsOr*: in Go each carries its JSON
methods (and its protobuf marshaller), and here each carries one ``SpecialCodec``, registered by the module of
its type (``register``). Every path of the codec asks ``lookup(go_name)``: the fast decoder (``fast``), the
checking decoder with Go's error texts (``check``), the encoder (``encode``, ``is_zero`` for omitzero), Go's
protobuf zero fields (``fill``, ``zero_fields``) and the descriptions handed to the C extension (``c_json``,
``c_fill``). Adding a special type is one codec in its type's module.

``lookup`` imports the Python package of the type's Go package (the layout maps one to the other) the first
time it is asked for a type gotypes.json marks as having its own MarshalJSON, so a codec is registered before
any path needs it.
"""

from __future__ import annotations

import importlib
import threading
from types import ModuleType
from typing import Any, Callable, Optional, Protocol, Sequence

from google.protobuf.descriptor import Descriptor

from kubernetes_py._go import json as _gojson

# A description handed to the C extension: a value kind or fill action (the extension's constants), then integers
# and nested descriptions, in the layout csrc/json2pb/json2pb.h reads.
Description = tuple[object, ...]


class UnmarshalTypeError(ValueError):
    """A JSON value of the wrong type for its field (Go's json.UnmarshalTypeError)."""


class Fallback(Exception):
    """The fast path met something it does not handle; the checking path takes over."""


class Unsupported(Exception):
    """A type the C extension is not given a description of: whatever reaches it stays on the Python path."""


class Checker(Protocol):
    """What ``check`` is given: the checking decoder at the value's place (_jsonconv's _Checker)."""

    def type_error(self, value: Any, go: str, number_text: Optional[str] = None) -> UnmarshalTypeError:
        """Go's error for a JSON ``value`` that does not fit Go type ``go`` here."""
        ...

    def member(self, go: str, v: Any) -> Any:
        """The constructor form of ``v`` read as Go type ``go`` (a member of another type)."""
        ...

    def where(self) -> str:
        """The JSON path of the value, as Go's errors name it."""
        ...


class CDescriber(Protocol):
    """What ``c_json`` is given (_jsonaccel's describer)."""

    @property
    def kinds(self) -> ModuleType:
        """The C extension module, whose constants (T_*, S_*) a description uses."""
        ...

    def special(self, codec: SpecialCodec, mode: int) -> int:
        """The index of the codec's converters in the extension's schema, written in JSON by ``mode`` (S_*)."""
        ...


class CFillContext(Protocol):
    """What ``c_fill`` is given (_gozero's fill describer)."""

    @property
    def kinds(self) -> ModuleType:
        """The C extension module, whose constants (A_*) a description uses."""
        ...

    def zero_plan(self, message: Descriptor, names: Sequence[str], nonpointer: int) -> Description:
        """The struct action writing the fields ``names`` of ``message`` at their zero value when absent."""
        ...


class SpecialCodec:
    """The JSON and protobuf rules of one Go type with its own MarshalJSON (subclass and ``register`` it).

    The constructor form of a value is what the type's message constructor takes (a dict of its fields). The
    messages given to ``encode``, ``is_zero`` and ``fill`` are of the codec's type, which the registry does not
    know: they are typed Any here and precisely in each codec.
    """

    #: the Go type, "<import path>.<Name>"
    go_name = ""
    #: non-pointer fields Go's protobuf marshaller writes even at their zero value (the default ``fill``)
    zero_fields: tuple[str, ...] = ()

    def fast(self, v: Any) -> Any:
        """The constructor form of the JSON value ``v`` (None for null); raises Fallback when unsure."""
        raise Fallback

    def check(self, checker: Checker, v: Any) -> Any:
        """The constructor form of ``v``, raising UnmarshalTypeError with Go's text for a wrong value.
        ``checker`` reports the place: ``checker.type_error(v, go_type)``, ``checker.where()``,
        ``checker.member(go_type_expression, v)`` for a member of another type. A ValueError it raises is
        reported at the value's place."""
        raise UnmarshalTypeError(f"no JSON form known for {self.go_name}")

    def encode(self, m: Any) -> Any:
        """The JSON-shaped value Go's MarshalJSON writes for message ``m``."""
        raise TypeError(f"no JSON form known for {self.go_name}")

    #: Go's IsZero for omitzero (a callable taking the message), None when omitzero does not apply
    is_zero: Optional[Callable[[Any], bool]] = None

    def fill(self, m: Any, set_field: Callable[[Any, str, Any], None]) -> None:
        """Make message ``m`` carry what Go's protobuf marshaller writes (``set_field(m, name, value)`` marks a
        field present even at its zero value)."""
        for name in self.zero_fields:
            set_field(m, name, getattr(m, name))

    def fills(self) -> bool:
        """Whether ``fill`` does anything (a message with nothing of its own to add is left alone)."""
        return bool(self.zero_fields) or type(self).fill is not SpecialCodec.fill

    def c_json(self, message: Descriptor, c: CDescriber) -> Description:
        """The C extension's description of the type for decoding and writing JSON (a value kind tuple), given
        the message descriptor and ``c``, the describer: ``c.kinds`` holds the extension's constants and
        ``c.special(codec, mode)`` the index of a converter. By default the C path hands a JSON string to ``fast``
        and writes the JSON of ``encode``, both in Python (cached per text)."""
        k = c.kinds
        return (k.T_SPECIAL, c.special(self, k.S_FORMAT), 0, 0, 0, None)

    def c_fill(self, message: Descriptor, c: CFillContext, nonpointer: int) -> Description:
        """The C extension's fill action for the type (see ``c_json``; ``c.zero_plan(message, names)`` is the
        struct action writing those fields at their zero value). Raise Unsupported to keep it in Python."""
        if type(self).fill is not SpecialCodec.fill:
            raise Unsupported(self.go_name)
        return c.zero_plan(message, self.zero_fields, nonpointer)


class TextCodec(SpecialCodec):
    """A type whose JSON is a string ``parse`` reads (or null), as Go's UnmarshalJSON of a text form does: any
    other JSON value is a type error against ``string``. Subclasses give ``parse`` (raising ValueError)."""

    def parse(self, text: str) -> dict[str, Any]:
        raise NotImplementedError

    def fast(self, v: Any) -> Optional[dict[str, Any]]:
        if v.__class__ is str:
            try:
                return self.parse(v)
            except ValueError:
                raise Fallback from None
        if v is None:
            return None
        raise Fallback

    def check(self, checker: Checker, v: Any) -> dict[str, Any]:
        if v.__class__ is not str:
            raise checker.type_error(v, "string")
        return self.parse(v)


class RawJSONCodec(SpecialCodec):
    """Embedded raw JSON kept as bytes in the message field ``field`` (runtime.RawExtension and Unknown,
    metav1.FieldsV1, apiextensions' JSON): compact in the message, parsed back when written, null when unset.
    ``marshal_type`` names the Go type in MarshalJSON's errors ("*runtime.RawExtension")."""

    def __init__(self, go_name: str, field: str, marshal_type: str):
        self.go_name, self.field, self.marshal_type = go_name, field, marshal_type

    def fast(self, v: Any) -> Optional[dict[str, bytes]]:
        if v is None:
            return None
        return {self.field: _gojson.raw_json_text(v)}

    def check(self, checker: Checker, v: Any) -> dict[str, bytes]:
        return {self.field: _gojson.raw_json_text(v)}

    def encode(self, m: Any) -> Any:
        if not m.HasField(self.field):
            return None
        try:
            return _gojson.loads(getattr(m, self.field), parse_float=_gojson.RawFloat)
        except ValueError as err:
            raise ValueError(f"json: error calling MarshalJSON for type {self.marshal_type}: {err}") from None

    def c_json(self, message: Descriptor, c: CDescriber) -> Description:
        return (c.kinds.T_RAW, -1, message.fields_by_name[self.field].number, 0, 0, None)


_CODECS: dict[str, SpecialCodec] = {}
_IMPORTED: set[str] = set()
_LOCK = threading.RLock()


def register(codec: SpecialCodec) -> SpecialCodec:
    """Register the codec of its Go type (``codec.go_name``); the last registration wins."""
    if not codec.go_name or "." not in codec.go_name:
        raise ValueError(f"a special codec needs its Go type name, got {codec.go_name!r}")
    with _LOCK:
        _CODECS[codec.go_name] = codec
    return codec


def unregister(go_name: str) -> None:
    """Forget the codec of a Go type (for tests that register their own)."""
    with _LOCK:
        _CODECS.pop(go_name, None)


def python_package(go_package: str) -> Optional[str]:
    """The Python package of a Go package of the ported modules ("k8s.io/apimachinery/pkg/util/intstr" ->
    "kubernetes_py.apimachinery.util.intstr"), None for one outside them."""
    for prefix, module in (
        ("k8s.io/apimachinery/pkg/", "kubernetes_py.apimachinery."),
        ("k8s.io/apiextensions-apiserver/pkg/", "kubernetes_py.apiextensions_apiserver."),
        ("k8s.io/api/", "kubernetes_py.api."),
    ):
        if go_package.startswith(prefix):
            return module + go_package[len(prefix) :].replace("/", ".").replace("-", "_")
    return None


def require(go_name: str) -> SpecialCodec:
    """The codec of a Go type the codec paths resolved as special (``lookup`` found its codec)."""
    codec = lookup(go_name)
    if codec is None:
        raise LookupError(f"no special codec is registered for {go_name}")
    return codec


def lookup(go_name: str) -> Optional[SpecialCodec]:
    """The codec of a Go type, importing its package's module once to let it register; None if it has none."""
    codec = _CODECS.get(go_name)
    if codec is not None:
        return codec
    package = go_name.rsplit(".", 1)[0]
    with _LOCK:
        if package not in _IMPORTED:
            _IMPORTED.add(package)
            module = python_package(package)
            if module is not None:
                try:
                    importlib.import_module(module)
                except ImportError:
                    pass
    return _CODECS.get(go_name)
