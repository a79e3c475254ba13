"""``resource.Quantity``: the API message (one ``string`` field) with Go's Quantity methods attached.

Each method parses the stored string into a GoQuantity (see quantity_logic) and works there as Go does.
``parse_quantity``/``must_parse`` store the text they were given, so every reading (``value()``, ``as_int64()``,
``format``...) is exactly what Go's freshly parsed Quantity gives; ``str(q)`` is always Go's canonical String().
The methods that change a quantity (``add``, ``sub``, ``neg``, ``mul``, ``round_up``, ``set*``) and the
``new_*`` constructors store the canonical string: from then on the quantity is what a Go Quantity is after a trip
over the wire (same value and text; Go's in-memory representation, which a few readings such as ``as_int64()`` of
``1500m + 500m`` depend on, is not kept). Writers of wire formats should emit ``str(q)``, as Go's marshallers do.
"""

from __future__ import annotations

import decimal
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from google.protobuf.descriptor import Descriptor

from kubernetes_py._go.strconv import go_string
from kubernetes_py._schema import add_methods, message_class
from kubernetes_py.apimachinery.api.resource.amount import Dec, Int64Amount, Milli, Scale
from kubernetes_py.apimachinery.api.resource.quantity_logic import GoQuantity, parse
from kubernetes_py.apimachinery.api.resource.suffix import DecimalSI, Format
from kubernetes_py.apimachinery.runtime._special import Fallback, SpecialCodec, UnmarshalTypeError, register

QUANTITY_MESSAGE = "k8s.io.apimachinery.pkg.api.resource.Quantity"

# For a checker Quantity is its stub message, which the method mixin below extends.
if TYPE_CHECKING:
    from kubernetes_py._schema.messages import Quantity as Quantity

    _Message = Quantity
else:
    Quantity = message_class(QUANTITY_MESSAGE)
    _Message = object


def _go(q: Quantity) -> GoQuantity:
    # The zero message is Go's zero Quantity: 0, no format.
    return parse(q.string) if q.string else GoQuantity()


def _store(q: Quantity, g: GoQuantity) -> None:
    q.string = g.string()


class _QuantityMethods(_Message):
    """Go's Quantity methods; attached to the message class."""

    def __str__(self) -> str:
        return _go(self).string()

    @property
    def format(self) -> Format:
        """The notation the quantity is written in (Go's ``Format`` field)."""
        return _go(self).format

    def value(self) -> int:
        """The value rounded up to an integer (int64 arithmetic, as Go)."""
        return _go(self).value()

    def milli_value(self) -> int:
        return _go(self).milli_value()

    def scaled_value(self, scale: Scale) -> int:
        """The value in units of 10^scale, rounded up."""
        return _go(self).scaled_value(scale)

    def as_int64(self) -> tuple[int, bool]:
        """``(value, True)`` when the quantity is an integer that fits an int64 without loss."""
        return _go(self).as_int64()

    def as_approximate_float64(self) -> float:
        return _go(self).as_approximate_float64()

    def as_float64_slow(self) -> float:
        """The float64 nearest to the value, computed as Go's AsFloat64Slow does."""
        return _go(self).as_float64_slow()

    def as_dec(self) -> decimal.Decimal:
        """The exact value as a decimal.Decimal (Go returns an *inf.Dec)."""
        d = _go(self).as_dec()
        return decimal.Decimal(d.unscaled).scaleb(-d.scale, decimal.Context(prec=max(1, len(str(d.unscaled)))))

    def is_zero(self) -> bool:
        return _go(self).is_zero()

    def sign(self) -> int:
        return _go(self).sign()

    def cmp(self, y: Quantity) -> int:
        """-1, 0 or 1 as this quantity is less than, equal to or greater than ``y``."""
        return _go(self).cmp(_go(y))

    def cmp_int64(self, y: int) -> int:
        return _go(self).cmp_int64(y)

    def equal(self, y: Quantity) -> bool:
        """Equal values (``1Ki`` equals ``1024``); ``==`` compares the stored strings."""
        return _go(self).cmp(_go(y)) == 0

    def add(self, y: Quantity) -> None:
        g = _go(self)
        g.add(_go(y))
        _store(self, g)

    def sub(self, y: Quantity) -> None:
        g = _go(self)
        g.sub(_go(y))
        _store(self, g)

    def mul(self, y: int) -> bool:
        """Multiply by an integer; False when the result no longer fits an int64 at its scale."""
        g = _go(self)
        ok = g.mul(y)
        _store(self, g)
        return ok

    def neg(self) -> None:
        g = _go(self)
        g.neg()
        _store(self, g)

    def round_up(self, scale: Scale) -> bool:
        """Round up to a multiple of 10^scale; returns whether that was exact."""
        g = _go(self)
        exact = g.round_up(scale)
        _store(self, g)
        return exact

    def set(self, value: int) -> None:
        self.set_scaled(value, 0)

    def set_milli(self, value: int) -> None:
        self.set_scaled(value, Milli)

    def set_scaled(self, value: int, scale: Scale) -> None:
        g = _go(self)
        g.set_scaled(_int64(value), scale)
        _store(self, g)

    def to_unstructured(self) -> str:
        return str(self)


add_methods(QUANTITY_MESSAGE, _QuantityMethods)


def _int64(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an int, got {type(value).__name__}")
    if not -(1 << 63) <= value < (1 << 63):
        raise OverflowError(f"{value} does not fit in an int64")
    return value


def _from_go(g: GoQuantity) -> Quantity:
    return Quantity(string=g.string())


def parse_quantity(s: str) -> Quantity:
    """Parse a quantity (``100m``, ``1.5Gi``, ``12e6``); raises ErrFormatWrong, ErrNumeric or ErrSuffix."""
    parse(s)
    return Quantity(string=s)


def must_parse(s: str) -> Quantity:
    """Like parse_quantity, raising ValueError(``cannot parse '<s>': <reason>``) as Go's MustParse panics."""
    try:
        return parse_quantity(s)
    except ValueError as err:
        raise ValueError(f"cannot parse '{s}': {err}") from err


def new_quantity(value: int, format: Format) -> Quantity:
    """The quantity ``value`` in the given format."""
    return _from_go(GoQuantity(format=format, i=_amount(value, 0)))


def new_milli_quantity(value: int, format: Format) -> Quantity:
    """The quantity ``value / 1000``."""
    return _from_go(GoQuantity(format=format, i=_amount(value, Milli)))


def new_scaled_quantity(value: int, scale: Scale) -> Quantity:
    """The quantity ``value * 10^scale`` in DecimalSI."""
    return _from_go(GoQuantity(format=DecimalSI, i=_amount(value, scale)))


def _amount(value: int, scale: int) -> Int64Amount:
    return Int64Amount(_int64(value), scale)


def new_decimal_quantity(b: decimal.Decimal, format: Format) -> Quantity:
    """The quantity of an exact decimal (Go takes an inf.Dec)."""
    sign, digits, exponent = decimal.Decimal(b).as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"a quantity must be finite, got {b}")
    unscaled = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    return _from_go(GoQuantity(format=format, d=Dec(unscaled, -exponent)))


def quantity_ptr_equal(a: Optional[Quantity], b: Optional[Quantity]) -> bool:
    """Equal values, where None equals only None."""
    if a is None and b is None:
        return True
    if a is None or b is None:
        return False
    return _go(a).cmp(_go(b)) == 0


# ---------------------------------------------------------------------------------------------
# JSON and protobuf (Go's Quantity.UnmarshalJSON/MarshalJSON/Marshal): the canonical string, always

_CANONICAL_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 4096


def _canonical(text: str) -> str:
    """The canonical form Go's Quantity prints for ``text``; raises ValueError when it does not parse.

    Quantities repeat a lot ("500m", "512Mi"), so results are cached (a bounded dict)."""
    cached = _CANONICAL_CACHE.get(text)
    if cached is not None:
        return cached
    canonical = str(parse_quantity(text.strip()))
    if len(_CANONICAL_CACHE) >= _CACHE_LIMIT:
        _CANONICAL_CACHE.clear()
    _CANONICAL_CACHE[text] = canonical
    return canonical


def canonical_quantity_text(text: Union[str, bytes]) -> str:
    """What Go writes for a Quantity holding ``text``: its canonical form ("0.5" -> "500m"), as both
    MarshalJSON and the protobuf marshaller print it. Text that does not parse (only a hand-set field can
    hold such, or protobuf from a peer that does not check) is written as it is, for the server to reject."""
    text = go_string(text)  # protobuf hands back text that is not UTF-8 as bytes
    if not text:
        return "0"
    try:
        return _canonical(text)
    except ValueError:
        return text


class _QuantityCodec(SpecialCodec):
    go_name = "k8s.io/apimachinery/pkg/api/resource.Quantity"

    def fast(self, v: Any) -> Optional[dict[str, str]]:
        if v.__class__ is str:
            try:
                return {"string": _canonical(v)}
            except ValueError:
                raise Fallback from None
        if v is None:
            return None
        raise Fallback

    def check(self, checker: Any, v: Any) -> dict[str, str]:
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            raise UnmarshalTypeError(
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            )
        text = v if isinstance(v, str) else repr(v) if isinstance(v, float) else str(v)
        return {"string": _canonical(text)}

    def encode(self, m: Quantity) -> str:
        return canonical_quantity_text(m.string)

    def fill(self, m: Quantity, set_field: Callable[[Any, str, Any], None]) -> None:
        set_field(m, "string", canonical_quantity_text(m.string))

    def c_json(self, message: Descriptor, c: Any) -> tuple[Any, ...]:
        return (
            c.kinds.T_SPECIAL,
            c.special(self, c.kinds.S_QUANTITY),
            message.fields_by_name["string"].number,
            0,
            0,
            None,
        )

    def c_fill(self, message: Descriptor, c: Any, nonpointer: int) -> tuple[Any, ...]:
        return (c.kinds.A_QUANTITY, nonpointer, -1, message.fields_by_name["string"].number, 0, None)


class _QuantityValueCodec(_QuantityCodec):
    go_name = "k8s.io/apimachinery/pkg/api/resource.QuantityValue"


register(_QuantityCodec())
register(_QuantityValueCodec())
