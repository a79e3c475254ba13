"""The two numeric representations behind a Quantity, as Go has them.

``Int64Amount`` is Go's ``int64Amount`` (value * 10^scale in an int64); ``Dec`` is the subset of ``inf.Dec`` that
Quantity uses (an arbitrary-precision unscaled integer and a decimal scale, value = unscaled * 10^-scale).
Both are immutable here; every operation returns new values.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

from kubernetes_py.apimachinery.api.resource import _int64 as i64

Scale = int
"""A power of ten: a quantity amount is value * 10^scale."""

Nano: Scale = -9
Micro: Scale = -6
Milli: Scale = -3
Kilo: Scale = 3
Mega: Scale = 6
Giga: Scale = 9
Tera: Scale = 12
Peta: Scale = 15
Exa: Scale = 18

MaxMilliValue = i64.MAX_INT64 // 1000


@dataclasses.dataclass(frozen=True)
class Dec:
    """A decimal: ``unscaled * 10**-scale`` (the parts of gopkg.in/inf.v0 Dec that Quantity uses)."""

    unscaled: int = 0
    scale: int = 0  # inf.Scale: digits after the decimal point (negative = trailing zeros)

    @staticmethod
    def from_string(s: str) -> Optional["Dec"]:
        """inf.Dec.SetString: an optional sign, digits and at most one '.'; None if it is not all consumed."""
        unscaled: list[str] = []
        dp = -1
        seen_digit = False
        for i, ch in enumerate(s):
            if ch in "+-":
                if unscaled or dp >= 0:
                    return None
            elif ch == ".":
                if dp >= 0:
                    return None
                dp = len(unscaled)
                continue
            elif "0" <= ch <= "9":
                seen_digit = True
            else:
                return None
            unscaled.append(ch)
        if not seen_digit:
            return None
        scale = len(unscaled) - dp if dp >= 0 else 0
        return Dec(int("".join(unscaled)), scale)

    def sign(self) -> int:
        return (self.unscaled > 0) - (self.unscaled < 0)

    def neg(self) -> "Dec":
        return Dec(-self.unscaled, self.scale)

    def _aligned(self, other: "Dec") -> tuple[int, int, int]:
        scale = max(self.scale, other.scale)
        return (self.unscaled * 10 ** (scale - self.scale), other.unscaled * 10 ** (scale - other.scale), scale)

    def cmp(self, other: "Dec") -> int:
        a, b, _ = self._aligned(other)
        return (a > b) - (a < b)

    def add(self, other: "Dec") -> "Dec":
        a, b, scale = self._aligned(other)
        return Dec(a + b, scale)

    def sub(self, other: "Dec") -> "Dec":
        a, b, scale = self._aligned(other)
        return Dec(a - b, scale)

    def mul(self, other: "Dec") -> "Dec":
        return Dec(self.unscaled * other.unscaled, self.scale + other.scale)

    def round_up(self, scale: int) -> "Dec":
        """inf's Round(x, scale, RoundUp): exactly ``scale`` decimal places, rounding away from zero."""
        if scale >= self.scale:
            return Dec(self.unscaled * 10 ** (scale - self.scale), scale)
        divisor = 10 ** (self.scale - scale)
        q = i64.tdiv(self.unscaled, divisor)
        if i64.tmod(self.unscaled, divisor) != 0:
            q += 1 if self.unscaled > 0 else -1
        return Dec(q, scale)

    def unscaled_int64(self) -> tuple[int, bool]:
        """inf.Dec.Unscaled(): (big.Int.Int64(), IsInt64())."""
        return i64.big_int64(self.unscaled), i64.is_int64(self.unscaled)


@dataclasses.dataclass(frozen=True)
class Int64Amount:
    """An amount held in an int64: ``value * 10**scale`` (Go's int64Amount)."""

    value: int = 0
    scale: Scale = 0

    def sign(self) -> int:
        return (self.value > 0) - (self.value < 0)

    def as_int64(self) -> tuple[int, bool]:
        if self.scale == 0:
            return self.value, True
        if self.scale < 0:
            return 0, False
        return i64.positive_scale_int64(self.value, self.scale)

    def as_scaled_int64(self, scale: Scale) -> tuple[int, bool]:
        if self.scale < scale:
            result, _ = i64.negative_scale_int64(self.value, i64.wrap32(scale - self.scale))
            return result, True
        return i64.positive_scale_int64(self.value, i64.wrap32(self.scale - scale))

    def as_dec(self) -> Dec:
        return Dec(self.value, -self.scale)

    def cmp(self, b: "Int64Amount") -> int:
        a_value, b_value = self.value, b.value
        if self.scale == b.scale:
            pass
        elif self.scale > b.scale:
            result, remainder, exact = i64.divide_by_scale_int64(b.value, i64.wrap32(self.scale - b.scale))
            if not exact:
                return self.as_dec().cmp(b.as_dec())
            if result == self.value:
                if remainder == 0:
                    return 0
                return -1 if remainder > 0 else 1
            b_value = result
        else:
            result, remainder, exact = i64.divide_by_scale_int64(self.value, i64.wrap32(b.scale - self.scale))
            if not exact:
                return self.as_dec().cmp(b.as_dec())
            if result == b.value:
                if remainder == 0:
                    return 0
                return 1 if remainder > 0 else -1
            a_value = result
        return (a_value > b_value) - (a_value < b_value)

    def add(self, b: "Int64Amount") -> Optional["Int64Amount"]:
        """The sum, or None when it does not fit an int64 amount."""
        if b.value == 0:
            return self
        if self.value == 0:
            return b
        if self.scale == b.scale:
            c, ok = i64.int64_add(self.value, b.value)
            return Int64Amount(c, self.scale) if ok else None
        if self.scale > b.scale:
            c, ok = i64.positive_scale_int64(self.value, i64.wrap32(self.scale - b.scale))
            if not ok:
                return None
            c, ok = i64.int64_add(c, b.value)
            return Int64Amount(c, b.scale) if ok else None
        c, ok = i64.positive_scale_int64(b.value, i64.wrap32(b.scale - self.scale))
        if not ok:
            return None
        c, ok = i64.int64_add(self.value, c)
        return Int64Amount(c, self.scale) if ok else None

    def sub(self, b: "Int64Amount") -> Optional["Int64Amount"]:
        return self.add(Int64Amount(i64.wrap64(-b.value), b.scale))

    def mul(self, b: int) -> Optional["Int64Amount"]:
        if self.value == 0:
            return self
        if b == 0:
            return Int64Amount(0, 0)
        c, ok = i64.int64_multiply(self.value, b)
        if not ok:
            return None
        if self.scale > 0:
            if not i64.positive_scale_int64(c, self.scale)[1]:
                return None
        elif self.scale < 0:
            if not i64.negative_scale_int64(c, i64.wrap32(-self.scale))[1]:
                return None
        return Int64Amount(c, self.scale)

    def as_scale(self, scale: Scale) -> tuple["Int64Amount", bool]:
        if self.scale >= scale:
            return self, True
        result, exact = i64.negative_scale_int64(self.value, i64.wrap32(scale - self.scale))
        return Int64Amount(result, scale), exact

    def as_canonical_bytes(self) -> tuple[str, int]:
        """The canonical mantissa digits and a base-10 exponent that is a multiple of 3."""
        amount, times = i64.remove_int64_factors(self.value, 10)
        exponent = i64.wrap32(self.scale + times)
        mod = exponent % 3  # Python's floor modulo: 1 here is Go's 1 or -2, 2 is Go's 2 or -1
        if mod == 1:
            amount, ok = i64.int64_multiply_scale10(amount)
            if not ok:
                return dec_canonical_bytes(self.as_dec())
            exponent -= 1
        elif mod == 2:
            amount, ok = i64.int64_multiply_scale100(amount)
            if not ok:
                return dec_canonical_bytes(self.as_dec())
            exponent -= 2
        return str(amount), exponent

    def as_canonical_base1024_bytes(self) -> tuple[str, int]:
        value, ok = self.as_scaled_int64(0)
        if not ok:
            return dec_canonical_base1024_bytes(self.as_dec())
        amount, exponent = i64.remove_int64_factors(value, 1024)
        return str(amount), exponent


def dec_as_scale(d: Dec, scale: Scale) -> tuple[Dec, bool]:
    rounded = d.round_up(-scale)
    return rounded, rounded.cmp(d) == 0


def dec_canonical_bytes(d: Dec) -> tuple[str, int]:
    amount, times = i64.remove_big_int_factors(d.unscaled, 10)
    exponent = i64.wrap32(-d.scale + times)
    while i64.tmod(exponent, 3) != 0:
        amount *= 10
        exponent -= 1
    return str(amount), exponent


def dec_canonical_base1024_bytes(d: Dec) -> tuple[str, int]:
    rounded = d.round_up(0)
    amount, exponent = i64.remove_big_int_factors(rounded.unscaled, 1024)
    return str(amount), exponent


def scaled_value(unscaled: int, scale: int, new_scale: int) -> int:
    """Go's scaledValue: ``unscaled * 10^-scale`` at ``new_scale``, rounded up, with Go's int64 conversions."""
    dif = scale - new_scale
    if dif == 0:
        return i64.big_int64(unscaled)
    if dif < 0:
        return i64.wrap64(i64.big_int64(unscaled) * i64.go_float_to_int64(i64.go_pow10(-dif)))
    if unscaled < i64.MAX_INT64 and dif < 19:
        divide = i64.go_float_to_int64(i64.go_pow10(dif))
        u = i64.big_int64(unscaled)
        result = i64.tdiv(u, divide)
        if i64.tmod(u, divide) != 0:
            return i64.wrap64(result + 1)
        return result
    result, remainder = divmod(unscaled, 10**dif)  # Euclidean: the divisor is positive
    if remainder != 0:
        return i64.wrap64(i64.big_int64(result) + 1)
    return i64.big_int64(result)
