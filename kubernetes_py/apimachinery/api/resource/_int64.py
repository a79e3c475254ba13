"""Go int64 arithmetic where Quantity depends on it: wrap-around, truncating division, overflow checks."""

from __future__ import annotations

MIN_INT64 = -(1 << 63)
MAX_INT64 = (1 << 63) - 1


def wrap64(x: int) -> int:
    """x as a Go int64 would hold it after overflow (two's complement wrap-around)."""
    return ((x + (1 << 63)) & ((1 << 64) - 1)) - (1 << 63)


def wrap32(x: int) -> int:
    return ((x + (1 << 31)) & ((1 << 32) - 1)) - (1 << 31)


def tdiv(a: int, b: int) -> int:
    """Go's integer division: truncates toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def tmod(a: int, b: int) -> int:
    """Go's ``%``: the remainder has the sign of the dividend."""
    return a - b * tdiv(a, b)


def big_int64(x: int) -> int:
    """Go's ``big.Int.Int64()``: the low 64 bits of |x|, negated for a negative x (undefined range, defined bits)."""
    low = wrap64(abs(x) & ((1 << 64) - 1))
    return wrap64(-low) if x < 0 else low


def is_int64(x: int) -> bool:
    return MIN_INT64 <= x <= MAX_INT64


def int64_add(a: int, b: int) -> tuple[int, bool]:
    c = wrap64(a + b)
    if a > 0 and b > 0:
        if c < 0:
            return 0, False
    elif a < 0 and b < 0:
        if c > 0:
            return 0, False
        if a == MIN_INT64 and b == MIN_INT64:
            return 0, False
    return c, True


def int64_multiply(a: int, b: int) -> tuple[int, bool]:
    if a in (0, 1) or b in (0, 1):
        return wrap64(a * b), True
    if a == MIN_INT64 or b == MIN_INT64:
        return 0, False
    c = wrap64(a * b)
    return c, tdiv(c, b) == a


def int64_multiply_scale(a: int, b: int) -> tuple[int, bool]:
    if a in (0, 1):
        return wrap64(a * b), True
    if a == MIN_INT64 and b != 1:
        return 0, False
    c = wrap64(a * b)
    return c, tdiv(c, b) == a


def _multiply_by(a: int, factor: int) -> tuple[int, bool]:
    if a in (0, 1):
        return a * factor, True
    if a == MIN_INT64:
        return 0, False
    c = wrap64(a * factor)
    return c, tdiv(c, factor) == a


def int64_multiply_scale10(a: int) -> tuple[int, bool]:
    return _multiply_by(a, 10)


def int64_multiply_scale100(a: int) -> tuple[int, bool]:
    return _multiply_by(a, 100)


def int64_multiply_scale1000(a: int) -> tuple[int, bool]:
    return _multiply_by(a, 1000)


def positive_scale_int64(base: int, scale: int) -> tuple[int, bool]:
    """base * 10^scale, or (0, False) on int64 overflow."""
    if scale == 0:
        return base, True
    if scale == 1:
        return int64_multiply_scale10(base)
    if scale == 2:
        return int64_multiply_scale100(base)
    if scale == 3:
        return int64_multiply_scale1000(base)
    if scale == 6:
        return int64_multiply_scale(base, 1000000)
    if scale == 9:
        return int64_multiply_scale(base, 1000000000)
    value = base
    for _ in range(max(scale, 0)):
        value, ok = int64_multiply_scale(value, 10)
        if not ok:
            return 0, False
    return value, True


def negative_scale_int64(base: int, scale: int) -> tuple[int, bool]:
    """base / 10^scale rounded away from zero; the flag says whether it was exact."""
    if scale == 0:
        return base, True
    value = base
    fraction = False
    for _ in range(max(scale, 0)):
        if not fraction and tmod(value, 10) != 0:
            fraction = True
        value = tdiv(value, 10)
        if value == 0:
            if fraction:
                return (1, False) if base > 0 else (-1, False)
            return 0, True
    if fraction:
        value = value + 1 if base > 0 else value - 1
    return value, not fraction


def divide_by_scale_int64(base: int, scale: int) -> tuple[int, int, bool]:
    if scale == 0:
        return base, 0, True
    if scale >= 18:
        return 0, base, False
    divisor = 10**scale
    return tdiv(base, divisor), tmod(base, divisor), True


def remove_int64_factors(value: int, base: int) -> tuple[int, int]:
    """Divide out ``base`` while it divides evenly; returns (rest, times)."""
    times = 0
    result = value
    negative = result < 0
    if negative:
        result = wrap64(-result)
    while result >= base and result % base == 0:
        times += 1
        result //= base
    if negative:
        result = wrap64(-result)
    return result, times


def remove_big_int_factors(d: int, factor: int) -> tuple[int, int]:
    times = 0
    while d != 0:
        q, m = divmod(d, factor)  # Euclidean for a positive factor, as big.Int.DivMod
        if m != 0:
            break
        times += 1
        d = q
    return d, times


_POW10_TAB = [float(f"1e{i}") for i in range(32)]
_POW10_POS32 = [float(f"1e{i * 32}") for i in range(10)]
_POW10_NEG32 = [float(f"1e-{i * 32}") for i in range(11)]


def go_pow10(n: int) -> float:
    """Go's ``math.Pow10`` (table based, so its rounding matches Go's exactly)."""
    if 0 <= n <= 308:
        return _POW10_POS32[n // 32] * _POW10_TAB[n % 32]
    if -323 <= n <= 0:
        return _POW10_NEG32[(-n) // 32] / _POW10_TAB[(-n) % 32]
    if n > 0:
        return float("inf")
    return 0.0


def go_float_to_int64(f: float) -> int:
    """Go's ``int64(f)`` on amd64: truncation, and the minimum int64 for out-of-range values."""
    if f != f or f >= 2.0**63 or f < -(2.0**63):
        return MIN_INT64
    return int(f)
