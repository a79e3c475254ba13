"""Go's ``%v`` and ``%T`` for JSON-shaped values, as the unstructured accessors print them in errors.

Unstructured content follows Go's decoding of JSON into interface{}: objects are
map[string]interface {}, arrays []interface {}, integers int64, other numbers float64.
"""
from __future__ import annotations

import math
from typing import Any


def go_type_name(value: Any) -> str:
    """Go's %T for a value as it sits in unstructured content."""
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


def _go_float(f: float) -> str:
    # fmt's %v of a float64 is %g at the shortest precision: the shortest round-tripping digits,
    # in exponent form when the decimal exponent is < -4 or >= 6.
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if f == 0:
        return "-0" if math.copysign(1.0, f) < 0 else "0"
    sign = "-" if f < 0 else ""
    digits, exp = _shortest_digits(abs(f))
    if exp < -4 or exp >= _EXPONENT_THRESHOLD:
        head = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{head}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if exp < 0:
        return sign + "0." + "0" * (-exp - 1) + digits
    if len(digits) <= exp + 1:
        return sign + digits + "0" * (exp + 1 - len(digits))
    return sign + digits[:exp + 1] + "." + digits[exp + 1:]


_EXPONENT_THRESHOLD = 6


def _shortest_digits(f: float) -> tuple[str, int]:
    """(significant digits, decimal exponent of the first digit) of repr(f), f > 0."""
    text = repr(f)
    if "e" in text:
        mant, _, e = text.partition("e")
        exp = int(e)
    else:
        mant, exp = text, 0
    int_part, _, frac = mant.partition(".")
    if frac == "0":
        frac = ""
    all_digits = int_part + frac
    stripped = all_digits.lstrip("0")
    leading = len(all_digits) - len(stripped)
    exp += len(int_part) - 1 - leading
    return stripped.rstrip("0") or "0", exp


def go_value(value: Any) -> str:
    """Go's %v for a value as it sits in unstructured content (maps print with sorted keys)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_value(v)}" for k, v in sorted(value.items())) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_value(v) for v in value) + "]"
    return str(value)
