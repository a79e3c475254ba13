"""Quantity arithmetic: a line-by-line port of Go's resource.Quantity behaviour.

``GoQuantity`` holds what Go's struct holds (an int64 amount or a decimal, the format, the cached string). The
message class ``resource.Quantity`` only stores the canonical string; its methods parse it into a GoQuantity, work
there and write the canonical string back.
"""

from __future__ import annotations

import fractions
import math
from typing import Optional, Union

from kubernetes_py.apimachinery.api.resource import _int64 as i64
from kubernetes_py.apimachinery.api.resource.amount import (
    Dec,
    Int64Amount,
    Milli,
    Nano,
    Scale,
    dec_as_scale,
    dec_canonical_base1024_bytes,
    dec_canonical_bytes,
    scaled_value,
)
from kubernetes_py.apimachinery.api.resource.suffix import (
    BinarySI,
    DecimalExponent,
    DecimalSI,
    Format,
    construct,
    interpret,
)

_SPLIT_RE = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
_MAX_INT64_FACTORS = 18
_SUFFIX_CHARS = "eEinumkKMGTP"
_DEC_ONE = Dec(1, 0)
_DEC_ZERO = Dec(0, 0)
_MAX_ALLOWED = Dec(i64.MAX_INT64, 0)


class QuantityError(ValueError):
    """A string that is not a quantity. The subclasses are Go's sentinel errors."""

    message = ""

    def __init__(self, message: Optional[str] = None):
        super().__init__(message or self.message)


class ErrFormatWrong(QuantityError):
    message = "quantities must match the regular expression '" + _SPLIT_RE + "'"


class ErrNumeric(QuantityError):
    message = "unable to parse numeric part of quantity"


class ErrSuffix(QuantityError):
    message = "unable to parse quantity's suffix"


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def parse_quantity_string(s: str) -> tuple[bool, str, str, str, str]:
    """Split a quantity into (positive, value, num, denom, suffix) as Go does; raises ErrFormatWrong."""
    positive = True
    pos = 0
    end = len(s)
    num = denom = ""
    if pos < end:
        if s[0] == "-":
            positive = False
            pos += 1
        elif s[0] == "+":
            pos += 1
    # leading zeros
    i = pos
    while True:
        if i >= end:
            return positive, "0", "0", "", ""
        if s[i] != "0":
            break
        pos += 1
        i += 1
    # integer digits
    i = pos
    while True:
        if i >= end:
            return positive, s[0:end], s[pos:end], "", ""
        if not _is_digit(s[i]):
            num = s[pos:i]
            pos = i
            break
        i += 1
    if not num:
        num = "0"
    # fraction digits
    if pos < end and s[pos] == ".":
        pos += 1
        i = pos
        while True:
            if i >= end:
                return positive, s[0:end], num, s[pos:end], ""
            if not _is_digit(s[i]):
                denom = s[pos:i]
                pos = i
                break
            i += 1
    value = s[0:pos]
    # suffix: letters, then an optional sign, then digits
    suffix_start = pos
    i = pos
    while True:
        if i >= end:
            return positive, value, num, denom, s[suffix_start:end]
        if s[i] not in _SUFFIX_CHARS:
            pos = i
            break
        i += 1
    if pos < end and s[pos] in "-+":
        pos += 1
    i = pos
    while True:
        if i >= end:
            return positive, value, num, denom, s[suffix_start:end]
        if not _is_digit(s[i]):
            break
        i += 1
    raise ErrFormatWrong()


def _go_parse_int64(text: str) -> Optional[int]:
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits or not all(_is_digit(c) for c in digits):
        return None
    value = int(text)
    return value if i64.is_int64(value) else None


class GoQuantity:
    """The state of a Go Quantity: an Int64Amount or a Dec, a format and the cached string form."""

    __slots__ = ("i", "d", "s", "format")

    def __init__(self, i: Int64Amount = Int64Amount(), d: Optional[Dec] = None, s: str = "", format: Format = ""):
        self.i = i
        self.d = d
        self.s = s
        self.format = format

    def copy(self) -> "GoQuantity":
        return GoQuantity(self.i, self.d, self.s, self.format)

    # ---- reading -------------------------------------------------------------------------------------------
    def is_zero(self) -> bool:
        if self.d is not None:
            return self.d.sign() == 0
        return self.i.value == 0

    def sign(self) -> int:
        if self.d is not None:
            return self.d.sign()
        return self.i.sign()

    def as_dec(self) -> Dec:
        """The decimal value; like Go, this switches the quantity to its decimal representation."""
        if self.d is None:
            self.d = self.i.as_dec()
            self.i = Int64Amount()
        return self.d

    def as_int64(self) -> tuple[int, bool]:
        if self.d is not None:
            return 0, False
        return self.i.as_int64()

    def scaled_value(self, scale: Scale) -> int:
        if self.d is None:
            return self.i.as_scaled_int64(scale)[0]
        return scaled_value(self.d.unscaled, self.d.scale, -scale)

    def value(self) -> int:
        return self.scaled_value(0)

    def milli_value(self) -> int:
        return self.scaled_value(Milli)

    def as_approximate_float64(self) -> float:
        if self.d is not None:
            base = _int_to_float(self.d.unscaled)
            exponent = -self.d.scale
        else:
            base = float(self.i.value)
            exponent = self.i.scale
        if exponent == 0:
            return base
        return base * i64.go_pow10(exponent)

    def as_float64_slow(self) -> float:
        """The value as the float64 Go's big.Float arithmetic gives: the quotient rounded to the unscaled value's
        precision (at least 64 bits), then to float64."""
        d = self.as_dec()
        if d.scale <= 0:
            return _int_to_float(d.unscaled * 10 ** (-d.scale))
        num, den = abs(d.unscaled), 10**d.scale
        if num == 0:
            return 0.0
        prec = max(64, d.unscaled.bit_length())
        # Scale num/den by 2^k so the quotient has exactly `prec` bits, then round half to even.
        k = prec - (num.bit_length() - den.bit_length())
        while True:
            q, r = divmod(num << k if k >= 0 else num, den if k >= 0 else den << -k)
            if q.bit_length() > prec:
                k -= 1
            elif q.bit_length() < prec:
                k += 1
            else:
                break
        divisor = den if k >= 0 else den << -k
        if 2 * r > divisor or (2 * r == divisor and q & 1):
            q += 1
        value = fractions.Fraction(q, 1 << k) if k >= 0 else fractions.Fraction(q << -k)
        result = _int_to_float(0) if q == 0 else _fraction_to_float(value)
        return -result if d.unscaled < 0 else result

    def cmp(self, y: "GoQuantity") -> int:
        if self.d is None and y.d is None:
            return self.i.cmp(y.i)
        return self.as_dec().cmp(y.as_dec())

    def cmp_int64(self, y: int) -> int:
        if self.d is not None:
            return self.d.cmp(Dec(y, 0))
        return self.i.cmp(Int64Amount(y, 0))

    def as_scale(self, scale: Scale) -> tuple[Union[Int64Amount, Dec], bool]:
        if self.d is not None:
            return dec_as_scale(self.d, scale)
        return self.i.as_scale(scale)

    # ---- writing -------------------------------------------------------------------------------------------
    def round_up(self, scale: Scale) -> bool:
        if self.d is not None:
            self.s = ""
            self.d, exact = dec_as_scale(self.d, scale)
            return exact
        if self.i.scale >= scale:
            return True
        self.s = ""
        self.i, exact = self.i.as_scale(scale)
        return exact

    def add(self, y: "GoQuantity") -> None:
        self.s = ""
        if self.d is None and y.d is None:
            if self.i.value == 0:
                self.format = y.format
            total = self.i.add(y.i)
            if total is not None:
                self.i = total
                return
        elif self.is_zero():
            self.format = y.format
        self.d = self.as_dec().add(y.copy().as_dec())

    def sub(self, y: "GoQuantity") -> None:
        self.s = ""
        if self.is_zero():
            self.format = y.format
        if self.d is None and y.d is None:
            diff = self.i.sub(y.i)
            if diff is not None:
                self.i = diff
                return
        self.d = self.as_dec().sub(y.copy().as_dec())

    def mul(self, y: int) -> bool:
        self.s = ""
        if self.d is None:
            product = self.i.mul(y)
            if product is not None:
                self.i = product
                return True
        self.d = self.as_dec().mul(Dec(y, 0))
        return i64.is_int64(self.d.unscaled)

    def neg(self) -> None:
        self.s = ""
        if self.d is None:
            self.i = Int64Amount(i64.wrap64(-self.i.value), self.i.scale)
            return
        self.d = self.d.neg()

    def set_scaled(self, value: int, scale: Scale) -> None:
        self.s = ""
        self.d = None
        self.i = Int64Amount(value, scale)

    # ---- text ----------------------------------------------------------------------------------------------
    def canonicalize(self) -> tuple[str, str]:
        """(number, suffix) of the canonical form (Go's CanonicalizeBytes)."""
        if self.is_zero():
            return "0", ""
        fmt = self.format
        if fmt in (DecimalExponent, DecimalSI):
            pass
        elif fmt == BinarySI:
            if self.cmp_int64(-1024) > 0 and self.cmp_int64(1024) < 0:
                fmt = DecimalSI
            else:
                rounded, exact = self.as_scale(0)
                if exact:
                    if isinstance(rounded, Dec):
                        number, exponent = dec_canonical_base1024_bytes(rounded)
                    else:
                        number, exponent = rounded.as_canonical_base1024_bytes()
                    return number, construct(2, exponent * 10, fmt)
                fmt = DecimalSI
        else:
            fmt = DecimalExponent
        if self.d is not None:
            number, exponent = dec_canonical_bytes(self.d)
        else:
            number, exponent = self.i.as_canonical_bytes()
        return number, construct(10, exponent, fmt)

    def string(self) -> str:
        if not self.s:
            number, suffix = self.canonicalize()
            self.s = number + suffix
        return self.s


def _fraction_to_float(x: "fractions.Fraction") -> float:
    try:
        return float(x)
    except OverflowError:
        return math.inf


def _int_to_float(x: int) -> float:
    """big.Float(x).Float64(): the nearest double, ±Inf when out of range."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def parse(s: str) -> GoQuantity:
    """Go's ParseQuantity; raises ErrFormatWrong, ErrNumeric or ErrSuffix."""
    if not isinstance(s, str):
        raise TypeError(f"a quantity must be parsed from a str, got {type(s).__name__}")
    if len(s) == 0:
        raise ErrFormatWrong()
    if s == "0":
        return GoQuantity(format=DecimalSI, s=s)
    positive, value, num, denom, suf = parse_quantity_string(s)
    interpreted = interpret(suf)
    if interpreted is None:
        raise ErrSuffix()
    base, exponent, fmt = interpreted

    precision = 0
    scale = 0
    mantissa = 1
    if fmt in (DecimalExponent, DecimalSI):
        scale = exponent
        precision = i64.wrap32(_MAX_INT64_FACTORS - (len(num) + len(denom)))
    elif fmt == BinarySI:
        scale = 0
        if exponent >= 0 and len(denom) == 0:
            mantissa = i64.wrap64(mantissa << exponent)
            precision = 15 - len(num) - int(exponent * 3 / 10) - 1
        else:
            precision = -1

    if precision >= 0:
        scale = i64.wrap32(scale - len(denom))
        if scale >= Nano:
            shifted = num + denom
            parsed = _go_parse_int64(shifted)
            if parsed is None:
                raise ErrNumeric()
            result, ok = i64.int64_multiply(parsed, mantissa)
            if ok:
                if not positive:
                    result = i64.wrap64(-result)
                amount = Int64Amount(result, scale)
                if fmt == BinarySI:
                    if exponent % 10 == 0 and (parsed & 0x07) != 0:
                        return GoQuantity(i=amount, format=fmt, s=s)
                elif scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0":
                    return GoQuantity(i=amount, format=fmt, s=s)
                return GoQuantity(i=amount, format=fmt)

    parsed_dec = Dec.from_string(value)
    if parsed_dec is None:
        raise ErrNumeric()
    dec = parsed_dec
    if base == 10:
        dec = Dec(dec.unscaled, i64.wrap32(dec.scale - exponent))
    elif base == 2:
        dec = Dec(dec.unscaled << exponent, dec.scale)

    sign = dec.sign()
    if sign == -1:
        dec = dec.neg()
    v, ok = dec.unscaled_int64()
    if v != 0 or not ok:
        dec = dec.round_up(-Nano)
    if fmt == BinarySI and dec.cmp(_MAX_ALLOWED) > 0:
        dec = _MAX_ALLOWED
    if fmt == BinarySI and dec.cmp(_DEC_ONE) < 0 and dec.cmp(_DEC_ZERO) > 0:
        fmt = DecimalSI
    if sign == -1:
        dec = dec.neg()
    return GoQuantity(d=dec, format=fmt)
