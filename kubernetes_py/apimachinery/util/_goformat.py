"""Go's text formatting where error messages depend on it: ``%q`` (strconv.Quote) and encoding/json output."""
from __future__ import annotations

import json
import math
from typing import Any

_SHORT_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
                  "\\": "\\\\", '"': '\\"'}


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


def _json_string(s: str) -> str:
    # encoding/json escapes <, > and & for HTML safety, and U+2028/U+2029; other non-ASCII stays as is.
    text = json.dumps(s, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def go_json(value: Any) -> str:
    """Compact JSON the way Go's ``json.Marshal`` writes it (map keys sorted, HTML characters escaped)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"json: unsupported value: {value}")
        return go_format_float(value)
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_string(str(k))}:{go_json(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(go_json(v) for v in value) + "]"
    raise TypeError(f"go_json cannot encode a {type(value).__name__}")


def go_format_float(f: float) -> str:
    """Go's ``%v`` for a float64 (shortest representation, exponent form outside [1e-4, 1e21))."""
    if f == 0:
        return "0" if math.copysign(1, f) > 0 else "-0"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if math.isnan(f):
        return "NaN"
    exp = math.floor(math.log10(abs(f)))
    text = repr(f)
    if -4 <= exp < 21:
        if "e" in text or "E" in text:
            text = format(f, "f")
        if text.endswith(".0"):
            text = text[:-2]
        return text
    mantissa, _, e = f"{f:e}".partition("e")
    digits = repr(f).replace("-", "").replace(".", "").lstrip("0")
    digits = digits.split("e")[0].rstrip("0") or "0"
    sign = "-" if f < 0 else ""
    m = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    e_int = int(e)
    return f"{sign}{m}e{'+' if e_int >= 0 else '-'}{abs(e_int):02d}"


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
