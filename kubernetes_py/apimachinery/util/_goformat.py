"""Go's text formatting where error messages depend on it: ``%q`` (strconv.Quote) and encoding/json output."""
from __future__ import annotations

import codecs
import decimal
import json
import math
from typing import Any


def _go_utf8_replace(err: UnicodeDecodeError):
    """Go's utf8.DecodeRune reads each byte of an invalid sequence as one U+FFFD."""
    return "\ufffd" * (err.end - err.start), err.end


codecs.register_error("kubernetes_py.go-utf8", _go_utf8_replace)


def go_string(data) -> str:
    """A Go string's bytes as a Python str, each byte that is not part of valid UTF-8 as U+FFFD (what Go's
    range loop and encoding/json read); a str is returned as it is. Protobuf hands back as bytes the string
    fields that are not valid UTF-8."""
    if isinstance(data, str):
        return data
    return str(data, "utf-8", "kubernetes_py.go-utf8")

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


def go_json_escape_html(text: str) -> str:
    """Escape, in JSON text written by Python's encoder with ``ensure_ascii=False``, what Go's encoding/json
    escapes besides: <, > and & (HTML safety) and U+2028/U+2029. Those characters only occur inside strings."""
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return text


def go_json_string(s: str) -> str:
    """encoding/json's text for a string: non-ASCII kept as is, HTML characters escaped."""
    return go_json_escape_html(json.dumps(s, ensure_ascii=False))


_PLAIN_JSON_TYPES = (str, int, bool, type(None))


def _needs_go_formatting(value: Any) -> bool:
    # True where Python's C encoder would not write Go's text: a float (Go's digits differ), a key that is not
    # a string, or a type outside the decoded-JSON ones (the slow path names it in its error).
    cls = type(value)
    if cls in _PLAIN_JSON_TYPES:
        return False
    if cls is dict:
        return any(type(k) is not str or _needs_go_formatting(v) for k, v in value.items())
    if cls is list or cls is tuple:
        return any(_needs_go_formatting(v) for v in value)
    return True


def go_json(value: Any) -> str:
    """Compact JSON the way Go's ``json.Marshal`` writes a decoded value (map keys sorted, HTML characters
    escaped, floats in Go's digits); a value outside JSON raises TypeError with Go's message."""
    if not _needs_go_formatting(value):
        # For these values the C encoder writes Go's text once the HTML characters are escaped.
        return go_json_escape_html(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
    return _go_json(value)


def _go_json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_json_float(value)
    if isinstance(value, str):
        return go_json_string(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{go_json_string(str(k))}:{_go_json(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_go_json(v) for v in value) + "]"
    raise TypeError(f"json: unsupported type: {type(value).__name__}")


def go_json_int(text: str) -> Any:
    """A JSON integer as apimachinery's util/json decodes it into interface{}: an int when it fits int64,
    otherwise a float64."""
    value = int(text)
    if -(1 << 63) <= value < (1 << 63):
        return value
    return float(text)


def go_sprint(value: Any) -> str:
    """Go's ``fmt.Sprint`` (``%v``) of a decoded JSON value (map keys sorted, as fmt prints them)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_format_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_sprint(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(go_sprint(v) for v in value) + "]"
    return str(value)


def go_type_name(value: Any) -> str:
    """Go's ``%T`` of a decoded JSON value: objects are ``map[string]interface {}``, arrays ``[]interface {}``,
    integers ``int64``, other numbers ``float64``, nil ``<nil>``."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    return type(value).__name__


def go_pointer_type_name(obj: Any) -> str:
    """Go's %T of a pointer to a typed object: ``*v1.PartialObjectMetadata`` (the last element of the Go
    package path, from the protobuf descriptor when there is one, else from the Python module)."""
    descriptor = getattr(type(obj), "DESCRIPTOR", None)
    package = descriptor.full_name.split(".")[-2] if descriptor is not None else type(obj).__module__.split(".")[-1]
    return f"*{package}.{type(obj).__name__}"


def go_json_kind(value: Any) -> str:
    """The JSON kind encoding/json names in an UnmarshalTypeError ("bool", "number", "string", "array",
    "object", "null")."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    return "object"


def _shortest_digits(f: float) -> tuple[bool, str, int]:
    """(negative, significant digits, decimal exponent of the first digit) of repr(f), the shortest text that
    reads back as f (Go's strconv uses the same shortest digits)."""
    d = decimal.Decimal(repr(f))
    sign, coefficient, _ = d.as_tuple()
    digits = "".join(map(str, coefficient)).lstrip("0").rstrip("0") or "0"
    return bool(sign), digits, d.adjusted()


def _fixed(negative: bool, digits: str, exp: int) -> str:
    if exp >= 0:
        whole = digits[:exp + 1].ljust(exp + 1, "0")
        frac = digits[exp + 1:]
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


def go_json_float(f: float) -> str:
    """encoding/json's text for a float64: plain digits, exponent form only below 1e-6 or from 1e21 on."""
    if math.isnan(f) or math.isinf(f):
        raise ValueError(f"json: unsupported value: {go_format_float(f)}")
    if f == 0:
        return "0" if math.copysign(1, f) > 0 else "-0"
    negative, digits, exp = _shortest_digits(f)
    if abs(f) < 1e-6 or abs(f) >= 1e21:
        return _exponent(negative, digits, exp, 1)
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
