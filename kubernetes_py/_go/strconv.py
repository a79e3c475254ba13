"""Go's ``strconv`` where texts depend on it: ``Quote`` (``%q``), the shortest float digits of ``FormatFloat``
(``%v``), ``ParseInt``/``Atoi`` with ``*NumError``; and Go's conversion of bytes to a string (``go_string``)."""

from __future__ import annotations

import codecs
import decimal
import math


def _go_utf8_replace(err: UnicodeError) -> tuple[str, int]:
    """Go's utf8.DecodeRune reads each byte of an invalid sequence as one U+FFFD."""
    if not isinstance(err, UnicodeDecodeError):  # registered for decoding only
        raise err
    return "\ufffd" * (err.end - err.start), err.end


codecs.register_error("kubernetes_py.go-utf8", _go_utf8_replace)


def go_string(data: str | bytes | bytearray) -> str:
    """A Go string's bytes as a Python str, each byte that is not part of valid UTF-8 as U+FFFD (what Go's
    range loop and encoding/json read); a str is returned as it is. Protobuf hands back as bytes the string
    fields that are not valid UTF-8."""
    if isinstance(data, str):
        return data
    return str(data, "utf-8", "kubernetes_py.go-utf8")


_SHORT_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def _go_is_print(ch: str) -> bool:
    # Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    if ch == " ":
        return True
    return ch.isprintable() and not ch.isspace()


def go_quote(s: str) -> str:
    """The text Go's ``strconv.Quote`` (``%q``) gives for a string."""
    out = ['"']
    for ch in s:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif _go_is_print(ch):
            out.append(ch)
        else:
            code = ord(ch)
            if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
                out.append(f"\\x{code - 0xDC00:02x}")
            elif code < 0x80:
                out.append(f"\\x{code:02x}")
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _shortest_digits(f: float) -> tuple[bool, str, int]:
    """(negative, significant digits, decimal exponent of the first digit) of repr(f), the shortest text that
    reads back as f (Go's strconv uses the same shortest digits)."""
    d = decimal.Decimal(repr(f))
    sign, coefficient, _ = d.as_tuple()
    digits = "".join(map(str, coefficient)).lstrip("0").rstrip("0") or "0"
    return bool(sign), digits, d.adjusted()


def _fixed(negative: bool, digits: str, exp: int) -> str:
    if exp >= 0:
        whole = digits[: exp + 1].ljust(exp + 1, "0")
        frac = digits[exp + 1 :]
    else:
        whole = "0"
        frac = "0" * (-exp - 1) + digits
    return ("-" if negative else "") + whole + ("." + frac if frac else "")


def _exponent(negative: bool, digits: str, exp: int, min_exp_digits: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{'-' if negative else ''}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):0{min_exp_digits}d}"


def go_format_float(f: float) -> str:
    """Go's ``%v`` for a float64: the shortest digits, in exponent form outside [1e-4, 1e6) as Go's shortest
    ``%g`` does."""
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if math.isnan(f):
        return "NaN"
    if f == 0:
        return "0" if math.copysign(1, f) > 0 else "-0"
    negative, digits, exp = _shortest_digits(f)
    if exp < -4 or exp >= 6:
        return _exponent(negative, digits, exp, 2)
    return _fixed(negative, digits, exp)


class GoNumError(ValueError):
    """Go's ``*strconv.NumError``; ``value`` is what Go returns alongside it (the clamped value for a range error)."""

    def __init__(self, func: str, num: str, reason: str, value: int = 0):
        self.func, self.num, self.reason, self.value = func, num, reason, value
        super().__init__(f"strconv.{func}: parsing {go_quote(num)}: {reason}")


def go_parse_int(s: str, bit_size: int = 64, func: str = "ParseInt") -> int:
    """Go's ``strconv.ParseInt(s, 10, bit_size)``, scanning left to right as Go does (an overflow is reported as
    soon as it happens, before any later invalid character); raises GoNumError."""
    digits, negative = s, False
    if s[:1] in ("+", "-"):
        digits, negative = s[1:], s[0] == "-"
    if not digits:
        raise GoNumError(func, s, "invalid syntax")
    max_uint = (1 << 64) - 1
    n = 0
    for ch in digits:
        if not "0" <= ch <= "9":
            raise GoNumError(func, s, "invalid syntax")
        n = n * 10 + (ord(ch) - 48)
        if n > max_uint:
            n = max_uint
            break
    limit = 1 << (bit_size - 1)
    if not negative and n >= limit:
        raise GoNumError(func, s, "value out of range", limit - 1)
    if negative and n > limit:
        raise GoNumError(func, s, "value out of range", -limit)
    return -n if negative else n


def go_atoi(s: str) -> int:
    """Go's ``strconv.Atoi`` on a 64-bit platform."""
    return go_parse_int(s, 64, "Atoi")
