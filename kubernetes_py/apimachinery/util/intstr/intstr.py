"""``intstr.IntOrString``: the API message (type, intVal, strVal) with Go's methods, and the percent helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Union

import logging
import math

from google.protobuf.descriptor import Descriptor

from kubernetes_py._go.strconv import GoNumError, go_atoi, go_quote
from kubernetes_py._schema import add_methods, message_class
from kubernetes_py.apimachinery.runtime._special import Fallback, SpecialCodec, register

INT_OR_STRING_MESSAGE = "k8s.io.apimachinery.pkg.util.intstr.IntOrString"

if TYPE_CHECKING:
    from kubernetes_py._schema.messages import IntOrString as IntOrString

    _Message = IntOrString
else:
    IntOrString = message_class(INT_OR_STRING_MESSAGE)
    _Message = object

Type = int
Int: Type = 0  # the IntOrString holds an int
String: Type = 1  # the IntOrString holds a string

_log = logging.getLogger(__name__)


def _wrap32(value: int) -> int:
    return ((value + (1 << 31)) & ((1 << 32) - 1)) - (1 << 31)


class _IntOrStringMethods(_Message):
    """Go's IntOrString methods; attached to the message class."""

    def __str__(self) -> str:
        if self.type == String:
            return self.strVal
        return str(self.int_value())

    def int_value(self) -> int:
        """The int, or the string parsed as an int (0 when it is not one, as Go ignores the error)."""
        if self.type == String:
            try:
                return go_atoi(self.strVal)
            except GoNumError as err:
                return err.value
        return self.intVal

    @property
    def str_val(self) -> str:
        """The string value (Go's StrVal; the wire name is ``strVal``)."""
        return self.strVal

    @property
    def int_val(self) -> int:
        """The int value (Go's IntVal; the wire name is ``intVal``)."""
        return self.intVal

    def to_unstructured(self) -> Union[int, str]:
        return self.strVal if self.type == String else self.intVal


add_methods(INT_OR_STRING_MESSAGE, _IntOrStringMethods)


def from_int(val: int) -> IntOrString:
    """An int IntOrString; like Go, a value outside int32 is logged and truncated."""
    if val > (1 << 31) - 1 or val < -(1 << 31):
        _log.error("value: %d overflows int32", val)
    return IntOrString(type=Int, intVal=_wrap32(val))


def from_int32(val: int) -> IntOrString:
    if not -(1 << 31) <= val < (1 << 31):
        raise OverflowError(f"{val} does not fit in an int32")
    return IntOrString(type=Int, intVal=val)


def from_string(val: str) -> IntOrString:
    return IntOrString(type=String, strVal=val)


def parse(val: str) -> IntOrString:
    """An int IntOrString when ``val`` is a base-10 int32, otherwise a string one."""
    digits = val[1:] if val[:1] in ("+", "-") else val
    if digits and all("0" <= c <= "9" for c in digits) and -(1 << 31) <= int(val) < (1 << 31):
        return from_int32(int(val))
    return from_string(val)


def value_or_default(int_or_percent: Optional[IntOrString], default_value: IntOrString) -> IntOrString:
    return default_value if int_or_percent is None else int_or_percent


def _percent_of(value: int, total: int, round_up: bool) -> int:
    scaled = float(value) * float(total) / 100
    return int(math.ceil(scaled) if round_up else math.floor(scaled))


def _int_value(int_or_percent: Optional[IntOrString]) -> Union[int, str]:
    """The int of an Int, the string of a String; raises for nil and any other type."""
    if int_or_percent is None:
        raise ValueError("nil value for IntOrString")
    if int_or_percent.type == Int:
        return int_or_percent.intVal
    if int_or_percent.type != String:
        raise ValueError("invalid value for IntOrString: invalid type: neither int nor percentage")
    return int_or_percent.strVal


def get_scaled_value_from_int_or_percent(int_or_percent: Optional[IntOrString], total: int, round_up: bool) -> int:
    """An int as is, or a percentage (``"25%"``) of ``total`` rounded up or down; raises ValueError otherwise."""
    s = _int_value(int_or_percent)
    if isinstance(s, int):
        return s
    if not s.endswith("%"):
        raise ValueError("invalid value for IntOrString: invalid type: string is not a percentage")
    try:
        value = go_atoi(s[:-1])
    except GoNumError as err:
        raise ValueError(f"invalid value for IntOrString: invalid value {go_quote(s)}: {err}") from None
    return _percent_of(value, total, round_up)


def get_value_from_int_or_percent(int_or_percent: Optional[IntOrString], total: int, round_up: bool) -> int:
    """Deprecated in Go: like the scaled variant, but any string has its '%' signs removed and counts as a percent."""
    s = _int_value(int_or_percent)
    if isinstance(s, int):
        return s
    try:
        value = go_atoi(s.replace("%", ""))
    except GoNumError as err:
        raise ValueError(f"invalid value for IntOrString: invalid value {go_quote(s)}: {err}") from None
    return _percent_of(value, total, round_up)


class _IntOrStringCodec(SpecialCodec):
    """A JSON number or string (Go's UnmarshalJSON/MarshalJSON); protobuf carries all three fields, always."""

    go_name = "k8s.io/apimachinery/pkg/util/intstr.IntOrString"
    zero_fields = ("type", "intVal", "strVal")

    def fast(self, v: Any) -> Optional[dict[str, Any]]:
        cls = v.__class__
        if cls is int:
            return {"type": 0, "intVal": v}
        if cls is str:
            return {"type": 1, "strVal": v}
        if v is None:
            return None
        raise Fallback

    def check(self, checker: Any, v: Any) -> dict[str, Any]:
        if isinstance(v, str):
            return {"type": 1, "strVal": v}
        if isinstance(v, int) and not isinstance(v, bool):
            if not -(1 << 31) <= v < (1 << 31):
                raise checker.type_error(v, "int32", str(v))
            return {"type": 0, "intVal": v}
        raise checker.type_error(v, "int32", repr(v) if isinstance(v, float) else None)

    def encode(self, m: IntOrString) -> Union[int, str]:
        return m.strVal if m.type == 1 else m.intVal

    def c_json(self, message: Descriptor, c: Any) -> tuple[Any, ...]:
        fields = message.fields_by_name
        return (
            c.kinds.T_INT_OR_STRING,
            -1,
            fields["type"].number,
            fields["intVal"].number,
            fields["strVal"].number,
            None,
        )


register(_IntOrStringCodec())
